"""The minimal word-level difference between two texts, on diff-match-patch.

Texts are cut into tokens (words, runs of whitespace, single punctuation marks); each distinct
token becomes one character, diff-match-patch diffs those strings (the "lines to chars" trick at
word level), and the result is mapped back to the original text. So a change never starts or ends
inside a word, and text that did not change is returned exactly as it was, down to its
whitespace. ``word_diff`` runs without diff-match-patch's time-out, so it is always exact; a
caller that must bound time uses ``timed_word_diff`` and gets ``None`` past its budget.
"""

from __future__ import annotations

import re
import time

from diff_match_patch import diff_match_patch

from ..model.edits import Edit

TOKEN = re.compile(r"\s+|\w+(?:['’]\w+)*|[^\w\s]", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Words, whitespace runs and punctuation marks, which concatenate back to the text."""
    return TOKEN.findall(text)


def token_key(token: str) -> str:
    """What a token is compared by: whitespace of any kind compares equal."""
    return " " if token.isspace() else token


def encode(items: list[str], codes: dict[str, str]) -> str:
    """One private character per distinct token key (the "lines to chars" trick, by word)."""
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


def token_diff(old_tokens: list[str], new_tokens: list[str], *, seconds: float = 0) -> tuple[list[Edit], bool]:
    """The edits between two token lists, untidied, and whether they are minimal.

    ``seconds`` > 0 bounds the time; past it diff-match-patch's answer is still correct but may
    mark more than it must, and the flag is False.
    """
    codes: dict[str, str] = {}
    engine = diff_match_patch()
    engine.Diff_Timeout = seconds
    started = time.perf_counter()
    diffs = engine.diff_main(encode(old_tokens, codes), encode(new_tokens, codes), False)
    minimal = not (seconds > 0 and time.perf_counter() - started >= seconds)
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
    return edits, minimal


def word_diff(old: str, new: str) -> list[Edit]:
    """Edits that turn ``old`` into ``new``, on whole words, deletions before insertions."""
    if old == new:
        return [Edit("equal", old)] if old else []
    return tidy(token_diff(tokens(old), tokens(new))[0])


def timed_word_diff(old: str, new: str, seconds: float) -> list[Edit] | None:
    """``word_diff``, or None when it takes longer than ``seconds`` (a caller then marks the
    pair as one paragraph replaced by another)."""
    if old == new:
        return [Edit("equal", old)] if old else []
    if seconds <= 0:
        return None
    edits, minimal = token_diff(tokens(old), tokens(new), seconds=seconds)
    return tidy(edits) if minimal else None


def tidy(edits: list[Edit]) -> list[Edit]:
    """Join changes split only by whitespace, and put each change's deletion before its insertion.

    '~~15~~ ~~minutes~~ **20** **mins**' reads worse than '~~15 minutes~~ **20 mins**'.
    """
    merged: list[Edit] = []
    pending_delete: list[str] = []
    pending_insert: list[str] = []

    def flush() -> None:
        if pending_delete:
            merged.append(Edit("delete", "".join(pending_delete)))
        if pending_insert:
            merged.append(Edit("insert", "".join(pending_insert)))
        pending_delete.clear()
        pending_insert.clear()

    for index, edit in enumerate(edits):
        if edit.op == "delete":
            pending_delete.append(edit.text)
        elif edit.op == "insert":
            pending_insert.append(edit.text)
        else:
            in_change = bool(pending_delete or pending_insert)
            next_changes = index + 1 < len(edits) and edits[index + 1].op != "equal"
            if in_change and next_changes and edit.text.isspace() and pending_delete and pending_insert:
                pending_delete.append(edit.text)
                pending_insert.append(edit.text)
                continue
            flush()
            merged.append(edit)
    flush()
    return merged


def old_text(edits: list[Edit]) -> str:
    """The text before the edits."""
    return "".join(edit.text for edit in edits if edit.op != "insert")


def new_text(edits: list[Edit]) -> str:
    """The text after the edits."""
    return "".join(edit.text for edit in edits if edit.op != "delete")


def word_count(text: str) -> int:
    """Words in a text, as counted for summaries."""
    return sum(1 for token in tokens(text) if re.match(r"\w", token))


def changed(edits: list[Edit]) -> bool:
    return any(edit.op != "equal" for edit in edits)
