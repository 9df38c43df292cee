"""A plan as ehcpdocs sees it: sections A to K, each a set of places holding text.

A *place* is one paragraph the section owns: a body paragraph, or a paragraph inside a table
cell. Sections need not be contiguous (B, E and F interleave across area-of-need tables), so a
section is a list of places and rows, not a range. Places carry an opaque ``key`` the Word
writer uses to find the paragraph again; nothing here knows about XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SECTION_LETTERS: tuple[str, ...] = ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K")

SECTION_TITLES: dict[str, str] = {
    "A": "The views, interests and aspirations of the child and their parents, or of the young person",
    "B": "The child or young person's special educational needs",
    "C": "Health needs which relate to their special educational needs",
    "D": "Social care needs which relate to their special educational needs or disability",
    "E": "The outcomes sought for the child or young person",
    "F": "The special educational provision required",
    "G": "Any health provision reasonably required by the learning difficulties or disabilities",
    "H1": "Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970",
    "H2": "Any other social care provision reasonably required",
    "I": "The name and type of the school or other institution",
    "J": "Personal budget arrangements",
    "K": "Advice and information gathered during the EHC needs assessment",
}


@dataclass(frozen=True)
class Place:
    """One paragraph a section owns.

    ``key`` identifies the paragraph for the Word writer; ``row`` is the key of the table row
    holding it (None for a body paragraph); ``cell`` its cell's position in that row.
    ``where`` says where it is in words, for people checking a template.
    """

    key: int
    section: str
    text: str
    where: str
    table: int | None = None
    row: int | None = None
    cell: int | None = None


@dataclass(frozen=True)
class Row:
    """A table row a section owns; ``cells`` holds the keys of each cell's paragraphs and
    ``texts`` each cell's text (label cells, which are not places, included)."""

    key: int
    section: str
    table: int
    index: int
    cells: tuple[tuple[int, ...], ...]
    texts: tuple[str, ...]
    where: str


@dataclass
class Section:
    """One section of the plan: its letter, its title as written, and what it holds."""

    letter: str
    title: str
    heading_where: str
    places: list[Place] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def tables(self) -> list[int]:
        """Indexes of the tables the section has rows in, in document order."""
        seen: dict[int, None] = {}
        for row in self.rows:
            seen.setdefault(row.table, None)
        return list(seen)

    @property
    def paragraph_count(self) -> int:
        """Paragraphs outside tables."""
        return sum(1 for place in self.places if place.row is None)

    @property
    def text(self) -> str:
        """The section's text, a paragraph a line."""
        return "\n".join(place.text for place in self.places)


@dataclass
class PlanDetails:
    """Whose plan this is, as the plan says: from a details table, labelled lines, or the
    page header and footer.

    ``first_name`` holds the given names as written (a middle name included) and
    ``last_name`` the family name; ``name`` is the full name (as written, or the two joined).
    ``found`` says where each detail was read ('table 1, row 2') and ``labels`` under which
    label; ``problems`` lists what makes a detail unusable, such as two different dates of
    birth.
    """

    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    preferred_name: str | None = None
    date_of_birth: date | None = None
    date_of_birth_text: str | None = None
    reference: str | None = None
    found: dict[str, str] = field(default_factory=dict, compare=False)
    labels: dict[str, str] = field(default_factory=dict, compare=False)
    problems: list[str] = field(default_factory=list, compare=False)


@dataclass(frozen=True)
class HeadingFound:
    """A section heading the reader used: the section, its title, where, on what evidence
    ('explicit', 'style', 'title cell', 'bold', 'fits', 'profile', 'row label'), and the
    heading line as written."""

    section: str
    title: str
    where: str
    evidence: tuple[str, ...]
    text: str = ""


@dataclass(frozen=True)
class SetAside:
    """A line the reader did not use as a section heading, or used to end a section (a
    contents list, a group title, a profile page, end matter), and why."""

    text: str
    where: str
    reason: str


@dataclass
class Plan:
    """A plan read from Word: its sections in document order and its details.

    ``headings`` are the section headings used, ``set_aside`` the lines that look like
    headings but were not used (or ended a section), ``confidence`` ('high', 'medium', 'low')
    how sure the reader is, with ``confidence_notes`` saying why, and ``layout`` the name of
    the layout profile used, if any.
    """

    sections: dict[str, Section]
    details: PlanDetails
    file: str | None = None
    paragraph_count: int = 0
    table_count: int = 0
    headings: list[HeadingFound] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    confidence: str = "high"
    confidence_notes: list[str] = field(default_factory=list)
    layout: str | None = None

    def section(self, letter: str) -> Section | None:
        """The section with that letter. ``H`` means H1 and H2 together; H1 or H2 fall back
        to a single H block when the plan does not split it."""
        letter = letter.upper()
        if letter in self.sections:
            return self.sections[letter]
        if letter in ("H1", "H2") and "H" in self.sections:
            return self.sections["H"]
        if letter == "H":
            parts = [self.sections[x] for x in ("H1", "H2") if x in self.sections]
            if "H" in self.sections:
                parts.insert(0, self.sections["H"])
            if not parts:
                return None
            merged = Section("H", " / ".join(p.title for p in parts), parts[0].heading_where)
            for part in parts:
                merged.places.extend(part.places)
                merged.rows.extend(part.rows)
            return merged
        return None

    @property
    def letters(self) -> list[str]:
        """Letters of the sections found, in document order."""
        return list(self.sections)

    @property
    def missing(self) -> list[str]:
        """Statutory sections the plan does not have."""
        return [letter for letter in SECTION_LETTERS if self.section(letter) is None]
