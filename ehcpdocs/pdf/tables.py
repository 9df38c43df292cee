"""Word tables (``w:tbl``) to reportlab tables.

Column widths come from ``w:tblGrid`` (else the cells' ``w:tcW``) scaled to the page; merged
cells become SPAN commands (``gridSpan`` across, ``vMerge`` down); borders come from the table
style, ``w:tblBorders`` and ``w:tcBorders``; header rows (``w:tblHeader``) repeat on each page and
rows may split across pages. Long tables are cut into chunks so pagination stays linear.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.platypus import Spacer, Table

from ehcpdocs.docx.xml import MC_NS, w

from .context import RenderContext
from .styles import parse_borders, parse_cell_margins
from .units import first_child, hex_colour, to_int, twips

DEFAULT_MARGINS = {"top": 0.0, "bottom": 0.0, "left": 5.4, "right": 5.4}
_TRPR, _TCPR, _GRID_SPAN, _VMERGE, _SHD, _VALIGN, _TCMAR, _TCBORDERS = (
    w("trPr"), w("tcPr"), w("gridSpan"), w("vMerge"), w("shd"), w("vAlign"), w("tcMar"), w("tcBorders"))
CHUNK_ROWS = 60
MIN_COLUMN = 6.0


def rows_of(tbl) -> list:
    """The ``w:tr`` of a table, looking through content controls and custom XML wrappers."""
    rows = []
    for child in tbl:
        tag = child.tag
        if tag == w("tr"):
            rows.append(child)
        elif tag in (w("sdt"), w("customXml"), w("ins")):
            content = child.find(w("sdtContent")) if tag == w("sdt") else child
            if content is not None:
                rows.extend(rows_of(content))
        elif tag == f"{{{MC_NS}}}AlternateContent":
            choice = child.find(f"{{{MC_NS}}}Choice")
            if choice is not None:
                rows.extend(rows_of(choice))
    return rows


def cells_of(tr) -> list:
    """The ``w:tc`` of a row, looking through content controls and custom XML wrappers."""
    cells = []
    for child in tr:
        tag = child.tag
        if tag == w("tc"):
            cells.append(child)
        elif tag in (w("sdt"), w("customXml"), w("ins")):
            content = child.find(w("sdtContent")) if tag == w("sdt") else child
            if content is not None:
                cells.extend(cells_of(content))
    return cells


def grid_widths(ctx: RenderContext, tbl, rows, avail_width: float) -> list[float]:
    """Column widths in points, scaled to fit the available width."""
    widths = []
    grid = tbl.find(w("tblGrid"))
    if grid is not None:
        widths = [twips(col.get(w("w"))) or 0.0 for col in grid.findall(w("gridCol"))]
    count = 0
    for tr in rows:
        span_total = 0
        for tc in cells_of(tr):
            tcpr = first_child(tc, _TCPR)
            span = to_int(_val(first_child(tcpr, _GRID_SPAN) if tcpr is not None else None)) or 1
            span_total += max(1, min(span, 64))
        trpr = first_child(tr, _TRPR)
        if trpr is not None:
            span_total += (to_int(_val(trpr.find(w("gridBefore")))) or 0) + (to_int(_val(trpr.find(w("gridAfter")))) or 0)
        count = max(count, span_total)
    count = max(1, min(count, 64))
    if len(widths) < count:
        if not widths or sum(widths) <= 0:
            first = cells_of(rows[0]) if rows else []
            cell_widths = [twips(_attr(tc.find(f"{w('tcPr')}/{w('tcW')}"), "w")) or 0.0 for tc in first]
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
    return element.get(w("val")) if element is not None else None


def _attr(element, name: str) -> str | None:
    return element.get(w(name)) if element is not None else None


def convert_table(ctx: RenderContext, tbl, avail_width: float, convert_blocks) -> list:
    """Flowables for one table: one reportlab Table per chunk of rows."""
    rows = rows_of(tbl)
    if not rows:
        return []
    tblpr = tbl.find(w("tblPr"))
    style_id = _val(tblpr.find(w("tblStyle"))) if tblpr is not None else None
    table_style = ctx.styles.table(style_id)
    borders = dict(table_style["borders"])
    margins = dict(DEFAULT_MARGINS)
    margins.update(table_style["margins"])
    align = "LEFT"
    if tblpr is not None:
        borders.update(parse_borders(tblpr.find(w("tblBorders"))))
        margins.update(parse_cell_margins(tblpr.find(w("tblCellMar"))))
        jc = _val(tblpr.find(w("jc")))
        align = {"center": "CENTER", "right": "RIGHT", "end": "RIGHT"}.get(jc or "", "LEFT")
    widths = grid_widths(ctx, tbl, rows, avail_width)
    ncols = len(widths)
    first_row = table_style.get("firstRow") if _look_first_row(tblpr) else None

    data: list[list] = []
    commands: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    for side in ("top", "bottom", "left", "right"):
        commands.append((f"{side.upper()}PADDING", (0, 0), (-1, -1), margins.get(side, 0.0)))
    header_rows = 0
    counting_headers = True
    vmerge_open: dict[int, int] = {}
    cell_borders: list[tuple[int, int, int, dict]] = []
    merges_open_rows: list[bool] = []
    saved_table_style = ctx.table_style
    ctx.table_style = table_style
    try:
        for row_index, tr in enumerate(rows):
            row = [""] * ncols
            trpr = first_child(tr, _TRPR)
            column = to_int(_val(trpr.find(w("gridBefore")))) or 0 if trpr is not None else 0
            if counting_headers and trpr is not None and trpr.find(w("tblHeader")) is not None:
                header_rows += 1
            else:
                counting_headers = False
            for tc in cells_of(tr):
                if column >= ncols:
                    ctx.warn("a table row has more cells than the table grid; extra cells were appended")
                    break
                tcpr = first_child(tc, _TCPR)
                props = _children(tcpr)
                span = max(1, min(to_int(_val(props.get(_GRID_SPAN))) or 1, ncols - column))
                vmerge = props.get(_VMERGE)
                end_col = column + span - 1
                if vmerge is not None and (vmerge.get(w("val")) or "continue") == "continue" and column in vmerge_open:
                    start_row = vmerge_open[column]
                    commands.append(("SPAN", (column, start_row), (end_col, row_index)))
                    content = convert_blocks(ctx, list(tc), _cell_width(widths, column, span, margins))
                    if _has_text(content):
                        previous = data[start_row][column]
                        data[start_row][column] = (previous if isinstance(previous, list) else []) + content
                    column += span
                    continue
                if vmerge is not None:
                    vmerge_open[column] = row_index
                else:
                    vmerge_open.pop(column, None)
                width = _cell_width(widths, column, span, margins)
                row[column] = convert_blocks(ctx, list(tc), width)
                if span > 1:
                    commands.append(("SPAN", (column, row_index), (end_col, row_index)))
                shading = None
                if props:
                    shd = props.get(_SHD)
                    if shd is not None:
                        shading = hex_colour(shd.get(w("fill")))
                    valign = _val(props.get(_VALIGN))
                    if valign in ("center", "bottom"):
                        commands.append(("VALIGN", (column, row_index), (end_col, row_index), "MIDDLE" if valign == "center" else "BOTTOM"))
                    own_margins = parse_cell_margins(props.get(_TCMAR))
                    for side, value in own_margins.items():
                        commands.append((f"{side.upper()}PADDING", (column, row_index), (end_col, row_index), value))
                    own_borders = parse_borders(props.get(_TCBORDERS))
                    if own_borders:
                        cell_borders.append((row_index, column, end_col, own_borders))
                if shading is None and row_index == 0 and first_row and first_row.get("shd"):
                    shading = first_row["shd"]
                if shading is None:
                    shading = table_style.get("shd")
                if shading:
                    commands.append(("BACKGROUND", (column, row_index), (end_col, row_index), HexColor(shading)))
                column += span
            for open_col in [c for c, start in vmerge_open.items() if start != row_index and not _continues(tr, c, ncols)]:
                vmerge_open.pop(open_col, None)
            data.append(row)
            merges_open_rows.append(bool(vmerge_open))
    finally:
        ctx.table_style = saved_table_style
    if ctx.safe_mode:
        return _flattened(data)
    commands.extend(_border_commands(borders, cell_borders, len(data), ncols))
    header_rows = min(header_rows, max(len(data) - 1, 0))
    return _chunked_tables(data, widths, commands, header_rows, merges_open_rows, align)


def _look_first_row(tblpr) -> bool:
    """Whether the table style's first-row formatting applies (``w:tblLook``)."""
    look = tblpr.find(w("tblLook")) if tblpr is not None else None
    if look is None:
        return True
    value = look.get(w("firstRow"))
    if value is not None:
        return value.lower() in ("1", "true", "on")
    try:
        return bool(int(look.get(w("val")) or "0020", 16) & 0x0020)
    except ValueError:
        return True


