"""Word tables laid out by ehcpdocs: rows sized to their cells, split across pages between rows
or inside a tall row, header rows repeated, merged cells, shading and each cell's own borders.

``tables.py`` reads a ``w:tbl`` into ``GridCell`` rows; ``GridTable`` is the flowable that frames
place. Reportlab's ``Table`` does the same for any table but was a quarter of the time of a long
plan; this one does only what a Word table needs, drawing shading and borders as a few operators.
"""

from __future__ import annotations

from reportlab.lib.rl_accel import fp_str

from .borders import line_style, stroke
from .lines import DirectFlowable, LineParagraph, TextBatch, with_page_numbers
from .tagging import tags_of, wrap_artifact

_FUZZ = 1e-6
_BIG = 1e9


class GridCell:
    """One cell: its flowables, where it sits and spans, its padding, shading and borders.

    ``padding`` is (top, bottom, left, right) in points; ``background`` PDF colour operands or
    None; ``edges`` side -> (width, colour operands) or None for no line.
    """

    __slots__ = ("background", "column", "content", "edges", "padding", "row_span", "span", "valign")

    def __init__(self, content: list, column: int, span: int, padding: tuple, valign: str,
                 background: str | None, edges: dict, row_span: int = 1) -> None:
        self.content = content
        self.column = column
        self.span = span
        self.row_span = row_span
        self.padding = padding
        self.valign = valign
        self.background = background
        self.edges = edges

    def but(self, content: list, row_span: int = 1) -> "GridCell":
        """The same cell holding other content (the parts of a cell split across pages)."""
        return GridCell(content, self.column, self.span, self.padding, self.valign, self.background,
                        self.edges, row_span)


class GridRow:
    """The cells starting in one row and the least height Word gives the row."""

    __slots__ = ("cells", "min_height")

    def __init__(self, cells: list[GridCell], min_height: float = 0.0) -> None:
        self.cells = cells
        self.min_height = min_height


