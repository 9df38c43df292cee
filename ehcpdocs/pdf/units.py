"""Unit conversions and value parsing shared by the PDF writer.

Word stores lengths in twentieths of a point (twips), half-points (font sizes), eighths of a point
(borders) and EMUs (drawings); colours as hex strings or names. Everything here is lenient: an
unreadable value gives ``None`` so the caller keeps its default.

Every measurement read from Word XML goes through ``measure`` with its ``Kind``: the unit it is
stored in and the range Word itself allows (a page side, margin, indent, spacing, tab stop,
table or row size of at most 22 inches; font sizes of 1 to 1638 points; and so on, in
``KINDS``). A value outside the range is limited to it, one that is not a number (``abc``,
``NaN``, an empty string) is ignored, and either is reported as a warning of the render being
made (``warnings_to``), so no later arithmetic meets an infinity, a NaN or a 20-digit number.
Universal measures (``2.5cm``, ``1in``, ``12pt``, ``3mm``, ``1pc``/``1pi``), which the
transitional schema allows wherever twips are, are read too.
"""

from __future__ import annotations

import math
import re
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple

TWIPS_PER_POINT = 20.0
EMU_PER_POINT = 12700.0

HIGHLIGHT_COLOURS = {
    "yellow": "#FFFF00",
    "green": "#00FF00",
    "cyan": "#00FFFF",
    "magenta": "#FF00FF",
    "blue": "#0000FF",
    "red": "#FF0000",
    "darkBlue": "#000080",
    "darkCyan": "#008080",
    "darkGreen": "#008000",
    "darkMagenta": "#800080",
    "darkRed": "#800000",
    "darkYellow": "#808000",
    "darkGray": "#808080",
    "lightGray": "#C0C0C0",
    "black": "#000000",
    "white": "#FFFFFF",
}


def structure_key(element, ignore: str | None = None) -> tuple:
    """A hashable picture of an element's descendants and their attributes: equal for
    elements that say the same thing (a cache key much cheaper than serialising, which copies
    every namespace declaration of the document). Direct children tagged ``ignore`` are left out."""
    return tuple([(child.tag, tuple(child.items()), structure_key(child) if len(child) else ())
                  for child in element if child.tag != ignore])


def children_with(element, tag: str) -> tuple[list, object]:
    """An element's children, listed once, and the first of them with ``tag`` (None when there
    is none): a properties child (``w:pPr``, ``w:rPr``, ``w:tcPr``) and the content after it."""
    children = list(element)
    if children and children[0].tag == tag:
        return children, children[0]  # where the schema puts it, and Word writes it
    for child in children:
        if child.tag == tag:
            return children, child
    return children, None


class Kind(NamedTuple):
    """One kind of Word measurement: its name in a warning, how many of its stored unit make a
    point, and the least and greatest value Word allows, in that unit."""

    name: str
    per_point: float
    low: float
    high: float
    unit: str = "pt"


WORD_MAX_TWIPS = 31680  # 22 inches: Word's largest page side, margin, indent, spacing and table size
MAX_EMU = 27273042316900  # the largest drawing coordinate the schema allows (ST_PositiveCoordinate)

PAGE_SIZE = Kind("a page size", TWIPS_PER_POINT, 0, WORD_MAX_TWIPS)
PAGE_MARGIN = Kind("a page margin", TWIPS_PER_POINT, -WORD_MAX_TWIPS, WORD_MAX_TWIPS)
GUTTER = Kind("a gutter margin", TWIPS_PER_POINT, 0, WORD_MAX_TWIPS)
INDENT = Kind("a paragraph indent", TWIPS_PER_POINT, -WORD_MAX_TWIPS, WORD_MAX_TWIPS)
SPACING = Kind("paragraph spacing", TWIPS_PER_POINT, 0, WORD_MAX_TWIPS)
LINE_SPACING = Kind("line spacing", TWIPS_PER_POINT, -WORD_MAX_TWIPS, WORD_MAX_TWIPS)
TAB_STOP = Kind("a tab stop", TWIPS_PER_POINT, -WORD_MAX_TWIPS, WORD_MAX_TWIPS)
FONT_SIZE = Kind("a font size", 2.0, 2, 3276)  # 1 to 1638 pt
BORDER_WIDTH = Kind("a border width", 8.0, 0, 255)
BORDER_SPACE = Kind("a border's distance from the text", 1.0, 0, 31)
CELL_MARGIN = Kind("a cell margin", TWIPS_PER_POINT, -WORD_MAX_TWIPS, WORD_MAX_TWIPS)
COLUMN_WIDTH = Kind("a table column width", TWIPS_PER_POINT, 0, WORD_MAX_TWIPS)
ROW_HEIGHT = Kind("a table row height", TWIPS_PER_POINT, 0, WORD_MAX_TWIPS)
PICTURE_SIZE = Kind("a picture size", EMU_PER_POINT, 0, MAX_EMU)
PICTURE_SIZE_POINTS = Kind("a picture size", 1.0, 0, MAX_EMU // EMU_PER_POINT)
LIST_START = Kind("a list or page number start", 1.0, 0, 32767, "")
GRID_SKIP = Kind("a row's skipped grid columns", 1.0, 0, 63, "")
PERCENT = Kind("a table width in per cent", 1.0, 0, 100, "%")
PERCENT_FIFTIETHS = Kind("a table width in per cent", 50.0, 0, 5000, "%")
KINDS = (PAGE_SIZE, PAGE_MARGIN, GUTTER, INDENT, SPACING, LINE_SPACING, TAB_STOP, FONT_SIZE, BORDER_WIDTH,
         BORDER_SPACE, CELL_MARGIN, COLUMN_WIDTH, PERCENT, PERCENT_FIFTIETHS, ROW_HEIGHT, PICTURE_SIZE, LIST_START,
         GRID_SKIP)

# Universal measures (ST_UniversalMeasure): a decimal number and a unit, in points per unit.
_UNIVERSAL = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+))\s*(mm|cm|in|pt|pc|pi)\s*\Z")
_POINTS_PER = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0, "pc": 12.0, "pi": 12.0}

