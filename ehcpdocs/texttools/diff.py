"""The minimal word-level difference between two texts, on diff-match-patch, in bounded work.

Texts are cut into tokens (words, runs of whitespace, single punctuation marks); each distinct
token becomes one character, diff-match-patch diffs those strings (the "lines to chars" trick at
word level), and the result is mapped back to the original text. So a change never starts or ends
inside a word, and text that did not change is returned exactly as it was, down to its
whitespace.

Every diff has a cost bound that depends only on its input, never on the machine or its load:
diff-match-patch's search (Myers' O(ND) algorithm) is run with a budget of steps (diagonals
visited plus matching tokens followed, ``WORD_BUDGET``), and the texts are not diffed word by
word at all when their token counts alone show the budget cannot be met. Past the budget the
diff is done again on whole sentences (``SENTENCE_BUDGET``), and past that the part between the
common beginning and end is replaced whole. Each level is exact about the text: the edits always
give the old text and the new one; only the markup is less minimal. Ordinary paragraphs stay far
inside the word budget and get exactly the minimal diff. ``timed_word_diff`` bounds time as well
(a comparison's shared budget) and gives ``None`` past either bound.
"""

from __future__ import annotations

import re
import sys
import time

from diff_match_patch import diff_match_patch

from ..model.edits import Edit

TOKEN = re.compile(r"\s+|\w+(?:['’]\w+)*|[^\w\s]", re.UNICODE)
WORD = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)  # the word tokens of TOKEN, found on their own
SENTENCE_END = re.compile(r"[.!?…。！？]")

# Steps of diff-match-patch's search allowed for one diff, word by word, then by sentences. A
# full rewrite of a 1,000-word paragraph with no word in common takes about 2 million steps
# (0.7 s on the development machine); a typical amendment a few thousand.
WORD_BUDGET = 2_500_000
SENTENCE_BUDGET = 2_500_000
# Steps shared by all the paragraph diffs of one amendment (``DiffBudget``).
SCRIPT_BUDGET = 12_000_000
# Distinct tokens must each get a character: beyond this many tokens a level is not tried.
MAX_TOKENS = 1_000_000
# Texts longer than this together are not cut into tokens at all (a list of millions of tokens
# takes hundreds of megabytes): what lies between their common beginning and end is replaced.
MAX_DIFF_CHARS = 2_000_000

Chunk = tuple[str, str, str]  # (op, old side's text, new side's text); one side is "" unless equal


def tokens(text: str) -> list[str]:
    """Words, whitespace runs and punctuation marks, which concatenate back to the text."""
    return TOKEN.findall(text)


def sentences(items: list[str]) -> list[str]:
    """Tokens joined into sentences: each ends with the whitespace after a full stop, question
    or exclamation mark, or with whitespace holding a line break; they concatenate back."""
    out: list[str] = []
    current: list[str] = []
    ended = False
    for token in items:
        if token.isspace():
            current.append(token)
            if ended or "\n" in token:
                out.append("".join(current))
                current = []
            ended = False
            continue
        current.append(token)
        ended = bool(SENTENCE_END.fullmatch(token))
    if current:
        out.append("".join(current))
    return out


def token_key(token: str) -> str:
    """What a token is compared by: whitespace of any kind compares equal."""
    return " " if token.isspace() else token


def encode(items: list[str], codes: dict[str, str], key=token_key) -> str:
    """One private character per distinct token key (the "lines to chars" trick, by word)."""
    out = []
    for item in items:
        key_of = key(item)
        code = codes.get(key_of)
        if code is None:
            number = len(codes) + 1
            if number >= 0xD800:
                number += 0x800  # skip the surrogate range
            code = chr(number)
            codes[key_of] = code
        out.append(code)
    return "".join(out)


class BudgetSpent(Exception):
    """The search used up its steps (internal: the diff is done again more coarsely)."""