class GridTable(DirectFlowable):
    """A table of rows on a column grid; ``header_rows`` leading rows repeat on every page."""

    def __init__(self, rows: list[GridRow], widths: list[float], *, header_rows: int = 0, align: str = "LEFT",
                 indent: float = 0.0) -> None:
        super().__init__()
        self.indent = indent  # w:tblInd: the start edge's distance from the margin (left, or right when RIGHT)
        self.rows = rows
        self.widths = widths
        self.offsets = [sum(widths[:index]) for index in range(len(widths) + 1)]
        self.header_rows = min(header_rows, max(len(rows) - 1, 0))
        self.hAlign = align
        self.width = self.offsets[-1]
        self.height = 0.0
        self._heights: list[float] | None = None
        self.repeated = 0  # leading rows that repeat the header rows of an earlier page
        self.whole = True  # not a part of a table split across pages (its BBox is its own)

    def with_page_numbers(self, values: dict[str, str]) -> "GridTable":
        rows = []
        changed = False
        for row in self.rows:
            cells = []
            for cell in row.cells:
                content = [with_page_numbers(flowable, values) for flowable in cell.content]
                if any(new is not old for new, old in zip(content, cell.content)):
                    changed = True
                    cell = cell.but(content, cell.row_span)
                cells.append(cell)
            rows.append(GridRow(cells, row.min_height))
        if not changed:
            return self
        table = GridTable(rows, self.widths, header_rows=self.header_rows, align=self.hAlign, indent=self.indent)
        table.tag, table.whole, table.repeated = self.tag, self.whole, self.repeated
        return table

    # -- sizes ---------------------------------------------------------------------------------

    def cell_width(self, cell: GridCell) -> float:
        """The width a cell's content is laid out in."""
        padding = cell.padding
        return max(self.offsets[cell.column + cell.span] - self.offsets[cell.column] - padding[2] - padding[3], 4.0)

    def content_height(self, cell: GridCell, width: float | None = None) -> float:
        """The height of a cell's content with its padding."""
        if width is None:
            width = self.cell_width(cell)
        total = cell.padding[0] + cell.padding[1]
        for flowable in cell.content:
            if type(flowable) is LineParagraph:
                total += flowable.stacked_height(width)
            else:
                total += flowable.wrap(width, _BIG)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        return total

    def row_heights(self) -> list[float]:
        """Each row's height: its tallest cell, rows under a merged cell stretched to hold it."""
        if self._heights is None:
            heights = [row.min_height for row in self.rows]
            spanning = []
            for index, row in enumerate(self.rows):
                for cell in row.cells:
                    if cell.row_span > 1:
                        spanning.append((index, cell))
                        continue
                    needed = self.content_height(cell)
                    if needed > heights[index]:
                        heights[index] = needed
            for index, cell in spanning:
                last = min(index + cell.row_span, len(heights)) - 1
                short = self.content_height(cell) - sum(heights[index:last + 1])
                if short > 0:
                    heights[last] += short
            self._heights = heights
        return self._heights

    def wrap(self, avail_width, avail_height):
        self.height = sum(self.row_heights())
        return self.width, self.height

    # -- splitting -----------------------------------------------------------------------------

    def split(self, avail_width, avail_height):
        heights = self.row_heights()
        rows = self.rows
        headers = self.header_rows
        used = sum(heights[:headers])
        index = headers
        fitted = headers
        while index < len(rows):
            end = self._group_end(index)
            height = sum(heights[index:end + 1])
            if used + height > avail_height + _FUZZ:
                break
            used += height
            index = fitted = end + 1
        if fitted >= len(rows):
            return []  # it fits whole (within rounding): nothing to split, and returning itself would loop
        if fitted > headers:
            # rows keep their heights on the next page: merged groups are never cut between rows
            return [self._part(rows[:fitted], heights[:fitted]),
                    self._part(rows[:headers] + rows[fitted:], heights[:headers] + heights[fitted:], headers)]
        if self._group_end(headers) != headers:
            return []
        pieces = self._split_row(rows[headers], avail_height - used)
        if pieces is None:
            return []
        top, bottom = pieces
        return [self._part(rows[:headers] + [top], None),
                self._part(rows[:headers] + [bottom] + rows[headers + 1:], None, headers)]

    def _part(self, rows: list[GridRow], heights: list[float] | None, repeats: int = 0) -> "GridTable":
        part = GridTable(rows, self.widths, header_rows=self.header_rows, align=self.hAlign, indent=self.indent)
        part._heights = heights
        part.tag, part.whole = self.tag, False
        part.repeated = max(self.repeated, repeats) if repeats else self.repeated
        return part

    def _group_end(self, index: int) -> int:
        """The last row that must stay on a page with row ``index`` (rows under merged cells)."""
        end = index
        row = index
        while row <= end and row < len(self.rows):
            for cell in self.rows[row].cells:
                if cell.row_span > 1:
                    end = max(end, min(row + cell.row_span, len(self.rows)) - 1)
            row += 1
        return end

    def _split_row(self, row: GridRow, room: float) -> tuple[GridRow, GridRow] | None:
        """A row too tall for the room left cut in two, each cell's content where it runs out."""
        tops: list[GridCell] = []
        bottoms: list[GridCell] = []
        moved = False
        for cell in row.cells:
            width = self.cell_width(cell)
            limit = room - cell.padding[0] - cell.padding[1]
            top: list = []
            bottom: list = []
            used = 0.0
            for position, flowable in enumerate(cell.content):
                height = flowable.wrap(width, _BIG)[1]
                before, after = flowable.getSpaceBefore(), flowable.getSpaceAfter()
                if used + before + height <= limit + _FUZZ:
                    top.append(flowable)
                    used += before + height + after
                    continue
                parts = flowable.split(width, limit - used - before) if limit - used - before > 0 else []
                if len(parts) == 2:
                    top.append(parts[0])
                    bottom = [parts[1]] + cell.content[position + 1:]
                else:
                    bottom = cell.content[position:]
                break
            if top:
                moved = True
            tops.append(cell.but(top))
            bottoms.append(cell.but(bottom))
        if not moved or not any(cell.content for cell in bottoms):
            return None
        return GridRow(tops), GridRow(bottoms)

    # -- drawing -------------------------------------------------------------------------------

    def _draw(self, canvas, x: float, y: float) -> None:
        if self.indent and self.hAlign == "LEFT":
            x += self.indent
        elif self.indent and self.hAlign == "RIGHT":
            x -= self.indent  # a right-to-left table's indent is from the right margin
        heights = self.row_heights()
        tops = [y + sum(heights)]
        for height in heights:
            tops.append(tops[-1] - height)
        lefts = [x + offset for offset in self.offsets]
        if self.whole and self.tag is not None and tags_of(canvas) is not None:
            # PDF/UA's layout attribute for a table on one page: where it is drawn
            x1, y1, x2, y2 = canvas._absRect((x, tops[-1], x + self.width, tops[0]), 1)
            self.tag.attributes = {"O": "Layout", "BBox": [round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2)]}
        shading: list[str] = []
        # border segments by (line position, look); cells on one grid line share its position
        across: dict = {}
        down: dict = {}
        placed: list = []
        add_across, add_down = across.setdefault, down.setdefault
        rows = len(heights)
        for index, row in enumerate(self.rows):
            top = tops[index]
            for cell in row.cells:
                bottom = tops[index + 1] if cell.row_span == 1 else tops[min(index + cell.row_span, rows)]
                left = lefts[cell.column]
                right = lefts[cell.column + cell.span]
                if cell.background:
                    shading.append(f"{cell.background} rg {fp_str(left, bottom, right - left, top - bottom)} re f")
                edges = cell.edges
                if edges:
                    edge = edges.get("top")
                    if edge:
                        add_across((top, edge), []).append((left, right))
                    edge = edges.get("bottom")
                    if edge:
                        add_across((bottom, edge), []).append((left, right))
                    edge = edges.get("left")
                    if edge:
                        add_down((left, edge), []).append((bottom, top))
                    edge = edges.get("right")
                    if edge:
                        add_down((right, edge), []).append((bottom, top))
                if cell.content:
                    placed.append((cell, left, top, bottom, index))
        code = canvas._code
        if shading:
            code.append(wrap_artifact("q\n" + "\n".join(shading) + "\nQ", canvas))
        batch = TextBatch(canvas)
        tags = batch.tags
        repeated = self.repeated
        for cell, left, top, bottom, row_index in placed:
            if repeated and row_index < repeated and tags is not None:
                # header rows repeated on a later page are artifacts: read once, where they first are
                tags.suppressed += 1
                try:
                    self._draw_content(canvas, batch, cell, left, top, bottom)
                finally:
                    tags.suppressed -= 1
                continue
            self._draw_content(canvas, batch, cell, left, top, bottom)
        batch.write()
        if across or down:
            code.append(wrap_artifact("q 0 J\n" + "\n".join(_strokes(across, True) + _strokes(down, False)) + "\nQ",
                                      canvas))

    def _draw_content(self, canvas, batch: TextBatch, cell: GridCell, left: float, top: float, bottom: float) -> None:
        """A cell's content, its paragraphs' text added to the table's batch."""
        width = self.cell_width(cell)
        padding = cell.padding
        content = cell.content
        if cell.valign != "top":
            spare = (top - bottom) - self.content_height(cell, width)
            if spare > 0:
                top -= spare / 2.0 if cell.valign == "center" else spare
        cursor = top - padding[0]
        x = left + padding[2]
        for flowable in content:
            used_width, height = flowable.wrap(width, _BIG)
            if type(flowable) is LineParagraph:
                cursor -= flowable.spaceBefore + height
                flowable.add_to(batch, x, cursor)
                cursor -= flowable.spaceAfter
                continue
            cursor -= flowable.getSpaceBefore() + height
            flowable.drawOn(canvas, x, cursor, _sW=max(width - used_width, 0.0))
            cursor -= flowable.getSpaceAfter()


def _strokes(segments: dict, horizontal: bool) -> list[str]:
    """Border lines: touching segments of the same line and look joined, each drawn once."""
    out: list[str] = []
    current_look = None
    for (position, look), spans in sorted(segments.items(), key=lambda item: (item[0][1], item[0][0])):
        width, colour, style = look
        if look != current_look:
            out.append(f"{colour} RG {line_style(width, style)}")
            current_look = look
        spans.sort()
        start, end = spans[0]
        for next_start, next_end in spans[1:]:
            if next_start <= end + 0.01:
                end = max(end, next_end)
                continue
            out.append(_stroke(look, position, start, end, horizontal))
            start, end = next_start, next_end
        out.append(_stroke(look, position, start, end, horizontal))
    return out


def _stroke(look: tuple, position: float, start: float, end: float, horizontal: bool) -> str:
    width, _colour, style = look
    if horizontal:
        return stroke(width, style, start, position, end, position)
    return stroke(width, style, position, start, position, end)