# Where the warnings of the render being made go (set by ``warnings_to`` for each render; every
# thread, and every render in it, has its own).
_WARN: ContextVar = ContextVar("ehcpdocs_pdf_warn", default=None)


@contextmanager
def warnings_to(warn):
    """Report the measurements limited or ignored while the body runs to ``warn``."""
    token = _WARN.set(warn)
    try:
        yield
    finally:
        _WARN.reset(token)


def report(message: str) -> None:
    """A warning for the render being made (dropped when no render is being made)."""
    warn = _WARN.get()
    if warn is not None:
        warn(message)


def _shown(value: str) -> str:
    """A value as quoted in a warning: printable and at most 24 characters."""
    text = "".join(ch if ch.isprintable() else "?" for ch in value[:25])
    return repr(text if len(text) <= 24 else text[:23] + "\u2026")


def _in_units(number: float, kind: Kind) -> str:
    """A limit as a warning shows it: in points for lengths."""
    value = f"{number / kind.per_point:g}"
    return f"{value} {kind.unit}" if kind.unit else value


def number_of(value: str, per_point: float = 1.0) -> float | None:
    """The number in an attribute that is not a plain integer: a decimal, an infinity (kept, to
    be limited), a universal measure in the given unit; None for NaN and anything unreadable."""
    try:
        number = float(value)
    except (ValueError, TypeError):
        match = _UNIVERSAL.match(value) if isinstance(value, str) else None
        if match is None:
            return None
        number = float(match.group(1)) * _POINTS_PER[match.group(2)] * per_point
    return None if math.isnan(number) else number


def measure(value: str | None, kind: Kind):
    """A measurement in its kind's stored unit, limited to what Word allows (a warning says so);
    ``None`` when absent, or unreadable (with a warning). Plain integers in range, which
    is what Word writes, come back unchanged."""
    if value is None:
        return None
    try:
        number = int(value)
    except (ValueError, TypeError):
        number = number_of(value, kind.per_point)
        if number is None:
            report(f"{kind.name} of {_shown(value)} is not a number and was ignored")
            return None
    if kind.low <= number <= kind.high:
        return number
    return limit(number, kind, value)


def limit(number: float, kind: Kind, source: str):
    """A number already read (from the text ``source``) limited to what Word allows for its
    kind, with a warning when it is outside."""
    if kind.low <= number <= kind.high:
        return number
    if number != number:  # NaN
        report(f"{kind.name} of {_shown(source)} is not a number and was ignored")
        return None
    bound = kind.low if number < kind.low else kind.high
    report(f"{kind.name} of {_shown(source)} is outside what Word allows; {_in_units(bound, kind)} was used")
    return bound


def to_int(value: str | None) -> int | None:
    """An integer attribute (a count, a level, an id), tolerating decimals and junk: ``None``
    when unreadable, and limited to Word's 32-bit numbers, infinities included."""
    if value is None:
        return None
    try:
        number = int(value)
    except (ValueError, TypeError):
        number = number_of(value)
        if number is None:
            return None
    if -2147483648 <= number <= 2147483647:
        return int(number)
    return 2147483647 if number > 0 else -2147483648


def twips(value: str | None, kind: Kind = INDENT) -> float | None:
    """A twips attribute in points, limited to what Word allows for its kind; ``None`` when
    absent or unreadable."""
    number = measure(value, kind)
    return None if number is None else number / TWIPS_PER_POINT


def emu(value: str | None, kind: Kind = PICTURE_SIZE) -> float | None:
    """An EMU attribute in points, limited to what Word allows; ``None`` when absent or unreadable."""
    number = measure(value, kind)
    return None if number is None else number / EMU_PER_POINT


def hex_colour(value: str | None) -> str | None:
    """``#RRGGBB`` for a Word colour value; ``None`` for ``auto``, absent or malformed values."""
    if not value or value.lower() == "auto" or len(value) != 6:
        return None
    try:
        int(value, 16)
    except ValueError:
        return None
    return "#" + value.upper()


def clamp(value: float, low: float, high: float) -> float:
    """``value`` limited to ``[low, high]``."""
    return max(low, min(high, value))
