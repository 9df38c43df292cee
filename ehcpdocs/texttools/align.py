"""Pair the paragraphs (or rows) of two versions of a text: equal ones first, then similar ones.

``align`` returns a sequence of pairs in reading order: ``(i, j)`` for old item ``i`` matched
with new item ``j`` (equal or similar enough to diff word by word), ``(i, None)`` for an old
item removed, ``(None, j)`` for a new item added.

The work is bounded whatever the input. Items are matched with ``difflib`` up to
``MAX_MATCHER_CELLS`` (old items x new items), past that with the step-bounded diff of
``texttools.diff``. How alike two items are is first bounded from above by the words they share
(cheap): a pair that cannot reach ``SIMILAR_ENOUGH`` is never measured exactly, and exact
measures are limited per pair (``MAX_SIMILARITY_CELLS`` words x words) and per changed block
(``BLOCK_SIMILARITY_CELLS``, and ``BLOCK_SHARED_WORDS`` for the bounds); past the limits the
bound stands in for the measure. Ordinary
documents stay far inside the limits and pair exactly as an unbounded run would.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher

from .diff import item_opcodes, tokens
from .match import QUOTES, WHITESPACE

SIMILAR_ENOUGH = 0.5
MAX_DP_CELLS = 40_000
MAX_MATCHER_CELLS = 4_000_000
MAX_SIMILARITY_CELLS = 250_000
BLOCK_SIMILARITY_CELLS = 20_000_000
BLOCK_SHARED_WORDS = 5_000_000


def key(text: str) -> str:
    """An item as it is matched: whitespace runs as one space, quotes straightened."""
    return WHITESPACE.sub(" ", text.translate(QUOTES)).strip()


class Words:
    """An item's words (whitespace left out), their counts and their set, worked out once."""

    __slots__ = ("text", "words", "counts", "distinct")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = [t for t in tokens(text) if not t.isspace()]
        self.counts = Counter(self.words)
        self.distinct = frozenset(self.counts)


class Similarity:
    """``similarity`` for many pairs, with limits on the work they may take together: exact
    measures (``BLOCK_SIMILARITY_CELLS``) and shared words counted (``BLOCK_SHARED_WORDS``);
    past them, a cruder upper bound (the words shared, or the lengths) stands in."""

    def __init__(self) -> None:
        self.cells = BLOCK_SIMILARITY_CELLS
        self.shared = BLOCK_SHARED_WORDS

    def bound(self, a: Words, b: Words) -> float:
        """An upper bound of the similarity: the words two items share, in any order."""
        total = len(a.words) + len(b.words)
        common = a.distinct & b.distinct
        if len(common) > self.shared:
            return 2 * min(len(a.words), len(b.words)) / total
        self.shared -= len(common)
        return 2 * sum(min(a.counts[word], b.counts[word]) for word in common) / total

    def __call__(self, a: Words, b: Words) -> float:
        if a.text == b.text:
            return 1.0
        if not a.words or not b.words:
            return 0.0
        bound = self.bound(a, b)
        cells = len(a.words) * len(b.words)
        if bound < SIMILAR_ENOUGH or cells > MAX_SIMILARITY_CELLS or cells > self.cells:
            return bound  # below the threshold either way; or too big to measure: the bound
        self.cells -= cells
        return SequenceMatcher(None, a.words, b.words, autojunk=False).ratio()


def similarity(a: str, b: str) -> float:
    """How alike two texts are, by words (0 to 1); for texts too long to measure exactly,
    and below ``SIMILAR_ENOUGH``, an upper bound (callers compare it with the threshold)."""
    return Similarity()(Words(a), Words(b))


def opcodes(old_keys: list[str], new_keys: list[str]):
    if len(old_keys) * len(new_keys) <= MAX_MATCHER_CELLS:
        return SequenceMatcher(None, old_keys, new_keys, autojunk=False).get_opcodes()
    return item_opcodes(old_keys, new_keys)


def align(old: list[str], new: list[str]) -> list[tuple[int | None, int | None]]:
    """Pairs of old and new items in reading order (see the module docstring)."""
    old_keys = [key(text) for text in old]
    new_keys = [key(text) for text in new]
    pairs: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in opcodes(old_keys, new_keys):
        if tag == "equal":
            pairs.extend((i1 + k, j1 + k) for k in range(i2 - i1))
        else:
            pairs.extend(pair_similar(old_keys, new_keys, range(i1, i2), range(j1, j2)))
    return pairs


def pair_similar(old_keys, new_keys, old_range: range, new_range: range):
    """Within a changed block, match items that are similar, keeping their order."""
    olds, news = list(old_range), list(new_range)
    if not olds or not news:
        return [(i, None) for i in olds] + [(None, j) for j in news]
    if len(olds) == 1 and len(news) == 1:
        return [(olds[0], news[0])]  # one paragraph became another: a revision, however large
    if len(olds) * len(news) > MAX_DP_CELLS:
        return greedy_pairs(old_keys, new_keys, olds, news)
    n, m = len(olds), len(news)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    measure = Similarity()
    old_words = [Words(old_keys[i]) for i in olds]
    new_words = [Words(new_keys[j]) for j in news]
    sims = [[measure(a, b) for b in new_words] for a in old_words]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            best = max(score[a + 1][b], score[a][b + 1])
            if sims[a][b] >= SIMILAR_ENOUGH:
                best = max(best, sims[a][b] + score[a + 1][b + 1])
            score[a][b] = best
    pairs = []
    a = b = 0
    while a < n and b < m:
        if sims[a][b] >= SIMILAR_ENOUGH and score[a][b] == sims[a][b] + score[a + 1][b + 1]:
            pairs.append((olds[a], news[b]))
            a += 1
            b += 1
        elif score[a][b] == score[a + 1][b]:
            pairs.append((olds[a], None))
            a += 1
        else:
            pairs.append((None, news[b]))
            b += 1
    pairs.extend((olds[k], None) for k in range(a, n))
    pairs.extend((None, news[k]) for k in range(b, m))
    return pairs


def greedy_pairs(old_keys, new_keys, olds: list[int], news: list[int]):
    """A linear-time pairing for very large changed blocks: each old item looks a few ahead."""
    pairs = []
    b = 0
    measure = Similarity()
    words: dict[int, Words] = {}

    def words_of(keys, index: int, side: int) -> Words:
        found = words.get(index * 2 + side)
        if found is None:
            found = words[index * 2 + side] = Words(keys[index])
        return found

    for i in olds:
        match = None
        for look in range(b, min(b + 5, len(news))):
            if measure(words_of(old_keys, i, 0), words_of(new_keys, news[look], 1)) >= SIMILAR_ENOUGH:
                match = look
                break
        if match is None:
            pairs.append((i, None))
            continue
        pairs.extend((None, news[k]) for k in range(b, match))
        pairs.append((i, news[match]))
        b = match + 1
    pairs.extend((None, news[k]) for k in range(b, len(news)))
    return pairs
