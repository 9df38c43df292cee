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
character. What is implemented: rules P2-P3, X1-X10 (explicit embeddings, overrides and isolates, LRE to
PDI: text pasted from messages carries isolates round names), W1-W7, N0 (paired brackets:
``()``, ``[]``, ``{}`` and a few more, so "(2024)" after Urdu keeps its brackets round it),
N1-N2, I1-I2, L1 (trailing spaces) and L2. Lines are resolved one by one, so an embedding
that a line break cuts does not carry on to the next line.
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
    if _EXPLICIT.isdisjoint(classes):
        # the usual line: one level, one sequence
        direction = "R" if base else "L"
        resolved = _resolve(text, classes, direction, direction, direction)
        out = _implicit(resolved, [base] * count)
    else:
        out = _explicit_levels(text, classes, base)
    # L1: white space (and explicit formatting) at the end of the line goes back to the base level
    original = [unicodedata.bidirectional(ch) for ch in text]
    index = count - 1
    while index >= 0 and original[index] in _TRAILING:
        out[index] = base
        index -= 1
    return out


def _implicit(classes: list[str], embedding: list[int]) -> list[int]:
    """Rules I1, I2: the level of each resolved character from its embedding level."""
    out = []
    for kind, level in zip(classes, embedding):
        if level % 2 == 0:
            out.append(level + 1 if kind == "R" else level + 2 if kind in ("AN", "EN") else level)
        else:
            out.append(level + 1 if kind in ("L", "EN", "AN") else level)
    return out


def _resolve(text: str, classes: list[str], sos: str, eos: str, embedding: str) -> list[str]:
    """Rules W1-W7, N0-N2 on one isolating run sequence (its characters' text and classes, in
    order): the resolved class of each (L, R, EN or AN)."""
    classes = list(classes)
    count = len(classes)
    # W1: a non-spacing mark takes the class of the character before it (neutral after an isolate)
    previous = sos
    for index, kind in enumerate(classes):
        if kind == "NSM":
            classes[index] = kind = "ON" if previous in _ISOLATES else previous
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
    _paired_brackets(text, classes, embedding, sos)
    # N1, N2: neutrals between two strong directions that agree take it, others the embedding's
    directions = ["R" if kind in ("EN", "AN") else kind for kind in classes]
    index = 0
    while index < count:
        if classes[index] in _NEUTRAL:
            end = index
            while end < count and classes[end] in _NEUTRAL:
                end += 1
            before = directions[index - 1] if index > 0 else sos
            after = directions[end] if end < count else eos
            resolved = before if before == after else embedding
            for k in range(index, end):
                classes[k] = resolved
            index = end
        else:
            index += 1
    return classes


_EXPLICIT = frozenset(("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"))
_ISOLATES = frozenset(("LRI", "RLI", "FSI", "PDI"))
_REMOVED = frozenset(("LRE", "RLE", "LRO", "RLO", "PDF", "BN"))  # rule X9
MAX_DEPTH = 125


