"""State shared while one document is converted: package, styles, numbering, warnings, fields."""

from __future__ import annotations

from dataclasses import dataclass, field

from ehcpdocs.docx.package import Package

from .limits import MAX_WARNINGS, Work
from .numbering import Numbering
from .styles import StyleResolver
from .tagging import Tags

# Placeholders for page-number fields in headers and footers, replaced when each page is drawn.
PAGE_TOKEN = "\x01P\x01"
NUMPAGES_TOKEN = "\x01N\x01"
SECTIONPAGES_TOKEN = "\x01S\x01"


class Warnings:
    """Warnings of one render, each message kept once, in the order first seen; past
    ``MAX_WARNINGS`` a last one says that more were left out."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self._seen: set[str] = set()

    def __call__(self, message: str) -> None:
        if message not in self._seen and len(self.messages) <= MAX_WARNINGS:
            self._seen.add(message)
            self.messages.append(message if len(self.messages) < MAX_WARNINGS else "more warnings were left out")


@dataclass
class FieldState:
    """One open complex field (``w:fldChar`` begin .. end)."""

    code: str = ""
    in_result: bool = False
    suppress_result: bool = False
    link: str | None = None
    page_ref: str | None = None  # the bookmark of a PAGEREF field whose saved result is shown
    shown: str = ""  # that saved result, as it is read


@dataclass
class Geometry:
    """The usable area of the current section's pages, in points."""

    width: float = 451.0
    height: float = 698.0


@dataclass
class RenderContext:
    """Everything converters need about the document being rendered."""

    package: Package
    styles: StyleResolver
    numbering: Numbering
    warn: Warnings
    part: str
    geometry: Geometry = field(default_factory=Geometry)
    work: Work = field(default_factory=Work)
    fields: list[FieldState] = field(default_factory=list)
    page_fields: bool = False
    safe_mode: bool = False
    outline: dict = field(default_factory=dict)
    heading_outline: bool = True
    footnotes: list = field(default_factory=list)
    note_numbers: dict = field(default_factory=dict)
    images: dict = field(default_factory=dict)
    first_heading: str | None = None
    depth: int = 0
    table_style: dict | None = None
    bookmark_count: int = 0
    note_number: int | None = None
    last_outline_level: int = -1
    link_targets: set = field(default_factory=set)  # bookmark names links go to (links.py)
    # PAGEREF fields (a table of contents' page numbers): the page each bookmark was laid out on
    # in the pass before (name -> number as shown), and what each field shows in this pass
    page_refs: dict = field(default_factory=dict)
    page_ref_results: dict = field(default_factory=dict)
    bordered: int = 0  # bordered paragraphs made (borders.group_borders joins their boxes)
    default_tab: float = 36.0  # w:defaultTabStop of the settings, in points
    tags: Tags = field(default_factory=Tags)  # the structure tree being collected (tagging.py)
    # Caches for one document (shared with the header and footer copies of the context): run
    # looks by resolved properties and, for runs without direct formatting, by paragraph style;
    # paragraph setups by (w:pPr structure, table style); line styles by their values and by
    # (setup, width, place, font size); cell properties by w:tcPr structure; relationships by part.
    looks: dict = field(default_factory=dict)
    plain_looks: dict = field(default_factory=dict)
    paragraph_setups: dict = field(default_factory=dict)
    line_styles: dict = field(default_factory=dict)
    paragraph_styles: dict = field(default_factory=dict)
    cell_properties: dict = field(default_factory=dict)
    part_rels: dict = field(default_factory=dict)

    def rels(self) -> dict[str, tuple[str, str, str]]:
        """Relationships of the part being converted (cached per part)."""
        rels = self.part_rels.get(self.part)
        if rels is None:
            rels = self.part_rels[self.part] = self.package.rels_of(self.part)
        return rels
