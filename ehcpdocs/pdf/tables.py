"""Word tables (``w:tbl``) read into ``grid.GridTable`` rows.

Column widths come from ``w:tblGrid`` (else the cells' ``w:tcW``) scaled to the page; merged
cells span columns (``gridSpan``) and rows (``vMerge``); each cell's borders come from its own
``w:tcBorders`` over the table's (``w:tblBorders``, then the table style); header rows
(``w:tblHeader``) repeat on each page and rows may split across pages.
"""

from __future__ import annotations

from reportlab.platypus import Spacer
from reportlab.platypus.doctemplate import ActionFlowable

from ehcpdocs.docx.props import is_on
from ehcpdocs.docx.tables import row_parts, table_rows
from ehcpdocs.docx.xml import w

from .context import RenderContext
from .grid import GridCell, GridRow, GridTable
from .limits import BLOCK
from .lines import rgb
from .styles import TABLE_CONDITIONS, parse_borders, parse_cell_margins, shading_colour
from .units import (
    COLUMN_WIDTH,
    GRID_SKIP,
    INDENT,
    PERCENT,
    PERCENT_FIFTIETHS,
    ROW_HEIGHT,
    children_with,
    measure,
    structure_key,
    to_int,
    twips,
)

DEFAULT_MARGINS = {"top": 0.0, "bottom": 0.0, "left": 5.4, "right": 5.4}
_TRPR, _TCPR, _GRID_SPAN, _VMERGE, _SHD, _VALIGN, _TCMAR, _TCBORDERS = (
    w("trPr"), w("tcPr"), w("gridSpan"), w("vMerge"), w("shd"), w("vAlign"), w("tcMar"), w("tcBorders"))
_TCW, _W_TYPE = w("tcW"), w("type")
_GRID_BEFORE, _GRID_AFTER, _TBL_HEADER, _TR_HEIGHT = w("gridBefore"), w("gridAfter"), w("tblHeader"), w("trHeight")
_TBLPR, _TBL_STYLE, _TBL_BORDERS, _TBL_CELL_MAR, _JC = w("tblPr"), w("tblStyle"), w("tblBorders"), w("tblCellMar"), w("jc")
_TBL_IND = w("tblInd")
_BIDI_VISUAL = w("bidiVisual")
_TBL_GRID, _GRID_COL, _W_VAL, _W_W = w("tblGrid"), w("gridCol"), w("val"), w("w")
MIN_COLUMN = 6.0
MAX_COLUMNS = 64  # Word's own limit


class CellProperties:
    """What a cell's ``w:tcPr`` says: its column span, vertical merge, shading, alignment,
    margins and borders. Cells whose ``w:tcPr`` say the same (most cells of a document)
    share one, read once per document."""

    __slots__ = ("background", "borders", "margins", "span", "valign", "vmerge")

    def __init__(self, tcpr) -> None:
        props = _children(tcpr)
        self.span = max(1, min(to_int(_val(props.get(_GRID_SPAN))) or 1, 64))
        vmerge = props.get(_VMERGE)
        self.vmerge = None if vmerge is None else (vmerge.get(_W_VAL) or "continue")
        self.background = shading_colour(props.get(_SHD))
        self.valign = {"center": "center", "bottom": "bottom"}.get(_val(props.get(_VALIGN)) or "", "top")
        self.margins = parse_cell_margins(props.get(_TCMAR))
        self.borders = parse_borders(props.get(_TCBORDERS))

    @staticmethod
    def of(ctx: RenderContext, tcpr) -> "CellProperties":
        # the cell's width (w:tcW) says nothing read here, and differs from column to column
        key = structure_key(tcpr, ignore=_TCW) if tcpr is not None else None
        found = ctx.cell_properties.get(key)
        if found is None:
            found = ctx.cell_properties[key] = CellProperties(tcpr)
        return found


class RowReading:
    """One ``w:tr`` read: its properties and, per cell, the cell's children and properties."""

    __slots__ = ("after", "before", "cells", "header", "min_height")

    def __init__(self, ctx: RenderContext, tr) -> None:
        trpr, cells = row_parts(tr)
        self.cells = []
        for tc in cells:
            children, tcpr = children_with(tc, _TCPR)
            self.cells.append((children, CellProperties.of(ctx, tcpr)))
        props = _children(trpr)
        self.before = int(measure(_val(props.get(_GRID_BEFORE)), GRID_SKIP) or 0)
        self.after = int(measure(_val(props.get(_GRID_AFTER)), GRID_SKIP) or 0)
        self.header = _TBL_HEADER in props
        self.min_height = _row_height(props.get(_TR_HEIGHT))


