"""Right-to-left text: the parts of the Unicode bidirectional algorithm (UAX #9) a Word
paragraph needs, applied to each laid-out line.

Lines are broken in logical order (the order the text is typed); each line's pieces are then
given embedding levels and put in the order they are drawn, left to right (rule L2), the
pieces at odd levels being drawn right to left by the shaper. The paragraph's base direction is
Word's ``w:bidi`` (right to left), else the first strong character's (rule P2). A run marked
``w:rtl`` has its neutral characters (spaces, punctuation) taken as right-to-left, as Word
treats them.

Why not a package: python-bidi (the well-kept one) returns only the reordered string, and its
levels only inside a debugging dump indexed by UTF-8 byte; the pieces of a line need levels per
character. What is implemented: rules P2-P3, W1-W7, N0 (paired brackets: ``()``, ``[]``, ``{}`` and a
few more, so "(2024)" after Urdu keeps its brackets round it), N1-N2, I1-I2, L1 (trailing
spaces) and L2.
Not implemented: explicit embeddings, overrides and isolates (LRE..PDI are treated as neutral,
and are rare in Word documents, which carry direction on runs and paragraphs).
"""

from __future__ import annotations

import unicodedata

_STRONG = {"L": "L", "R": "R", "AL": "R"}
_NEUTRAL = frozenset(("B", "S", "WS", "ON", "BN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"))
_TRAILING = frozenset(("WS", "S", "B", "BN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"))


