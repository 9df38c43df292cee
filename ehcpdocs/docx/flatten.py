"""A document's body as a flat sequence of comparable units: paragraphs and table rows.

Any .docx can be compared, not only plans, so the whole body is read in document order: a body
paragraph is one unit, a table row is one unit holding its cells, and each cell holds its
paragraphs (those of nested tables included, in reading order). Block content controls and
custom XML are looked through. Paragraphs inside text boxes are not body units: ``textboxes``
reads them as a flow of their own (the boxes' paragraphs in document order), taking each box
once: Word stores a box twice, as DrawingML and as a VML fallback copy.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml import etree

from .sections import iter_cells, iter_rows
from .text import paragraph_text
from .xml import MC_NS, W14_NS, w

P, TBL, TR, TC = w("p"), w("tbl"), w("tr"), w("tc")
SDT, SDT_CONTENT, CUSTOM_XML = w("sdt"), w("sdtContent"), w("customXml")
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
    for tc in iter_cells(tr):
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

    def walk(container: etree._Element) -> None:
        for child in container:
            if child.tag == P:
                units.append(Unit("p", child, paragraph_text(child)))
            elif child.tag == TBL:
                for tr in iter_rows(child):
                    units.append(row_unit(tr, child))
            elif child.tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    walk(content)
            elif child.tag in (CUSTOM_XML, f"{{{MC_NS}}}AlternateContent"):
                walk(child)

    walk(body)
    textbox = sum(1 for p in body.iter(P) if in_textbox(p, body))
    return FlatBody(body=body, units=units, textbox_paragraphs=textbox)


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
        units.append(Unit("box", box, cell.text, cells=[cell]))
    return FlatBody(body=body, units=units)


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


def section_map(plan_root: etree._Element, plan_paragraphs, plan_rows, sections, root: etree._Element) -> dict:
    """Each paragraph and row element of ``root`` that a plan section owns -> its letter.

    ``plan_root`` and ``root`` are two parses of the same part (the plan reader parses its own),
    so elements are matched by their position in document order.
    """
    positions = {element: index for index, element in enumerate(plan_root.iter(P, TR))}
    mine = list(root.iter(P, TR))
    owner: dict[etree._Element, str] = {}
    for letter, section in sections.items():
        for place in section.places:
            index = positions.get(plan_paragraphs[place.key])
            if index is not None:
                owner.setdefault(mine[index], letter)
        for row in section.rows:
            index = positions.get(plan_rows[row.key])
            if index is not None:
                owner.setdefault(mine[index], letter)
    return owner
