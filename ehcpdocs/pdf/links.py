"""Links inside the document: a table of contents' entries and ``w:hyperlink w:anchor`` links go
to the bookmark (``w:bookmarkStart``) they name, as PDF link annotations to destinations.

Only bookmarks that something links to become destinations (Word adds many, ``_GoBack`` and
``_Toc`` names of headings no entry points to). A link's area is kept with its page while
the body is laid out and written when the pages are, after every destination is known: a
table of contents links forward to headings on later pages.
"""

from __future__ import annotations

import re

from reportlab.platypus.flowables import Flowable

from ehcpdocs.docx.xml import w

INTERNAL = "#"
_PAGEREF = re.compile(r"\b(?:PAGEREF|REF)\s+\"?([^\s\"\\]+)", re.IGNORECASE)
_HYPERLINK_LOCAL = re.compile(r"\bHYPERLINK\s+\\l\s+\"?([^\s\"\\]+)", re.IGNORECASE)
MAX_TARGETS = 20000


def link_targets(body) -> set[str]:
    """The bookmark names of a body that its links point to (hyperlink anchors and the
    bookmarks of PAGEREF, REF and ``HYPERLINK \\l`` fields) and that it defines."""
    if body is None:
        return set()
    wanted: set[str] = set()
    defined: set[str] = set()
    anchor_attr, name_attr = w("anchor"), w("name")
    for element in body.iter(w("hyperlink"), w("bookmarkStart"), w("instrText"), w("fldSimple")):
        tag = element.tag
        if tag == w("bookmarkStart"):
            name = element.get(name_attr)
            if name and len(defined) < MAX_TARGETS:
                defined.add(name)
        elif tag == w("hyperlink"):
            anchor = element.get(anchor_attr)
            if anchor and len(wanted) < MAX_TARGETS:
                wanted.add(anchor)
        else:
            code = element.text if tag == w("instrText") else element.get(w("instr"))
            if code and len(wanted) < MAX_TARGETS:
                wanted.update(field_targets(code))
    return wanted & defined


def field_targets(code: str) -> list[str]:
    """Bookmark names a field instruction refers to (``PAGEREF _Toc1 \\h``, ``HYPERLINK \\l "x"``)."""
    return _PAGEREF.findall(code) + _HYPERLINK_LOCAL.findall(code)


def internal_link(name: str | None, targets: set[str]) -> str | None:
    """The link of a span that goes to a bookmark (None when the bookmark is not a target)."""
    return INTERNAL + name if name and name in targets else None


def destination_key(link: str) -> str:
    """The PDF destination name of an internal link or bookmark."""
    return "bm:" + link.lstrip(INTERNAL)


class Anchor(Flowable):
    """A zero-size flowable before a paragraph with bookmarks: the destinations of the links to
    them, at the top of the paragraph on the page it lands on."""

    _ZEROSIZE = 1
    _SPACETRANSFER = True

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names
        self.keepWithNext = 1

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def drawOn(self, canvas, x, y, _sW=0):
        bookmark = getattr(canvas, "bookmark_at", None)
        if bookmark is None:
            return
        for name in self.names:
            bookmark(destination_key(name), y)

    def draw(self) -> None:  # drawn by drawOn, which knows the position
        return
