"""The word-level diff of two paragraphs under a time budget.

The same diff as ``amend.diff.word_diff`` (whole words, deletions before insertions), but
diff-match-patch is given a deadline: a pair of very long, very different paragraphs could
otherwise take minutes. When the deadline passes the caller gets ``None`` and marks the pair
as one paragraph replaced by another.
"""

from __future__ import annotations

import time

from diff_match_patch import diff_match_patch

from ..amend.diff import tidy, token_key, tokens
from ..model.edits import Edit


def encode(items: list[str], codes: dict[str, str]) -> str:
    """One private character per distinct token (the 'lines to chars' trick, by word)."""
    out = []
    for item in items:
        key = token_key(item)
        code = codes.get(key)
        if code is None:
            number = len(codes) + 1
            if number >= 0xD800:
                number += 0x800  # skip the surrogate range
            code = chr(number)
            codes[key] = code
        out.append(code)
    return "".join(out)


def timed_word_diff(old: str, new: str, seconds: float) -> list[Edit] | None:
    """Edits that turn ``old`` into ``new`` on whole words, or None past ``seconds``."""
    if old == new:
        return [Edit("equal", old)] if old else []
    if seconds <= 0:
        return None
    old_tokens, new_tokens = tokens(old), tokens(new)
    codes: dict[str, str] = {}
    old_codes, new_codes = encode(old_tokens, codes), encode(new_tokens, codes)
    engine = diff_match_patch()
    engine.Diff_Timeout = seconds
    started = time.perf_counter()
    diffs = engine.diff_main(old_codes, new_codes, False)
    if time.perf_counter() - started >= seconds:
        return None  # diff-match-patch gave up part way: its answer may not be minimal
    edits: list[Edit] = []
    i = j = 0
    for op, chunk in diffs:
        count = len(chunk)
        if op == 0:
            edits.append(Edit("equal", "".join(old_tokens[i : i + count])))
            i += count
            j += count
        elif op == -1:
            edits.append(Edit("delete", "".join(old_tokens[i : i + count])))
            i += count
        else:
            edits.append(Edit("insert", "".join(new_tokens[j : j + count])))
            j += count
    return tidy(edits)


PIECE_DIFF_SECONDS = 5.0


def piece_diff(old_pieces: list[str], new_pieces: list[str], seconds: float = PIECE_DIFF_SECONDS) -> list[Edit]:
    """A word diff of two texts given as pieces (runs): no token spans two pieces.

    A marked-up paragraph holds struck and bold words side by side ('~~15~~**20**'); read as
    one text they would make one word, '1520'. Past ``seconds`` the diff is still correct but
    may mark more than it must, so a pathological paragraph cannot hang a check.
    """
    old_tokens = [token for piece in old_pieces for token in tokens(piece)]
    new_tokens = [token for piece in new_pieces for token in tokens(piece)]
    codes: dict[str, str] = {}
    engine = diff_match_patch()
    engine.Diff_Timeout = seconds
    diffs = engine.diff_main(encode(old_tokens, codes), encode(new_tokens, codes), False)
    edits: list[Edit] = []
    i = j = 0
    for op, chunk in diffs:
        count = len(chunk)
        if op == 0:
            edits.append(Edit("equal", "".join(old_tokens[i : i + count])))
            i += count
            j += count
        elif op == -1:
            edits.append(Edit("delete", "".join(old_tokens[i : i + count])))
            i += count
        else:
            edits.append(Edit("insert", "".join(new_tokens[j : j + count])))
            j += count
    return edits