def grid_widths(ctx: RenderContext, tbl, rows: list[RowReading], avail_width: float) -> list[float]:
    """Column widths in points, scaled to fit the available width."""
    widths = []
    grid = tbl.find(_TBL_GRID)
    if grid is not None:
        widths = [twips(col.get(_W_W), COLUMN_WIDTH) or 0.0 for col in grid.findall(_GRID_COL)[:MAX_COLUMNS]]
    count = 0
    for row in rows:
        span_total = row.before + row.after
        for _children_of_cell, props in row.cells:
            span_total += props.span
        count = max(count, span_total)
    count = max(1, min(count, MAX_COLUMNS))
    if len(widths) < count:
        if not widths or sum(widths) <= 0:
            first = rows[0].cells if rows else []
            cell_widths = [_cell_width_of(_first(children, _TCPR, _TCW), avail_width) for children, _props in first]
            if len(cell_widths) == count and all(cw > 0 for cw in cell_widths):
                widths = cell_widths
        widths = widths + [0.0] * (count - len(widths))
    widths = widths[:count] if len(widths) > count else widths
    if any(width <= 0 for width in widths):
        known = [width for width in widths if width > 0]
        filler = (sum(known) / len(known)) if known else avail_width / count
        if known:
            ctx.warn("a table has columns without a usable width; they were given an average width")
        widths = [width if width > 0 else filler for width in widths]
    total = sum(widths)
    if total > avail_width or total <= 0:
        scale = avail_width / total if total > 0 else 1.0
        widths = [width * scale for width in widths]
    widths = [max(width, MIN_COLUMN) for width in widths]
    total = sum(widths)
    if total > avail_width * 1.001:
        widths = [width * avail_width / total for width in widths]
    return widths


def _cell_width_of(tcw, avail_width: float) -> float:
    """A cell's preferred width (``w:tcW``) in points: twips, or fiftieths of a per cent (or
    "50%") of the width available; 0.0 for ``auto``, ``nil`` and what cannot be read."""
    if tcw is None:
        return 0.0
    kind = tcw.get(_W_TYPE)
    value = tcw.get(_W_W)
    if kind == "pct":
        if value is not None and value.strip().endswith("%"):
            share = measure(value.strip()[:-1], PERCENT)
            return avail_width * share / 100.0 if share else 0.0
        share = measure(value, PERCENT_FIFTIETHS)
        return avail_width * share / 5000.0 if share else 0.0
    if kind in ("auto", "nil"):
        return 0.0
    return twips(value, COLUMN_WIDTH) or 0.0


def _first(children: list, tag: str, inner: str):
    """The ``inner`` child of the first ``tag`` among ``children`` (None when either is missing)."""
    for child in children:
        if child.tag == tag:
            return child.find(inner)
    return None


def _children(element) -> dict:
    """An element's children by tag (the first of each), {} for None: one pass instead of a find per property."""
    found: dict = {}
    if element is not None:
        for child in element:
            tag = child.tag
            if tag not in found:
                found[tag] = child
    return found


def _val(element) -> str | None:
    return element.get(_W_VAL) if element is not None else None


def table_indent(element, avail_width: float) -> float:
    """A ``w:tblInd`` in points (Word writes it in twips, "dxa"), within half the width either
    way; 0 when absent, "nil" or unreadable."""
    if element is None or (element.get(w("type")) or "dxa") != "dxa":
        return 0.0
    value = twips(element.get(w("w")), INDENT)
    if value is None:
        return 0.0
    return max(-avail_width / 2, min(value, avail_width / 2))


