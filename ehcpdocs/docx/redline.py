"""The redline of two documents: a ``Comparison`` laid onto the new document, as .docx bytes.

The new document keeps its own formatting; words only in the new version are marked as added
where they stand, and words only in the old version are put back beside them, marked as
removed, with the formatting they had in the old version where the new document can hold it
(its character and paragraph styles, numbering; not its images, comments or links, which belong
to the old package). How a mark looks is the scheme's job (``docx.markup``, ``docx.tracked``):
a scheme's ``delete_runs``, ``added_run``, ``remove_paragraph``, ``remove_row``,
``added_paragraph`` and ``added_row`` hooks are used as the amendment writer uses them, plus
``mark_added`` for runs that are already in the document.

``Redline`` is what ``compare`` drives: it marks the body, then the text boxes (paired through
the body's paragraph pairs, so the comparison of the boxes comes after the body is marked), and
writes the package with the scheme's styles. ``RedlineWriter`` does the marking of one flow.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml import etree

from ..model.comparison import CellPair, Comparison, TextPair, UnitPair
from .comparison_input import LoadedDocument
from .flatten import FlatBody, Unit, box_host, sync_fallbacks, textboxes
from .markup import Scheme
from .output import add_styles
from .package import Package
from .runs import remove_property
from .text import RPR, append_text, is_hidden, isolate, iter_runs, new_run_like, paragraph_atoms
from .tracked import Tracked
from .write import package_bytes
from .xml import MC_NS, R_NS, W14_NS, serialize_xml, w

P, TBL, TR, TC = w("p"), w("tbl"), w("tr"), w("tc")
OBJECTS = {w("drawing"), w("pict"), w("object")}
ALTERNATE = f"{{{MC_NS}}}AlternateContent"
TEXTBOX = w("txbxContent")
DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
DROPPED_ON_COPY = {
    w("bookmarkStart"), w("bookmarkEnd"), w("commentRangeStart"), w("commentRangeEnd"),
    w("commentReference"), w("footnoteReference"), w("endnoteReference"), w("permStart"),
    w("permEnd"), w("proofErr"), w("sectPr"), w("pPrChange"), w("rPrChange"), w("annotationRef"),
}


@dataclass
class Targets:
    """What the new package defines, so copied old content only refers to things that exist."""

    style_ids: set[str] = field(default_factory=set)
    numbering_ids: set[str] = field(default_factory=set)


@dataclass
class CopyNotes:
    """Old content that could not be carried into the redline with the removed text."""

    objects: int = 0
    lost_box_paragraphs: int = 0
    carried_boxes: set = field(default_factory=set)
    paired_paragraphs: dict = field(default_factory=dict)


def mark_added(scheme: Scheme, runs: list[etree._Element]) -> None:
    """Show runs already in the document as added, through the scheme."""
    hook = getattr(scheme, "mark_added", None)
    if hook is not None:
        hook(runs)
        return
    for run in runs:
        # The scheme's look for new text, taken from a new run it makes like this one.
        model = scheme.added_run(run, "")
        new_rpr = model.find(RPR) if model.tag == w("r") else next(model.iter(RPR), None)
        old_rpr = run.find(RPR)
        if old_rpr is not None:
            run.remove(old_rpr)
        if new_rpr is not None:
            run.insert(0, copy.deepcopy(new_rpr))


class RedlineWriter:
    """Applies a ``Comparison`` to the new document's tree (in place)."""

    def __init__(self, scheme: Scheme, old: FlatBody, new: FlatBody, targets: Targets, *, notes: CopyNotes | None = None,
                 in_boxes: bool = False) -> None:
        self.scheme = scheme
        self.in_boxes = in_boxes
        self.old = old
        self.new = new
        self.targets = targets
        self.notes = notes or CopyNotes()
        self.paired_tables: dict[etree._Element, set[etree._Element]] = {}
        self.shells: dict[etree._Element, etree._Element] = {}
        self.shell_after: dict[etree._Element, etree._Element] = {}
        self.next_drawing_id: int | None = None
        self.table_of: dict[etree._Element, etree._Element] = {}

    # -- the body ---------------------------------------------------------------------------

    def apply(self, comparison: Comparison) -> None:
        """Mark every pair in reading order; removed units go back after the last new one."""
        for pair in comparison.pairs:
            if pair.kind == "row" and pair.old is not None and pair.new is not None:
                old_table = self.old.units[pair.old].table
                self.paired_tables.setdefault(old_table, set()).add(self.new.units[pair.new].table)
        for unit in self.new.units:
            if unit.kind == "row":
                self.table_of[unit.element] = unit.table
        cursor: etree._Element | None = None  # the last element of the new body in reading order
        pending_start: list[UnitPair] = []
        for index, pair in enumerate(comparison.pairs):
            if pair.new is not None:
                unit = self.new.units[pair.new]
                if pending_start:
                    self.place_before(pair, pending_start)
                    pending_start = []
                self.apply_pair(pair, unit)
                cursor = unit.element
                continue
            if cursor is None:
                pending_start.append(pair)
                continue
            cursor = self.place_removed(pair, cursor, comparison.pairs[index + 1:])
        if pending_start:
            self.place_at_end(pending_start)

    def apply_pair(self, pair: UnitPair, unit: Unit) -> None:
        if pair.old is None:
            if unit.kind == "p":
                self.mark_paragraph_added(unit.element)
            else:
                for cell in unit.cells:
                    for paragraph in cell.paragraphs:
                        self.mark_runs_added(paragraph)
                if unit.kind == "row":
                    self.scheme.added_row(unit.element)
            return
        old_unit = self.old.units[pair.old]
        if unit.kind == "p":
            self.lay_on(pair.paragraph, old_unit.element, unit.element)
        elif pair.cells:
            self.lay_on_row(pair, old_unit, unit)
        else:  # the same text throughout: note which paragraph is which, for text boxes
            for old_cell, new_cell in zip(old_unit.cells, unit.cells):
                self.notes.paired_paragraphs.update(zip(old_cell.paragraphs, new_cell.paragraphs))

    def place_removed(self, pair: UnitPair, cursor: etree._Element, following: list[UnitPair]) -> etree._Element:
        """Put an old unit back after ``cursor``, marked removed; returns the new cursor."""
        old_unit = self.old.units[pair.old]
        if pair.kind == "box":
            if old_unit.element not in self.notes.carried_boxes and not self.carry_box(old_unit.element):
                self.notes.lost_box_paragraphs += len(old_unit.cells[0].paragraphs)  # no box left to hold them
            return cursor
        if pair.kind == "p":
            paragraph = self.copy_old(old_unit.element)
            if cursor.tag == TR:
                self.split_after(cursor)
            self.block_after(cursor).addnext(paragraph)
            self.remove_copy(paragraph)
            return paragraph
        row = self.copy_old(old_unit.element)
        cursor_table = self.table_of.get(cursor)
        if cursor.tag == TR and cursor_table in self.paired_tables.get(old_unit.table, set()) | {self.shells.get(old_unit.table)}:
            cursor.addnext(row)
        else:
            next_row = self.next_paired_row(old_unit.table, following)
            if next_row is not None:
                next_row.addprevious(row)
                cursor_table = self.table_of[next_row]
            else:
                block = self.block_after(cursor)
                shell = self.shells.get(old_unit.table)
                if shell is None or self.shell_after.get(shell) is not block:
                    # rows removed among another table's rows go together in one table after it
                    shell = self.shell_for(old_unit.table)
                    block.addnext(shell)
                    self.shell_after[shell] = block
                shell.append(row)
                cursor_table = shell
        self.table_of[row] = cursor_table
        self.scheme.remove_row(row)
        self.strike_hidden(row)
        return row

    def carry_box(self, box: etree._Element) -> bool:
        """Put a removed text box back into the new paragraph paired with its old host, its text
        marked removed; False when the host has no pair or the box needs the old package."""
        holder = host = None
        for ancestor in box.iterancestors():
            if ancestor.tag == w("r"):
                holder = ancestor
            elif ancestor.tag == P:
                host = ancestor
                break
        if holder is None or host is None:
            return False
        target = self.notes.paired_paragraphs.get(host)
        if target is None:
            return False
        run = self.copy_old(holder)
        if not any(True for _ in run.iter(TEXTBOX)):
            return False  # the box refers to the old package (an image fill, a link): not carried
        target.append(run)
        for inner in list(run.iter(P)):
            self.scheme.remove_paragraph(inner)
            self.strike_hidden(inner)
        if isinstance(self.scheme, Tracked):
            self.scheme.delete_runs([run])  # the box itself is a tracked removal too
        return True

    def split_after(self, row: etree._Element) -> None:
        """Split a new table after ``row``, so removed paragraphs can stand where they were."""
        table = row.getparent()
        if table.tag != TBL or row.getnext() is None:
            return
        following = []
        sibling = row.getnext()
        while sibling is not None:
            following.append(sibling)
            sibling = sibling.getnext()
        if not any(element.tag == TR for element in following):
            return
        rest = etree.Element(TBL)
        for child in table:
            if child.tag in (w("tblPr"), w("tblGrid")):
                rest.append(copy.deepcopy(child))
        for element in following:
            rest.append(element)
            if element.tag == TR:
                self.table_of[element] = rest
        table.addnext(rest)
        for tables in self.paired_tables.values():
            if table in tables:
                tables.add(rest)

    def next_paired_row(self, old_table: etree._Element, following: list[UnitPair]) -> etree._Element | None:
        """The next new row, if it comes next in reading order and its table pairs with ``old_table``."""
        for pair in following:
            if pair.new is None:
                continue
            unit = self.new.units[pair.new]
            if unit.kind == "row" and self.table_of.get(unit.element) in self.paired_tables.get(old_table, ()):
                return unit.element
            return None
        return None

    def shell_for(self, old_table: etree._Element) -> etree._Element:
        """A new, empty table with the old table's properties and grid, for its removed rows."""
        shell = etree.Element(TBL)
        for child in old_table:
            if child.tag in (w("tblPr"), w("tblGrid")):
                shell.append(self.sanitise(copy.deepcopy(child)))
        self.shells[old_table] = shell
        return shell

    def block_after(self, cursor: etree._Element) -> etree._Element:
        """The body-level block after which a paragraph or table may follow ``cursor``."""
        if cursor.tag != TR:
            return cursor
        table = self.table_of.get(cursor)
        if table is None:
            table = next(a for a in cursor.iterancestors(TBL))
        following = table.getnext()
        while following is not None and self.shell_after.get(following) is table:
            table, following = following, following.getnext()  # past removed rows put after it
        return table

    def place_before(self, first: UnitPair, removed: list[UnitPair]) -> None:
        """Old units that came before everything in the new document."""
        unit = self.new.units[first.new]
        if unit.kind == "box":
            for pair in removed:
                self.place_removed(pair, unit.element, [])
            return
        anchor = unit.element if unit.kind == "p" else unit.table
        marker = etree.Element(P)
        anchor.addprevious(marker)
        cursor = marker
        for index, pair in enumerate(removed):
            cursor = self.place_removed(pair, cursor, removed[index + 1:] + [first])
        marker.getparent().remove(marker)

    def place_at_end(self, removed: list[UnitPair]) -> None:
        """Old units, when the new document has none of its own."""
        if self.in_boxes:
            for pair in removed:
                self.place_removed(pair, self.new.body, [])
            return
        body = self.new.body
        marker = etree.Element(P)
        last = body[-1] if len(body) else None
        if last is not None and last.tag == w("sectPr"):
            last.addprevious(marker)
        else:
            body.append(marker)
        cursor = marker
        for pair in removed:
            cursor = self.place_removed(pair, cursor, [])
        marker.getparent().remove(marker)

    # -- rows and cells -----------------------------------------------------------------------

    def lay_on_row(self, pair: UnitPair, old_unit: Unit, unit: Unit) -> None:
        previous_cell: etree._Element | None = None
        pending: list[CellPair] = []
        for cell_pair in pair.cells:
            if cell_pair.new is None:
                pending.append(cell_pair)
                continue
            new_cell = unit.cells[cell_pair.new]
            if pending:
                self.put_removed_cells(pending, old_unit, previous_cell, new_cell.paragraphs[0] if new_cell.paragraphs else None)
                pending = []
            if cell_pair.old is None:
                for paragraph in new_cell.paragraphs:
                    self.mark_runs_added(paragraph)
            else:
                self.lay_on_cell(cell_pair, old_unit.cells[cell_pair.old], new_cell)
            previous_cell = new_cell.paragraphs[-1] if new_cell.paragraphs else previous_cell
        if pending:
            self.put_removed_cells(pending, old_unit, previous_cell, None)

    def put_removed_cells(self, cells: list[CellPair], old_unit: Unit, after, before) -> None:
        """A removed cell's paragraphs go, struck, into the neighbouring new cell."""
        for cell_pair in cells:
            for old_paragraph in old_unit.cells[cell_pair.old].paragraphs:
                paragraph = self.copy_old(old_paragraph)
                if after is not None:
                    after.addnext(paragraph)
                elif before is not None:
                    before.addprevious(paragraph)
                else:
                    continue
                after = paragraph
                self.remove_copy(paragraph)

    def lay_on_cell(self, cell_pair: CellPair, old_cell, new_cell) -> None:
        cursor = None
        pending: list[TextPair] = []
        for text_pair in cell_pair.paragraphs:
            if text_pair.new is None:
                if cursor is None:
                    pending.append(text_pair)
                    continue
                paragraph = self.copy_old(old_cell.paragraphs[text_pair.old])
                cursor.addnext(paragraph)
                self.remove_copy(paragraph)
                cursor = paragraph
                continue
            target = new_cell.paragraphs[text_pair.new]
            for waiting in pending:
                paragraph = self.copy_old(old_cell.paragraphs[waiting.old])
                target.addprevious(paragraph)
                self.remove_copy(paragraph)
            pending = []
            if text_pair.old is None:
                self.mark_paragraph_added(target)
            else:
                self.lay_on(text_pair, old_cell.paragraphs[text_pair.old], target)
            cursor = target
        if pending and new_cell.paragraphs:
            anchor = new_cell.paragraphs[-1]
            for waiting in pending:
                paragraph = self.copy_old(old_cell.paragraphs[waiting.old])
                anchor.addnext(paragraph)
                self.remove_copy(paragraph)
                anchor = paragraph

    # -- paragraphs ---------------------------------------------------------------------------

    def mark_runs_added(self, paragraph: etree._Element) -> None:
        """Every run of a new paragraph (field characters too, so rejecting it leaves nothing)."""
        runs = list(iter_runs(paragraph))
        if runs:
            mark_added(self.scheme, runs)

    def mark_paragraph_added(self, paragraph: etree._Element) -> None:
        self.mark_runs_added(paragraph)
        self.scheme.added_paragraph(paragraph)

    def lay_on(self, pair: TextPair, old_paragraph: etree._Element, paragraph: etree._Element) -> None:
        """Mark one paired paragraph: its new words added, the old words put back removed."""
        self.notes.paired_paragraphs[old_paragraph] = paragraph
        if not pair.changed:
            return
        if pair.replaced:
            removed = self.copy_old(old_paragraph)
            paragraph.addprevious(removed)
            self.remove_copy(removed)
            self.mark_paragraph_added(paragraph)
            return
        old_atoms = [atom for atom in paragraph_atoms(old_paragraph) if atom.text]
        inserts: list[tuple[int, int]] = []
        deletes: list[tuple[int, int, int]] = []  # (new offset, old start, old end)
        old_position = new_position = 0
        for edit in pair.edits:
            size = len(edit.text)
            if edit.op == "equal":
                old_position += size
                new_position += size
            elif edit.op == "delete":
                deletes.append((new_position, old_position, old_position + size))
                old_position += size
            else:
                inserts.append((new_position, new_position + size))
                new_position += size
        boundaries = {b for span in inserts for b in span} | {d[0] for d in deletes}
        atoms = [atom for atom in isolate(paragraph, boundaries) if atom.text]
        added_runs: list[etree._Element] = []
        for start, end in inserts:
            for atom in atoms:
                if start <= atom.start and atom.end <= end:
                    run = atom.node.getparent()
                    if run not in added_runs:
                        added_runs.append(run)
        placed: list[etree._Element] = []
        for offset, old_start, old_end in deletes:
            runs = self.old_runs(old_atoms, old_start, old_end)
            before = next((a for a in reversed(atoms) if a.end == offset), None)
            after = next((a for a in atoms if a.start == offset), None)
            if before is not None:
                anchor = before.node.getparent()
                for run in runs:
                    anchor.addnext(run)
                    anchor = run
            elif after is not None:
                anchor = after.node.getparent()
                for run in runs:
                    anchor.addprevious(run)
            else:
                for run in runs:
                    paragraph.append(run)
            placed.extend(runs)
        if added_runs:
            mark_added(self.scheme, added_runs)
        if placed:
            self.scheme.delete_runs(placed)

    def old_runs(self, old_atoms, start: int, end: int) -> list[etree._Element]:
        """New runs holding old text ``[start, end)``, one per old run, in the old formatting."""
        runs: list[etree._Element] = []
        current_source = None
        for atom in old_atoms:
            if atom.end <= start or atom.start >= end:
                continue
            piece = atom.text[max(start - atom.start, 0) : min(end, atom.end) - atom.start]
            if not piece:
                continue
            if atom.node.getparent() is not current_source:
                current_source = atom.node.getparent()
                run = new_run_like(current_source)
                rpr = run.find(RPR)
                if rpr is not None:
                    self.sanitise(rpr)
                    remove_property(rpr, "vanish", "webHidden")
                runs.append(run)
            append_text(runs[-1], piece)
        return runs

    def remove_copy(self, paragraph: etree._Element) -> None:
        """Mark a paragraph put back from the old document as removed, hidden text included."""
        self.scheme.remove_paragraph(paragraph)
        self.strike_hidden(paragraph)
        for box in list(paragraph.iter(TEXTBOX)):
            for inner in list(box.iter(P)):
                self.scheme.remove_paragraph(inner)
                self.strike_hidden(inner)

    def strike_hidden(self, element: etree._Element) -> None:
        """Hidden runs are not part of the compared text, but are removed with their paragraph."""
        hidden = [
            run for paragraph in element.iter(P) for run in iter_runs(paragraph)
            if is_hidden(run) and run.getparent().tag != w("del") and any(c.tag == w("t") for c in run)
        ]
        if hidden:
            self.scheme.delete_runs(hidden)

    # -- copying old content into the new package --------------------------------------------

    def copy_old(self, element: etree._Element) -> etree._Element:
        """A copy of old content that refers only to what the new package has."""
        copied = self.sanitise(copy.deepcopy(element))
        if any(True for _ in copied.iter(TEXTBOX)):
            self.notes.carried_boxes.update(element.iter(TEXTBOX))
        return copied

    def renumber_drawings(self, element: etree._Element) -> None:
        """Copied drawings get drawing ids of their own (Word wants them unique)."""
        for doc_pr in element.iter(DOC_PR):
            if self.next_drawing_id is None:
                ids = [int(n.get("id")) for n in self.new.body.iter(DOC_PR) if (n.get("id") or "").isdigit()]
                self.next_drawing_id = max(ids, default=0) + 1
            doc_pr.set("id", str(self.next_drawing_id))
            self.next_drawing_id += 1

    def sanitise(self, element: etree._Element) -> etree._Element:
        """Strip from copied old content what only makes sense in the old package."""
        for child in list(element):
            if not isinstance(child.tag, str) or child.getparent() is not element:
                continue  # a comment, or a child already dealt with (moved out of a link)
            if child.tag in DROPPED_ON_COPY or child.tag == w("id") and element.tag == w("sdtPr"):
                element.remove(child)  # ids and anchors that belong to the old document
                continue
            if child.tag in OBJECTS or child.tag == ALTERNATE:
                if not any(name.startswith(f"{{{R_NS}}}") for node in child.iter() for name in node.attrib):
                    self.renumber_drawings(child)  # a text box or shape that needs nothing from the old package
                    self.sanitise(child)
                    continue
                self.notes.objects += sum(1 for node in child.iter() if node.tag in OBJECTS) or 1
                element.remove(child)
                continue
            if child.tag == w("hyperlink") and child.get(f"{{{R_NS}}}id") is not None:
                index = element.index(child)
                for offset, grandchild in enumerate(list(child)):
                    element.insert(index + offset, grandchild)
                element.remove(child)
                self.sanitise_children_from(element, index)
                continue
            if any(name.startswith(f"{{{R_NS}}}") for name in child.attrib):
                element.remove(child)
                continue
            if child.tag in (w("rStyle"), w("pStyle"), w("tblStyle")) and child.get(w("val")) not in self.targets.style_ids:
                element.remove(child)
                continue
            if child.tag == w("numPr"):
                number = child.find(w("numId"))
                if number is not None and number.get(w("val")) not in self.targets.numbering_ids | {"0"}:
                    element.remove(child)
                    continue
            for name in list(child.attrib):
                if name.startswith(f"{{{W14_NS}}}"):
                    del child.attrib[name]
            self.sanitise(child)
        for name in list(element.attrib):
            if name.startswith(f"{{{W14_NS}}}"):
                del element.attrib[name]
        return element

    def sanitise_children_from(self, element: etree._Element, index: int) -> None:
        """Children just moved up out of an unwrapped link are checked with their new parent."""
        holder = etree.Element(element.tag)
        moved = list(element)[index:]
        for child in moved:
            holder.append(child)
        self.sanitise(holder)
        for child in list(holder):
            element.append(child)


