"""Bundled fonts: mapping Word font names onto them, and per-character fallback.

The PDF must look the same on a fresh machine with no system fonts, so every face comes from
``ehcpdocs/pdf/fonts/``: Liberation Sans/Serif/Mono (metric-compatible with Arial, Times New Roman
and Courier New), Carlito and Caladea (metric-compatible with Calibri and Cambria) and DejaVu
Sans for characters the chosen face lacks (Vietnamese diacritics, ticks, boxes, arrows), and
Noto faces for the complex scripts (``scripts.py`` says which; their text is shaped by
``shaping.py``). Faces are registered with reportlab once per process, lazily, under a lock;
reportlab embeds only the glyphs used.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
import weakref
from codecs import charmap_build, charmap_encode
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.rl_accel import fp_str, instanceStringWidthTTF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..errors import RenderError
from . import scripts

FONT_DIR = Path(__file__).parent / "fonts"

# family key -> (face name prefix, folder, file stem, line height as a multiple of the size)
_FAMILIES = {
    "sans": ("LiberationSans", "liberation", "LiberationSans", 1.149),
    "serif": ("LiberationSerif", "liberation", "LiberationSerif", 1.150),
    "mono": ("LiberationMono", "liberation", "LiberationMono", 1.133),
    "carlito": ("Carlito", "carlito", "Carlito", 1.220),
    "caladea": ("Caladea", "caladea", "Caladea", 1.150),
    "dejavu": ("DejaVuSans", "dejavu", "DejaVuSans", 1.164),
    # the complex-script faces (line height: their ascent plus descent)
    "noto-arabic": ("NotoNaskhArabic", "noto", "NotoNaskhArabic", 1.703),
    "noto-bengali": ("NotoSansBengali", "noto", "NotoSansBengali", 1.325),
    "noto-devanagari": ("NotoSansDevanagari", "noto", "NotoSansDevanagari", 1.304),
    "noto-gujarati": ("NotoSansGujarati", "noto", "NotoSansGujarati", 1.304),
    "noto-gurmukhi": ("NotoSansGurmukhi", "noto", "NotoSansGurmukhi", 1.304),
}
_COMPLEX_PREFIXES = tuple(prefix for prefix, folder, _stem, _f in _FAMILIES.values() if folder == "noto")
_STYLE_SUFFIX = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}
# Faces not shipped fall back to the nearest one that is (mono and DejaVu have no italics here).
_MISSING_FACES = {
    "LiberationMono-Italic": "LiberationMono-Regular",
    "LiberationMono-BoldItalic": "LiberationMono-Bold",
    "DejaVuSans-Italic": "DejaVuSans-Regular",
    "DejaVuSans-BoldItalic": "DejaVuSans-Bold",
    **{f"{prefix}-{style}Italic": f"{prefix}-{style or 'Regular'}" for prefix in _COMPLEX_PREFIXES for style in ("", "Bold")},
}

# Metric-compatible or generic names: mapped silently.
_KNOWN = {
    "arial": "sans", "helvetica": "sans", "liberation sans": "sans", "arimo": "sans",
    "nimbus sans": "sans", "nimbus sans l": "sans", "arial nova": "sans", "sans-serif": "sans",
    "times new roman": "serif", "times": "serif", "liberation serif": "serif", "tinos": "serif",
    "nimbus roman": "serif", "serif": "serif",
    "courier new": "mono", "courier": "mono", "liberation mono": "mono", "cousine": "mono",
    "monospace": "mono",
    "calibri": "carlito", "carlito": "carlito", "calibri light": "carlito",
    "cambria": "caladea", "caladea": "caladea",
    "dejavu sans": "dejavu",
    # Symbol fonts: their private-use characters are translated to Unicode, drawn with DejaVu.
    "symbol": "dejavu", "wingdings": "dejavu", "wingdings 2": "dejavu", "wingdings 3": "dejavu",
    "webdings": "dejavu", "ms gothic": "dejavu", "segoe ui symbol": "dejavu", "ms mincho": "dejavu",
}
# Well-known faces we do not ship: substituted by the closest family, with a warning.
_APPROXIMATE = {
    "georgia": "serif", "garamond": "serif", "book antiqua": "serif",
    "palatino linotype": "serif", "century schoolbook": "serif", "constantia": "serif",
    "baskerville old face": "serif", "bookman old style": "serif", "cambria math": "serif",
    "consolas": "mono", "lucida console": "mono",
}

_FILE_NAMES = {"DejaVuSans-Regular": "DejaVuSans"}

_DEFAULT_FAMILY = "sans"
FALLBACK_FAMILY = "dejavu"

_LOCK = threading.Lock()
_MAX_REMEMBERED = 50000
# reportlab's pure-Python width function, replaced when its C accelerator is installed
_PY_STRING_WIDTH = getattr(instanceStringWidthTTF, "__module__", "").startswith("reportlab")
_REGISTERED: dict[str, frozenset[int]] = {}
# Per face, the characters it draws as str (plus the spaces Word text carries), for set tests.
_COVERED_CHARS: dict[str, frozenset[str]] = {}
# The faces that draw every printable ASCII character (all bundled text faces do).
_PRINTABLE_ASCII = frozenset(map(chr, range(32, 127)))
_DRAWS_ASCII: set[str] = set()
# The faces that draw characters of the complex scripts too (which those scripts' faces draw).
_DRAWS_COMPLEX: set[str] = set()
_PRIVATE_USE = re.compile("[\uf000-\uf0ff]")


class BundledFont(TTFont):
    """A bundled TrueType face that remembers the width of each word and encodes drawn text
    into its embedded subset quickly.

    Line breaking measures every word of every paragraph and drawing maps every character to
    the embedded subset; both are pure Python in reportlab (widths are C when its accelerator,
    rl_accel, is installed). The results are the ones reportlab computes.
    """

    shaped = False  # widths from the shaper (``shaping.ComplexFont``)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._glyph_sums: dict[str, float] = {}
        self._subsetting = threading.Lock()

    def addObjects(self, doc) -> None:
        """Embed this face's subsets in a PDF being saved, one PDF at a time.

        reportlab cuts each subset out of the font file through a read position kept on the
        face (``TTFontFile._pos``), which every PDF using the face shares: two renders saving at
        once moved each other's position, read components of composite glyphs (accented
        letters) from the wrong place and failed (``KeyError``, ``IndexError``) or embedded
        wrong glyphs. Everything else reportlab keeps per PDF (``self.state[doc]``).
        """
        with self._subsetting:
            state = self.state.get(doc)
            subsets = [list(subset) for subset in state.subsets] if state is not None else []
            super().addObjects(doc)
            if "_ehcp_shaper" in self.__dict__:  # glyphs drawn shaped: their text in ToUnicode
                from .shaping import rewrite_to_unicode

                rewrite_to_unicode(self, doc, subsets)

    if _PY_STRING_WIDTH:
        def stringWidth(self, text, size, encoding="utf8"):
            total = self._glyph_sums.get(text)
            if total is None:
                if not isinstance(text, str):
                    text = text.decode(encoding or "utf8")
                widths = self.face.charWidths.get
                default = self.face.defaultWidth
                total = sum(widths(ord(ch), default) for ch in text)
                if len(text) <= 64:  # words, not whole paragraphs
                    if len(self._glyph_sums) >= _MAX_REMEMBERED:
                        self._glyph_sums.clear()
                    self._glyph_sums[text] = total
            # the same expression as reportlab's, so widths (and line breaks) are unchanged
            return 0.001 * size * total

    def splitString(self, text, doc, encoding="utf-8"):
        return self.encoder(doc).pieces(text)

    def encoder(self, doc) -> "SubsetEncoder":
        """This face's encoder for one PDF document."""
        state = self._assignState(doc)
        encoder = state.__dict__.get("_ehcp_encoder")
        if encoder is None:
            encoder = state.__dict__["_ehcp_encoder"] = SubsetEncoder(self, doc, state)
        return encoder