def convert_table(ctx: RenderContext, tbl, avail_width: float, convert_blocks) -> list:
    """Flowables for one table: a ``GridTable`` (its cells' content laid out in safe mode)."""
    rows = []
    work = ctx.work
    for tr in table_rows(tbl):
        row = RowReading(ctx, tr)
        work.spent += BLOCK * (len(row.cells) + 1)
        if work.spent > work.next_check:
            work.checkpoint()
        rows.append(row)
    if not rows:
        return []
    tblpr = tbl.find(_TBLPR)
    style_id = _val(tblpr.find(_TBL_STYLE)) if tblpr is not None else None
    table_style = ctx.styles.table(style_id)
    borders = dict(table_style["borders"])
    margins = dict(DEFAULT_MARGINS)
    margins.update(table_style["margins"])
    align = "LEFT"
    indent = 0.0
    if tblpr is not None:
        borders.update(parse_borders(tblpr.find(_TBL_BORDERS)))
        margins.update(parse_cell_margins(tblpr.find(_TBL_CELL_MAR)))
        jc = _val(tblpr.find(_JC))
        align = {"center": "CENTER", "right": "RIGHT", "end": "RIGHT"}.get(jc or "", "LEFT")
        indent = table_indent(tblpr.find(_TBL_IND), avail_width) if align == "LEFT" else 0.0
    widths = grid_widths(ctx, tbl, rows, avail_width)
    ncols = len(widths)
    default_padding = (margins.get("top", 0.0), margins.get("bottom", 0.0), margins.get("left", 0.0), margins.get("right", 0.0))
    table_shading = table_style.get("shd")
    conditional = ConditionalFormatting(ctx, style_id, table_style, tblpr, len(rows), ncols)

    grid_rows: list[GridRow] = []
    header_rows = 0
    counting_headers = True
    open_merges: dict[int, tuple[GridCell, int]] = {}
    usual_edges: dict[tuple, dict] = {}
    last_row = len(rows) - 1
    saved_table_style = ctx.table_style
    ctx.table_style = table_style
    tags = ctx.tags
    heads, row_labels = header_cells(rows, conditional, ncols)
    table_node = tags.add("Table")
    merge_nodes: dict = {}
    tags.push(table_node)
    try:
        for row_index, row in enumerate(rows):
            row_node = table_node.add("TR")
            cells: list[GridCell] = []
            column = row.before
            if counting_headers and row.header:
                header_rows += 1
            else:
                counting_headers = False
            continued: set[int] = set()
            for children, props in row.cells:
                if column >= ncols:
                    ctx.warn("a table row has more cells than the table grid; extra cells were appended")
                    break
                span = min(props.span, ncols - column)
                if props.vmerge == "continue" and column in open_merges:
                    merged, start_row = open_merges[column]
                    merged.row_span = row_index - start_row + 1
                    merged_node = merge_nodes.get(column)
                    if merged_node is not None:
                        merged_node.attributes["RowSpan"] = merged.row_span
                        with tags.inside(merged_node):
                            content = convert_blocks(ctx, children, _cell_width(widths, column, span, default_padding))
                    else:
                        content = convert_blocks(ctx, children, _cell_width(widths, column, span, default_padding))
                    if _has_text(content):
                        merged.content.extend(_placeable(content))
                    continued.add(column)
                    column += span
                    continue
                padding = default_padding
                if props.margins:
                    padding = tuple(props.margins.get(side, default) for side, default in
                                    zip(("top", "bottom", "left", "right"), default_padding))
                background = props.background
                cell_style = conditional.cell(row_index, column, span) if conditional.active else None
                if cell_style is not None:
                    ctx.table_style = cell_style
                    if background is None:
                        background = cell_style["shd"]
                if background is None:
                    background = table_shading
                cell_node = row_node.add("TH" if row_index < heads or (row_labels and column == row.before) else "TD")
                cell_node.attributes = {"O": "Table"}
                if cell_node.role == "TH":
                    cell_node.attributes["Scope"] = "Column" if row_index < heads else "Row"
                if span > 1:
                    cell_node.attributes["ColSpan"] = span
                with tags.inside(cell_node):
                    content = convert_blocks(ctx, children, _cell_width(widths, column, span, padding))
                ctx.table_style = table_style
                place = (row_index == 0, row_index == last_row, column == 0, column + span >= ncols)
                if cell_style is not None and cell_style["borders"]:
                    edges = _edges(borders, {**cell_style["borders"], **props.borders}, place)
                elif props.borders:
                    edges = _edges(borders, props.borders, place)
                else:
                    edges = usual_edges.get(place)
                    if edges is None:
                        edges = usual_edges[place] = _edges(borders, {}, place)
                cell = GridCell(_placeable(content), column, span, padding, props.valign,
                                rgb(background) if background else None, edges)
                cells.append(cell)
                if props.vmerge is not None:
                    open_merges[column] = (cell, row_index)
                    merge_nodes[column] = cell_node
                    continued.add(column)
                column += span
            for open_column in [c for c in open_merges if c not in continued]:
                del open_merges[open_column]
            grid_rows.append(GridRow(cells, row.min_height))
    finally:
        ctx.table_style = saved_table_style
        tags.pop()
    _fix_merged_edges(grid_rows, borders, len(rows), ncols)
    if ctx.safe_mode:
        return [flowable for row in grid_rows for cell in row.cells for flowable in cell.content]
    if tblpr is not None and tblpr.find(_BIDI_VISUAL) is not None and is_on(tblpr.find(_BIDI_VISUAL)):
        grid_rows, widths = _mirrored(grid_rows, widths)
        align = {"LEFT": "RIGHT", "RIGHT": "LEFT"}.get(align, align)  # the indent then from the right
    header_rows = min(header_rows, max(len(grid_rows) - 1, 0))
    table = GridTable(grid_rows, widths, header_rows=header_rows, align=align, indent=indent)
    table.tag = table_node
    return [table]