def _continues(tr, column: int, ncols: int) -> bool:
    """Whether the cell of a row at a grid column continues a vertical merge."""
    position = 0
    trpr = tr.find(w("trPr"))
    if trpr is not None:
        position = to_int(_val(trpr.find(w("gridBefore")))) or 0
    for tc in cells_of(tr):
        tcpr = tc.find(w("tcPr"))
        span = to_int(_val(tcpr.find(w("gridSpan")))) or 1 if tcpr is not None else 1
        if position == column:
            vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
            return vmerge is not None
        position += max(1, span)
        if position > column:
            return False
    return False


def _cell_width(widths: list[float], column: int, span: int, margins: dict) -> float:
    return max(sum(widths[column:column + span]) - margins.get("left", 0.0) - margins.get("right", 0.0), 4.0)


def _has_text(flowables: list) -> bool:
    """Whether converted cell content shows anything (empty paragraphs become bare spacers)."""
    return any(not isinstance(f, Spacer) for f in flowables)


def _border_commands(borders: dict, cell_borders: list, nrows: int, ncols: int) -> list[tuple]:
    """Line commands: table-wide borders first, then each cell's own borders over them."""
    commands: list[tuple] = []

    def line(kind: str, start, end, spec) -> None:
        if spec:
            width, colour = spec
            commands.append((kind, start, end, width, HexColor(colour)))

    line("LINEABOVE", (0, 0), (-1, 0), borders.get("top"))
    line("LINEBELOW", (0, -1), (-1, -1), borders.get("bottom"))
    line("LINEBEFORE", (0, 0), (0, -1), borders.get("left"))
    line("LINEAFTER", (-1, 0), (-1, -1), borders.get("right"))
    if nrows > 1:
        line("LINEBELOW", (0, 0), (-1, -2), borders.get("insideH"))
    if ncols > 1:
        line("LINEAFTER", (0, 0), (-2, -1), borders.get("insideV"))
    for row, first, last, own in cell_borders:
        for side, kind, start, end in (
            ("top", "LINEABOVE", (first, row), (last, row)),
            ("bottom", "LINEBELOW", (first, row), (last, row)),
            ("left", "LINEBEFORE", (first, row), (first, row)),
            ("right", "LINEAFTER", (last, row), (last, row)),
        ):
            if side in own:
                line(kind, start, end, own[side])
    return commands