class SubsetEncoder:
    """Text of one bundled face in one PDF as the codes of the face's embedded subsets.

    Characters get their codes the first time they are drawn (reportlab's loop, one character
    at a time); text whose characters all have codes in the first subset, as nearly all text
    does, is encoded by the C charmap codec from the same codes, through a compiled table
    (``charmap_build``) that is several times faster than a dictionary. The table cannot hold
    the character given code 0 nor the no-break space (drawn as the space), so text with either
    takes the dictionary. The encoder lives in reportlab's per-document font state, which is
    keyed weakly by the document, so it holds the document weakly too.
    """

    __slots__ = ("_doc", "assignments", "codes", "font", "selects", "table")

    def __init__(self, font: TTFont, doc, state) -> None:
        self.font = font
        self._doc = weakref.ref(doc)
        # the state's code assignments (filled in place by reportlab), not the state, which
        # holds this encoder: the two would make a cycle only the collector frees
        self.assignments = state.assignments
        self.codes: dict[int, int] = {}
        self.table = charmap_build("\x00" + "\ufffe" * 255)
        self.selects: dict[tuple[int, float], str] = {}

    def first_subset(self, text: str) -> bytes | None:
        """The codes of ``text`` when its characters all have codes in the first subset."""
        try:
            return charmap_encode(text, "strict", self.table)[0]
        except UnicodeEncodeError:
            pass
        try:
            return charmap_encode(text, "strict", self.codes)[0]
        except UnicodeEncodeError:
            return None

    def pieces(self, text: str) -> list[tuple[int, bytes]]:
        """``(subset, codes)`` pieces of ``text``, as reportlab's ``splitString`` gives them."""
        data = self.first_subset(text)
        if data is not None:
            return [(0, data)]
        pieces = TTFont.splitString(self.font, text, self._doc())
        codes = {code: n for code, n in self.assignments.items() if n < 256}
        if 32 in codes:
            codes[0xA0] = codes[32]  # reportlab draws a no-break space as the space
        self.codes = codes
        table = ["\ufffe"] * 256
        table[0] = "\x00"  # charmap_build compiles a table only when code 0 is U+0000
        for code, n in codes.items():
            if n and code != 0xA0 and code <= 0xFFFF:
                table[n] = chr(code)
        self.table = charmap_build("".join(table))
        return pieces

    def select(self, subset: int, size: float) -> str:
        """The operator selecting one subset of this face at a size."""
        operator = self.selects.get((subset, size))
        if operator is None:
            name = self.font.getSubsetInternalName(subset, self._doc())
            operator = self.selects[(subset, size)] = f"{name} {fp_str(size)} Tf"
        return operator


