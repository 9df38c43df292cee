"""A document's body as a flat sequence of comparable units: paragraphs and table rows.

Any .docx can be compared, not only plans, so the whole body is read in document order: a body
paragraph is one unit, a table row is one unit holding its cells, and each cell holds its
paragraphs (those of nested tables included, in reading order). Block content controls and
custom XML are looked through. Paragraphs inside text boxes are not body units: ``textboxes``
reads them as a flow of their own (the boxes' paragraphs in document order), taking each box
once: Word stores a box twice, as DrawingML and as a VML fallback copy. ``unit_texts`` reduces
units to the plain text the comparison works on (``model.comparison.UnitText``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml import etree

from ..model.comparison import UnitText
from .package import Package
from .props import toggle
from .tables import block_content, row_cells, table_rows
from .text import paragraph_text
from .xml import MC_NS, W14_NS, w

P, TBL, TR, TC = w("p"), w("tbl"), w("tr"), w("tc")
TEXTBOX = w("txbxContent")


@dataclass
class Cell:
    """One cell of a row: its element and its paragraphs' elements and texts."""

    element: etree._Element
    paragraphs: list[etree._Element]
    texts: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.texts)


@dataclass
class Unit:
    """A body paragraph (``kind == "p"``), a table row (``"row"``) or a text box (``"box"``)."""

    kind: str
    element: etree._Element
    text: str
    table: etree._Element | None = None
    cells: list[Cell] = field(default_factory=list)
    position: str = ""


@dataclass
class FlatBody:
    """The units of a body in document order, and what was seen but is not a unit."""

    body: etree._Element
    units: list[Unit]
    textbox_paragraphs: int = 0


def cell_paragraphs(tc: etree._Element) -> list[etree._Element]:
    """A cell's paragraphs in reading order, nested tables included, text boxes excluded."""
    found = []
    for paragraph in tc.iter(P):
        if not in_textbox(paragraph, tc):
            found.append(paragraph)
    return found


def in_textbox(element: etree._Element, stop: etree._Element | None = None) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == TEXTBOX:
            return True
        parent = parent.getparent()
    return False


def row_unit(tr: etree._Element, table: etree._Element) -> Unit:
    cells = []
    for tc in row_cells(tr):
        paragraphs = cell_paragraphs(tc)
        cells.append(Cell(tc, paragraphs, [paragraph_text(p) for p in paragraphs]))
    text = "\t|\t".join(cell.text for cell in cells)
    return Unit("row", tr, text, table=table, cells=cells)


def flatten(root: etree._Element) -> FlatBody:
    """The body of a main document part as units (see the module docstring)."""
    body = root.find(w("body"))
    if body is None:
        body = root
    units: list[Unit] = []
    counts = {"p": 0, "tbl": 0}

    for child in block_content(body):
        if child.tag == P:
            counts["p"] += 1
            units.append(Unit("p", child, paragraph_text(child), position=f"paragraph {counts['p']}"))
        else:
            counts["tbl"] += 1
            for number, tr in enumerate(table_rows(child), start=1):
                unit = row_unit(tr, child)
                unit.position = f"table {counts['tbl']}, row {number}"
                units.append(unit)
    textbox = sum(1 for p in body.iter(P) if in_textbox(p, body))
    return FlatBody(body=body, units=units, textbox_paragraphs=textbox)


def unit_texts(flat: FlatBody) -> list[UnitText]:
    """The units reduced to the text the comparison aligns and diffs."""
    return [UnitText(unit.kind, unit.text, tuple(tuple(cell.texts) for cell in unit.cells)) for unit in flat.units]


FALLBACK = f"{{{MC_NS}}}Fallback"


def textboxes(root: etree._Element) -> FlatBody:
    """The document's text boxes in document order, each as a one-cell unit holding its paragraphs."""
    body = root.find(w("body"))
    if body is None:
        body = root
    units = []
    for box in body.iter(TEXTBOX):
        if any(ancestor.tag in (FALLBACK, TEXTBOX) for ancestor in box.iterancestors()):
            continue
        paragraphs = [p for p in box.iter(P) if not in_textbox(p, box)]
        cell = Cell(box, paragraphs, [paragraph_text(p) for p in paragraphs])
        units.append(Unit("box", box, cell.text, cells=[cell], position=f"text box {len(units) + 1}"))
    return FlatBody(body=body, units=units)


def box_host(box: etree._Element) -> etree._Element | None:
    """The paragraph a text box is anchored in (not one inside another box)."""
    for ancestor in box.iterancestors():
        if ancestor.tag == P:
            return ancestor
    return None


