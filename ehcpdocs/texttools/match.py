"""Finding an anchor in a text the way a person means it.

Anchors are copied from a plan by people: whitespace of any kind and amount counts as one
space, and curly quotes match straight ones. ``find_all`` returns where an anchor occurs in the
original text, so the exact characters there can be changed.
"""

from __future__ import annotations

import re
from functools import lru_cache

WHITESPACE = re.compile(r"\s+")
QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "\u00a0": " "})


def normalise(text: str) -> tuple[str, list[int]]:
    """The text with whitespace runs collapsed and quotes straightened, and for each character
    of the result its index in the original."""
    out: list[str] = []
    index_map: list[int] = []
    in_space = False
    for index, char in enumerate(text.translate(QUOTES)):
        if char.isspace():
            if in_space:
                continue
            in_space = True
            out.append(" ")
        else:
            in_space = False
            out.append(char)
        index_map.append(index)
    return "".join(out), index_map


CACHED_UP_TO = 10_000  # characters: longer texts are not kept in the cache (memory stays flat)


def _collapse(text: str) -> str:
    return WHITESPACE.sub(" ", text.translate(QUOTES))


_collapsed_cached = lru_cache(maxsize=8192)(_collapse)


def collapsed(text: str) -> str:
    """The text as ``normalise`` gives it, without the index map (fast; cached for texts of
    paragraph size, so a process amending many plans never holds on to huge ones)."""
    return _collapsed_cached(text) if len(text) <= CACHED_UP_TO else _collapse(text)


def normalise_anchor(anchor: str) -> str:
    return collapsed(anchor).strip()


def find_all(text: str, anchor: str) -> list[tuple[int, int]]:
    """Every (start, end) in ``text`` where the anchor occurs, in original offsets."""
    needle = normalise_anchor(anchor)
    if not needle or needle not in collapsed(text):
        return []
    haystack, index_map = normalise(text)
    spans = []
    start = haystack.find(needle)
    while start != -1:
        end = start + len(needle)
        spans.append((index_map[start], index_map[end - 1] + 1))
        start = haystack.find(needle, start + 1)
    return spans


def contains(text: str, anchor: str) -> bool:
    needle = normalise_anchor(anchor)
    return bool(needle) and needle in collapsed(text)
