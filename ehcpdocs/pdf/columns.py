"""Sections in newspaper columns (``w:sectPr/w:cols``): how many, their widths and the space
between them, and the separator line (``w:sep``).

A section that starts on a new page and runs to the next page-starting section is laid out in
one reportlab frame per column, filled in turn as Word fills them, a column break
(``w:br w:type="column"``) moving on to the next column. A section that starts or ends at a
continuous section break shares its page with text in another layout: Word balances its
columns, and here it is one ``BalancedColumns`` flowable in the page's single frame (column
breaks in it start a new column only as the balancing falls).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import black
from reportlab.platypus import Frame
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import BalancedColumns

from ehcpdocs.docx.props import attribute_on
from ehcpdocs.docx.xml import w

from .units import INDENT, to_int, twips
from .tagging import artifact

MAX_COLUMNS = 12
DEFAULT_SPACE = 36.0  # Word's default: half an inch
SEPARATOR_WIDTH = 0.5
MIN_COLUMN = 18.0


@dataclass(frozen=True)
class Columns:
    """A section's columns: each one's width and the space after it (points), and whether a
    line is drawn between them."""

    widths: tuple[float, ...]
    spaces: tuple[float, ...]
    separator: bool = False

    @property
    def count(self) -> int:
        return len(self.widths)

    def lefts(self) -> list[float]:
        """Each column's left edge from the text area's left edge."""
        out, x = [], 0.0
        for width, space in zip(self.widths, self.spaces):
            out.append(x)
            x += width + space
        return out


def read_columns(cols, frame_width: float, warn) -> Columns | None:
    """The columns a ``w:cols`` sets for a text area of ``frame_width`` (None for one column)."""
    if cols is None:
        return None
    count = to_int(cols.get(w("num"))) or 1
    own = cols.findall(w("col"))
    equal = cols.get(w("equalWidth"))
    separator = attribute_on(cols.get(w("sep"))) if cols.get(w("sep")) is not None else False
    if own and equal is not None and not attribute_on(equal):
        widths = [twips(col.get(w("w")), INDENT) or 0.0 for col in own][:MAX_COLUMNS]
        spaces = [twips(col.get(w("space")), INDENT) or 0.0 for col in own][:MAX_COLUMNS]
        if len(widths) < 2:
            return None
        total = sum(widths) + sum(spaces[:-1])
        if total <= 0:
            return None
        scale = frame_width / total if total > frame_width + 1 else 1.0  # never wider than the page
        widths = [max(width * scale, MIN_COLUMN) for width in widths]
        spaces = [space * scale for space in spaces[:-1]] + [0.0]
        return Columns(tuple(widths), tuple(spaces), separator)
    if count < 2:
        return None
    if count > MAX_COLUMNS:
        warn(f"a section asks for {count} columns; {MAX_COLUMNS} were used")
        count = MAX_COLUMNS
    space = twips(cols.get(w("space")), INDENT)
    space = DEFAULT_SPACE if space is None else max(space, 0.0)
    width = (frame_width - space * (count - 1)) / count
    if width < MIN_COLUMN:
        warn("a section's columns are too narrow for text; it was laid out in one column")
        return None
    return Columns((width,) * count, (space,) * (count - 1) + (0.0,), separator)


def column_frames(columns: Columns, left: float, bottom: float, height: float, index: int) -> list[Frame]:
    """One frame per column of a page template."""
    return [Frame(left + x, bottom, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                  id=f"f{index}c{number}")
            for number, (x, width) in enumerate(zip(columns.lefts(), columns.widths))]


def draw_separators(canvas, columns: Columns, left: float, bottom: float, height: float) -> None:
    """The lines between a page's columns (``w:sep``)."""
    with artifact(canvas):
        _draw_separators(canvas, columns, left, bottom, height)


def _draw_separators(canvas, columns: Columns, left: float, bottom: float, height: float) -> None:
    canvas.saveState()
    canvas.setLineWidth(SEPARATOR_WIDTH)
    canvas.setStrokeColor(black)
    for x, width, space in zip(columns.lefts()[:-1], columns.widths, columns.spaces):
        middle = left + x + width + space / 2
        canvas.line(middle, bottom, middle, bottom + height)
    canvas.restoreState()


def balanced(flowables: list, columns: Columns) -> list:
    """A continuous section's content in balanced columns (equal widths: reportlab's balancing
    shares the width equally; the space is the first column's)."""
    content = [flowable for flowable in flowables if not isinstance(flowable, ActionFlowable)]
    if not content:
        return []
    return [BalancedColumns(content, nCols=columns.count, needed=12, leftPadding=0, rightPadding=0, topPadding=0,
                            bottomPadding=0, innerPadding=columns.spaces[0], endSlack=0.1,
                            vLinesStrokeColor=black if columns.separator else None,
                            vLinesStrokeWidth=SEPARATOR_WIDTH if columns.separator else None)]