def sync_fallbacks(root: etree._Element) -> None:
    """Make each box's VML fallback copy hold the same content as its DrawingML original."""
    for alternate in root.iter(f"{{{MC_NS}}}AlternateContent"):
        choice = alternate.find(f"{{{MC_NS}}}Choice")
        fallback = alternate.find(FALLBACK)
        if choice is None or fallback is None:
            continue
        originals = [b for b in choice.iter(TEXTBOX) if not any(a.tag == TEXTBOX for a in b.iterancestors() if a is not choice)]
        copies = [b for b in fallback.iter(TEXTBOX)]
        if len(originals) != len(copies):
            continue
        for original, copied in zip(originals, copies):
            for child in list(copied):
                copied.remove(child)
            for child in original:
                duplicate = copy.deepcopy(child)
                for element in duplicate.iter():
                    for name in [n for n in element.attrib if n.startswith(f"{{{W14_NS}}}")]:
                        del element.attrib[name]
                copied.append(duplicate)


class ParsedPackage(Package):
    """A package whose main part is already parsed: the plan reader then finds sections in
    the very tree the comparison works on, so its elements need no matching up."""

    root: etree._Element | None = None

    @classmethod
    def of(cls, package: Package, root: etree._Element) -> "ParsedPackage":
        parsed = cls(parts=package.parts, main_part=package.main_part, name=package.name)
        parsed.root = root
        return parsed

    def xml(self, part: str) -> etree._Element | None:
        if part == self.main_part and self.root is not None:
            return self.root
        return super().xml(part)


def element_sections(paragraphs, rows, sections) -> dict:
    """Each paragraph and row element a plan section owns -> its letter."""
    owner: dict[etree._Element, str] = {}
    for letter, section in sections.items():
        for place in section.places:
            owner.setdefault(paragraphs[place.key], letter)
        for row in section.rows:
            owner.setdefault(rows[row.key], letter)
    return owner


@dataclass
class Piece:
    """A run's visible text in a marked-up document, and how it is marked.

    ``mark`` is 'addition' or 'deletion' for ehcpdocs' own amendment styles and tracked
    insertions/deletions, else None; ``struck`` and ``bold`` say how the run looks by direct
    formatting (hand-made marks); ``kept`` means an ehcpdocs addition sat in text that already
    had its look (bold in a bold heading), so accepting it keeps that look.
    """

    run: etree._Element
    text: str
    mark: str | None
    struck: bool
    bold: bool
    kept: bool = False
    tracked: bool = False
    direct_bold: bool = False


def _on(rpr: etree._Element | None, name: str) -> bool | None:
    return toggle(rpr.find(w(name))) if rpr is not None else None


def pieces(paragraph: etree._Element, styles=None) -> list[Piece]:
    """The runs of a paragraph in reading order, tracked deletions included, with their marks."""
    from .tracked import mark_of  # the amendment styles are defined beside the schemes

    found: list[Piece] = []
    paragraph_bold = False
    if styles is not None:
        ppr = paragraph.find(w("pPr"))
        pstyle = ppr.find(w("pStyle")) if ppr is not None else None
        paragraph_bold = styles.is_bold(pstyle.get(w("val")) if pstyle is not None else None)

    def walk(container: etree._Element, tracked: str | None) -> None:
        for child in container:
            tag = child.tag
            if tag == w("r"):
                add_run(child, tracked)
            elif tag in (w("ins"), w("moveTo")):
                walk(child, "addition")
            elif tag in (w("del"), w("moveFrom")):
                walk(child, "deletion")
            elif tag in (w("hyperlink"), w("smartTag"), w("customXml"), w("sdt"), w("sdtContent"), w("fldSimple"),
                         w("bdo"), w("dir")):
                walk(child, tracked)

    def add_run(run: etree._Element, tracked: str | None) -> None:
        text = ""
        for node in run:
            if node.tag in (w("t"), w("delText")):
                text += node.text or ""
            elif node.tag in (w("tab"), w("ptab")):
                text += "\t"
            elif node.tag in (w("br"), w("cr")):
                text += "\n"
        if not text:
            return
        rpr = run.find(w("rPr"))
        style = rpr.find(w("rStyle")) if rpr is not None else None
        style_id = style.get(w("val")) if style is not None else None
        own = mark_of(style_id)
        struck = bool(_on(rpr, "strike") or _on(rpr, "dstrike"))
        direct_bold = _on(rpr, "b")
        if direct_bold is None:
            bold = bool(styles is not None and styles.is_bold(style_id)) or paragraph_bold
        else:
            bold = direct_bold
        mark = tracked or (own[0] if own else None)
        found.append(Piece(run, text, mark, struck, bold, kept=bool(own and own[2]), tracked=tracked is not None,
                           direct_bold=bool(direct_bold)))

    walk(paragraph, None)
    return found