def _chunked_tables(data, widths, commands, header_rows, merges_open_rows, align) -> list:
    """One Table, or several stacked Tables for long tables (cut where no vertical merge is open)."""
    nrows = len(data)
    if nrows <= CHUNK_ROWS * 1.5:
        return [_make_table(data, widths, commands, header_rows, align)]
    tables = []
    start = header_rows
    while start < nrows:
        end = min(start + CHUNK_ROWS, nrows)
        while end < nrows and merges_open_rows[end - 1] and end - start < CHUNK_ROWS * 3:
            end += 1
        indices = list(range(header_rows)) + list(range(start, end)) if tables or start > header_rows else list(range(end))
        if not tables:
            indices = list(range(end))
        tables.append(_make_table([data[i] for i in indices], widths, _remap(commands, indices, nrows), header_rows, align))
        start = end
    return tables


def _remap(commands: list[tuple], indices: list[int], nrows: int) -> list[tuple]:
    """Style commands of the whole table rewritten for a chunk made of the given rows."""
    position = {row: new for new, row in enumerate(indices)}
    out = []
    for command in commands:
        (c0, r0), (c1, r1) = command[1], command[2]
        r0 = r0 + nrows if r0 < 0 else r0
        r1 = r1 + nrows if r1 < 0 else r1
        kept = [position[r] for r in range(r0, r1 + 1) if r in position]
        if not kept:
            continue
        if command[0] == "SPAN" and len(kept) != r1 - r0 + 1:
            continue
        out.append((command[0], (c0, min(kept)), (c1, max(kept))) + tuple(command[3:]))
    return out


def _make_table(data, widths, commands, header_rows, align) -> Table:
    table = Table(data, colWidths=widths, style=commands, repeatRows=header_rows, splitByRow=1, splitInRow=1, hAlign=align)
    return table


def _flattened(data) -> list:
    """Safe-mode layout: each cell's content one after the other, row by row."""
    out = []
    for row in data:
        for cell in row:
            if isinstance(cell, list):
                out.extend(cell)
    return out