def _explicit_levels(text: str, classes: list[str], base: int) -> list[int]:
    """Rules X1-X10 for a line with explicit embeddings, overrides or isolates (U+202A-202E,
    U+2066-2069), then W1-I2 on each isolating run sequence."""
    count = len(classes)
    matching = _matching_pdis(classes)
    embedding = [base] * count
    stack = [(base, None, False)]  # (level, override, isolate)
    overflow_isolates = overflow_embeddings = valid_isolates = 0
    for index, kind in enumerate(classes):
        level, override, _isolate = stack[-1]
        if kind in ("RLE", "LRE", "RLO", "LRO"):
            embedding[index] = level
            new = (level + 1) | 1 if kind[0] == "R" else (level + 2) & ~1
            if new <= MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                stack.append((new, {"RLO": "R", "LRO": "L"}.get(kind), False))
            elif not overflow_isolates:
                overflow_embeddings += 1
        elif kind in ("RLI", "LRI", "FSI"):
            embedding[index] = level
            if override:
                classes[index] = override
            rtl = kind == "RLI"
            if kind == "FSI":
                end = matching.get(index, count)
                rtl = base_is_rtl(text[index + 1:end])  # P2-P3 on its text (nested isolates not skipped)
            new = (level + 1) | 1 if rtl else (level + 2) & ~1
            if new <= MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                valid_isolates += 1
                stack.append((new, None, True))
            else:
                overflow_isolates += 1
        elif kind == "PDI":
            if overflow_isolates:
                overflow_isolates -= 1
            elif valid_isolates:
                overflow_embeddings = 0
                while not stack[-1][2]:
                    stack.pop()
                stack.pop()
                valid_isolates -= 1
            level, override, _isolate = stack[-1]
            embedding[index] = level
            if override:
                classes[index] = override
        elif kind == "PDF":
            embedding[index] = level
            if overflow_isolates:
                pass
            elif overflow_embeddings:
                overflow_embeddings -= 1
            elif not stack[-1][2] and len(stack) >= 2:
                stack.pop()
        elif kind == "B":
            embedding[index] = base
        else:
            embedding[index] = level
            if override and kind != "BN":
                classes[index] = override
    kept = [index for index in range(count) if classes[index] not in _REMOVED]
    resolved = ["ON"] * count
    for sequence in _isolating_sequences(kept, classes, embedding, matching):
        level = embedding[sequence[0]]
        first, last = sequence[0], sequence[-1]
        before = next((embedding[k] for k in range(first - 1, -1, -1) if classes[k] not in _REMOVED), base)
        if classes[last] in ("LRI", "RLI", "FSI"):
            after = base
        else:
            after = next((embedding[k] for k in range(last + 1, count) if classes[k] not in _REMOVED), base)
        sos = "R" if max(level, before) % 2 else "L"
        eos = "R" if max(level, after) % 2 else "L"
        direction = "R" if level % 2 else "L"
        sequence_classes = _resolve("".join(text[k] for k in sequence), [classes[k] for k in sequence], sos, eos,
                                    direction)
        for k, kind in zip(sequence, sequence_classes):
            resolved[k] = kind
    out = _implicit(resolved, embedding)
    for index in range(count):
        if classes[index] in _REMOVED:  # X9: removed, drawn at the level of what precedes them
            out[index] = out[index - 1] if index else base
    return out


def _matching_pdis(classes: list[str]) -> dict[int, int]:
    """BD9: the PDI that closes each isolate initiator, by index."""
    matching: dict[int, int] = {}
    open_isolates: list[int] = []
    for index, kind in enumerate(classes):
        if kind in ("LRI", "RLI", "FSI"):
            open_isolates.append(index)
        elif kind == "PDI" and open_isolates:
            matching[open_isolates.pop()] = index
    return matching


def _isolating_sequences(kept: list[int], classes: list[str], embedding: list[int],
                         matching: dict[int, int]) -> list[list[int]]:
    """BD13: the level runs of the kept characters, joined across each isolate to its PDI."""
    runs: list[list[int]] = []
    for index in kept:
        if runs and embedding[runs[-1][-1]] == embedding[index]:
            runs[-1].append(index)
        else:
            runs.append([index])
    run_of = {run[0]: position for position, run in enumerate(runs)}
    closing = set(matching.values())
    sequences = []
    for run in runs:
        if run[0] in closing and classes[run[0]] == "PDI":
            continue  # it continues the sequence of its initiator
        sequence = list(run)
        while classes[sequence[-1]] in ("LRI", "RLI", "FSI") and sequence[-1] in matching:
            follow = run_of.get(matching[sequence[-1]])
            if follow is None:
                break
            sequence.extend(runs[follow])
        sequences.append(sequence)
    return sequences


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


def _paired_brackets(text: str, classes: list[str], embedding: str, sos: str | None = None) -> None:
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
            before = sos or embedding
            for k in range(opening - 1, -1, -1):
                found = direction(classes[k])
                if found is not None:
                    before = found
                    break
            resolved = opposite if before == opposite else embedding
        classes[opening] = classes[closing] = resolved
