"""An edit script: what amendments (or a comparison) change, in terms of a plan's places.

Produced by the amendment engine and the comparison, consumed by the Word writers. Paragraphs
and rows are named by the keys the plan reader gave them; new ones by negative idents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Op = Literal["equal", "delete", "insert"]


@dataclass(frozen=True)
class Edit:
    """One stretch of a diff: text kept, removed or added."""

    op: Op
    text: str


@dataclass(frozen=True)
class ParagraphChange:
    """An existing paragraph whose words changed: the word-level edits."""

    key: int
    section: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class ParagraphRemoval:
    """An existing paragraph removed whole (struck in the amended plan)."""

    key: int
    section: str
    text: str


@dataclass(frozen=True)
class ParagraphAddition:
    """A new paragraph, placed after (or before) another paragraph.

    ``after``/``before`` is the key of an existing paragraph (>= 0) or the ``ident`` of another
    addition (< 0); ``like`` is the existing paragraph whose formatting it takes.
    """

    ident: int
    section: str
    text: str
    like: int
    after: int | None = None
    before: int | None = None


@dataclass(frozen=True)
class RowRemoval:
    """An existing table row removed whole."""

    key: int
    section: str
    text: str


@dataclass(frozen=True)
class RowAddition:
    """A new table row after ``after`` (an existing row key, or another addition's ident),
    formatted like the existing row ``like``; ``cells`` holds each cell's paragraphs."""

    ident: int
    section: str
    after: int
    like: int
    cells: tuple[tuple[str, ...], ...]


@dataclass
class EditScript:
    """Everything the amendments change, in document terms."""

    changes: list[ParagraphChange] = field(default_factory=list)
    removals: list[ParagraphRemoval] = field(default_factory=list)
    additions: list[ParagraphAddition] = field(default_factory=list)
    row_removals: list[RowRemoval] = field(default_factory=list)
    row_additions: list[RowAddition] = field(default_factory=list)
    descriptions: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.changes or self.removals or self.additions or self.row_removals or self.row_additions)


