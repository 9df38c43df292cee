"""The normalised stream of blocks the plan reader works on: plain data, no XML.

``docx.blocks`` builds it from a Word body: every paragraph becomes a ``Block`` (body
paragraphs and cell paragraphs alike, in reading order, its index being the paragraph's key),
every table a ``TableInfo`` and every row a ``RowInfo``. A block carries what the recognisers
look at: its text, its style's heading level, whether all of it is bold, whether it sits in a
contents list field or style, its table position. The recognisers (``contents``, ``headings``,
``boundaries``, ``details``) read only this.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Item = tuple[str, int]
"""A body or cell child: ("p", block index) or ("t", table number)."""


@dataclass(slots=True)
class Block:
    """One paragraph: its visible text and what it looks like."""

    index: int
    text: str
    where: str
    style: str | None = None
    heading_level: int | None = None
    bold: bool = False
    numbered: bool = False
    toc: bool = False
    page_ref: bool = False
    leader: bool = False
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    depth: int = 0

    @property
    def in_table(self) -> bool:
        return self.row is not None


@dataclass(slots=True)
class CellInfo:
    """One cell: its children in order, every block in it (nested tables included), its text
    (its own paragraphs joined by a space), shading and column span."""

    items: list[Item]
    blocks: list[int]
    text: str
    shaded: bool = False
    span: int = 1


@dataclass(slots=True)
class RowInfo:
    """One table row; ``key`` is its index among all rows of the document. ``filled`` holds the
    positions (0-based) of the cells that hold text; ``seal`` sets it once the cells are in."""

    key: int
    table: int
    index: int
    cells: list[CellInfo]
    header: bool = False
    filled: list[int] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]

    def seal(self) -> None:
        self.filled = [number for number, cell in enumerate(self.cells) if cell.text.strip()]


@dataclass(slots=True)
class TableInfo:
    """One table: its number (1 for the document's first table, nested tables counted in
    reading order), its rows in order, where it is, and how deeply it is nested."""

    index: int
    rows: list[int]
    where: str
    depth: int = 0
    style: str | None = None
    columns: int = 0


@dataclass
class BlockStream:
    """A body (or a header or footer) as blocks, rows and tables, with its top-level order."""

    blocks: list[Block] = field(default_factory=list)
    rows: list[RowInfo] = field(default_factory=list)
    tables: list[TableInfo] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    body_paragraphs: int = 0

    def table(self, number: int) -> TableInfo:
        return self.tables[number - 1]

    def table_rows(self, number: int) -> list[RowInfo]:
        return [self.rows[key] for key in self.tables[number - 1].rows]

    def item_blocks(self, items: list[Item]) -> list[int]:
        """Every block under a list of items, in order."""
        out: list[int] = []
        for kind, index in items:
            if kind == "p":
                out.append(index)
            else:
                for key in self.tables[index - 1].rows:
                    for cell in self.rows[key].cells:
                        out.extend(cell.blocks)
        return out
