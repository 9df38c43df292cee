"""Pictures, text boxes, charts and diagrams inside ``w:drawing``, ``w:pict`` and ``w:object``.

Pictures become reportlab images sized from their extents and shrunk to fit the page; a floating
(anchored) picture follows the paragraph it is anchored in, except in headers and footers, where
it is drawn at its position on the page (``floating.py``). Text boxes, chart titles and SmartArt
text are laid out as ordinary paragraphs after the paragraph that holds them, so their words
stay in reading order.
"""

from __future__ import annotations

import io
import math
import re

from PIL import Image as PILImage
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from ehcpdocs.docx.xml import R_NS, w

from . import fonts, metafiles
from .context import RenderContext
from .floating import FloatingPicture, anchor_position
from .lines import PLAIN, LineParagraph, LineStyle, Span
from .tagging import content
from .units import PICTURE_SIZE_POINTS, emu, limit

WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_WP_ANCHOR = f"{{{WP_NS}}}anchor"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DGM_NS = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
# Word's "Mark as decorative" (a16 extension of wp:docPr): such a picture is an artifact.
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_LENGTH = re.compile(r"^\s*(-?(?:\d+\.?\d*|\.\d+))\s*(pt|in|cm|mm|px|)\s*$")
_UNIT = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75, "": 1 / 12700}
MAX_PIXELS = 40_000_000  # a picture larger than this is left out
MAX_DRAWN_PIXELS = 16_000_000  # a larger one is shrunk to this many (decoded it takes about 64 MB)
MAX_PIXELS_IN_ALL = 150_000_000  # the pictures of one document, decoded (about 8 seconds' work)


def drawing_flowables(ctx: RenderContext, element, avail_width: float, convert_blocks) -> tuple[list, list]:
    """(image flowables, text flowables) for one drawing-like run child."""
    images: list = []
    blocks: list = []
    if element.tag == w("drawing"):
        for container in element:
            extent = container.find(f"{{{WP_NS}}}extent")
            width = emu(extent.get("cx")) if extent is not None else None
            height = emu(extent.get("cy")) if extent is not None else None
            properties = container.find(f"{{{WP_NS}}}docPr")
            alt = _alt_text(properties.get("descr"), properties.get("title"), properties.get("name")) if properties is not None else ""
            described = _alt_text(properties.get("descr"), properties.get("title")) if properties is not None else ""
            decorative = properties is not None and _decorative(properties)
            blips = list(container.iter(f"{{{A_NS}}}blip"))
            # a header's or footer's floating picture (a logo) goes where it is anchored on the page
            position = (anchor_position(container) if ctx.page_fields and container.tag == _WP_ANCHOR
                        and len(blips) == 1 else None)
            for blip in blips:
                rid = blip.get(f"{{{R_NS}}}embed")
                size = (width, height)
                if len(blips) > 1:
                    size = blip_size(blip) or size
                image = image_flowable(ctx, rid, size[0], size[1], avail_width, alt)
                if image is not None:
                    figure = _figure(ctx, image, None if decorative else described or alt)
                    images.append(FloatingPicture(figure, position) if position is not None else figure)
            for chart in container.iter(f"{{{C_NS}}}chart"):
                blocks.extend(chart_text(ctx, chart.get(f"{{{R_NS}}}id"), avail_width))
            for diagram in container.iter(f"{{{DGM_NS}}}relIds"):
                blocks.extend(diagram_text(ctx, diagram.get(f"{{{R_NS}}}dm"), avail_width))
    else:
        # VML pictures, and embedded (OLE) objects shown by their preview picture.
        for imagedata in element.iter(f"{{{V_NS}}}imagedata"):
            rid = imagedata.get(f"{{{R_NS}}}id") or imagedata.get(f"{{{R_NS}}}pict")
            shape = imagedata.getparent()
            width, height = vml_size(shape.get("style") if shape is not None else None)
            alt = _alt_text(shape.get("alt") if shape is not None else None, imagedata.get(f"{{{O_NS}}}title"))
            image = image_flowable(ctx, rid, width, height, avail_width, alt)
            if image is not None:
                images.append(_figure(ctx, image, alt))
        # Legacy WordArt: the text of a VML text path.
        for path in element.iter(f"{{{V_NS}}}textpath"):
            text = " ".join((path.get("string") or "").split())
            if text:
                blocks.extend(_word_art(ctx, text))
    boxes = list(element.iter(w("txbxContent")))
    if boxes and ctx.depth < 8:
        ctx.depth += 1
        try:
            for box in boxes:
                blocks.extend(convert_blocks(ctx, list(box), avail_width))
        finally:
            ctx.depth -= 1
    return images, blocks