def targets_of(package: Package) -> Targets:
    """The style and numbering ids the new package defines."""
    targets = Targets()
    name = package.styles_part()
    styles = package.xml(name) if name else None
    if styles is not None:
        targets.style_ids = {style.get(w("styleId")) for style in styles.iter(w("style"))}
    for part in package.related(package.main_part, "/numbering"):
        numbering = package.xml(part)
        if numbering is not None:
            targets.numbering_ids = {num.get(w("numId")) for num in numbering.iter(w("num"))}
    return targets


class Redline:
    """The redline of BEFORE against AFTER, built in AFTER's tree (which it changes).

    Call ``mark_body`` with the comparison of the bodies; then, if ``has_boxes``, compare
    ``old_boxes`` with ``new_boxes`` in ``box_order`` and call ``mark_boxes``; ``docx`` gives
    the bytes. ``notes`` says what could not be carried over, for the summary.
    """

    def __init__(self, scheme: Scheme, before: LoadedDocument, after: LoadedDocument) -> None:
        self.scheme = scheme
        self.after = after
        self.targets = targets_of(after.package)
        self.old_boxes, self.new_boxes = textboxes(before.root), textboxes(after.root)  # before old boxes are carried in
        self.writer = RedlineWriter(scheme, before.flat, after.flat, self.targets)

    @property
    def notes(self) -> CopyNotes:
        return self.writer.notes

    @property
    def has_boxes(self) -> bool:
        return bool(self.old_boxes.units or self.new_boxes.units)

    def mark_body(self, comparison: Comparison) -> None:
        self.writer.apply(comparison)

    def box_order(self) -> list[tuple[int | None, int | None]]:
        """Text boxes pair when their host paragraphs pair (known once the body is marked), in
        order within a host."""
        paired_paragraphs = self.notes.paired_paragraphs
        by_host: dict = {}
        for index, unit in enumerate(self.new_boxes.units):
            by_host.setdefault(box_host(unit.element), []).append(index)
        order, used = [], set()
        for index, unit in enumerate(self.old_boxes.units):
            host = paired_paragraphs.get(box_host(unit.element))
            free = [k for k in by_host.get(host, []) if k not in used] if host is not None else []
            if free:
                used.add(free[0])
            order.append((index, free[0] if free else None))
        order.extend((None, k) for k in range(len(self.new_boxes.units)) if k not in used)
        return order

    def mark_boxes(self, comparison: Comparison) -> None:
        RedlineWriter(self.scheme, self.old_boxes, self.new_boxes, self.targets, notes=self.notes,
                      in_boxes=True).apply(comparison)
        sync_fallbacks(self.after.root)

    def docx(self) -> bytes:
        """The new package with the marked main part and the scheme's styles, as .docx bytes."""
        package = self.after.package
        parts = dict(package.parts)
        parts[package.main_part] = serialize_xml(self.after.root, package.parts[package.main_part])
        if self.scheme.styles.needed:
            add_styles(parts, package.main_part, package.styles_part(), self.scheme.styles)
        return package_bytes(parts)