@dataclass(frozen=True)
class Face:
    """One registered face: its reportlab name and the code points it has glyphs for."""

    name: str
    family: str
    bold: bool
    italic: bool


def family_for(word_name: str | None, warn) -> str:
    """The bundled family key for a Word font name; ``warn`` is called for substitutions."""
    if not word_name:
        return _DEFAULT_FAMILY
    key = word_name.strip().lower()
    if key in _KNOWN:
        return _KNOWN[key]
    if key in _APPROXIMATE:
        warn(f"font '{word_name}' is not bundled; using {_FAMILIES[_APPROXIMATE[key]][0]}")
        return _APPROXIMATE[key]
    warn(f"font '{word_name}' is not bundled; using LiberationSans")
    return _DEFAULT_FAMILY


def line_factor(family: str) -> float:
    """Single line height of a family as a multiple of the font size (Word's 'single' spacing)."""
    return _FAMILIES.get(family, _FAMILIES[_DEFAULT_FAMILY])[3]


_FACTOR_BY_PREFIX = {prefix: factor for prefix, _folder, _stem, factor in _FAMILIES.values()}


@functools.lru_cache(maxsize=64)
def line_factor_of_face(face_name: str) -> float:
    """Single line height of a registered face (by its reportlab name) as a multiple of the size."""
    return _FACTOR_BY_PREFIX.get(face_name.split("-", 1)[0], _FAMILIES[_DEFAULT_FAMILY][3])