def blip_size(blip) -> tuple[float | None, float | None] | None:
    """The size of one picture in a group, from its shape properties."""
    pic = blip.getparent()
    while pic is not None and pic.getparent() is not None and not pic.tag.endswith("}pic"):
        pic = pic.getparent()
    if pic is None:
        return None
    ext = pic.find(f".//{{{A_NS}}}xfrm/{{{A_NS}}}ext")
    if ext is None:
        return None
    return emu(ext.get("cx")), emu(ext.get("cy"))


def vml_size(style: str | None) -> tuple[float | None, float | None]:
    """Width and height in points from a VML ``style`` attribute."""
    sizes: dict[str, float] = {}
    for item in (style or "").split(";"):
        if ":" not in item:
            continue
        key, value = (part.strip().lower() for part in item.split(":", 1))
        if key in ("width", "height"):
            match = _LENGTH.match(value)
            if match:
                points = limit(float(match.group(1)) * _UNIT[match.group(2)], PICTURE_SIZE_POINTS, value)
                if points is not None:
                    sizes[key] = points
    return sizes.get("width"), sizes.get("height")


def _article(kind: str) -> str:
    return "an" if kind == "EMF" else "a"


def _metafile_size(data: bytes) -> tuple[int, int]:
    """A metafile's size in Pillow's units (points), from its header; (0, 0) when unreadable."""
    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            return probe.size
    except Exception:  # a damaged header: the picture's extent in the document still sizes the box
        return (0, 0)


class Metafile:
    """A WMF or EMF picture that cannot be drawn (no converter, or one it cannot replay): its
    size (from the metafile's header, which Pillow reads on every platform) stands in for it."""

    def __init__(self, kind: str, size: tuple[int, int]) -> None:
        self.kind = kind
        self.size = size

    def getSize(self) -> tuple[int, int]:
        return self.size


def image_reader(ctx: RenderContext, rid: str | None):
    """A cached reportlab image reader for a relationship id (None with a warning when
    unusable; a ``Metafile`` for a WMF or EMF picture)."""
    if not rid:
        return None
    rel = ctx.rels().get(rid)
    if rel is None:
        ctx.warn("an image refers to a missing part and was left out")
        return None
    _type, target, mode = rel
    if mode == "External":
        ctx.warn("a linked (external) image was left out")
        return None
    cache_key = ("img", target)
    if cache_key in ctx.images:
        return ctx.images[cache_key]
    data = ctx.package.parts.get(target)
    reader = None
    if data is None:
        ctx.warn("an image part is missing from the package and was left out")
    else:
        kind = metafiles.metafile_kind(data)
        if kind is not None:
            replayed = metafiles.replay(data)
            if replayed is None:
                reader = ctx.images[cache_key] = Metafile(kind, _metafile_size(data))
                return reader
            if replayed.partial:
                ctx.warn(f"{_article(kind)} {kind} picture was drawn in part: some of its drawing records are not supported")
            data = replayed.png
        try:
            with PILImage.open(io.BytesIO(data)) as probe:
                fmt = (probe.format or "").upper()
                if fmt in ("WMF", "EMF"):  # a metafile the header test missed: not drawn
                    reader = ctx.images[cache_key] = Metafile(fmt, probe.size)
                    return reader
                pixels = probe.size[0] * probe.size[1]
                if pixels > MAX_PIXELS:
                    ctx.warn(f"a picture of {pixels / 1e6:.0f} megapixels is over the renderer's limit of "
                             f"{MAX_PIXELS // 1_000_000} and was left out")
                    ctx.images[cache_key] = None
                    return None
                work = ctx.work
                if work.pixels + pixels > MAX_PIXELS_IN_ALL:
                    ctx.warn(f"the pictures of the document hold more than {MAX_PIXELS_IN_ALL // 1_000_000} "
                             "megapixels in all; the rest were left out")
                    ctx.images[cache_key] = None
                    return None
                work.pixels += pixels
                if pixels > MAX_DRAWN_PIXELS:
                    data = _reduced(probe, fmt, pixels)
                    ctx.warn(f"a picture of {pixels / 1e6:.0f} megapixels was drawn at "
                             f"{MAX_DRAWN_PIXELS // 1_000_000} megapixels")
                elif fmt not in ("PNG", "JPEG", "GIF"):
                    converted = io.BytesIO()
                    probe.convert("RGBA" if probe.mode in ("RGBA", "LA", "P") else "RGB").save(converted, "PNG")
                    data = converted.getvalue()
            reader = ImageReader(io.BytesIO(data))
        except Exception:  # PIL raises many unrelated types for unreadable images
            extension = target.rsplit(".", 1)[-1].upper() if "." in target else "unknown"
            ctx.warn(f"an image in {extension} format could not be drawn and was left out")
            reader = None
    ctx.images[cache_key] = reader
    return reader


