"""Paragraph borders (``w:pBdr``) drawn as Word draws them.

Each side sits ``w:space`` points from the text: top and bottom above and below the lines, left
and right outside the paragraph's indents. Consecutive paragraphs with the same borders and
indents make one box: the top border on the first, the bottom on the last, the ``between``
border between them, and the left and right borders run through the spacing between them.

``Bordered`` wraps a paragraph's text flowable; ``group_borders`` joins the boxes of a run of
flowables once a block of content is converted.
"""

from __future__ import annotations

from reportlab.lib.rl_accel import fp_str
from reportlab.platypus.flowables import Flowable

from .lines import rgb
from .tagging import wrap_artifact

_ZERO_SIZE = ("OutlineEntry", "Anchor")


def border_key(borders: dict, style) -> tuple:
    """What paragraphs must share to be one box: their borders and indents."""
    return (tuple(sorted((side, value) for side, value in borders.items())), style.left + min(style.first_line, 0.0),
            style.right)


class Bordered(Flowable):
    """A paragraph's text with the borders of its box that fall to it."""

    def __init__(self, inner, borders: dict, key: tuple, *, top: bool = True, bottom: bool = True,
                 between: bool = False, pad_after: float = 0.0) -> None:
        super().__init__()
        self.inner = inner
        self.borders = borders
        self.key = key
        self.top = top and bool(borders.get("top"))
        self.bottom = bottom and bool(borders.get("bottom"))
        self.between = between and bool(borders.get("between"))
        self.pad_after = pad_after  # the spacing to the next paragraph of the box, drawn inside it
        self.keepWithNext = getattr(inner, "keepWithNext", 0)
        self.space_before = inner.getSpaceBefore()
        self.space_after = inner.getSpaceAfter()
        style = inner.style
        # a hanging first line reaches left of the indent, and the box with it
        self.left, self.right = style.left + min(style.first_line, 0.0), style.right
        self.inner_height = 0.0

    def getSpaceBefore(self) -> float:
        return self.space_before

    def getSpaceAfter(self) -> float:
        return self.space_after

    def _pads(self) -> tuple[float, float]:
        top = self.borders["top"] if self.top else None
        bottom = self.borders["bottom"] if self.bottom else None
        return (top[2] + top[0] if top else 0.0), (bottom[2] + bottom[0] if bottom else 0.0)

    def wrap(self, avail_width, avail_height):
        top, bottom = self._pads()
        width, self.inner_height = self.inner.wrap(avail_width, max(avail_height - top - bottom, 0.0))
        self.width = avail_width
        self.height = top + self.inner_height + bottom + self.pad_after
        return avail_width, self.height

    def wrapOn(self, canv, avail_width, avail_height):
        return self.wrap(avail_width, avail_height)

    def split(self, avail_width, avail_height):
        top, _bottom = self._pads()
        parts = self.inner.split(avail_width, avail_height - top)
        if len(parts) != 2:
            return []
        head = Bordered(parts[0], self.borders, self.key, top=self.top, bottom=False)
        tail = Bordered(parts[1], self.borders, self.key, top=False, bottom=self.bottom, between=self.between,
                        pad_after=self.pad_after)
        head.space_before = self.space_before
        head.space_after = 0.0
        tail.space_before = 0.0
        tail.space_after = self.space_after
        return [head, tail]

    def splitOn(self, canv, avail_width, avail_height):
        return self.split(avail_width, avail_height)

    def with_page_numbers(self, values):
        fill = getattr(self.inner, "with_page_numbers", None)
        inner = fill(values) if fill is not None else self.inner
        if inner is self.inner:
            return self
        copy = Bordered(inner, self.borders, self.key, top=self.top, bottom=self.bottom, between=self.between,
                        pad_after=self.pad_after)
        copy.space_before, copy.space_after = self.space_before, self.space_after
        return copy

    def drawOn(self, canvas, x, y, _sW=0):
        top_pad, bottom_pad = self._pads()
        upper = y + self.height
        self.inner.drawOn(canvas, x, upper - top_pad - self.inner_height)
        borders = self.borders
        left_edge = x + self.left
        right_edge = x + self.width - self.right
        left, right = borders.get("left"), borders.get("right")
        x1 = left_edge - (left[2] + left[0] if left else 0.0)
        x2 = right_edge + (right[2] + right[0] if right else 0.0)
        ops = []
        if self.top:
            width, colour, _space, style = borders["top"]
            ops.append(_line(colour, width, style, x1, upper - width / 2, x2, upper - width / 2))
        text_bottom = upper - top_pad - self.inner_height
        if self.bottom:
            width, colour, space, style = borders["bottom"]
            level = text_bottom - space - width / 2
            ops.append(_line(colour, width, style, x1, level, x2, level))
        if self.between and self.pad_after:
            width, colour, _space, style = borders["between"]
            level = text_bottom - self.pad_after / 2
            ops.append(_line(colour, width, style, x1, level, x2, level))
        lower = y
        if left:
            width, colour, _space, style = left
            ops.append(_line(colour, width, style, x1 + width / 2, lower, x1 + width / 2, upper))
        if right:
            width, colour, _space, style = right
            ops.append(_line(colour, width, style, x2 - width / 2, lower, x2 - width / 2, upper))
        if ops:
            canvas._code.append(wrap_artifact("q 0 J\n" + "\n".join(ops) + "\nQ", canvas))

    def draw(self) -> None:  # drawn by drawOn, which knows the position
        return