class BoundedDiff(diff_match_patch):
    """diff-match-patch whose search counts its steps and stops past ``budget``.

    ``diff_bisect`` is the library's (Apache License 2.0, Google), with the deadline check
    replaced by a count of the work done, so that where it stops depends only on the input.
    """

    def __init__(self, budget: int) -> None:
        super().__init__()
        self.Diff_Timeout = 0
        self.budget = budget
        self.steps = 0

    def diff_bisect(self, text1, text2, deadline):
        text1_length = len(text1)
        text2_length = len(text2)
        max_d = (text1_length + text2_length + 1) // 2
        v_offset = max_d
        v_length = 2 * max_d
        v1 = [-1] * v_length
        v1[v_offset + 1] = 0
        v2 = v1[:]
        delta = text1_length - text2_length
        front = delta % 2 != 0
        k1start = k1end = k2start = k2end = 0
        steps = self.steps
        budget = self.budget
        timed = deadline != sys.maxsize
        for d in range(max_d):
            if steps > budget:
                self.steps = steps
                raise BudgetSpent
            if timed and time.time() > deadline:
                break  # past the caller's time limit: the caller is told it is not minimal
            for k1 in range(-d + k1start, d + 1 - k1end, 2):
                k1_offset = v_offset + k1
                if k1 == -d or (k1 != d and v1[k1_offset - 1] < v1[k1_offset + 1]):
                    x1 = v1[k1_offset + 1]
                else:
                    x1 = v1[k1_offset - 1] + 1
                y1 = x1 - k1
                start = x1
                while x1 < text1_length and y1 < text2_length and text1[x1] == text2[y1]:
                    x1 += 1
                    y1 += 1
                steps += 1 + x1 - start
                v1[k1_offset] = x1
                if x1 > text1_length:
                    k1end += 2
                elif y1 > text2_length:
                    k1start += 2
                elif front:
                    k2_offset = v_offset + delta - k1
                    if 0 <= k2_offset < v_length and v2[k2_offset] != -1:
                        x2 = text1_length - v2[k2_offset]
                        if x1 >= x2:
                            self.steps = steps
                            return self.diff_bisectSplit(text1, text2, x1, y1, deadline)
            for k2 in range(-d + k2start, d + 1 - k2end, 2):
                k2_offset = v_offset + k2
                if k2 == -d or (k2 != d and v2[k2_offset - 1] < v2[k2_offset + 1]):
                    x2 = v2[k2_offset + 1]
                else:
                    x2 = v2[k2_offset - 1] + 1
                y2 = x2 - k2
                start = x2
                while x2 < text1_length and y2 < text2_length and text1[-x2 - 1] == text2[-y2 - 1]:
                    x2 += 1
                    y2 += 1
                steps += 1 + x2 - start
                v2[k2_offset] = x2
                if x2 > text1_length:
                    k2end += 2
                elif y2 > text2_length:
                    k2start += 2
                elif not front:
                    k1_offset = v_offset + delta - k2
                    if 0 <= k1_offset < v_length and v1[k1_offset] != -1:
                        x1 = v1[k1_offset]
                        y1 = v_offset + x1 - k1_offset
                        x2 = text1_length - x2
                        if x1 >= x2:
                            self.steps = steps
                            return self.diff_bisectSplit(text1, text2, x1, y1, deadline)
        self.steps = steps
        return [(self.DIFF_DELETE, text1), (self.DIFF_INSERT, text2)]


def common_ends(old: list[str], new: list[str]) -> tuple[int, int]:
    """How many tokens the two lists share at the start, and then at the end."""
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and token_key(old[prefix]) == token_key(new[prefix]):
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and token_key(old[-1 - suffix]) == token_key(new[-1 - suffix]):
        suffix += 1
    return prefix, suffix


def out_of_reach(old_count: int, new_count: int, budget: int) -> bool:
    """True when two lists of these lengths cannot be diffed within ``budget`` steps (a cheap
    test before any work: after their common ends, the search needs at least |n - m| / 2
    rounds, and round d visits at least d diagonals each way), or have too many tokens to
    give each its own character."""
    gap = abs(old_count - new_count)
    return old_count + new_count > MAX_TOKENS or gap * gap // 4 > budget


class DiffBudget:
    """Steps shared by several diffs (all the paragraphs one review changes), so that the work
    of a whole amendment is bounded too: once they are spent, the remaining diffs are coarse."""

    def __init__(self, steps: int) -> None:
        self.left = steps

    def allow(self, limit: int) -> int:
        return max(0, min(limit, self.left))

    def spend(self, steps: int) -> None:
        self.left -= steps


