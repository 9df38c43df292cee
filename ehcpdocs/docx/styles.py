"""What the document's styles say, as far as finding sections needs: names, bold, outline level."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .xml import w


@dataclass(frozen=True)
class StyleInfo:
    """One style's name, parent and the properties section finding looks at."""

    style_id: str
    name: str
    kind: str
    based_on: str | None
    bold: bool | None
    outline_level: int | None


def on_off(element: etree._Element | None) -> bool | None:
    """The value of an on/off property element (w:b, w:strike...), or None when absent."""
    if element is None:
        return None
    return element.get(w("val"), "true") not in ("0", "false", "off")


class StyleSheet:
    """The styles of a document, looked up by id with based-on inheritance.

    Styles are read when first asked for: most plans need a handful of a few hundred.
    """

    def __init__(self, root: etree._Element | None) -> None:
        self.elements: dict[str, etree._Element] = {}
        self.styles: dict[str, StyleInfo] = {}
        if root is None:
            return
        for style in root.iter(w("style")):
            self.elements.setdefault(style.get(w("styleId"), ""), style)

    def info(self, style_id: str) -> StyleInfo | None:
        """What one style says, or None when the document does not define it."""
        if style_id in self.styles:
            return self.styles[style_id]
        style = self.elements.get(style_id)
        if style is None:
            return None
        name_el = style.find(w("name"))
        based = style.find(w("basedOn"))
        rpr = style.find(w("rPr"))
        ppr = style.find(w("pPr"))
        outline = ppr.find(w("outlineLvl")) if ppr is not None else None
        level = outline.get(w("val"), "") if outline is not None else ""
        info = StyleInfo(
            style_id=style_id,
            name=name_el.get(w("val"), style_id) if name_el is not None else style_id,
            kind=style.get(w("type"), "paragraph"),
            based_on=based.get(w("val")) if based is not None else None,
            bold=on_off(rpr.find(w("b"))) if rpr is not None else None,
            outline_level=int(level) if level.isdigit() else None,
        )
        self.styles[style_id] = info
        return info

    def chain(self, style_id: str | None):
        """The style and its ancestors, nearest first (cycles cut)."""
        seen = set()
        while style_id and style_id not in seen:
            info = self.info(style_id)
            if info is None:
                return
            seen.add(style_id)
            yield info
            style_id = info.based_on

    def name(self, style_id: str | None) -> str | None:
        """The style's name ('heading 1'), or the id when the style is not defined."""
        if not style_id:
            return None
        info = self.info(style_id)
        return info.name if info else style_id

    def is_bold(self, style_id: str | None) -> bool:
        """True when the style (through its parents) makes text bold."""
        for info in self.chain(style_id):
            if info.bold is not None:
                return info.bold
        return False

    def is_heading(self, style_id: str | None) -> bool:
        """True for Title, Heading n and styles with an outline level."""
        for info in self.chain(style_id):
            lowered = info.name.lower()
            if lowered == "title" or lowered.startswith("heading") or info.outline_level is not None and info.outline_level < 9:
                return True
        return False