def _mirrored(grid_rows: list[GridRow], widths: list[float]) -> tuple[list[GridRow], list[float]]:
    """A right-to-left table (``w:bidiVisual``): its first column at the right, each cell's
    start and end (Word's left and right borders and margins) swapped. Cells keep their
    reading order; only where they are drawn changes."""
    ncols = len(widths)
    mirrored_rows = []
    for row in grid_rows:
        cells = []
        for cell in row.cells:
            edges = dict(cell.edges)
            left, right = edges.pop("left", None), edges.pop("right", None)
            if right is not None:
                edges["left"] = right
            if left is not None:
                edges["right"] = left
            top, bottom, pad_left, pad_right = cell.padding
            cells.append(GridCell(cell.content, ncols - cell.column - cell.span, cell.span,
                                  (top, bottom, pad_right, pad_left), cell.valign, cell.background, edges,
                                  cell.row_span))
        mirrored_rows.append(GridRow(cells, row.min_height))
    return mirrored_rows, widths[::-1]


def header_cells(rows: list[RowReading], conditional: "ConditionalFormatting", ncols: int) -> tuple[int, bool]:
    """(rows of column headers, whether first cells label their rows) for a tagged table.

    Column headers: the rows marked to repeat (``w:tblHeader``), else a one-cell title row
    ("Section F: Special educational provision") or a header row the table style formats
    (``w:tblLook`` firstRow with a ``firstRow`` format). A table of two or more columns with
    none has its first cells as row labels ("Name | Zoë"), as the reader reads such tables.
    """
    heads = 0
    for row in rows:
        if not row.header:
            break
        heads += 1
    if heads == 0 and len(rows) > 1:
        first = rows[0]
        if len(first.cells) == 1 or (conditional.active and "firstRow" in conditional.kinds(0, 0, 1)):
            heads = 1
    heads = min(heads, max(len(rows) - 1, 1))
    return heads, heads == 0 and ncols >= 2


def _edges(borders: dict, own: dict, place: tuple[bool, bool, bool, bool]) -> dict:
    """A cell's four borders: its own where it sets them, else the table's outer or inside lines.

    ``place`` says whether the cell is in the first row, the last row, the first column and the
    last column.
    """
    first_row, last_row, first_column, last_column = place
    defaults = {
        "top": borders.get("top") if first_row else borders.get("insideH"),
        "bottom": borders.get("bottom") if last_row else borders.get("insideH"),
        "left": borders.get("left") if first_column else borders.get("insideV"),
        "right": borders.get("right") if last_column else borders.get("insideV"),
    }
    edges = {}
    for side, default in defaults.items():
        spec = own[side] if side in own else default
        if spec:
            edges[side] = (spec[0], rgb(spec[1]), spec[3])
    return edges


def _fix_merged_edges(grid_rows: list[GridRow], borders: dict, nrows: int, ncols: int) -> None:
    """A cell merged down to the last row takes the table's bottom border, not the inside one."""
    for index, row in enumerate(grid_rows):
        for cell in row.cells:
            if cell.row_span > 1 and index + cell.row_span >= nrows and "bottom" not in cell.edges:
                spec = borders.get("bottom")
                if spec:
                    cell.edges = {**cell.edges, "bottom": (spec[0], rgb(spec[1]), spec[3])}  # edges may be shared


