"""Unit conversions and value parsing shared by the PDF writer.

Word stores lengths in twentieths of a point (twips), half-points (font sizes), eighths of a point
(borders) and EMUs (drawings); colours as hex strings or names. Everything here is lenient: an
unreadable value gives ``None`` so the caller keeps its default.
"""

from __future__ import annotations


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


def to_int(value: str | None) -> int | None:
    """An integer attribute, tolerating decimals and junk (``None`` when unreadable)."""
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        try:
            return int(float(value))
        except ValueError:
            return None


def twips(value: str | None) -> float | None:
    """A twips attribute in points; ``None`` when absent or unreadable."""
    number = to_int(value)
    return None if number is None else number / TWIPS_PER_POINT


def emu(value: str | None) -> float | None:
    """An EMU attribute in points; ``None`` when absent or unreadable."""
    number = to_int(value)
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
