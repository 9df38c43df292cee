"""Joining Word documents without one taking the other's styles.

docxcompose maps a style of an appended document onto the joined document's style of the same
name: the plan's "Normal" (Arial) becomes the notice's "Normal" (Calibri), and everything based
on it follows. Before a document is appended, ``keep_own_styles`` gives each of its styles that
would resolve differently in the joined document (its own definition or a based-on style
differs, or the two documents' defaults differ) an id and name of its own, points every
reference at the new id, and states the document's defaults in its root paragraph styles, so
the part looks as it did on its own. ``complete_styles`` afterwards copies the styles the joined
document refers to but docxcompose left behind (based-on parents, header and footer styles).
"""

from __future__ import annotations

import copy

from lxml import etree

from .runs import RANK as RPR_RANK
from .xml import w

_STYLE, _STYLE_ID, _VAL, _TYPE, _DEFAULT = w("style"), w("styleId"), w("val"), w("type"), w("default")
_BASED_ON, _NAME = w("basedOn"), w("name")
# What a style says about itself but not about how text looks.
_BOOKKEEPING = {w(name) for name in ("name", "aliases", "link", "next", "rsid", "uiPriority", "qFormat",
                                     "semiHidden", "unhideWhenUsed", "locked", "hidden", "autoRedefine",
                                     "personal", "personalCompose", "personalReply")}
_STYLE_REFERENCES = {w(name) for name in ("pStyle", "rStyle", "tblStyle")}
_STYLES_REFERENCES = {w(name) for name in ("basedOn", "next", "link")}
_NUMBERING_REFERENCES = {w(name) for name in ("pStyle", "styleLink", "numStyleLink")}
PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
]
PPR_RANK = {w(name): index for index, name in enumerate(PPR_ORDER)}
# Word's own values for what a document's defaults leave unset (ECMA-376 17.7.5): 10 pt Times
# New Roman, single spacing, nothing after. Stated when the joined document's defaults set them.
WORD_RPR = {w("rFonts"): {w("ascii"): "Times New Roman", w("hAnsi"): "Times New Roman", w("cs"): "Times New Roman",
                          w("eastAsia"): "Times New Roman"},
            w("sz"): {_VAL: "20"}, w("szCs"): {_VAL: "20"}}
WORD_PPR = {w("spacing"): {w("after"): "0", w("before"): "0", w("line"): "240", w("lineRule"): "auto"},
            w("ind"): {w("left"): "0", w("right"): "0"}, w("jc"): {_VAL: "left"}}


def keep_own_styles(master_styles: etree._Element, styles: etree._Element, parts: list[etree._Element],
                    label: str, defaults_from: etree._Element | None = None) -> dict[str, str]:
    """Make a document about to be appended keep its own look (see the module docstring).

    ``master_styles`` and ``styles`` are the two ``w:styles`` roots; ``parts`` the appended
    document's other XML roots (body, headers, footers, notes, numbering), rewritten in place.
    ``label`` names the part in the new style names ("Normal (Proposed plan)"). Returns old
    id -> new id.
    """
    ours = {element.get(_STYLE_ID): element for element in master_styles.iter(_STYLE)}
    theirs = {element.get(_STYLE_ID): element for element in styles.iter(_STYLE)}
    same_defaults = _canonical(master_styles.find(w("docDefaults"))) == _canonical(styles.find(w("docDefaults")))
    our_signatures: dict = {}
    their_signatures: dict = {}
    renamed: dict[str, str] = {}
    taken = set(ours) | set(theirs)
    suffix = "".join(ch for ch in label.title() if ch.isalnum()) or "Part"
    for style_id, element in theirs.items():
        if style_id not in ours:
            continue
        if same_defaults and _signature(theirs, style_id, their_signatures) == _signature(ours, style_id, our_signatures):
            continue
        new_id = f"{style_id}{suffix}"
        number = 2
        while new_id in taken:
            new_id, number = f"{style_id}{suffix}{number}", number + 1
        taken.add(new_id)
        renamed[style_id] = new_id
    defaults = {kind: _default_id(styles, kind) for kind in ("paragraph", "table")}
    master_defaults = {kind: _default_id(master_styles, kind) for kind in ("paragraph", "table")}
    for style_id, new_id in renamed.items():
        element = theirs[style_id]
        element.set(_STYLE_ID, new_id)
        name = element.find(_NAME)
        if name is not None:
            name.set(_VAL, f"{name.get(_VAL)} ({label})")
        if element.get(_DEFAULT) is not None:
            del element.attrib[_DEFAULT]
    for element in styles.iter(*_STYLES_REFERENCES):
        _rename(element, renamed)
    if not same_defaults:
        _state_defaults(styles, master_styles)
    for root in parts:
        for element in root.iter(*_STYLE_REFERENCES, *_NUMBERING_REFERENCES):
            _rename(element, renamed)
        _name_default_styles(root, defaults, master_defaults, renamed)
    return renamed


def complete_styles(master_styles: etree._Element, styles: etree._Element, roots: list[etree._Element]) -> None:
    """Copy into the joined document the styles of an appended one that the joined document
    refers to (from ``roots`` or from its own styles) but does not have."""
    ours = {element.get(_STYLE_ID) for element in master_styles.iter(_STYLE)}
    theirs = {element.get(_STYLE_ID): element for element in styles.iter(_STYLE)}
    wanted = [element.get(_VAL) for root in roots for element in root.iter(*_STYLE_REFERENCES)]
    wanted += [element.get(_VAL) for element in master_styles.iter(*_STYLES_REFERENCES)]
    while wanted:
        style_id = wanted.pop()
        if style_id in ours or style_id not in theirs:
            continue
        element = copy.deepcopy(theirs[style_id])
        master_styles.append(element)
        ours.add(style_id)
        wanted += [reference.get(_VAL) for reference in element.iter(*_STYLES_REFERENCES)]


