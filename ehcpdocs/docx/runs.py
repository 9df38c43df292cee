"""Run properties (w:rPr) edited in schema order, so Word opens the result without repair."""

from __future__ import annotations

from lxml import etree

from .xml import w

RPR_ORDER = [
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
    "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
    "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
    "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath",
]
RANK = {w(name): index for index, name in enumerate(RPR_ORDER)}


def ensure_rpr(run: etree._Element) -> etree._Element:
    """The run's w:rPr, created as its first child when missing."""
    rpr = run.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        run.insert(0, rpr)
    return rpr


def set_property(rpr: etree._Element, name: str, value: str | None = None) -> etree._Element:
    """Set a property element (replacing one already there) at its schema position."""
    tag = w(name)
    existing = rpr.find(tag)
    if existing is not None:
        rpr.remove(existing)
    element = etree.Element(tag)
    if value is not None:
        element.set(w("val"), value)
    rank = RANK.get(tag, len(RPR_ORDER))
    for index, child in enumerate(rpr):
        if RANK.get(child.tag, len(RPR_ORDER) + 1) > rank:
            rpr.insert(index, element)
            break
    else:
        rpr.append(element)
    return element


def remove_property(rpr: etree._Element, *names: str) -> None:
    for name in names:
        for element in rpr.findall(w(name)):
            rpr.remove(element)


def get_style(rpr: etree._Element | None) -> str | None:
    if rpr is None:
        return None
    style = rpr.find(w("rStyle"))
    return style.get(w("val")) if style is not None else None

