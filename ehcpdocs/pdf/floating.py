"""Floating pictures of headers and footers (``wp:anchor``) placed where Word places them.

A council's logo is often a floating picture in the header, positioned against the page or its
margins ("right of the margin, 1 cm from the top of the page") beside the header's text. Drawn
after its paragraph, it made the header as tall as the logo and pushed the body down. A
``FloatingPicture`` takes no room in the header's flow: when the header is drawn it draws its
picture at the position its ``wp:positionH`` and ``wp:positionV`` give, from the page's size
and margins the header painter puts on the canvas (``PAGE_AREA``).

A picture behind the text (``behindDoc``, a watermark) is moved to the start of the page's
content, under the body. Pictures floating in the body still follow their paragraph (text
would have to wrap round them); see docs/pdf.md.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from .tagging import ARTIFACT_BEGIN, END, tags_of
from .units import emu

WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PAGE_AREA = "_ehcp_page_area"  # canvas attribute: (width, height, left, right, top, bottom) of the page
_HORIZONTAL_ALIGNS = {"left": 0.0, "inside": 0.0, "center": 0.5, "right": 1.0, "outside": 1.0}
_VERTICAL_ALIGNS = {"top": 0.0, "inside": 0.0, "center": 0.5, "bottom": 1.0, "outside": 1.0}


def anchor_position(anchor) -> tuple | None:
    """((horizontally from, offset or None, align share), (vertically from, offset or None,
    align share), behind the text) of a ``wp:anchor``, in points; None when it says neither."""
    axes: list = []
    for tag, aligns in (("positionH", _HORIZONTAL_ALIGNS), ("positionV", _VERTICAL_ALIGNS)):
        position = anchor.find(f"{{{WP_NS}}}{tag}")
        if position is None:
            return None
        offset = position.find(f"{{{WP_NS}}}posOffset")
        align = position.find(f"{{{WP_NS}}}align")
        points = emu(offset.text) if offset is not None and offset.text else None
        share = aligns.get((align.text or "").strip()) if align is not None else None
        if points is None and share is None:
            points = 0.0
        axes.append((position.get("relativeFrom") or "", points, share))
    return axes[0], axes[1], anchor.get("behindDoc") in ("1", "true", "on")


class FloatingPicture(Flowable):
    """A picture drawn at its anchored position on the page, taking no room where it stands."""

    _ZEROSIZE = 1

    def __init__(self, picture, position: tuple) -> None:
        super().__init__()
        self.picture = picture
        self.position = position
        self.width = self.height = 0

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def drawOn(self, canvas, x, y, _sW=0):
        area = canvas.__dict__.get(PAGE_AREA)
        picture = self.picture
        width, height = picture.wrapOn(canvas, 10000, 10000)
        if area is None:
            picture.drawOn(canvas, x, y - height)
            return
        page_width, page_height, left, right, top, bottom = area
        (h_from, h_offset, h_share), (v_from, v_offset, v_share), behind = self.position
        start, end = {
            "page": (0.0, page_width),
            "leftMargin": (0.0, left),
            "rightMargin": (page_width - right, page_width),
            "insideMargin": (0.0, left),
            "outsideMargin": (page_width - right, page_width),
        }.get(h_from, (left, page_width - right))  # margin, column, character
        across = start + h_offset if h_offset is not None else start + (end - start - width) * h_share
        # vertical positions from the top of the page; paragraph and line: where the anchor stands
        here = page_height - y
        start, end = {
            "page": (0.0, page_height),
            "margin": (top, page_height - bottom),
            "topMargin": (0.0, top),
            "bottomMargin": (page_height - bottom, page_height),
            "insideMargin": (0.0, top),
            "outsideMargin": (page_height - bottom, page_height),
        }.get(v_from, (here, here))
        down = start + v_offset if v_offset is not None else start + (end - start - height) * v_share
        code = canvas._code
        start = len(code)
        canvas.saveState()
        try:
            # drawn in the page's own coordinates, wherever the header's flow has moved to
            picture.drawOn(canvas, across, page_height - down - height)
        finally:
            canvas.restoreState()
        if behind:
            # behind the text (a watermark): first on the page, under the body drawn before it
            drawn = code[start:]
            del code[start:]
            code[0:0] = [ARTIFACT_BEGIN, *drawn, END] if tags_of(canvas) is not None else drawn

    def draw(self) -> None:  # drawn by drawOn, which knows the page
        return