def _rename(element: etree._Element, renamed: dict[str, str]) -> None:
    value = element.get(_VAL)
    if value in renamed:
        element.set(_VAL, renamed[value])


def _default_id(styles: etree._Element, kind: str) -> str | None:
    for element in styles.iter(_STYLE):
        if element.get(_TYPE) == kind and element.get(_DEFAULT) in ("1", "true", "on"):
            return element.get(_STYLE_ID)
    return None


def _name_default_styles(root: etree._Element, defaults: dict, master_defaults: dict, renamed: dict) -> None:
    """Paragraphs and tables without a style take the joined document's default: give them
    their own document's default by name when that differs."""
    for kind, container, holder, reference in (("paragraph", "p", "pPr", "pStyle"), ("table", "tbl", "tblPr", "tblStyle")):
        own = defaults.get(kind)
        target = renamed.get(own, own)
        if own is None or target == master_defaults.get(kind):
            continue
        for element in root.iter(w(container)):
            properties = element.find(w(holder))
            if properties is None:
                if kind == "table":
                    continue  # a table always has its w:tblPr
                properties = etree.SubElement(element, w(holder))
                element.remove(properties)
                element.insert(0, properties)
            if properties.find(w(reference)) is None:
                style = etree.Element(w(reference))
                style.set(_VAL, target)
                properties.insert(0, style)


def _state_defaults(styles: etree._Element, master_styles: etree._Element) -> None:
    """Write the document's defaults into each root paragraph style, and Word's own values for
    what the joined document's defaults set and this document's do not."""
    own = styles.find(w("docDefaults"))
    other = master_styles.find(w("docDefaults"))
    own_rpr = _props(own, "rPrDefault", "rPr")
    own_ppr = _props(own, "pPrDefault", "pPr")
    other_rpr = _props(other, "rPrDefault", "rPr")
    other_ppr = _props(other, "pPrDefault", "pPr")
    for element in styles.iter(_STYLE):
        if element.get(_TYPE) != "paragraph" or element.find(_BASED_ON) is not None:
            continue
        rpr = _child(element, "rPr")
        ppr = _child(element, "pPr")
        _fill(rpr, own_rpr, other_rpr, WORD_RPR, RPR_RANK)
        _fill(ppr, own_ppr, other_ppr, WORD_PPR, PPR_RANK)
        for holder in (ppr, rpr):
            if len(holder) == 0 and not holder.attrib:
                element.remove(holder)


def _props(defaults, outer: str, inner: str) -> dict:
    found = defaults.find(f"{w(outer)}/{w(inner)}") if defaults is not None else None
    return {child.tag: child for child in found} if found is not None else {}


def _child(style: etree._Element, local: str) -> etree._Element:
    found = style.find(w(local))
    if found is None:
        found = etree.SubElement(style, w(local))
        # w:pPr comes before w:rPr, both after the bookkeeping elements
        if local == "pPr" and style.find(w("rPr")) is not None:
            style.remove(found)
            style.find(w("rPr")).addprevious(found)
    return found


def _fill(target: etree._Element, own: dict, other: dict, word: dict, rank: dict) -> None:
    """Add to ``target`` what ``own`` sets (attribute by attribute) and, for what only ``other``
    sets, Word's own value, each element at its schema position."""
    for tag in list(own) + [tag for tag in other if tag not in own and tag in word]:
        existing = target.find(tag)
        source = own.get(tag)
        if existing is None:
            element = copy.deepcopy(source) if source is not None else etree.Element(tag)
            if source is None:
                for name, value in word[tag].items():
                    element.set(name, value)
            _insert(target, element, rank)
        elif source is not None:
            for name, value in source.attrib.items():
                if existing.get(name) is None:
                    existing.set(name, value)
        if source is not None and tag in word and tag in other:
            element = target.find(tag)
            for name, value in word[tag].items():
                if other[tag].get(name) is not None and source.get(name) is None and element.get(name) is None:
                    element.set(name, value)


def _insert(parent: etree._Element, element: etree._Element, rank: dict) -> None:
    position = rank.get(element.tag, len(rank))
    for index, child in enumerate(parent):
        if rank.get(child.tag, len(rank) + 1) > position:
            parent.insert(index, element)
            return
    parent.append(element)


def _canonical(element) -> bytes:
    if element is None:
        return b""
    element = copy.deepcopy(element)
    for child in list(element):
        if child.tag in _BOOKKEEPING:
            element.remove(child)
    return etree.tostring(element, method="c14n")


def _signature(styles: dict, style_id: str, cache: dict, depth: int = 0) -> bytes:
    """A style's definition with its based-on chain, as bytes to compare."""
    cached = cache.get(style_id)
    if cached is not None:
        return cached
    element = styles.get(style_id)
    if element is None or depth > 32:
        return b"?"
    based = element.find(_BASED_ON)
    parent = _signature(styles, based.get(_VAL), cache, depth + 1) if based is not None else b""
    own = copy.deepcopy(element)
    for name in (_STYLE_ID, _DEFAULT):
        own.attrib.pop(name, None)
    for child in list(own):
        if child.tag in _BOOKKEEPING or child.tag == _BASED_ON:
            own.remove(child)
    cache[style_id] = signature = _canonical(own) + b"|" + parent
    return signature
