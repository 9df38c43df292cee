"""Write an edit script into a Word document: the marked-up plan or the final plan.

The writer works on the paragraphs and rows the edit script names and touches nothing else:
runs are split only where a change starts or ends, kept text keeps its runs, and new text takes
a copy of the formatting of the text it sits in. How a deletion or an addition looks is the
job of a *scheme*:

- ``BoldStrike``: removed words struck through, new words bold (the council convention). Every
  amendment run also carries a character style (``EhcpDeletion...`` / ``EhcpAddition...``)
  whose look is the same, so the marks can be told apart from the plan's own bold later;
- ``Final``: removed words gone, new words in the surrounding formatting, no trace of markup.

Other schemes (tracked changes, the Tribunal key) plug in the same way.
"""

from __future__ import annotations

import copy
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from lxml import etree

from ..model.edits import Edit, EditScript
from .props import property_on
from .runs import ensure_rpr, get_style, remove_property, set_property
from .reading import PlanDocument
from .tables import block_content, row_cells
from .text import (
    P,
    PPR,
    RPR,
    TEXT_BEARING,
    append_text,
    isolate,
    new_run_like,
    paragraph_atoms,
)
from .xml import w

ADDITION_STYLE = "EhcpAddition"
DELETION_STYLE = "EhcpDeletion"
RANGE_MARKERS = {w("bookmarkStart"), w("bookmarkEnd"), w("commentRangeStart"), w("commentRangeEnd")}


@dataclass
class MarkStyles:
    """The amendment character styles a document needs: id -> (name, based on, look)."""

    needed: dict[str, tuple[str, str | None, tuple[str, ...]]] = field(default_factory=dict)

    def addition(self, base: str | None, context_bold: bool) -> str:
        style_id = ADDITION_STYLE + ("Bold" if context_bold else "") + (base or "")
        name = "EHCP amendment: addition" + (" in bold" if context_bold else "") + (f" ({base})" if base else "")
        self.needed[style_id] = (name, base, ("b", "bCs"))
        return style_id

    def deletion(self, base: str | None) -> str:
        style_id = DELETION_STYLE + (base or "")
        name = "EHCP amendment: deletion" + (f" ({base})" if base else "")
        self.needed[style_id] = (name, base, ("strike",))
        return style_id


def base_style(style_id: str | None) -> str | None:
    """The plan's own character style under an amendment style id (None for none)."""
    if not style_id:
        return None
    for prefix in (ADDITION_STYLE + "Bold", ADDITION_STYLE, DELETION_STYLE):
        if style_id.startswith(prefix):
            return style_id[len(prefix):] or None
    return style_id


class Scheme(ABC):
    """How deletions and additions are shown. Subclasses override the hooks."""

    name = "scheme"

    def __init__(self) -> None:
        self.styles = MarkStyles()

    @abstractmethod
    def delete_runs(self, runs: list[etree._Element]) -> None:
        """Show these runs (whole runs of removed text) as removed."""

    @abstractmethod
    def added_run(self, template: etree._Element | None, text: str) -> etree._Element:
        """A run of new text, formatted like ``template`` and shown as added."""

    def remove_paragraph(self, paragraph: etree._Element) -> None:
        runs = {atom.node.getparent() for atom in isolate(paragraph, set()) if atom.text}
        self.delete_runs(ordered(paragraph, runs))

    def remove_row(self, row: etree._Element) -> None:
        for paragraph in row.iter(P):
            self.remove_paragraph(paragraph)

    def added_paragraph(self, paragraph: etree._Element) -> None:  # noqa: B027 - an optional hook
        """Hook for a new paragraph once built (tracked changes mark its paragraph mark)."""

    def added_row(self, row: etree._Element) -> None:  # noqa: B027 - an optional hook
        """Hook for a new row once built."""


class BoldStrike(Scheme):
    """Removed words struck through, new words in bold, each with an amendment style."""

    name = "bold-strike"

    def delete_runs(self, runs: list[etree._Element]) -> None:
        for run in runs:
            rpr = ensure_rpr(run)
            set_property(rpr, "rStyle", self.styles.deletion(base_style(get_style(rpr))))
            remove_property(rpr, "dstrike")
            set_property(rpr, "strike")

    def added_run(self, template: etree._Element | None, text: str) -> etree._Element:
        run = new_run_like(template)
        rpr = ensure_rpr(run)
        context_bold = property_on(rpr, "b")
        set_property(rpr, "rStyle", self.styles.addition(base_style(get_style(rpr)), context_bold))
        remove_property(rpr, "strike", "dstrike", "vanish")
        set_property(rpr, "b")
        set_property(rpr, "bCs")
        append_text(run, text)
        return run


