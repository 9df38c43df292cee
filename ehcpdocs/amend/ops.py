"""Apply a review's amendments, in order, to the text of a plan's sections.

The engine keeps a working copy of every place's text. Each operation finds its anchor in the
section *as amended so far* (deleted text no longer matches, added text does), changes the
working text, and moves on. At the end, each paragraph's original and amended text are diffed
word by word, which gives the smallest markup whatever mix of operations led there. The diffs
share a budget of work (``texttools.diff``): a paragraph past it is marked by sentences, or
struck and added whole, so very long or random new text cannot make an amendment run for long.

The result is an ``EditScript``: what to strike, what to add and where, in terms of the plan's
place keys. The Word writers turn it into the amended and the final document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import errors
from ..errors import AmendmentError, AnchorAmbiguousError, AnchorNotFoundError, UnsupportedAmendmentError
from ..model.edits import (
    EditScript,
    ParagraphAddition,
    ParagraphChange,
    ParagraphRemoval,
    RowAddition,
    RowRemoval,
)
from ..model.plan import Plan
from ..model.review import (
    AddRow,
    Delete,
    DeleteRow,
    Insert,
    Replace,
    Revise,
    ReviseRow,
    Rewrite,
)
from ..texttools.align import align
from ..texttools.diff import SCRIPT_BUDGET, DiffBudget, word_diff
from ..texttools.match import contains, find_all, normalise_anchor


@dataclass
class WorkingParagraph:
    ident: int
    section: str
    original: str | None
    text: str
    row: int | None = None
    cell: int | None = None
    deleted: bool = False
    like: int | None = None


@dataclass
class WorkingRow:
    ident: int
    section: str
    cells: list[list[int]]
    original: bool
    texts: tuple[str, ...] = ()
    deleted: bool = False
    like: int | None = None


class Engine:
    """The working copy of a plan's text, changed one amendment at a time."""

    def __init__(self, plan: Plan, heading_keys: dict[str, int] | None = None) -> None:
        self.plan = plan
        self.heading_keys = heading_keys or {}
        self.paragraphs: dict[int, WorkingParagraph] = {}
        self.rows: dict[int, WorkingRow] = {}
        self.order: dict[str, list[int]] = {}
        self.row_order: dict[str, list[int]] = {}
        self.additions: list[ParagraphAddition] = []
        self.positions: dict[int, tuple[str, int]] = {}
        self.row_positions: dict[int, int] = {}
        self.last_after: dict[int, int] = {}
        self.last_row_after: dict[int, int] = {}
        self.next_ident = -1
        self.descriptions: list[dict] = []
        self.row_texts: dict[int, str] = {}
        for letter, section in plan.sections.items():
            self.order[letter] = []
            self.row_order[letter] = []
            for place in section.places:
                self.paragraphs[place.key] = WorkingParagraph(
                    ident=place.key, section=letter, original=place.text, text=place.text,
                    row=place.row, cell=place.cell,
                )
                self.order[letter].append(place.key)
            for row in section.rows:
                if row.key not in self.rows:
                    self.rows[row.key] = WorkingRow(
                        ident=row.key, section=letter, cells=[list(keys) for keys in row.cells], original=True,
                        texts=row.texts,
                    )
                self.row_order[letter].append(row.key)

    # -- lookup --------------------------------------------------------------------------------

    def letters(self, section: str, index: int) -> list[str]:
        """The plan sections an amendment's section names ('H' is H1 and H2 together)."""
        candidates = {"H": ["H", "H1", "H2"], "H1": ["H1", "H"], "H2": ["H2", "H"]}.get(section, [section])
        found = [letter for letter in candidates if letter in self.plan.sections]
        if section in ("H1", "H2") and section in self.plan.sections:
            found = [section]
        if not found:
            raise AmendmentError(
                f"section {section} is not in this plan (found: {', '.join(self.plan.letters) or 'none'})",
                section=section, index=index,
            )
        return found

    def live_paragraphs(self, letters: list[str]) -> list[WorkingParagraph]:
        return [
            self.paragraphs[ident]
            for letter in letters
            for ident in self.order[letter]
            if not self.paragraphs[ident].deleted
        ]

    def live_rows(self, letters: list[str]) -> list[WorkingRow]:
        seen: dict[int, WorkingRow] = {}
        for letter in letters:
            for ident in self.row_order[letter]:
                row = self.rows[ident]
                if not row.deleted:
                    seen.setdefault(ident, row)
        return list(seen.values())

    def cell_text(self, row: WorkingRow, number: int) -> str:
        """A cell's current text; a label cell (not a place) keeps its original text."""
        keys = row.cells[number - 1]
        if row.original and not any(k in self.paragraphs for k in keys):
            return row.texts[number - 1] if number - 1 < len(row.texts) else ""
        return " ".join(
            self.paragraphs[k].text for k in keys if k in self.paragraphs and not self.paragraphs[k].deleted
        )

    def row_text(self, row: WorkingRow) -> str:
        """A row's current text, its cells joined by a space (kept until the row changes)."""
        text = self.row_texts.get(row.ident)
        if text is None:
            text = " ".join(self.cell_text(row, number) for number in range(1, len(row.cells) + 1))
            self.row_texts[row.ident] = text
        return text

    def changed(self, paragraph: WorkingParagraph) -> None:
        """Forget the cached text of the row holding a paragraph whose text just changed."""
        if paragraph.row is not None:
            self.row_texts.pop(paragraph.row, None)

    def one_paragraph(self, letters, anchor: str, index: int, section: str, what: str) -> WorkingParagraph:
        matches = [p for p in self.live_paragraphs(letters) if contains(p.text, anchor)]
        return self.exactly_one(matches, anchor, index, section, what, "paragraph")

    def one_row(self, letters, anchor: str, index: int, section: str) -> WorkingRow:
        matches = [row for row in self.live_rows(letters) if contains(self.row_text(row), anchor)]
        return self.exactly_one(matches, anchor, index, section, "row", "table row")

    @staticmethod
    def exactly_one(matches, anchor, index, section, what, noun):
        shown = quote(anchor)
        if not matches:
            raise AnchorNotFoundError(f"{what} {shown} is not in any {noun} of the section", section=section, index=index)
        if len(matches) > 1:
            raise AnchorAmbiguousError(
                f"{what} {shown} matches {len(matches)} {noun}s; give more of the text so it matches one",
                section=section, index=index,
            )
        return matches[0]

    def new_ident(self) -> int:
        ident = self.next_ident
        self.next_ident -= 1
        return ident

    # -- operations ----------------------------------------------------------------------------

    def apply(self, index: int, amendment) -> None:
        """Apply one amendment (its position in the review is ``index``)."""
        letters = self.letters(amendment.section, index)
        section = amendment.section
        handler = {
            Replace: self.replace,
            Revise: self.revise,
            Insert: self.insert,
            Delete: self.delete,
            DeleteRow: self.delete_row,
            AddRow: self.add_row,
            ReviseRow: self.revise_row,
            Rewrite: self.rewrite,
        }[type(amendment)]
        handler(amendment, letters, index, section)

    def replace(self, amendment: Replace, letters, index, section) -> None:
        hits = [(p, span) for p in self.live_paragraphs(letters) for span in find_all(p.text, amendment.old)]
        if not hits:
            raise AnchorNotFoundError(f"old text {quote(amendment.old)} is not in the section", section=section, index=index)
        if len(hits) > 1:
            raise AnchorAmbiguousError(
                f"old text {quote(amendment.old)} occurs {len(hits)} times; give more of the text so it occurs once",
                section=section, index=index,
            )
        paragraph, (start, end) = hits[0]
        paragraph.text = paragraph.text[:start] + amendment.new + paragraph.text[end:]
        self.changed(paragraph)
        self.describe(index, amendment, paragraph.section, f"Replaced {quote(amendment.old)} with {quote(amendment.new)}")

    def revise(self, amendment: Revise, letters, index, section) -> None:
        paragraph = self.one_paragraph(letters, amendment.paragraph, index, section, "paragraph")
        paragraph.text = amendment.new
        self.changed(paragraph)
        self.describe(index, amendment, paragraph.section, "Revised a paragraph")

    def insert(self, amendment: Insert, letters, index, section) -> None:
        anchor = self.one_paragraph(letters, amendment.after, index, section, "anchor")
        self.add_paragraph_after(anchor, amendment.new)
        self.describe(index, amendment, anchor.section, f"Added a paragraph: {quote(amendment.new)}")

    def delete(self, amendment: Delete, letters, index, section) -> None:
        paragraph = self.one_paragraph(letters, amendment.paragraph, index, section, "paragraph")
        self.remove_paragraph(paragraph)
        self.describe(index, amendment, paragraph.section, f"Removed a paragraph: {quote(paragraph.original or paragraph.text)}")

    def delete_row(self, amendment: DeleteRow, letters, index, section) -> None:
        row = self.one_row(letters, amendment.row, index, section)
        text = self.row_text(row)
        row.deleted = True
        for keys in row.cells:
            for key in list(keys):
                if key in self.paragraphs:
                    self.remove_paragraph(self.paragraphs[key])
        self.describe(index, amendment, row.section, f"Removed a table row: {quote(text)}")

    def add_row(self, amendment: AddRow, letters, index, section) -> None:
        anchor = self.one_row(letters, amendment.after, index, section)
        self.check_cell_count(anchor, amendment.cells, index, section)
        ident = self.new_ident()
        row = WorkingRow(ident=ident, section=anchor.section, cells=[], original=False, like=anchor.like if not anchor.original else anchor.ident)
        for number, text in enumerate(amendment.cells, start=1):
            cell_ident = self.new_ident()
            self.paragraphs[cell_ident] = WorkingParagraph(
                ident=cell_ident, section=anchor.section, original=None, text=text, row=ident, cell=number,
            )
            row.cells.append([cell_ident])
            self.order[anchor.section].append(cell_ident)
        self.rows[ident] = row
        after = self.last_row_after.get(anchor.ident, anchor.ident)
        self.row_positions[ident] = after
        self.last_row_after[anchor.ident] = ident
        order = self.row_order[anchor.section]
        order.insert(order.index(after) + 1 if after in order else len(order), ident)
        self.describe(index, amendment, anchor.section, f"Added a table row: {quote(' | '.join(amendment.cells))}")

    def revise_row(self, amendment: ReviseRow, letters, index, section) -> None:
        row = self.one_row(letters, amendment.row, index, section)
        self.check_cell_count(row, amendment.cells, index, section)
        for number, (keys, text) in enumerate(zip(row.cells, amendment.cells), start=1):
            places = [self.paragraphs[k] for k in keys if k in self.paragraphs and not self.paragraphs[k].deleted]
            if not places:
                if normalise_anchor(text) != normalise_anchor(self.cell_text(row, number)):
                    raise UnsupportedAmendmentError(
                        f"cell {number} of the row is its label and cannot be changed", section=section, index=index,
                    )
                continue
            self.rewrite_paragraphs(places, split_paragraphs(text) or [""])
        self.describe(index, amendment, row.section, f"Revised a table row: {quote(' | '.join(amendment.cells))}")

    def rewrite(self, amendment: Rewrite, letters, index, section) -> None:
        if any(self.row_order[letter] for letter in letters):
            raise UnsupportedAmendmentError(
                "rewrite is refused for a section that holds tables; use revise, revise_row or add_row",
                section=section, index=index,
            )
        places = self.live_paragraphs(letters)
        new_texts = split_paragraphs(amendment.new)
        if not places and not new_texts:
            return
        if not places:
            heading = next((self.heading_keys[x] for x in letters if x in self.heading_keys), None)
            if heading is None:
                raise UnsupportedAmendmentError("the section has no paragraph to write after", section=section, index=index)
            anchor = None
            for text in new_texts:
                anchor = self.add_paragraph_at(letters[0], text, after=anchor.ident if anchor else heading, like=heading)
        else:
            self.rewrite_paragraphs(places, new_texts)
        self.describe(index, amendment, letters[0], "Rewrote the section")

    # -- building blocks -----------------------------------------------------------------------

    def rewrite_paragraphs(self, places: list[WorkingParagraph], new_texts: list[str]) -> None:
        """Make ``places`` read ``new_texts``: aligned pairs are revised, the rest struck or added."""
        previous: WorkingParagraph | None = None
        pending_front: list[str] = []
        for old_index, new_index in align([p.text for p in places], new_texts):
            if old_index is not None and new_index is not None:
                paragraph = places[old_index]
                paragraph.text = new_texts[new_index]
                self.changed(paragraph)
                for text in pending_front:
                    self.add_paragraph_before(paragraph, text)
                pending_front = []
                previous = paragraph
            elif old_index is not None:
                removed = places[old_index]
                self.remove_paragraph(removed)
                if removed.original is not None:
                    previous = removed  # still in the amended plan, struck: new text follows it
            else:
                if previous is None:
                    pending_front.append(new_texts[new_index])
                else:
                    previous = self.add_paragraph_after(previous, new_texts[new_index], directly=True)
        if pending_front:
            anchor = places[0]
            for text in pending_front:
                self.add_paragraph_before(anchor, text)

    def add_paragraph_after(self, anchor: WorkingParagraph, text: str, *, directly: bool = False) -> WorkingParagraph:
        """A new paragraph after ``anchor``: after the paragraphs earlier inserts put after the
        same anchor (so inserts keep the review's order), or ``directly`` after it, where a
        rewrite's text puts it."""
        if anchor.row is not None and anchor.row in self.rows and not self.rows[anchor.row].original:
            return self.add_to_new_row(anchor, text)
        after = anchor.ident if directly else self.last_after.get(anchor.ident, anchor.ident)
        paragraph = self.add_paragraph_at(anchor.section, text, after=after, like=self.like_of(anchor))
        self.place_in_cell(paragraph, anchor, after)
        if not directly:
            self.last_after[anchor.ident] = paragraph.ident
        return paragraph

    def add_paragraph_before(self, anchor: WorkingParagraph, text: str) -> WorkingParagraph:
        ident = self.new_ident()
        paragraph = WorkingParagraph(ident=ident, section=anchor.section, original=None, text=text,
                                     row=anchor.row, cell=anchor.cell, like=self.like_of(anchor))
        self.paragraphs[ident] = paragraph
        order = self.order[anchor.section]
        order.insert(order.index(anchor.ident), ident)
        self.positions[ident] = ("before", anchor.ident)
        self.place_in_cell(paragraph, anchor, None)
        return paragraph

    def place_in_cell(self, paragraph: WorkingParagraph, anchor: WorkingParagraph, after: int | None) -> None:
        """A paragraph added beside one in a table cell joins that cell (after ``after``, or
        before the anchor), so the row's text includes it."""
        paragraph.row, paragraph.cell = anchor.row, anchor.cell
        if anchor.row is None or anchor.row not in self.rows:
            return
        cell = self.rows[anchor.row].cells[anchor.cell - 1]
        if after is not None and after in cell:
            cell.insert(cell.index(after) + 1, paragraph.ident)
        elif anchor.ident in cell:
            cell.insert(cell.index(anchor.ident), paragraph.ident)
        self.changed(paragraph)

    def add_paragraph_at(self, section: str, text: str, *, after: int, like: int) -> WorkingParagraph:
        ident = self.new_ident()
        paragraph = WorkingParagraph(ident=ident, section=section, original=None, text=text, like=like)
        self.paragraphs[ident] = paragraph
        order = self.order[section]
        order.insert(order.index(after) + 1 if after in order else 0, ident)
        self.positions[ident] = ("after", after)
        return paragraph

    def add_to_new_row(self, anchor: WorkingParagraph, text: str) -> WorkingParagraph:
        ident = self.new_ident()
        paragraph = WorkingParagraph(ident=ident, section=anchor.section, original=None, text=text,
                                     row=anchor.row, cell=anchor.cell)
        self.paragraphs[ident] = paragraph
        cell = self.rows[anchor.row].cells[anchor.cell - 1]
        cell.insert(cell.index(anchor.ident) + 1, ident)
        self.changed(paragraph)
        order = self.order[anchor.section]
        order.insert(order.index(anchor.ident) + 1, ident)
        return paragraph

    def like_of(self, paragraph: WorkingParagraph) -> int:
        return paragraph.ident if paragraph.original is not None else (paragraph.like if paragraph.like is not None else paragraph.ident)

    def remove_paragraph(self, paragraph: WorkingParagraph) -> None:
        self.changed(paragraph)
        if paragraph.original is not None:
            paragraph.deleted = True
            return
        self.forget(paragraph)

    def forget(self, paragraph: WorkingParagraph) -> None:
        """Drop a paragraph added earlier in this review: a new thing deleted is nothing."""
        dependants = [ident for ident, (_, ref) in self.positions.items() if ref == paragraph.ident]
        position = self.positions.pop(paragraph.ident, None)
        for ident in dependants:
            if position is not None:
                self.positions[ident] = position
        for anchor, last in list(self.last_after.items()):
            if last == paragraph.ident:
                if position is not None and position[0] == "after" and position[1] != anchor:
                    self.last_after[anchor] = position[1]
                else:
                    del self.last_after[anchor]
        if paragraph.row is not None and paragraph.row in self.rows:
            cell = self.rows[paragraph.row].cells[paragraph.cell - 1]
            if paragraph.ident in cell:
                cell.remove(paragraph.ident)
        self.order[paragraph.section].remove(paragraph.ident)
        del self.paragraphs[paragraph.ident]

    def check_cell_count(self, row: WorkingRow, cells: list[str], index: int, section: str) -> None:
        if len(cells) != len(row.cells):
            raise UnsupportedAmendmentError(
                f"the row has {len(row.cells)} cells but the amendment gives {len(cells)}",
                section=section, index=index,
            )

    def describe(self, index: int, amendment, section: str, description: str) -> None:
        self.descriptions.append({"index": index, "op": amendment.op, "section": section, "description": description})

    # -- result --------------------------------------------------------------------------------

    def script(self) -> EditScript:
        """The edits that turn the original plan into the amended one."""
        script = EditScript(descriptions=list(self.descriptions))
        budget = DiffBudget(SCRIPT_BUDGET)  # the diffs' work is bounded for the whole review
        removed_rows = {ident for ident, row in self.rows.items() if row.original and row.deleted}
        for ident, paragraph in sorted(self.paragraphs.items(), key=lambda item: item[0] if item[0] >= 0 else 10**9 - item[0]):
            if paragraph.original is None:
                continue
            if paragraph.row in removed_rows:
                continue
            if paragraph.deleted:
                script.removals.append(ParagraphRemoval(ident, paragraph.section, paragraph.original))
            elif paragraph.text != paragraph.original:
                edits = tuple(word_diff(paragraph.original, paragraph.text, budget))
                if any(edit.op != "equal" for edit in edits):
                    script.changes.append(ParagraphChange(ident, paragraph.section, edits))
        for ident in sorted(self.positions, reverse=True):
            paragraph = self.paragraphs.get(ident)
            if paragraph is None:
                continue
            where, ref = self.positions[ident]
            like = paragraph.like if paragraph.like is not None else ref
            script.additions.append(ParagraphAddition(
                ident=ident, section=paragraph.section, text=paragraph.text, like=like,
                after=ref if where == "after" else None, before=ref if where == "before" else None,
            ))
        for ident, row in self.rows.items():
            if row.original and row.deleted:
                script.row_removals.append(RowRemoval(ident, row.section, self.row_text_original(row)))
        for ident in sorted(self.row_positions, reverse=True):
            row = self.rows[ident]
            if row.deleted:
                continue
            after = self.row_positions[ident]
            while after < 0 and self.rows[after].deleted:
                after = self.row_positions[after]
            like = row.like if row.like is not None else after
            cells = tuple(
                tuple(self.paragraphs[k].text for k in keys if k in self.paragraphs) or ("",)
                for keys in row.cells
            )
            script.row_additions.append(RowAddition(ident, row.section, after, like, cells))
        return script

    def row_text_original(self, row: WorkingRow) -> str:
        return " ".join(
            " ".join(self.paragraphs[k].original for k in keys if k in self.paragraphs and self.paragraphs[k].original is not None)
            for keys in row.cells
        )


def split_paragraphs(text: str) -> list[str]:
    """Paragraph texts from text with paragraphs separated by blank lines."""
    return [part.strip() for part in re.split(r"\n[ \t]*\n", text.strip()) if part.strip()]


def quote(text: str, limit: int = 60) -> str:
    """An anchor shown in a message, shortened: anchors are plan text, not personal details."""
    return errors.quote(text, limit)


def apply_amendments(plan: Plan, amendments, heading_keys: dict[str, int] | None = None) -> EditScript:
    """Apply amendments in order and return the edit script."""
    engine = Engine(plan, heading_keys)
    for index, amendment in enumerate(amendments):
        engine.apply(index, amendment)
    return engine.script()
