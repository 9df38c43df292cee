"""A Word body (or header, or footer) as the plan reader's block stream.

``read_blocks`` walks the body once, in reading order, through content controls, custom XML
and alternate content (the same wrappers ``docx.tables`` looks through), and turns every
paragraph into a ``reader.blocks.Block`` and every table into rows and cells. It keeps the
lxml elements beside the stream (``BlockElements``) so the writers can find a block's
paragraph again by its index; nothing above ``docx`` sees them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..errors import DocumentTooLargeError
from ..reader.blocks import Block, BlockStream, CellInfo, Item, RowInfo, TableInfo
from .props import toggle
from .styles import StyleSheet
from .tables import P, SDT, TBL, WRAPPERS, row_parts, table_rows, unwrap
from .text import paragraph_text
from .xml import w

PPR, PSTYLE, OUTLINE, NUMPR, TABS, TAB = w("pPr"), w("pStyle"), w("outlineLvl"), w("numPr"), w("tabs"), w("tab")
RPR, B, RSTYLE, T, VAL, LEADER = w("rPr"), w("b"), w("rStyle"), w("t"), w("val"), w("leader")
FLD_CHAR, INSTR, FLD_SIMPLE, FLD_TYPE, INSTR_ATTR = (
    w("fldChar"), w("instrText"), w("fldSimple"), w("fldCharType"), w("instr"))
TBLPR, TBLSTYLE, TBLGRID, GRIDCOL = w("tblPr"), w("tblStyle"), w("tblGrid"), w("gridCol")
TCPR, SHD, FILL, GRIDSPAN, TRPR, TBLHEADER = w("tcPr"), w("shd"), w("fill"), w("gridSpan"), w("trPr"), w("tblHeader")
SDTPR, DOCPART, GALLERY = w("sdtPr"), w("docPartObj"), w("docPartGallery")
LEADERS = frozenset(("dot", "hyphen", "underscore", "middleDot", "heavy"))
MAX_EMPHASIS_CHARS = 300
MAX_DEPTH = 64
# The most paragraphs (in the body, cells and content controls) a body, header or footer may
# hold: about 1,000 pages (a plan has a few thousand at most). Reading is linear in them, about
# 0.2 ms each; this bounds its time (a few seconds) whatever the part's size.
MAX_PARAGRAPHS = 20_000
MAX_FIELD_NESTING = 64  # open complex fields tracked (deeper ones are counted only)


@dataclass
class BlockElements:
    """A block stream and the elements behind it: ``paragraphs[block.index]`` and
    ``rows[row.key]``."""

    stream: BlockStream
    paragraphs: list[etree._Element] = field(default_factory=list)
    rows: list[etree._Element] = field(default_factory=list)


class _Fields:
    """Complex fields open across paragraphs: which paragraphs lie in a TOC field, and which
    hold a PAGEREF (a contents entry's page number).

    Constant work per field character, however many fields are open or however long their
    codes: each open field keeps only the start of its code (enough to tell TOC and PAGEREF)
    and whether it is a TOC; fields nested past ``MAX_FIELD_NESTING`` are only counted, so
    their 'end' still closes the right one."""

    CODE_KEPT = 16

    def __init__(self) -> None:
        self.open: list[list] = []  # per open field: [start of its code, is a TOC]
        self.tocs = 0  # open fields that are TOC fields
        self.uncounted = 0  # begins past MAX_FIELD_NESTING not yet ended

    def scan(self, paragraph: etree._Element) -> tuple[bool, bool]:
        in_toc = self.tocs > 0
        page_ref = False
        if next(paragraph.iter(FLD_CHAR, INSTR, FLD_SIMPLE), None) is None:
            return in_toc, False
        for node in paragraph.iter(FLD_CHAR, INSTR, FLD_SIMPLE):
            tag = node.tag
            if tag == FLD_CHAR:
                kind = node.get(FLD_TYPE)
                if kind == "begin":
                    if len(self.open) < MAX_FIELD_NESTING:
                        self.open.append(["", False])
                    else:
                        self.uncounted += 1
                elif kind == "end":
                    if self.uncounted:
                        self.uncounted -= 1
                    elif self.open and self.open.pop()[1]:
                        self.tocs -= 1
            elif tag == INSTR:
                if self.open and not self.uncounted:
                    field = self.open[-1]
                    if len(field[0]) < self.CODE_KEPT:
                        field[0] = (field[0] + (node.text or "")).lstrip()[: self.CODE_KEPT]
                    code = field[0].upper()
                    if code.startswith("TOC"):
                        in_toc = True
                        if not field[1]:
                            field[1] = True
                            self.tocs += 1
                    elif code.startswith("PAGEREF"):
                        page_ref = True
            else:
                code = (node.get(INSTR_ATTR) or "").lstrip()[: self.CODE_KEPT].upper()
                if code.startswith("TOC"):
                    in_toc = True
                elif code.startswith("PAGEREF"):
                    page_ref = True
        return in_toc, page_ref


class _Builder:
    def __init__(self, styles: StyleSheet, file: str | None = None) -> None:
        self.styles = styles
        self.file = file
        self.out = BlockElements(BlockStream())
        self.fields = _Fields()
        self.toc_controls = 0

    # -- containers ---------------------------------------------------------------------------

    def children(self, container: etree._Element, *, depth: int, where: str | None, prefix: str,
                 table: int | None, row: int | None, cell: int | None) -> list[Item]:
        items: list[Item] = []
        for child in container:
            tag = child.tag
            if tag == P:
                items.append(("p", self.paragraph(child, where, depth, table, row, cell)))
            elif tag == TBL:
                if depth < MAX_DEPTH:
                    items.append(("t", self.table(child, depth, prefix)))
            elif tag in WRAPPERS:
                content = unwrap(child)
                if content is None:
                    continue
                toc = tag == SDT and is_contents_control(child)
                self.toc_controls += toc
                items.extend(self.children(content, depth=depth, where=where, prefix=prefix,
                                           table=table, row=row, cell=cell))
                self.toc_controls -= toc
        return items

    def table(self, tbl: etree._Element, depth: int, prefix: str) -> int:
        stream = self.out.stream
        number = len(stream.tables) + 1
        where = f"{prefix}table {number}"
        tblpr = tbl.find(TBLPR)
        style = tblpr.find(TBLSTYLE) if tblpr is not None else None
        grid = tbl.find(TBLGRID)
        info = TableInfo(index=number, rows=[], where=where, depth=depth,
                         style=self.styles.name(style.get(VAL)) if style is not None else None,
                         columns=len(grid.findall(GRIDCOL)) if grid is not None else 0)
        stream.tables.append(info)
        for row_number, tr in enumerate(table_rows(tbl), start=1):
            trpr, cells = row_parts(tr)
            key = len(stream.rows)
            self.out.rows.append(tr)
            row = RowInfo(key=key, table=number, index=row_number, cells=[],
                          header=trpr is not None and toggle(trpr.find(TBLHEADER)) is True)
            stream.rows.append(row)
            info.rows.append(key)
            for cell_number, tc in enumerate(cells, start=1):
                where_cell = f"{where}, row {row_number}, cell {cell_number}"
                start = len(stream.blocks)
                items = self.children(tc, depth=depth + 1, where=where_cell, prefix=f"{where_cell}, nested ",
                                      table=number, row=key, cell=cell_number)
                blocks = list(range(start, len(stream.blocks)))
                text = " ".join(stream.blocks[index].text for index in blocks)
                shaded, span = cell_look(tc)
                row.cells.append(CellInfo(items=items, blocks=blocks, text=text, shaded=shaded, span=span))
            row.seal()
        return number

    # -- paragraphs ---------------------------------------------------------------------------

    def paragraph(self, p: etree._Element, where: str | None, depth: int, table: int | None,
                  row: int | None, cell: int | None) -> int:
        stream = self.out.stream
        index = len(stream.blocks)
        if index >= MAX_PARAGRAPHS:
            raise DocumentTooLargeError(
                f"has more than {MAX_PARAGRAPHS:,} paragraphs (about 1,000 pages), more than ehcpdocs reads",
                file=self.file,
            )
        self.out.paragraphs.append(p)
        if where is None:
            stream.body_paragraphs += 1
            where = f"paragraph {stream.body_paragraphs}"
        text = paragraph_text(p)
        ppr = p[0] if len(p) and p[0].tag == PPR else None
        style_id = level = None
        numbered = leader = False
        if ppr is not None:
            for child in ppr:
                tag = child.tag
                if tag == PSTYLE:
                    style_id = child.get(VAL)
                elif tag == OUTLINE:
                    value = child.get(VAL, "")
                    level = small_number(value, 0, 8)
                elif tag == NUMPR:
                    numbered = True
                elif tag == TABS:
                    leader = any(tab.get(LEADER) in LEADERS for tab in child)
        style_name = None
        in_toc, page_ref = self.fields.scan(p)
        if style_id is not None:
            if level is None:
                level = self.styles.heading_level(style_id)
            style_name = self.styles.name(style_id)
            lowered = style_name.lower()
            if lowered.startswith("toc") or lowered.startswith("table of"):
                in_toc = True
                if lowered.startswith("toc heading"):
                    level = None
        bold = len(text) <= MAX_EMPHASIS_CHARS and self.all_bold(p, style_id)
        stream.blocks.append(Block(
            index, text, where, style_name, level, bold, numbered, in_toc or self.toc_controls > 0, page_ref, leader,
            table, row, cell, depth,
        ))
        return index

    def all_bold(self, paragraph: etree._Element, style_id: str | None) -> bool:
        """True when every piece of visible text is bold (directly, by its run's character
        style or by the paragraph's style)."""
        paragraph_bold = None
        seen = False
        for t in paragraph.iter(T):
            text = t.text
            if not text or text.isspace():
                continue
            run = t.getparent()
            rpr = run[0] if len(run) and run[0].tag == RPR else None
            bold = None
            if rpr is not None:
                bold = toggle(rpr.find(B))
                if bold is None:
                    rstyle = rpr.find(RSTYLE)
                    if rstyle is not None and self.styles.is_bold(rstyle.get(VAL)):
                        bold = True
            if bold is None:
                if paragraph_bold is None:
                    paragraph_bold = self.styles.is_bold(style_id)
                bold = paragraph_bold
            if not bold:
                return False
            seen = True
        return seen


def small_number(value: str, lowest: int, highest: int) -> int | None:
    """A decimal attribute value within [lowest, highest], else None. ASCII digits only:
    ``str.isdigit`` also accepts '²', which ``int`` refuses; and no ``int`` of 4,300 digits."""
    if not value or len(value) > 4 or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if lowest <= number <= highest else None


def cell_look(tc: etree._Element) -> tuple[bool, int]:
    """Whether a cell is shaded (a fill other than white or automatic) and its column span."""
    tcpr = tc[0] if len(tc) and tc[0].tag == TCPR else None
    shaded, span = False, 1
    if tcpr is None:
        return shaded, span
    for child in tcpr:
        tag = child.tag
        if tag == SHD:
            fill = (child.get(FILL) or "").upper()
            shaded = bool(fill) and fill not in ("AUTO", "FFFFFF")
        elif tag == GRIDSPAN:
            value = child.get(VAL, "1")
            span = small_number(value, 1, 64) or 1
    return shaded, span


def is_contents_control(sdt: etree._Element) -> bool:
    """True for a content control Word made for a table of contents (docPartGallery)."""
    sdtpr = sdt.find(SDTPR)
    if sdtpr is None:
        return False
    for gallery in sdtpr.iter(GALLERY):
        if "contents" in (gallery.get(VAL) or "").lower():
            return True
    return False


def read_blocks(container: etree._Element | None, styles: StyleSheet, *, file: str | None = None) -> BlockElements:
    """The block stream of a body, header or footer, and the elements behind it; ``file``
    names the document in errors (one with over ``MAX_PARAGRAPHS`` paragraphs is refused)."""
    builder = _Builder(styles, file)
    if container is not None:
        builder.out.stream.items = builder.children(container, depth=0, where=None, prefix="",
                                                    table=None, row=None, cell=None)
    return builder.out