class Final(Scheme):
    """The amendments applied, clean: removed words gone, new words plain."""

    name = "final"

    def delete_runs(self, runs: list[etree._Element]) -> None:
        for run in runs:
            for child in list(run):
                if child.tag in TEXT_BEARING:
                    run.remove(child)
            if all(child.tag == RPR for child in run):
                run.getparent().remove(run)

    def added_run(self, template: etree._Element | None, text: str) -> etree._Element:
        run = new_run_like(template)
        append_text(run, text)
        return run

    def remove_paragraph(self, paragraph: etree._Element) -> None:
        parent = paragraph.getparent()
        ppr = paragraph.find(PPR)
        if ppr is not None and ppr.find(w("sectPr")) is not None:
            for child in list(paragraph):
                if child.tag != PPR:
                    paragraph.remove(child)
            return
        for marker in [el for el in paragraph.iter() if el.tag in RANGE_MARKERS]:
            paragraph.addprevious(marker)
        parent.remove(paragraph)
        keep_cell_valid(parent)

    def remove_row(self, row: etree._Element) -> None:
        table = row.getparent()
        while table is not None and table.tag != w("tbl"):
            table = table.getparent()
        row.getparent().remove(row)
        if table is not None and not any(True for _ in table.iter(w("tr"))):
            container = table.getparent()
            container.remove(table)
            keep_cell_valid(container)


def keep_cell_valid(container: etree._Element) -> None:
    """A table cell must end with a paragraph; give it an empty one when it has none."""
    if container is not None and container.tag == w("tc") and container.find(P) is None:
        etree.SubElement(container, P)


def ordered(paragraph: etree._Element, runs: set) -> list[etree._Element]:
    return [run for run in paragraph.iter(w("r")) if run in runs]


class DocumentWriter:
    """Applies one edit script to one copy of a plan's document tree."""

    def __init__(self, document: PlanDocument, scheme: Scheme, *, in_place: bool = False) -> None:
        self.document = document
        self.scheme = scheme
        if in_place:
            self.root = document.root
            self.paragraph_of = lambda key: document.paragraphs[key]
            self.row_of = lambda key: document.rows[key]
        else:
            self.root, mapping = clone_with_map(document.root, document.paragraphs + document.rows)
            self.paragraph_of = lambda key: mapping[document.paragraphs[key]]
            self.row_of = lambda key: mapping[document.rows[key]]
        self.new_paragraphs: dict[int, etree._Element] = {}
        self.new_rows: dict[int, etree._Element] = {}

    def apply(self, script: EditScript) -> etree._Element:
        for change in script.changes:
            apply_edits(self.paragraph_of(change.key), change.edits, self.scheme)
        for addition in script.additions:
            self.add_paragraph(addition)
        for row in script.row_additions:
            self.add_row(row)
        for removal in script.removals:
            self.scheme.remove_paragraph(self.paragraph_of(removal.key))
        for removal in script.row_removals:
            self.scheme.remove_row(self.row_of(removal.key))
        return self.root

    def element(self, ident: int) -> etree._Element:
        return self.new_paragraphs[ident] if ident < 0 else self.paragraph_of(ident)

    def add_paragraph(self, addition) -> None:
        like = self.paragraph_of(addition.like) if addition.like >= 0 else self.element(addition.like)
        paragraph = build_paragraph(like, addition.text, self.scheme)
        if addition.after is not None:
            self.element(addition.after).addnext(paragraph)
        else:
            self.element(addition.before).addprevious(paragraph)
        self.new_paragraphs[addition.ident] = paragraph
        self.scheme.added_paragraph(paragraph)

    def add_row(self, addition) -> None:
        like = self.row_of(addition.like) if addition.like >= 0 else self.new_rows[addition.like]
        after = self.row_of(addition.after) if addition.after >= 0 else self.new_rows[addition.after]
        row = build_row(like, addition.cells, self.scheme)
        after.addnext(row)
        self.new_rows[addition.ident] = row
        self.scheme.added_row(row)


