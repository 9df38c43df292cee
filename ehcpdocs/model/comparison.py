"""What a comparison of two documents found, as plain data: which units pair up, and how.

Units are body paragraphs, table rows and text boxes, named by their index in each document's
list of units; a paired row's cells and a paired cell's paragraphs are named by index the same
way. ``compare.engine`` builds a ``Comparison`` from the units' text; the redline writer
(``docx.redline``) lays it onto the new document and the summary (``compare.report``) counts it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .edits import Edit


@dataclass(frozen=True)
class UnitText:
    """A unit reduced to text: a paragraph's text, or a row's cells' paragraph texts."""

    kind: str
    text: str
    cells: tuple[tuple[str, ...], ...] = ()


@dataclass
class TextPair:
    """A paragraph of the old document paired with one of the new (either may be None).

    ``edits`` is the word diff of a changed pair (None when equal, added, removed, or when the
    diff ran out of time: ``replaced`` then says to mark the old one removed, the new one added).
    """

    old: int | None
    new: int | None
    old_text: str = ""
    new_text: str = ""
    edits: list[Edit] | None = None
    replaced: bool = False

    @property
    def changed(self) -> bool:
        return self.old is None or self.new is None or self.replaced or self.edits is not None


@dataclass
class CellPair:
    """A cell of a paired row: old and new cell indexes and their paragraphs' pairs."""

    old: int | None
    new: int | None
    paragraphs: list[TextPair] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.old is None or self.new is None or any(p.changed for p in self.paragraphs)


@dataclass
class UnitPair:
    """Old and new unit indexes (either may be None) and, for rows, the cells' pairs."""

    kind: str
    old: int | None
    new: int | None
    paragraph: TextPair | None = None
    cells: list[CellPair] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        if self.old is None or self.new is None:
            return True
        if self.kind == "p":
            return self.paragraph.changed
        return any(cell.changed for cell in self.cells)


@dataclass
class Comparison:
    """Every unit pair in reading order, and how many changed pairs the time budget left undiffed."""

    pairs: list[UnitPair]
    fallbacks: int = 0
