"""The walk that gives every block and row its section, from what the recognisers found.

The body is walked once, in reading order. A heading starts (or resumes) its section; a
boundary (group title, profile page, end matter) ends the current one; contents lists, the
details table and headings themselves belong to no section. Other blocks belong to the
current section, or to none before the first heading. A sub-part heading (A1, A2) or a group
or profile title that follows its section's heading directly stays in the section as its
sub-heading.

Tables are read by their shape:

- a header row labelling two or more columns with sections gives each column its section;
- a first cell naming a section ("Needs (Section B)", "F", "Section F – Provision") labels its
  row, and unlabelled rows of such a table go with the next labelled row (the last one at
  the end); a one-cell title row in such a table is a group title;
- a row with one filled cell (a title box, or a one-column table) is read like body
  paragraphs: its heading, if it has one, starts a section, and the rest of the cell follows;
- other rows belong to the enclosing cell's section, or the current one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.plan import HeadingFound, Place, Row, Section
from .blocks import BlockStream, Item, RowInfo
from .boundaries import END, GROUP, IGNORED, PROFILE
from .contents import Contents
from .grammar import label_letter, parse_heading
from .headings import Heading, HeadingsFound
from .profiles import LayoutProfile


@dataclass
class Assignment:
    """What the walk decided: the sections with their places and rows, each heading block's
    (section, title), each section's first heading block, the headings used, and the label
    cells naming a section ("Needs (Section B)"; a header row's column labels) by the block
    that leads each: (section, title)."""

    sections: dict[str, Section] = field(default_factory=dict)
    headings: dict[int, tuple[str, str]] = field(default_factory=dict)
    heading_keys: dict[str, int] = field(default_factory=dict)
    found: list[HeadingFound] = field(default_factory=list)
    labelled: list[HeadingFound] = field(default_factory=list)
    label_blocks: dict[int, tuple[str, str]] = field(default_factory=dict)


class _Walk:
    def __init__(self, stream: BlockStream, headings: HeadingsFound, boundaries: dict[int, str],
                 contents: Contents, details_tables: set[int], profile: LayoutProfile | None) -> None:
        self.stream = stream
        self.headings = headings.accepted
        self.title_blocks = headings.title_blocks
        self.boundaries = boundaries
        self.contents = contents
        self.details_tables = details_tables
        self.profile = profile
        self.out = Assignment()
        self.current: str | None = None
        self.content_since_heading = True

    # -- sections -----------------------------------------------------------------------------

    def section(self, letter: str, title: str, where: str) -> Section:
        section = self.out.sections.get(letter)
        if section is None:
            section = self.out.sections[letter] = Section(letter=letter, title=title, heading_where=where)
        elif not section.title and title:
            section.title = title
        return section

    def start(self, heading: Heading) -> None:
        block = self.stream.blocks[heading.block]
        self.section(heading.section, heading.title, block.where)
        self.out.headings[heading.block] = (heading.section, heading.title)
        self.out.heading_keys.setdefault(heading.section, heading.block)
        self.out.found.append(HeadingFound(heading.section, heading.title, block.where, heading.evidence,
                                           " ".join(block.text.split())))
        self.current = heading.section
        self.content_since_heading = False

    def place(self, index: int, owner: str | None) -> None:
        if owner is None:
            return
        block = self.stream.blocks[index]
        section = self.section(owner, "", block.where)
        section.places.append(Place(key=index, section=owner, text=block.text, where=block.where,
                                    table=block.table, row=block.row, cell=block.cell))
        if block.text.strip():
            self.content_since_heading = True

    # -- paragraphs ---------------------------------------------------------------------------

    def items(self, items: list[Item], owner: str | None = None) -> None:
        """Body-like children: headings and boundaries apply unless ``owner`` fixes the section."""
        for kind, index in items:
            if kind == "p":
                self.paragraph(index, owner)
            else:
                self.table(index, owner)

    def paragraph(self, index: int, owner: str | None) -> None:
        if index in self.contents or index in self.title_blocks:
            return
        heading = self.headings.get(index)
        if heading is not None and owner is None:
            if heading.sub_part and self.current is not None and self.current[:1] == heading.section[:1]:
                self.place(index, self.current)  # A2 inside A: a sub-heading
                return
            self.start(heading)
            return
        kind = self.boundaries.get(index)
        if kind is not None and owner is None:
            if kind in (GROUP, PROFILE) and self.current is not None and not self.content_since_heading:
                self.place(index, self.current)  # directly under its section's heading: a sub-heading
                return
            self.current = None
            return
        self.place(index, owner if owner is not None else self.current)

    # -- tables -------------------------------------------------------------------------------

    def table(self, number: int, owner: str | None) -> None:
        if number in self.contents.tables or number in self.details_tables:
            return
        rows = self.stream.table_rows(number)
        if not rows:
            return
        columns = {} if owner is not None else self.column_labels(rows[0])
        labels = [None] * len(rows) if columns else self.row_labels(rows)
        labelled_table = any(labels)
        for position, row in enumerate(rows):
            if columns and position == 0:
                continue
            filled = row.filled
            if not filled:
                continue
            if owner is None and self.starts_end_matter(row):
                self.current = None
                continue
            explicit = labels[position] if labels[position] and self.label_cell(row) is not None else None
            if owner is None and not explicit and (len(filled) == 1 or self.title_pair(row)):
                if labelled_table and not self.leads_with_heading(row):
                    continue  # a title over an area of need's rows: a group title
                if not labels[position]:
                    self.single_cell_row(row)
                    continue
            self.labelled_row(row, labels[position], explicit, columns, owner)

    def starts_end_matter(self, row: RowInfo) -> bool:
        """A row led by end matter ('Signed on behalf of the council:') ends the section."""
        first = row.cells[row.filled[0]]
        lead = next((index for kind, index in first.items if kind == "p" and self.stream.blocks[index].text.strip()), None)
        return lead is not None and self.boundaries.get(lead) in (END, IGNORED)

    def leads_with_heading(self, row: RowInfo) -> bool:
        first = row.cells[row.filled[0]]
        return any(kind == "p" and index in self.headings for kind, index in first.items[:3])

    def title_pair(self, row: RowInfo) -> bool:
        """'Section A | Views, interests and aspirations': a label and its title cell."""
        first = row.cells[row.filled[0]]
        return len(row.filled) == 2 and any(
            kind == "p" and index in self.headings and self.headings[index].title_blocks
            for kind, index in first.items)

    def single_cell_row(self, row: RowInfo) -> None:
        """A title box or one-column row: read like body paragraphs."""
        before = {letter: len(section.places) for letter, section in self.out.sections.items()}
        for cell in row.cells:
            self.items(cell.items)
        self.register_row(row, [letter for letter, section in self.out.sections.items()
                                if len(section.places) > before.get(letter, 0)])

    def labelled_row(self, row: RowInfo, label: str | None, explicit: str | None,
                     columns: dict[int, str], owner: str | None) -> None:
        owners: list[str] = []
        label_position = self.label_cell(row) if explicit else None
        for position, cell in enumerate(row.cells):
            if label_position is not None and position == label_position:
                continue
            if label:
                cell_owner = label
            elif columns:
                cell_owner = columns.get(position, owner or self.current)
            else:
                cell_owner = owner or self.current
            for kind, index in cell.items:
                if kind == "p":
                    if index not in self.contents:
                        self.place(index, cell_owner)
                else:
                    self.table(index, cell_owner)
            if cell_owner is not None and cell_owner not in owners:
                owners.append(cell_owner)
        self.register_row(row, owners)

    def register_row(self, row: RowInfo, owners: list[str]) -> None:
        where = f"{self.stream.table(row.table).where}, row {row.index}"
        for letter in owners:
            section = self.section(letter, "", where)
            section.rows.append(Row(
                key=row.key, section=letter, table=row.table, index=row.index,
                cells=tuple(tuple(cell.blocks) for cell in row.cells), texts=tuple(row.texts), where=where,
            ))

    # -- labels -------------------------------------------------------------------------------

    def label_of(self, text: str) -> str | None:
        if self.profile is not None:
            found = self.profile.section_for(text)
            if found is not None:
                return found
            if not self.profile.builtin:
                return None
        return label_letter(text)

    def label_cell(self, row: RowInfo) -> int | None:
        """The position of a row's label cell: its first filled cell, when it names a section
        and another cell holds the row's text (not its title)."""
        filled = row.filled
        if len(filled) < 2 or self.title_pair(row):
            return None
        text = row.cells[filled[0]].text
        return filled[0] if self.label_of(text) is not None else None

    def row_labels(self, rows: list[RowInfo]) -> list[str | None]:
        """Each row's section when the table labels its rows with sections (else all None)."""
        explicit: list[str | None] = []
        for row in rows:
            position = self.label_cell(row)
            explicit.append(self.label_of(row.cells[position].text) if position is not None else None)
        if not any(explicit):
            return explicit
        implied = list(explicit)
        following = None
        for index in range(len(implied) - 1, -1, -1):
            if explicit[index]:
                following = explicit[index]
            elif following and not self.is_title_row(rows[index]):
                implied[index] = following
        preceding = None
        for index, label in enumerate(implied):
            if label:
                preceding = label
            elif preceding and not self.is_title_row(rows[index]):
                implied[index] = preceding
        for position, row in enumerate(rows):
            if explicit[position]:
                cell = row.cells[self.label_cell(row)]
                label = cell.text
                title = parse_heading(label)
                where = f"{self.stream.table(row.table).where}, row {row.index}"
                self.section(explicit[position], title.title if title else "", where)
                self.note_label(cell, explicit[position], title.title if title else "")
                self.out.labelled.append(HeadingFound(explicit[position], title.title if title else "", where,
                                                      ("row label",), " ".join(label.split())))
        return implied

    @staticmethod
    def is_title_row(row: RowInfo) -> bool:
        return len(row.filled) == 1

    def column_labels(self, row: RowInfo) -> dict[int, str]:
        """Column -> section when a header row labels two or more columns with sections."""
        labels = {position: self.label_of(cell.text) for position, cell in enumerate(row.cells)}
        labels = {position: letter for position, letter in labels.items() if letter}
        if len(set(labels.values())) < 2:
            return {}
        for position, letter in labels.items():
            title = parse_heading(row.cells[position].text)
            self.note_label(row.cells[position], letter, title.title if title else "")
        return labels

    def note_label(self, cell, letter: str, title: str) -> None:
        """Remember a label cell by its first paragraph with text (for outlines)."""
        lead = next((index for kind, index in cell.items if kind == "p" and self.stream.blocks[index].text.strip()), None)
        if lead is not None:
            self.out.label_blocks.setdefault(lead, (letter, title))


def assign(stream: BlockStream, headings: HeadingsFound, boundaries: dict[int, str], contents: Contents,
           details_tables: set[int], profile: LayoutProfile | None = None) -> Assignment:
    """Walk the stream and give every block and row its section (see the module docstring)."""
    walk = _Walk(stream, headings, boundaries, contents, details_tables, profile)
    walk.items(stream.items)
    sections = walk.out.sections
    if "H" in sections and not sections["H"].places and not sections["H"].rows and (
            "H1" in sections or "H2" in sections):
        del sections["H"]
    return walk.out