def _row_height(height) -> float:
    """The least height of a row from its ``w:trHeight`` (an exact height is kept as a least
    one so text is never cut off)."""
    if height is None:
        return 0.0
    value = twips(height.get(_W_VAL), ROW_HEIGHT)
    return max(0.0, min(value, 500.0)) if value else 0.0


def _placeable(content: list) -> list:
    """Cell content without page breaks (Word ignores them inside a table)."""
    return [flowable for flowable in content if not isinstance(flowable, ActionFlowable)]


# w:tblLook: which of the table style's conditional formats apply, as attributes
# (w:firstRow="1") or as the bits of the older hex w:val ("04A0": first row, first column, no
# vertical bands).
LOOK_BITS = {"firstRow": 0x0020, "lastRow": 0x0040, "firstColumn": 0x0080, "lastColumn": 0x0100,
             "noHBand": 0x0200, "noVBand": 0x0400}
LOOK_DEFAULT = 0x04A0  # what Word writes for a new table


def read_look(tblpr) -> dict[str, bool]:
    """The ``w:tblLook`` switches of a table (Word's default for a table without one)."""
    look = tblpr.find(w("tblLook")) if tblpr is not None else None
    bits = LOOK_DEFAULT
    if look is not None:
        try:
            bits = int(look.get(w("val")) or "0", 16)
        except ValueError:
            bits = LOOK_DEFAULT
    switches = {name: bool(bits & bit) for name, bit in LOOK_BITS.items()}
    if look is not None:
        for name in LOOK_BITS:
            value = look.get(w(name))
            if value is not None:
                switches[name] = value.lower() in ("1", "true", "on")
    return switches


class ConditionalFormatting:
    """Which of a table style's conditional formats (``w:tblStylePr``) each cell takes, by
    its place and the table's ``w:tblLook``: header row, last row, first and last column,
    banded rows and columns (``w:tblStyleRowBandSize`` rows a band), corner cells."""

    def __init__(self, ctx: RenderContext, style_id: str | None, table_style: dict, tblpr, nrows: int, ncols: int) -> None:
        self.ctx = ctx
        self.style_id = style_id
        self.conditions = table_style.get("conditions") or {}
        self.active = bool(self.conditions)
        self.look = read_look(tblpr) if self.active else {}
        self.row_band = table_style.get("row_band", 1)
        self.col_band = table_style.get("col_band", 1)
        self.last_row = nrows - 1
        self.ncols = ncols

    def kinds(self, row: int, column: int, span: int) -> tuple[str, ...]:
        look = self.look
        first_row = look["firstRow"] and row == 0
        last_row = look["lastRow"] and row == self.last_row
        first_col = look["firstColumn"] and column == 0
        last_col = look["lastColumn"] and column + span >= self.ncols
        found = {"wholeTable"}
        if not look["noVBand"] and not first_col and not last_col:
            band = (column - (1 if look["firstColumn"] else 0)) // self.col_band
            found.add("band1Vert" if band % 2 == 0 else "band2Vert")
        if not look["noHBand"] and not first_row and not last_row:
            band = (row - (1 if look["firstRow"] else 0)) // self.row_band
            found.add("band1Horz" if band % 2 == 0 else "band2Horz")
        for kind, on in (("firstCol", first_col), ("lastCol", last_col), ("firstRow", first_row), ("lastRow", last_row),
                         ("nwCell", first_row and first_col), ("neCell", first_row and last_col),
                         ("swCell", last_row and first_col), ("seCell", last_row and last_col)):
            if on:
                found.add(kind)
        return tuple(kind for kind in TABLE_CONDITIONS if kind in found and kind in self.conditions)

    def cell(self, row: int, column: int, span: int) -> dict:
        """The table style as it applies to one cell (shared by cells under the same conditions
        in the same place)."""
        place = (row == 0, row == self.last_row, column == 0, column + span >= self.ncols)
        return self.ctx.styles.cell_style(self.style_id, self.kinds(row, column, span), place)


def _cell_width(widths: list[float], column: int, span: int, padding: tuple) -> float:
    return max(sum(widths[column:column + span]) - padding[2] - padding[3], 4.0)


def _has_text(flowables: list) -> bool:
    """Whether converted cell content shows anything (empty paragraphs become bare spacers)."""
    return any(not isinstance(f, Spacer) for f in flowables)