def runs(old_items: list, new_items: list, budget: int, seconds: float = 0, shared: DiffBudget | None = None,
         key=token_key) -> list[tuple[str, int, int]] | None:
    """diff-match-patch on two lists of items compared by ``key``: (op, old count, new count)
    runs, or None past ``budget`` steps (or ``seconds``), or with too many items to encode."""
    if shared is not None:
        budget = shared.allow(budget)
    if len(old_items) + len(new_items) > MAX_TOKENS:
        return None
    codes: dict[str, str] = {}
    old_codes, new_codes = encode(old_items, codes, key), encode(new_items, codes, key)
    engine = BoundedDiff(budget)
    engine.Diff_Timeout = seconds
    prefix = engine.diff_commonPrefix(old_codes, new_codes)
    suffix = engine.diff_commonSuffix(old_codes[prefix:], new_codes[prefix:])
    if out_of_reach(len(old_codes) - prefix - suffix, len(new_codes) - prefix - suffix, budget):
        return None
    started = time.perf_counter()
    try:
        diffs = engine.diff_main(old_codes, new_codes, False)
    except BudgetSpent:
        return None
    finally:
        if shared is not None:
            shared.spend(engine.steps)
    if seconds > 0 and time.perf_counter() - started >= seconds:
        return None
    names = {0: "equal", -1: "delete", 1: "insert"}
    return [(names[op], len(chunk) if op <= 0 else 0, len(chunk) if op >= 0 else 0) for op, chunk in diffs]


def search(old_items: list[str], new_items: list[str], budget: int, seconds: float = 0,
           shared: DiffBudget | None = None) -> list[Chunk] | None:
    """diff-match-patch on two token lists as chunks of text, or None past ``budget`` steps or
    ``seconds`` (see ``runs``)."""
    found = runs(old_items, new_items, budget, seconds, shared)
    if found is None:
        return None
    chunks: list[Chunk] = []
    i = j = 0
    for op, old_count, new_count in found:
        chunks.append((op, "".join(old_items[i : i + old_count]), "".join(new_items[j : j + new_count])))
        i += old_count
        j += new_count
    return chunks


def item_opcodes(old_items: list[str], new_items: list[str], budget: int = WORD_BUDGET) -> list[tuple[str, int, int, int, int]]:
    """``difflib``-style opcodes ('equal', 'replace', ...) between two lists of items compared
    exactly, in bounded work: the bounded diff, or past its budget the common beginning and end
    kept and the rest replaced."""
    found = runs(old_items, new_items, budget, key=lambda item: item)
    if found is None:
        limit = min(len(old_items), len(new_items))
        prefix = 0
        while prefix < limit and old_items[prefix] == new_items[prefix]:
            prefix += 1
        suffix = 0
        while suffix < limit - prefix and old_items[-1 - suffix] == new_items[-1 - suffix]:
            suffix += 1
        found = [("equal", prefix, prefix),
                 ("replace", len(old_items) - prefix - suffix, len(new_items) - prefix - suffix),
                 ("equal", suffix, suffix)]
    opcodes = []
    i = j = 0
    for op, old_count, new_count in found:
        if not old_count and not new_count:
            continue
        if op != "equal" and opcodes and opcodes[-1][0] != "equal":
            _, i1, _, j1, _ = opcodes.pop()  # a delete next to an insert: one changed block
            op = "replace"
        else:
            i1, j1 = i, j
        opcodes.append((op, i1, i + old_count, j1, j + new_count))
        i += old_count
        j += new_count
    return opcodes


def coarse(old_tokens: list[str], new_tokens: list[str], shared: DiffBudget | None = None) -> list[Chunk]:
    """The diff past the budgets: by sentences, or the middle replaced whole, keeping the
    tokens both texts start and end with."""
    prefix, suffix = common_ends(old_tokens, new_tokens)
    old_middle = old_tokens[prefix : len(old_tokens) - suffix]
    new_middle = new_tokens[prefix : len(new_tokens) - suffix]
    chunks: list[Chunk] = []
    if prefix:
        chunks.append(("equal", "".join(old_tokens[:prefix]), "".join(new_tokens[:prefix])))
    old_sentences, new_sentences = sentences(old_middle), sentences(new_middle)
    middle = None
    if old_sentences and new_sentences and (len(old_sentences) > 1 or len(new_sentences) > 1):
        middle = search(old_sentences, new_sentences, SENTENCE_BUDGET, shared=shared)
    if middle is None:
        middle = []
        if old_middle:
            middle.append(("delete", "".join(old_middle), ""))
        if new_middle:
            middle.append(("insert", "", "".join(new_middle)))
    chunks.extend(middle)
    if suffix:
        chunks.append(("equal", "".join(old_tokens[len(old_tokens) - suffix :]), "".join(new_tokens[len(new_tokens) - suffix :])))
    return chunks


