"""Text shaped with HarfBuzz: the glyphs, advances and offsets of complex scripts (Arabic and
Urdu joining forms, Indic conjuncts and vowel signs) and of right-to-left runs, drawn into the
page through the faces' ordinary embedded subsets.

Reportlab embeds a TrueType face as subsets keyed by character, so each glyph the shaper
returns is given a character: its own when the face maps one character to it, else a
private-use code point added to the face's map (``glyph_char``), which embeds it like any
other. The shaped run is written as one ``TJ`` per subset with the shaper's positions (marks
raised with ``Ts``). What text extraction, search and screen readers read:
- a left-to-right run (Indic scripts, whose vowel signs may be drawn before their consonant) is
  inside a marked-content span whose ``/ActualText`` is the run's text in logical order;
- a right-to-left run is drawn in visual order, as PDF readers expect right-to-left text, with
  each glyph's ``ToUnicode`` entry giving the characters it was shaped from (a joining form is
  its letter, a ligature its letters): readers put right-to-left text back in logical order
  themselves, and an ``/ActualText`` in logical order is then reversed a second time (poppler).

``ComplexFont`` is a bundled face whose widths come from the shaper (the Noto faces); any
bundled face can be shaped when its text runs right to left.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import uharfbuzz as hb
from reportlab.lib.rl_accel import escapePDF, fp_str

from .fonts import BundledFont
from .scripts import RIGHT_TO_LEFT

_LOCK = threading.Lock()
_PRIVATE_FIRST = 0xE000
_PRIVATE_LAST = 0xEFFF  # F000-F0FF is where Symbol and Wingdings characters live
_MAX_SHAPED = 20000
# Kerning and ligatures off for the Latin faces: their widths in lines are reportlab's, which
# knows neither, so the drawn run stays as wide as it was measured.
_PLAIN_FEATURES = {"kern": False, "liga": False, "clig": False}


class _Shaper:
    """HarfBuzz's view of one face, the runs it has shaped and the characters of its glyphs."""

    __slots__ = ("font", "glyph_chars", "next_private", "private_text", "runs", "scale")

    def __init__(self, data: bytes) -> None:
        face = hb.Face(hb.Blob(data))
        self.font = hb.Font(face)
        self.scale = 1000.0 / (face.upem or 1000)
        self.runs: OrderedDict = OrderedDict()
        self.glyph_chars: dict[int, str] = {}
        self.next_private = _PRIVATE_FIRST
        self.private_text: dict[int, str] = {}  # private-use code -> the text its glyph shows


def _shaper(font) -> _Shaper:
    shaper = font.__dict__.get("_ehcp_shaper")
    if shaper is None:
        with _LOCK:
            shaper = font.__dict__.get("_ehcp_shaper")
            if shaper is None:
                shaper = font.__dict__["_ehcp_shaper"] = _Shaper(font.face._ttf_data)
    return shaper


def shape(font, text: str, rtl: bool) -> tuple:
    """``text`` shaped in a face: ``(glyph id, advance, x offset, y offset, cluster)`` per glyph
    in drawing order (left to right), in thousandths of the font size; clusters index ``text``."""
    shaper = _shaper(font)
    key = (text, rtl)
    glyphs = shaper.runs.get(key)
    if glyphs is not None:
        return glyphs
    buffer = hb.Buffer()
    buffer.add_codepoints([ord(ch) for ch in text])
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS  # marks keep clusters of their own
    features = None if isinstance(font, ComplexFont) else _PLAIN_FEATURES
    with _LOCK:  # an hb_font_t is not to be shaped with from two threads at once
        hb.shape(shaper.font, buffer, features)
    scale = shaper.scale
    glyphs = tuple(
        (info.codepoint, position.x_advance * scale, position.x_offset * scale, position.y_offset * scale, info.cluster)
        for info, position in zip(buffer.glyph_infos, buffer.glyph_positions)
    )
    runs = shaper.runs
    with _LOCK:
        if len(runs) >= _MAX_SHAPED:
            runs.popitem(last=False)
        runs[key] = glyphs
    return glyphs


def shaped_width(font, text: str, size: float) -> float:
    """The width of ``text`` in a face at a size, as the shaper lays it out."""
    return 0.001 * size * sum(glyph[1] for glyph in shape(font, text, RIGHT_TO_LEFT.search(text) is not None))


class ComplexFont(BundledFont):
    """A bundled face for a complex script: widths (and so line breaks) from the shaper."""

    shaped = True

    def stringWidth(self, text, size, encoding="utf8"):
        if not isinstance(text, str):
            text = text.decode(encoding or "utf8")
        return shaped_width(self, text, size)


def glyph_char(font, gid: int) -> str:
    """The character that stands for a glyph in a face's embedded subsets: the one the face maps
    to it, else a private-use code point mapped to it from now on (so it is embedded)."""
    shaper = _shaper(font)
    ch = shaper.glyph_chars.get(gid)
    if ch is not None:
        return ch
    with _LOCK:
        ch = shaper.glyph_chars.get(gid)
        if ch is not None:
            return ch
        face = font.face
        to_glyph = face.charToGlyph
        # not a presentation form (U+FB50-FEFF): text read back would be those, not the letters
        codes = sorted(code for code in face.glyphToChar.get(gid, ())
                       if to_glyph.get(code) == gid and code != 0xA0 and not 0xFB00 <= code <= 0xFEFF)
        if codes:
            ch = chr(codes[0])
        else:
            code = shaper.next_private
            while code in to_glyph and code <= _PRIVATE_LAST:
                code += 1
            if code > _PRIVATE_LAST:
                return "\u0000"  # more glyphs than a plan could use: drawn as the missing glyph
            shaper.next_private = code + 1
            to_glyph[code] = gid
            face.glyphToChar.setdefault(gid, []).append(code)
            face.charWidths[code] = _advance(face, gid)
            ch = chr(code)
        shaper.glyph_chars[gid] = ch
        return ch