def clone_with_map(root: etree._Element, elements: list[etree._Element]):
    """A deep copy of a tree and a map from the given original elements to their copies.

    Elements are matched by their position among the elements of the same tag in document
    order, which a deep copy keeps.
    """
    clone = copy.deepcopy(root)
    mapping = {}
    for tag in {element.tag for element in elements}:
        position = {element: index for index, element in enumerate(root.iter(tag))}
        copies = list(clone.iter(tag))
        for element in elements:
            if element.tag == tag:
                mapping[element] = copies[position[element]]
    return clone, mapping


def apply_edits(paragraph: etree._Element, edits: tuple[Edit, ...], scheme: Scheme) -> None:
    """Strike (or drop) the deleted words of a paragraph and add the new ones where they go."""
    deletions: list[tuple[int, int]] = []
    insertions: list[tuple[int, str]] = []
    position = 0
    for edit in edits:
        if edit.op == "equal":
            position += len(edit.text)
        elif edit.op == "delete":
            deletions.append((position, position + len(edit.text)))
            position += len(edit.text)
        else:
            insertions.append((position, edit.text))
    boundaries = {b for span in deletions for b in span} | {k for k, _ in insertions}
    atoms = [atom for atom in isolate(paragraph, boundaries) if atom.text]
    placed = []
    for offset, text in insertions:
        before = next((a for a in reversed(atoms) if a.end == offset), None)
        after = next((a for a in atoms if a.start == offset), None)
        if before is not None:
            run = before.node.getparent()
            new = scheme.added_run(run, text)
            placed.append((run, "after", new))
        elif after is not None:
            run = after.node.getparent()
            new = scheme.added_run(run, text)
            placed.append((run, "before", new))
        else:
            new = scheme.added_run(template_run(paragraph), text)
            placed.append((paragraph, "append", new))
    for anchor, where, new in placed:
        if where == "after":
            anchor.addnext(new)
        elif where == "before":
            anchor.addprevious(new)
        else:
            anchor.append(new)
    for start, end in deletions:
        runs = []
        for atom in atoms:
            if start <= atom.start and atom.end <= end:
                run = atom.node.getparent()
                if run not in runs:
                    runs.append(run)
        scheme.delete_runs(runs)


def template_run(paragraph: etree._Element) -> etree._Element | None:
    """The run whose formatting new text in this paragraph should take: its first text run,
    else one made from the paragraph mark's formatting."""
    for atom in paragraph_atoms(paragraph):
        if atom.text:
            return atom.node.getparent()
    ppr = paragraph.find(PPR)
    mark = ppr.find(RPR) if ppr is not None else None
    if mark is None:
        return None
    run = etree.Element(w("r"))
    props = copy.deepcopy(mark)
    remove_property(props, "ins", "del", "moveFrom", "moveTo", "rPrChange")
    run.append(props)
    return run


PPR_DROP = ("sectPr", "pPrChange")


def build_paragraph(like: etree._Element, text: str, scheme: Scheme) -> etree._Element:
    """A new paragraph formatted like ``like`` (style, numbering, indents) holding ``text``."""
    paragraph = etree.Element(P)
    ppr = like.find(PPR)
    if ppr is not None:
        ppr = copy.deepcopy(ppr)
        for name in PPR_DROP:
            for element in ppr.findall(w(name)):
                ppr.remove(element)
        mark = ppr.find(RPR)
        if mark is not None:
            remove_property(mark, "ins", "del", "moveFrom", "moveTo")
        paragraph.append(ppr)
    if text:
        paragraph.append(scheme.added_run(template_run(like), text))
    return paragraph


TRPR_DROP = ("tblHeader", "ins", "del", "trPrChange", "cnfStyle")


def build_row(like: etree._Element, cells: tuple[tuple[str, ...], ...], scheme: Scheme) -> etree._Element:
    """A new row with the row and cell properties of ``like``, one text per cell paragraph."""
    row = copy.deepcopy(like)
    trpr = row.find(w("trPr"))
    if trpr is not None:
        for name in TRPR_DROP:
            for element in trpr.findall(w(name)):
                trpr.remove(element)
    for tc, texts in zip(list(row_cells(row)), cells):
        first = next((child for child in block_content(tc) if child.tag == P), None)
        template = first if first is not None else etree.Element(P)
        tcpr = tc.find(w("tcPr"))
        if tcpr is not None:
            for element in tcpr.findall(w("vMerge")):
                tcpr.remove(element)
        for child in list(tc):
            if child.tag != w("tcPr"):
                tc.remove(child)
        for text in texts or ("",):
            tc.append(build_paragraph(template, text, scheme))
    return row