def text_chunks(old: str, new: str) -> list[Chunk]:
    """The coarsest diff, on characters, for texts too long to cut into tokens: the common
    beginning and end kept (cut back to whitespace, so no word is split), the rest replaced."""
    limit = min(len(old), len(new))
    low, high = 0, limit
    while low < high:  # the common prefix, by halves (string comparison runs in C)
        middle = (low + high + 1) // 2
        if old[:middle] == new[:middle]:
            low = middle
        else:
            high = middle - 1
    prefix = low
    if prefix < len(old) or prefix < len(new):
        while prefix and not old[prefix - 1].isspace():
            prefix -= 1
    low, high = 0, limit - prefix
    while low < high:
        middle = (low + high + 1) // 2
        if old[len(old) - middle :] == new[len(new) - middle :]:
            low = middle
        else:
            high = middle - 1
    suffix = low
    while suffix and not old[len(old) - suffix].isspace():
        suffix -= 1
    chunks: list[Chunk] = []
    if prefix:
        chunks.append(("equal", old[:prefix], new[:prefix]))
    if len(old) - suffix > prefix:
        chunks.append(("delete", old[prefix : len(old) - suffix], ""))
    if len(new) - suffix > prefix:
        chunks.append(("insert", "", new[prefix : len(new) - suffix]))
    if suffix:
        chunks.append(("equal", old[len(old) - suffix :], new[len(new) - suffix :]))
    return chunks


def token_chunks(old_tokens: list[str], new_tokens: list[str], *, seconds: float = 0,
                 budget: DiffBudget | None = None) -> tuple[list[Chunk], bool]:
    """The chunks between two token lists, untidied, and whether they are the minimal word diff.

    ``seconds`` > 0 also bounds the time, and ``budget`` the steps shared with other diffs;
    past any bound the chunks come from the coarser diff and the flag is False.
    """
    chunks = search(old_tokens, new_tokens, WORD_BUDGET, seconds, budget)
    if chunks is not None:
        return chunks, True
    return coarse(old_tokens, new_tokens, budget), False


def edits_of(chunks: list[Chunk]) -> list[Edit]:
    """Chunks as edits: an equal stretch carries the old side's text."""
    return [Edit(op, new if op == "insert" else old) for op, old, new in chunks]


def token_diff(old_tokens: list[str], new_tokens: list[str], *, seconds: float = 0,
               budget: DiffBudget | None = None) -> tuple[list[Edit], bool]:
    """The edits between two token lists, untidied, and whether they are minimal (see
    ``token_chunks``)."""
    chunks, minimal = token_chunks(old_tokens, new_tokens, seconds=seconds, budget=budget)
    return edits_of(chunks), minimal


def word_diff(old: str, new: str, budget: DiffBudget | None = None) -> list[Edit]:
    """Edits that turn ``old`` into ``new``, on whole words, deletions before insertions.

    Minimal within the word budget (and ``budget``, steps shared with other diffs); past it,
    by sentences or whole (see the module docstring).
    """
    if old == new:
        return [Edit("equal", old)] if old else []
    if len(old) + len(new) > MAX_DIFF_CHARS:
        return tidy(edits_of(text_chunks(old, new)))
    return tidy(token_diff(tokens(old), tokens(new), budget=budget)[0])


def timed_word_diff(old: str, new: str, seconds: float) -> list[Edit] | None:
    """``word_diff``, or None when it takes longer than ``seconds`` or past the word budget (a
    caller then marks the pair as one paragraph replaced by another)."""
    if old == new:
        return [Edit("equal", old)] if old else []
    if seconds <= 0 or len(old) + len(new) > MAX_DIFF_CHARS:
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
    """Words in a text, as counted for summaries (the word tokens, counted without listing them)."""
    return sum(1 for _ in WORD.finditer(text))


def changed(edits: list[Edit]) -> bool:
    return any(edit.op != "equal" for edit in edits)