def _advance(face, gid: int) -> float:
    """The advance of a glyph in thousandths of the size (the width its subset declares)."""
    for code in face.glyphToChar.get(gid, ()):
        width = face.charWidths.get(code)
        if width is not None:
            return width
    return face.defaultWidth


def actual_text(text: str) -> str:
    """A PDF text string of ``text`` (UTF-16BE with its byte-order mark), in hex."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def show_shaped(ops: list, encoder, size: float, text: str, current: str | None, rise: float, rtl: bool) -> str:
    """Operators drawing ``text`` shaped (right to left when ``rtl``) at the text position;
    returns the font-selecting operator now in effect."""
    font = encoder.font
    glyphs = shape(font, text, rtl)
    assignments = encoder.assignments
    widths = font.face.charWidths
    default = font.face.defaultWidth
    if not rtl:
        ops.append(f"/Span <</ActualText {actual_text(text)}>> BDC")
    private_text = _shaper(font).private_text
    clusters = sorted({glyph[4] for glyph in glyphs}) + [len(text)]
    following = dict(zip(clusters, clusters[1:]))
    seen_clusters: set[int] = set()
    items: list = []  # the TJ array being built: byte strings and adjustments
    subset = None
    lifted = 0.0
    pending = 0.0  # adjustment before the next glyph (TJ units: positive moves left)

    def flush() -> None:
        nonlocal items
        if items:
            ops.append("[" + " ".join(items) + "] TJ")
            items = []

    for gid, advance, x_offset, y_offset, cluster in glyphs:
        ch = glyph_char(font, gid)
        code = ord(ch)
        if code >= _PRIVATE_FIRST and code <= _PRIVATE_LAST and code not in private_text:
            # the first cluster a glyph is seen in gives it its text (a glyph of a cluster
            # already given, as the second part of a split vowel, adds none)
            private_text[code] = "" if cluster in seen_clusters else text[cluster:following.get(cluster, len(text))]
        seen_clusters.add(cluster)
        number = assignments.get(ord(ch))
        if number is None:
            encoder.pieces(ch)  # reportlab gives it a code in a subset
            number = assignments.get(ord(ch), 0)
        if number >> 8 != subset:
            flush()
            subset = number >> 8
            select = encoder.select(subset, size)
            if select != current:
                ops.append(select)
                current = select
        if y_offset != lifted:
            flush()
            ops.append(f"{fp_str(rise + y_offset * size * 0.001)} Ts")
            lifted = y_offset
        pending -= x_offset
        if abs(pending) > 1e-6:
            items.append(fp_str(pending))
        items.append(f"({escapePDF(bytes((number & 0xFF,)))})")
        drawn = widths.get(ord(ch), default)
        pending = drawn + x_offset - advance
    if abs(pending) > 1e-6:
        items.append(fp_str(pending))
    flush()
    if lifted:
        ops.append(f"{fp_str(rise)} Ts")
    if not rtl:
        ops.append("EMC")
    return current


def rewrite_to_unicode(font, doc, subsets: list) -> None:
    """Give the private-use codes of shaped glyphs in a face's embedded subsets the text they
    were shaped from, in the ``ToUnicode`` maps reportlab wrote for them (it maps each code
    to its own character)."""
    shaper = font.__dict__.get("_ehcp_shaper")
    if shaper is None or not shaper.private_text:
        return
    from reportlab.pdfbase.ttfonts import SUBSETN

    texts = shaper.private_text
    for n, subset in enumerate(subsets):
        if not any(code in texts for code in subset):
            continue
        base = (b"".join((SUBSETN(n), b"+", font.face.name, font.face.subfontNameX))).decode("pdfdoc")
        stream = doc.idToObject.get("toUnicodeCMap:" + base)
        if stream is None:
            continue
        stream.content = _to_unicode_cmap(base, subset, texts)


def _to_unicode_cmap(name: str, subset: list, texts: dict) -> str:
    """A ToUnicode CMap of one subset: each code to the UTF-16 of its character or shaped text."""
    entries = []
    for index, code in enumerate(subset):
        shown = texts.get(code, chr(code)) if code >= _PRIVATE_FIRST else chr(code)
        if shown:
            entries.append(f"<{index:02X}> <{shown.encode('utf-16-be').hex().upper()}>")
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
             f"<< /Registry ({name})", f"/Ordering ({name})", "/Supplement 0", ">> def",
             f"/CMapName /{name} def", "/CMapType 2 def", "1 begincodespacerange",
             f"<00> <{len(subset) - 1:02X}>", "endcodespacerange"]
    for start in range(0, len(entries), 100):  # at most 100 entries in a block
        chunk = entries[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines.extend(chunk)
        lines.append("endbfchar")
    lines.extend(["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])
    return "\n".join(lines)
