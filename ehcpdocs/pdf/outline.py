"""PDF bookmarks: one per EHCP section (A to K) when the document is a plan, else per heading.

Section headings come from ``ehcpdocs.docx.reading.section_headings`` when that module is
available; the adapter here keeps the renderer working (with heading-style bookmarks) if it is
not, or if it cannot read the document as a plan.
"""

from __future__ import annotations

from reportlab.platypus import Flowable


def plan_section_headings(document_root, styles_root=None) -> dict:
    """Heading paragraph element -> (letter, title), or {} when sections cannot be found."""
    try:
        from ehcpdocs.docx.reading import section_headings
    except ImportError:
        return {}
    try:
        found = section_headings(document_root, styles_root)
    except Exception:  # a document that is not a plan: the outline falls back to headings
        return {}
    return dict(found or {})


def section_label(letter: str, title: str | None) -> str:
    """The bookmark text of an EHCP section."""
    title = " ".join((title or "").split())
    if not title:
        return f"Section {letter}"
    if title.lower().startswith("section"):
        return title
    return f"Section {letter}: {title}"


class OutlineEntry(Flowable):
    """A zero-size flowable that adds a bookmark for the page it lands on."""

    _ZEROSIZE = 1
    # Pass the space after the previous paragraph through to the heading it marks, so the two
    # overlap (the larger one counts) as they do between paragraphs without a bookmark.
    _SPACETRANSFER = True

    def __init__(self, key: str, title: str, level: int) -> None:
        super().__init__()
        self.key = key
        self.title = title
        self.level = level
        self.keepWithNext = 1

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        done = getattr(canvas, "_ehcp_bookmarks", None)
        if done is None:
            done = canvas._ehcp_bookmarks = set()
        if self.key in done:
            return
        done.add(self.key)
        bookmark = getattr(canvas, "bookmark_current_page", None)
        if bookmark is not None:
            bookmark(self.key)
        else:
            canvas.bookmarkPage(self.key)
        canvas.addOutlineEntry(self.title, self.key, level=self.level, closed=False)
