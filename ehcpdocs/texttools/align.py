"""Pair the paragraphs (or rows) of two versions of a text: equal ones first, then similar ones.

``align`` returns a sequence of pairs in reading order: ``(i, j)`` for old item ``i`` matched
with new item ``j`` (equal or similar enough to diff word by word), ``(i, None)`` for an old
item removed, ``(None, j)`` for a new item added.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from .diff import tokens
from .match import normalise

SIMILAR_ENOUGH = 0.5
MAX_DP_CELLS = 40_000


def key(text: str) -> str:
    return normalise(text)[0].strip()


def similarity(a: str, b: str) -> float:
    """How alike two texts are, by words (0 to 1)."""
    if a == b:
        return 1.0
    words_a = [t for t in tokens(a) if not t.isspace()]
    words_b = [t for t in tokens(b) if not t.isspace()]
    if not words_a or not words_b:
        return 0.0
    return SequenceMatcher(None, words_a, words_b, autojunk=False).ratio()


def align(old: list[str], new: list[str]) -> list[tuple[int | None, int | None]]:
    """Pairs of old and new items in reading order (see the module docstring)."""
    old_keys = [key(text) for text in old]
    new_keys = [key(text) for text in new]
    pairs: list[tuple[int | None, int | None]] = []
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
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
    sims = [[similarity(old_keys[i], new_keys[j]) for j in news] for i in olds]
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
    for i in olds:
        match = None
        for look in range(b, min(b + 5, len(news))):
            if similarity(old_keys[i], new_keys[news[look]]) >= SIMILAR_ENOUGH:
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
