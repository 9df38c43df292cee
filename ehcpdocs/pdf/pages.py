"""Page setup of each Word section (``w:sectPr``): size, orientation, margins, headers, numbering."""

from __future__ import annotations

from dataclasses import dataclass, field

from ehcpdocs.docx.props import is_on
from ehcpdocs.docx.xml import R_NS, w

from .columns import Columns, read_columns
from .units import GUTTER, LIST_START, PAGE_MARGIN, PAGE_SIZE, measure, twips

A4 = (595.28, 841.89)
MIN_PAGE = 72.0
MAX_PAGE = 14400.0  # PDF's largest page (200 inches); Word's sizes are limited to 22 inches as read


@dataclass
class PageSetup:
    """One section's page geometry and its header/footer references (part names by kind)."""

    width: float = A4[0]
    height: float = A4[1]
    top: float = 72.0
    bottom: float = 72.0
    left: float = 72.0
    right: float = 72.0
    header: float = 36.0
    footer: float = 36.0
    start_type: str = "nextPage"
    title_page: bool = False
    page_start: int | None = None
    page_format: str = "decimal"
    headers: dict = field(default_factory=dict)
    footers: dict = field(default_factory=dict)
    columns: Columns | None = None  # newspaper columns (columns.py); None for one
    balanced: bool = False  # its columns balanced in one flowable rather than page frames

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.height - self.top - self.bottom

    def same_geometry(self, other: "PageSetup") -> bool:
        return (self.width, self.height, self.top, self.bottom, self.left, self.right) == (
            other.width, other.height, other.top, other.bottom, other.left, other.right)


def read_page_setup(sect_pr, rels: dict, previous: PageSetup | None, warn) -> PageSetup:
    """A section's setup; header/footer kinds it does not set are inherited from the previous one."""
    setup = PageSetup()
    if previous is not None:
        setup.headers = dict(previous.headers)
        setup.footers = dict(previous.footers)
    if sect_pr is None:
        return setup
    size = sect_pr.find(w("pgSz"))
    if size is not None:
        width, height = twips(size.get(w("w")), PAGE_SIZE), twips(size.get(w("h")), PAGE_SIZE)
        if width and height and MIN_PAGE * 2 <= width <= MAX_PAGE and MIN_PAGE * 2 <= height <= MAX_PAGE:
            setup.width, setup.height = width, height
            if size.get(w("orient")) == "landscape" and width < height:
                setup.width, setup.height = height, width
        elif size.get(w("w")) or size.get(w("h")):
            warn("a section has an unusable page size; A4 was used")
    margins = sect_pr.find(w("pgMar"))
    if margins is not None:
        for name in ("top", "bottom", "left", "right", "header", "footer"):
            value = twips(margins.get(w(name)), PAGE_MARGIN)
            if value is not None:
                setattr(setup, name, min(abs(value), 1000.0))
        gutter = twips(margins.get(w("gutter")), GUTTER)
        if gutter and 0 < gutter < 200:
            setup.left += gutter
    if setup.frame_width < MIN_PAGE or setup.frame_height < MIN_PAGE:
        warn("a section's margins leave no room for text; 1-inch margins were used")
        setup.top = setup.bottom = setup.left = setup.right = min(72.0, setup.width / 4, setup.height / 4)
    setup.columns = read_columns(sect_pr.find(w("cols")), setup.frame_width, warn)
    kind = sect_pr.find(w("type"))
    if kind is not None and kind.get(w("val")):
        setup.start_type = kind.get(w("val"))
    setup.title_page = is_on(sect_pr.find(w("titlePg")))
    numbering = sect_pr.find(w("pgNumType"))
    if numbering is not None:
        start = measure(numbering.get(w("start")), LIST_START)
        setup.page_start = None if start is None else int(start)
        setup.page_format = numbering.get(w("fmt")) or "decimal"
    for tag, target in (("headerReference", setup.headers), ("footerReference", setup.footers)):
        for ref in sect_pr.findall(w(tag)):
            rel = rels.get(ref.get(f"{{{R_NS}}}id") or "")
            if rel is not None and rel[2] != "External":
                target[ref.get(w("type")) or "default"] = rel[1]
    return setup