def face(family: str, bold: bool, italic: bool) -> Face:
    """The registered face for a family and style (registering it on first use)."""
    prefix = _FAMILIES.get(family, _FAMILIES[_DEFAULT_FAMILY])[0]
    name = f"{prefix}-{_STYLE_SUFFIX[(bold, italic)]}"
    name = _MISSING_FACES.get(name, name)
    ensure_registered(name)
    return Face(name, family, bold, italic)


def ensure_registered(name: str) -> frozenset[int]:
    """Register a bundled face with reportlab once per process; returns its code-point coverage."""
    coverage = _REGISTERED.get(name)
    if coverage is not None:
        return coverage
    with _LOCK:
        coverage = _REGISTERED.get(name)
        if coverage is not None:
            return coverage
        folder = next(folder for prefix, folder, _stem, _f in _FAMILIES.values() if name.startswith(prefix + "-"))
        path = FONT_DIR / folder / f"{_FILE_NAMES.get(name, name)}.ttf"
        try:
            if name.startswith(_COMPLEX_PREFIXES):
                from .shaping import ComplexFont

                font = ComplexFont(name, str(path))
            else:
                font = BundledFont(name, str(path))
        except Exception as exc:  # reportlab raises bare TTFError / OSError subclasses
            raise RenderError(f"bundled font {name} cannot be loaded ({type(exc).__name__})") from None
        pdfmetrics.registerFont(font)
        coverage = frozenset(font.face.charToGlyph)
        _REGISTERED[name] = coverage
        return coverage


def split_by_coverage(text: str, primary: Face, warn=None, complex_bold: bool | None = None) -> list[tuple[str, str]]:
    """``text`` cut into ``(face name, piece)`` so each piece uses a face that has its glyphs:
    the primary face, a script's face (``scripts.SCRIPT_FACES``, bold as ``complex_bold`` says
    when given: Word's ``w:bCs``) or the fallback. ``warn`` is told of each character no bundled
    face has (drawn as the missing-glyph box)."""
    if text.isascii() and text.isprintable() and primary.name in _DRAWS_ASCII:
        return [(primary.name, text)]  # two scans in C instead of a set test per character
    covered = _COVERED_CHARS.get(primary.name)
    if covered is None:
        covered = _COVERED_CHARS[primary.name] = frozenset(map(chr, ensure_registered(primary.name))) | frozenset(" \t\n")
        if covered.issuperset(_PRINTABLE_ASCII):
            _DRAWS_ASCII.add(primary.name)
        if any(scripts.COMPLEX.match(ch) for ch in covered):
            _DRAWS_COMPLEX.add(primary.name)  # DejaVu has Arabic and Hebrew: the script faces still win
    if covered.issuperset(text) and (primary.name not in _DRAWS_COMPLEX or scripts.COMPLEX.search(text) is None):
        return [(primary.name, text)]
    coverage = ensure_registered(primary.name)
    fallback = face(FALLBACK_FAMILY, primary.bold, False).name
    fallback_coverage = ensure_registered(fallback)
    pieces: list[tuple[str, str]] = []
    for ch in text:
        code = ord(ch)
        name = None
        script = scripts.script_of(ch)
        if script is not None and script in scripts.SCRIPT_FACES:
            name = script_face(script, primary.bold if complex_bold is None else complex_bold)
            if code not in ensure_registered(name):
                name = None
        elif pieces and pieces[-1][0].startswith(_COMPLEX_PREFIXES) and scripts.inherits_script(ch) \
                and code in ensure_registered(pieces[-1][0]):
            name = pieces[-1][0]  # punctuation, digits and marks stay in the script's run
        if name is None:
            if code in coverage or ch == " ":
                name = primary.name
            elif code in fallback_coverage:
                name = fallback
            elif unicodedata.category(ch) == "Cf":
                continue  # an invisible format character no face draws (a direction mark, ZWSP)
            else:
                if warn is not None:
                    warn(f"no bundled font has the character {scripts.describe(ch)}; it is drawn as an empty box")
                name = primary.name
        if pieces and pieces[-1][0] == name:
            pieces[-1] = (name, pieces[-1][1] + ch)
        else:
            pieces.append((name, ch))
    return pieces