def _line(colour: str, width: float, style: str, x1: float, y1: float, x2: float, y2: float) -> str:
    return f"{rgb(colour)} RG {line_style(width, style)} {stroke(width, style, x1, y1, x2, y2)}"


# Dash patterns of Word's patterned borders, in units of the line's width (at least 3/4 point).
_DASHES = {
    "dotted": (1, 1),
    "dashed": (4, 3),
    "dashsmallgap": (4, 1),
    "dotdash": (4, 2, 1, 2),
    "dotdotdash": (4, 2, 1, 2, 1, 2),
    "dashdotstroked": (4, 2, 1, 2),
}


def line_style(width: float, style: str) -> str:
    """The operators that set up a border's line: its width (each line's, for a double border)
    and dash pattern (none for solid lines)."""
    if style == "double":
        return f"{fp_str(width / 3)} w [] 0 d"
    dashes = _DASHES.get(style)
    if dashes is None:
        return f"{fp_str(width)} w [] 0 d"
    unit = max(width, 0.75)
    return f"{fp_str(width)} w [{' '.join(fp_str(unit * dash) for dash in dashes)}] 0 d"


def stroke(width: float, style: str, x1: float, y1: float, x2: float, y2: float) -> str:
    """A horizontal or vertical border line (its middle from x1, y1 to x2, y2), with
    ``line_style`` set: a double border is two lines a third of its width each, a third apart."""
    if style != "double":
        return f"{fp_str(x1, y1)} m {fp_str(x2, y2)} l S"
    offset = width / 3
    dx, dy = (0.0, offset) if y1 == y2 else (offset, 0.0)
    return (f"{fp_str(x1 - dx, y1 - dy)} m {fp_str(x2 - dx, y2 - dy)} l S "
            f"{fp_str(x1 + dx, y1 + dy)} m {fp_str(x2 + dx, y2 + dy)} l S")


def group_borders(flowables: list) -> list:
    """Join the boxes of consecutive bordered paragraphs that share borders and indents (in
    place; the list is returned)."""
    previous = None
    for flowable in flowables:
        if type(flowable) is not Bordered:
            if type(flowable).__name__ not in _ZERO_SIZE:
                previous = None
            continue
        if previous is not None and previous.key == flowable.key:
            previous.bottom = False
            flowable.top = False
            between = previous.borders.get("between")
            gap = max(previous.space_after, flowable.space_before)
            if between:
                previous.between = True
                gap = max(gap, 2 * between[2] + between[0])
            previous.pad_after = gap
            previous.space_after = 0.0
            flowable.space_before = 0.0
        previous = flowable
    return flowables
