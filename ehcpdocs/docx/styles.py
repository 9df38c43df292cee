"""A document's styles: definitions by id, defaults per kind, based-on chains.

This is the one style layer: the plan reader asks it for names, bold and outline levels, and
the PDF renderer (``pdf.styles.StyleResolver``) builds its resolved properties on the same
definitions and chains. Styles are parsed when first asked for: a styles part defines a
hundred or more and a document uses a handful.
"""

from __future__ import annotations

from functools import cached_property

from lxml import etree

from .props import attribute_on, toggle
from .xml import w

_STYLE, _STYLE_ID, _TYPE, _DEFAULT, _BASED_ON, _NAME, _VAL = (
    w("style"), w("styleId"), w("type"), w("default"), w("basedOn"), w("name"), w("val"))
_PPR, _RPR, _OUTLINE, _B = w("pPr"), w("rPr"), w("outlineLvl"), w("b")
NOT_A_LEVEL = 9


class StyleDef:
    """One ``w:style``: its id, kind ('paragraph', 'character', 'table', 'numbering'),
    element, and what the reader asks of it, read on first use."""

    def __init__(self, style_id: str, kind: str, element: etree._Element) -> None:
        self.style_id = style_id
        self.kind = kind
        self.element = element

    @cached_property
    def based_on(self) -> str | None:
        based = self.element.find(_BASED_ON)
        return based.get(_VAL) if based is not None else None

    @cached_property
    def name(self) -> str:
        name_el = self.element.find(_NAME)
        return (name_el.get(_VAL) if name_el is not None else self.style_id) or self.style_id

    @cached_property
    def bold(self) -> bool | None:
        """The style's own bold setting (None when it sets none)."""
        rpr = self.element.find(_RPR)
        return toggle(rpr.find(_B)) if rpr is not None else None

    @cached_property
    def outline_level(self) -> int | None:
        """The style's own outline level, 0 (top) to 8; None when it sets none or 'body text'."""
        ppr = self.element.find(_PPR)
        outline = ppr.find(_OUTLINE) if ppr is not None else None
        value = outline.get(_VAL, "") if outline is not None else ""
        return int(value) if value.isdigit() and int(value) < NOT_A_LEVEL else None


class StyleSheet:
    """The styles of one document, looked up by id with based-on inheritance."""

    def __init__(self, root: etree._Element | None) -> None:
        self.root = root
        self.definitions: dict[str, StyleDef] = {}
        self.defaults: dict[str, str] = {}
        if root is None:
            return
        for element in root.iter(_STYLE):
            style_id = element.get(_STYLE_ID)
            if not style_id or style_id in self.definitions:
                continue
            kind = element.get(_TYPE) or "paragraph"
            self.definitions[style_id] = StyleDef(style_id, kind, element)
            if attribute_on(element.get(_DEFAULT)) and kind not in self.defaults:
                self.defaults[kind] = style_id

    def get(self, style_id: str | None) -> StyleDef | None:
        return self.definitions.get(style_id) if style_id else None

    def lineage(self, style_id: str | None):
        """The style and its ancestors, nearest first (cycles cut)."""
        seen = set()
        while style_id and style_id not in seen:
            definition = self.definitions.get(style_id)
            if definition is None:
                return
            seen.add(style_id)
            yield definition
            style_id = definition.based_on

    def chain(self, style_id: str | None, kind: str) -> list[StyleDef]:
        """The style and its ancestors, root first; an unknown or absent id falls back to the
        kind's default style (as Word does for paragraphs and tables)."""
        if style_id is None or style_id not in self.definitions:
            style_id = self.defaults.get(kind) if kind in ("paragraph", "table") else None
        found = list(self.lineage(style_id))
        found.reverse()
        return found

    def name(self, style_id: str | None) -> str | None:
        """The style's name ('heading 1'), or the id when the style is not defined."""
        if not style_id:
            return None
        definition = self.definitions.get(style_id)
        return definition.name if definition else style_id

    def is_bold(self, style_id: str | None) -> bool:
        """True when the style (through its parents) makes text bold."""
        for definition in self.lineage(style_id):
            if definition.bold is not None:
                return definition.bold
        return False

    def outline_level(self, style_id: str | None) -> int | None:
        """The outline level the style gives (through its parents), or None."""
        for definition in self.lineage(style_id):
            if definition.outline_level is not None:
                return definition.outline_level
        return None

    def heading_level(self, style_id: str | None) -> int | None:
        """0 for Title, n-1 for 'heading n' and the outline level of other styles; None for
        styles that are not headings. Word's built-in names are matched case-insensitively."""
        for definition in self.lineage(style_id):
            lowered = definition.name.lower()
            if lowered == "title":
                return 0
            if lowered.startswith("heading"):
                digits = lowered[len("heading"):].strip()
                if digits.isdigit():
                    return max(0, int(digits) - 1)
                return 0
            if definition.outline_level is not None:
                return definition.outline_level
        return None

    def is_heading(self, style_id: str | None) -> bool:
        """True for Title, Heading n and styles with an outline level."""
        return self.heading_level(style_id) is not None