@functools.lru_cache(maxsize=32)
def script_face(script: str, bold: bool) -> str:
    """The registered face (by name) that draws a complex script."""
    prefix = scripts.SCRIPT_FACES[script]
    name = f"{prefix}-{'Bold' if bold else 'Regular'}"
    ensure_registered(name)
    return name


def has_glyph(face_name: str, ch: str) -> bool:
    """Whether a registered face can draw a character."""
    return ord(ch) in ensure_registered(face_name)


# Private-use code points of the Symbol and Wingdings fonts that lists and check boxes use,
# mapped to the Unicode characters they show.
SYMBOL_CHARS = {
    0xF0B7: "\u2022", 0xF0A7: "\u25AA", 0xF0D8: "\u27A2", 0xF0FC: "\u2713", 0xF0FB: "\u2717",
    0xF076: "\u2756", 0xF06F: "\u25A1", 0xF0A8: "\u25A1", 0xF06E: "\u25A0", 0xF0A1: "\u25CB",
    0xF0E0: "\u2192", 0xF0E8: "\u2794", 0xF0F0: "\u21E8", 0xF0FE: "\u2612", 0xF078: "\u2612",
    0xF0D7: "\u25BA", 0xF02D: "\u2013", 0xF0B0: "\u00B0", 0xF06C: "\u25CF", 0xF071: "\u25C6",
    0xF075: "\u25C6", 0xF0A2: "\u25CB", 0xF0B2: "\u25A1", 0xF0AE: "\u2605", 0xF0AB: "\u2605",
    0xF04A: "\u263A", 0xF0C4: "\u2192", 0xF0DF: "\u2190", 0xF0F3: "\u2194", 0xF06D: "\u274D",
}
# Same glyphs when the document stores the low byte instead of the private-use code point.
SYMBOL_FONT_LOW = {
    "symbol": {0xB7: "\u2022", 0xA7: "\u2663", 0xD8: "\u00AC", 0xAE: "\u2192", 0xDE: "\u21D2"},
    "wingdings": {0xA7: "\u25AA", 0xD8: "\u27A2", 0xFC: "\u2713", 0xFB: "\u2717", 0x76: "\u2756",
                  0x6F: "\u25A1", 0xA8: "\u25A1", 0x6E: "\u25A0", 0xFE: "\u2612", 0x78: "\u2612",
                  0x71: "\u2751", 0x6C: "\u25CF", 0xE0: "\u2192", 0xE8: "\u2794", 0xF0: "\u21E8"},
}


@functools.lru_cache(maxsize=256)
def _symbol_low(font_name: str | None) -> dict | None:
    """The low-byte table of a symbol font, by Word font name (None for other fonts)."""
    return SYMBOL_FONT_LOW.get((font_name or "").strip().lower())


def is_symbol_font(font_name: str | None) -> bool:
    """Whether a Word font stores symbols as plain letters (Symbol, Wingdings): its text is
    translated even when it holds no private-use characters."""
    return _symbol_low(font_name) is not None


def translate_symbols(text: str, font_name: str | None) -> str:
    """Private-use Symbol/Wingdings characters replaced by the Unicode characters they show."""
    low = _symbol_low(font_name)
    if low is None and _PRIVATE_USE.search(text) is None:
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if code in SYMBOL_CHARS:
            out.append(SYMBOL_CHARS[code])
        elif 0xF000 <= code <= 0xF0FF:
            out.append(SYMBOL_CHARS.get(code) or (low or {}).get(code - 0xF000) or "\u2022")
        elif low is not None and code in low:
            out.append(low[code])
        else:
            out.append(ch)
    return "".join(out)