def _reduced(probe, fmt: str, pixels: int) -> bytes:
    """A picture of more than ``MAX_DRAWN_PIXELS`` pixels shrunk to at most that many (a JPEG
    is decoded at the smaller size, as JPEG allows), as JPEG or PNG data."""
    factor = math.ceil(math.sqrt(pixels / MAX_DRAWN_PIXELS))
    size = (max(probe.size[0] // factor, 1), max(probe.size[1] // factor, 1))
    if fmt == "JPEG":
        probe.draft(probe.mode, size)
    image = probe
    if image.size != size:
        image = image.reduce(max(image.size[0] // size[0], 1))
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB")
    out = io.BytesIO()
    if fmt == "JPEG" and image.mode == "RGB":
        image.save(out, "JPEG", quality=90)
    else:
        image.save(out, "PNG")
    return out.getvalue()


def _decorative(properties) -> bool:
    """Whether a picture's ``wp:docPr`` marks it decorative (``adec:decorative w:val="1"``)."""
    for mark in properties.iter(f"{{{DECORATIVE_NS}}}decorative"):
        return (mark.get("val") or "").lower() in ("1", "true", "on")
    return False


def _figure(ctx: RenderContext, image, alt: str | None):
    """A picture tagged as a ``Figure`` with its description, or as an artifact (``alt`` None:
    decorative)."""
    if alt is not None:
        node = ctx.tags.add("Figure")
        node.alt = alt or "picture without a description"
        image.tag = node
    return image


def image_flowable(ctx: RenderContext, rid, width, height, avail_width: float, alt: str = ""):
    """An image flowable fitted to the available width and page height (for a WMF or EMF
    picture, a bordered box of its size holding its description, with a warning)."""
    reader = image_reader(ctx, rid)
    if reader is None:
        return None
    if isinstance(reader, Metafile):
        hint = "" if metafiles.converter_available() else " (install ehcpdocs[metafiles] to draw them)"
        ctx.warn(f"{_article(reader.kind)} {reader.kind} picture (a Windows metafile) could not be drawn; a box of its size with its "
                 f"description stands in for it{hint}")
    pixel_w, pixel_h = reader.getSize()
    if not width or not height or width <= 0 or height <= 0:
        points = 1.0 if isinstance(reader, Metafile) else 0.75  # Pillow sizes a metafile at 72 dpi
        width, height = pixel_w * points, pixel_h * points
        if width <= 0 or height <= 0:
            return None
    max_h = ctx.geometry.height * 0.95
    scale = min(1.0, avail_width / width if width > avail_width else 1.0, max_h / height if height > max_h else 1.0)
    if scale < 1.0:
        ctx.warn("an image larger than the page was shrunk to fit")
    width, height = max(width * scale, 1.0), max(height * scale, 1.0)
    if isinstance(reader, Metafile):
        return PicturePlaceholder(width, height, alt or f"{reader.kind} picture")
    return Picture(reader, width, height)


def _alt_text(*candidates: str | None) -> str:
    """A picture's description: the first of its alternative text, title and name given."""
    for candidate in candidates:
        text = " ".join((candidate or "").split())
        if text:
            return text[:300]
    return ""


class PicturePlaceholder(Flowable):
    """A box of a picture's size with its description, for a picture that cannot be drawn."""

    FONT_SIZE = 8.0
    tag = None  # its Figure element (tagging.Node); None: an artifact

    def __init__(self, width: float, height: float, alt: str) -> None:
        super().__init__()
        self.image_width = width
        self.image_height = height
        self.alt = alt
        self.hAlign = "LEFT"

    def wrap(self, avail_width, avail_height):
        scale = avail_width / self.image_width if avail_width and self.image_width > avail_width > 0 else 1.0
        self.width = self.image_width * scale
        self.height = self.image_height * scale
        return self.width, self.height

    def draw(self) -> None:
        with content(self.canv, self.tag, (0, 0, self.width, self.height)):
            self._draw_box()

    def _draw_box(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColorRGB(0.5, 0.5, 0.5)
        canvas.setLineWidth(0.75)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        size = min(self.FONT_SIZE, max(self.height - 4, 1.0))
        if self.height >= 6 and self.width >= 12:
            path = canvas.beginPath()
            path.rect(0, 0, self.width, self.height)
            canvas.clipPath(path, stroke=0, fill=0)
            canvas.setFillColorRGB(0.3, 0.3, 0.3)
            face = fonts.face("sans", False, True)
            lines = _wrap_words(self.alt, face.name, size, self.width - 6)
            top = self.height / 2 + (len(lines) * size * 1.2) / 2 - size
            for index, line in enumerate(lines):
                y = top - index * size * 1.2
                if y < 1:
                    break
                pieces = fonts.split_by_coverage(line, face)
                used = sum(canvas.stringWidth(piece, name, size) for name, piece in pieces)
                x = max(3.0, (self.width - used) / 2)
                for name, piece in pieces:
                    canvas.setFont(name, size)
                    canvas.drawString(x, y, piece)
                    x += canvas.stringWidth(piece, name, size)
        canvas.restoreState()


def _wrap_words(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` (a long word stays whole)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and stringWidth(trial, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines[:40]


def _word_art(ctx: RenderContext, text: str) -> list:
    """WordArt's text as a line of its own (its shape and effects are not drawn)."""
    face = fonts.face("sans", True, False)
    spans = [Span(name, 14.0, PLAIN, piece) for name, piece in fonts.split_by_coverage(text, face)]
    return [LineParagraph(spans, LineStyle(leading=17.0, rule="atLeast", after=6.0))]


class Picture(Flowable):
    """A picture that shrinks (keeping its proportions) when the space offered is smaller."""

    tag = None  # its Figure element (tagging.Node); None: an artifact

    def __init__(self, reader, width: float, height: float) -> None:
        super().__init__()
        self.reader = reader
        self.image_width = width
        self.image_height = height
        self.hAlign = "LEFT"

    def wrap(self, avail_width, avail_height):
        scale = 1.0
        if avail_width and self.image_width > avail_width > 0:
            scale = avail_width / self.image_width
        self.width = self.image_width * scale
        self.height = self.image_height * scale
        return self.width, self.height

    def draw(self) -> None:
        with content(self.canv, self.tag, (0, 0, self.width, self.height)):
            self._draw_image()

    def _draw_image(self) -> None:
        canvas = self.canv
        doc = canvas._doc
        drawn = doc.__dict__.get("_ehcp_pictures")
        if drawn is None:
            drawn = doc.__dict__["_ehcp_pictures"] = {}
        known = drawn.get(self.reader)
        if known is None:
            canvas.drawImage(self.reader, 0, 0, self.width, self.height, mask="auto")
            operator = canvas._code[-2]
            if operator.startswith("/") and operator.endswith(" Do"):
                drawn[self.reader] = (operator, canvas._formsinuse[-1])
                _release(self.reader)
            return
        # What reportlab's drawImage writes for a picture it has already embedded (it knows the
        # picture by a digest of its decoded pixels, which are let go once it is embedded).
        operator, name = known
        canvas._currentPageHasImages = 1
        canvas.saveState()
        canvas.translate(0, 0)
        canvas.scale(self.width, self.height)
        canvas._code.append(operator)
        canvas.restoreState()
        canvas._formsinuse.append(name)


def _release(reader) -> None:
    """Let go of a picture's decoded pixels once the PDF holds it: a render keeps its pictures
    until the PDF is written, and decoded they take a hundred times the room."""
    reader._data = None
    reader._dataA = None
    reader._image = None


def _text_paragraphs(ctx: RenderContext, label: str, texts: list[str]) -> list:
    """One small italic line standing in for a chart or diagram: its label and its texts."""
    seen: list[str] = []
    for text in texts:
        text = " ".join(text.split())
        if text and text not in seen:
            seen.append(text)
    if not seen:
        seen = [""]
    body = f"[{label}] " + "; ".join(seen[:200])
    face = fonts.face("sans", False, True)
    spans = [Span(name, 9.0, PLAIN, piece) for name, piece in fonts.split_by_coverage(body, face)]
    style = LineStyle(leading=11.0, rule="atLeast", after=3.0)
    return [LineParagraph(spans, style)]


def chart_text(ctx: RenderContext, rid: str | None, avail_width: float) -> list:
    """A chart's title, series and category names as a text line (charts are not drawn)."""
    rel = ctx.rels().get(rid or "")
    root = ctx.package.xml(rel[1]) if rel and rel[1] in ctx.package.parts else None
    ctx.warn("a chart was replaced by its text")
    if root is None:
        return _text_paragraphs(ctx, "Chart", [])
    texts = [t.text or "" for t in root.iter(f"{{{A_NS}}}t")]
    texts += [v.text or "" for v in root.iter(f"{{{C_NS}}}v") if v.getparent() is not None
              and v.getparent().getparent() is not None
              and v.getparent().getparent().tag in (f"{{{C_NS}}}strRef", f"{{{C_NS}}}tx")]
    return _text_paragraphs(ctx, "Chart", texts)


def diagram_text(ctx: RenderContext, rid: str | None, avail_width: float) -> list:
    """A SmartArt diagram's text (diagrams are not drawn)."""
    rel = ctx.rels().get(rid or "")
    root = ctx.package.xml(rel[1]) if rel and rel[1] in ctx.package.parts else None
    ctx.warn("a diagram was replaced by its text")
    texts = [t.text or "" for t in root.iter(f"{{{A_NS}}}t")] if root is not None else []
    return _text_paragraphs(ctx, "Diagram", texts)