def base_is_rtl(text: str) -> bool:
    """Rule P2-P3: whether the first strong character of ``text`` is right to left."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


def levels(text: str, rtl_base: bool, rtl_marked: list[bool] | None = None) -> list[int]:
    """The embedding level of each character of one line (even: left to right)."""
    count = len(text)
    if not count:
        return []
    classes = [unicodedata.bidirectional(ch) or "L" for ch in text]
    if rtl_marked is not None:
        for index, marked in enumerate(rtl_marked):
            if marked and classes[index] in _NEUTRAL:
                classes[index] = "R"
    base = 1 if rtl_base else 0
    sos = "R" if base else "L"
    # W1: a non-spacing mark takes the class of the character before it
    previous = sos
    for index, kind in enumerate(classes):
        if kind == "NSM":
            classes[index] = kind = previous
        previous = kind
    # W2, W3: European digits after Arabic letters are Arabic digits; AL is R
    strong = sos
    for index, kind in enumerate(classes):
        if kind in ("L", "R", "AL"):
            strong = kind
        elif kind == "EN" and strong == "AL":
            classes[index] = "AN"
    classes = ["R" if kind == "AL" else kind for kind in classes]
    # W4: one separator between two numbers of the same kind joins them
    for index in range(1, count - 1):
        kind = classes[index]
        before, after = classes[index - 1], classes[index + 1]
        if kind == "ES" and before == after == "EN":
            classes[index] = "EN"
        elif kind == "CS" and before == after and before in ("EN", "AN"):
            classes[index] = before
    # W5: terminators (%, currency signs) next to European digits are digits
    index = 0
    while index < count:
        if classes[index] == "ET":
            end = index
            while end < count and classes[end] == "ET":
                end += 1
            if (index > 0 and classes[index - 1] == "EN") or (end < count and classes[end] == "EN"):
                for k in range(index, end):
                    classes[k] = "EN"
            index = end
        else:
            index += 1
    # W6: remaining separators and terminators are neutral; W7: digits after L are L
    strong = sos
    for index, kind in enumerate(classes):
        if kind in ("ES", "ET", "CS"):
            classes[index] = kind = "ON"
        if kind in ("L", "R"):
            strong = kind
        elif kind == "EN" and strong == "L":
            classes[index] = "L"
    _paired_brackets(text, classes, sos)
    # N1, N2: neutrals between two strong directions that agree take it, others the base's
    directions = ["R" if kind in ("EN", "AN") else kind for kind in classes]
    index = 0
    while index < count:
        if classes[index] in _NEUTRAL:
            end = index
            while end < count and classes[end] in _NEUTRAL:
                end += 1
            before = directions[index - 1] if index > 0 else sos
            after = directions[end] if end < count else sos
            resolved = before if before == after else sos
            for k in range(index, end):
                classes[k] = resolved
            index = end
        else:
            index += 1
    # I1, I2: implicit levels
    out = []
    for kind in classes:
        if base == 0:
            out.append(1 if kind == "R" else 2 if kind in ("AN", "EN") else 0)
        else:
            out.append(2 if kind in ("L", "EN", "AN") else 1)
    # L1: white space at the end of the line goes back to the base level
    original = [unicodedata.bidirectional(ch) for ch in text]
    index = count - 1
    while index >= 0 and original[index] in _TRAILING:
        out[index] = base
        index -= 1
    return out


def visual_runs(run_levels: list[int]) -> list[int]:
    """Rule L2: the order in which runs (given their levels, in logical order) are drawn."""
    order = list(range(len(run_levels)))
    if not order:
        return order
    highest = max(run_levels)
    lowest_odd = min((level for level in run_levels if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if run_levels[order[index]] >= level:
                end = index
                while end < len(order) and run_levels[order[end]] >= level:
                    end += 1
                order[index:end] = order[index:end][::-1]
                index = end
            else:
                index += 1
    return order


def visual_text(text: str, rtl_base: bool) -> str:
    """A short unshaped text (a list label such as "1.") in the order it is drawn, left to right."""
    text_levels = levels(text, rtl_base)
    runs: list[str] = []
    run_levels: list[int] = []
    for char, level in zip(text, text_levels):
        if run_levels and run_levels[-1] == level:
            runs[-1] += char
        else:
            runs.append(char)
            run_levels.append(level)
    return "".join(runs[index][::-1] if run_levels[index] % 2 else runs[index] for index in visual_runs(run_levels))


def reorder_line(pieces: list, rtl_base: bool) -> list:
    """A line's pieces ``(span, text, width)`` cut where the level changes and put in drawing
    order: ``(span, text, width, rtl)``, ``rtl`` when the piece is drawn right to left."""
    text = "".join(piece[1] for piece in pieces)
    marked = None
    if any(piece[0].paint.rtl for piece in pieces):
        marked = []
        for span, piece_text, _width in pieces:
            marked.extend([span.paint.rtl] * len(piece_text))
    line_levels = levels(text, rtl_base, marked)
    runs: list = []
    run_levels: list[int] = []
    start = 0
    for span, piece_text, width in pieces:
        end = start + len(piece_text)
        cut = start
        for index in range(start + 1, end + 1):
            if index == end or line_levels[index] != line_levels[cut]:
                part = piece_text[cut - start:index - start]
                part_width = width if (cut == start and index == end) else span.widths[part]
                runs.append((span, part, part_width, line_levels[cut] % 2 == 1))
                run_levels.append(line_levels[cut])
                cut = index
        start = end
    return [runs[index] for index in visual_runs(run_levels)]


_OPENING = {"(": ")", "[": "]", "{": "}", "\u2045": "\u2046", "\u2329": "\u232a", "\u3008": "\u3009",
            "\uff08": "\uff09", "\uff3b": "\uff3d"}
_CLOSING = {close: opening for opening, close in _OPENING.items()}


def _paired_brackets(text: str, classes: list[str], embedding: str) -> None:
    """Rule N0: a pair of brackets takes the direction of the text inside it when that agrees
    with the embedding direction, else the direction inside when the text before agrees with
    it, else the embedding direction (digits count as right to left)."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for index, ch in enumerate(text):
        if classes[index] != "ON":
            continue
        if ch in _OPENING:
            if len(stack) >= 63:
                break  # BD16: past 63 open brackets, no more pairs are found
            stack.append((_OPENING[ch], index))
        elif ch in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], index))
                    del stack[depth:]
                    break
    opposite = "L" if embedding == "R" else "R"

    def direction(kind: str) -> str | None:
        if kind == "L":
            return "L"
        if kind in ("R", "EN", "AN"):
            return "R"
        return None

    for opening, closing in sorted(pairs):
        inside = {direction(classes[k]) for k in range(opening + 1, closing)} - {None}
        if not inside:
            continue
        if embedding in inside:
            resolved = embedding
        else:
            before = embedding
            for k in range(opening - 1, -1, -1):
                found = direction(classes[k])
                if found is not None:
                    before = found
                    break
            resolved = opposite if before == opposite else embedding
        classes[opening] = classes[closing] = resolved
