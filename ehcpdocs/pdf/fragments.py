"""Reportlab paragraph fragments built straight from runs, without re-parsing paragraph markup.

Reportlab's paragraph parser (an ``html.parser`` subclass) was the largest single cost of the
native engine. Here each distinct run look is parsed once, as a template, and every piece of text
becomes a clone of its template fragment. Whitespace, entity and underline/link numbering follow
what the parser and ``cleanBlockQuotedText`` do with the equivalent markup, so the PDF drawn is the
one the markup would give.

A paragraph is a list of units: ``Text`` (characters drawn in a run look, or bare text in the
paragraph style when the look is ``None``) and ``Markup`` (a small self-contained piece of markup
such as ``<br/>`` or a footnote number, parsed once per distinct string).
"""

from __future__ import annotations

import re

from reportlab.platypus.paragraph import Paragraph, _wsc, cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag, ParaParser

# cleanBlockQuotedText collapses whitespace runs to one space; in a line holding a no-break space
# it uses reportlab's own whitespace set (no NBSP, plus zero-width space), else Python's.
_RUN_PLAIN = re.compile(r"\s+")
_RUN_NBSP = re.compile(f"[{re.escape(_wsc)}]+")
_ENTITIES = re.compile("([&<>])")
_PLAIN_WS = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_TEMPLATE_TEXT = "X"
_STYLE_ATTRS = ("fontName", "fontSize", "textColor", "underlineWidth", "underlineColor", "underlineOffset",
                "underlineGap", "strikeWidth", "strikeColor", "strikeOffset", "strikeGap", "linkUnderline")
MAX_TEMPLATES = 4096
_new = object.__new__


class Text:
    """Characters drawn in one run look (``look`` None: bare text in the paragraph's style)."""

    __slots__ = ("link", "look", "text", "token")

    def __init__(self, look, link: str | None, text: str, token: bool = False) -> None:
        self.look = look
        self.link = link
        self.text = text
        self.token = token


class Markup:
    """A self-contained piece of paragraph markup that starts and ends with a tag."""

    __slots__ = ("markup",)

    def __init__(self, markup: str) -> None:
        self.markup = markup


LINE_BREAK = Markup("<br/>")


class FastParagraph(Paragraph):
    """A Paragraph that remembers its last wrap, since tables wrap each cell again to draw it."""

    def wrap(self, availWidth, availHeight):
        memo = self.__dict__.get("_ehcp_wrapped")
        if memo is not None and memo[0] == availWidth and memo[1] is self.style:
            return memo[2]
        size = Paragraph.wrap(self, availWidth, availHeight)
        self._ehcp_wrapped = (availWidth, self.style, size)
        return size

    def wrapOn(self, canv, aW, aH):
        memo = self.__dict__.get("_ehcp_wrapped")
        if memo is not None and memo[0] == aW and memo[1] is self.style:
            return memo[2]
        return Paragraph.wrapOn(self, canv, aW, aH)

    def getSpaceBefore(self):
        return self.__dict__.get("spaceBefore", self.style.spaceBefore)

    def getSpaceAfter(self):
        return self.__dict__.get("spaceAfter", self.style.spaceAfter)

    def split(self, availWidth, availHeight):
        self.__dict__.pop("_ehcp_wrapped", None)
        return Paragraph.split(self, availWidth, availHeight)


class FragmentCache:
    """Parsed template fragments of one render, keyed by markup and the style parsed against."""

    def __init__(self) -> None:
        self._templates: dict = {}
        self._text_templates: dict = {}
        self._style_keys: dict[tuple, int] = {}
        self._style_ids: dict[int, tuple] = {}

    def style_index(self, style) -> int:
        """A small number standing for the style attributes the parser reads (equal styles share one)."""
        entry = self._style_ids.get(id(style))
        if entry is None or entry[0] is not style:
            key = tuple(getattr(style, name, None) for name in _STYLE_ATTRS)
            index = self._style_keys.setdefault(key, len(self._style_keys))
            # the style is kept with its index so its id cannot be reused by another style
            entry = self._style_ids[id(style)] = (style, index)
        return entry[1]

    def parsed(self, markup: str, style, style_index: int) -> list:
        """The fragments reportlab's parser makes of ``markup`` in ``style`` (shared: clone them)."""
        key = (markup, style_index)
        frags = self._templates.get(key)
        if frags is None:
            parser = ParaParser()
            parser.caseSensitive = 1
            _style, frags, _bullets = parser.parse(cleanBlockQuotedText(markup), style)
            if frags is None:
                raise ValueError(f"paragraph markup could not be parsed ({parser.errors[0] if parser.errors else ''})")
            if len(self._templates) >= MAX_TEMPLATES:
                self._templates.clear()
                self._text_templates.clear()
            self._templates[key] = frags
        return frags

    def text_template(self, look, face_name: str, link: str | None, style, style_index: int):
        """The fragment of one character of text drawn with ``look`` in ``face_name``."""
        key = (look, face_name, link, style_index)
        template = self._text_templates.get(key)
        if template is None:
            template = self._text_templates[key] = self.parsed(look.wrap(face_name, _TEMPLATE_TEXT, link), style, style_index)[0]
        return template

    def frags(self, units: list, style) -> list:
        """The fragment list of a paragraph made of ``units``."""
        if len(units) > 1:
            units = _merge_bare(units)
        style_index = self.style_index(style)
        nbsp = any("\xa0" in (unit.text if type(unit) is Text else unit.markup) for unit in units)
        run = _RUN_NBSP.sub if nbsp else _RUN_PLAIN.sub

        def squash(text: str) -> str:
            # every whitespace character but the ASCII space is unprintable: most text has nothing to do
            return text if text.isprintable() and "  " not in text else run(" ", text)

        strip_chars = _wsc if nbsp else _PLAIN_WS
        out: list = []
        lines = links = 0
        last = len(units) - 1
        for index, unit in enumerate(units):
            if type(unit) is Markup:
                used_lines = used_links = 0
                for template in self.parsed(unit.markup, style, style_index):
                    frag = _clone(template, template.text)
                    used_lines, used_links = _shift(frag, lines, links, used_lines, used_links)
                    out.append(frag)
                lines += used_lines
                links += used_links
                continue
            look = unit.look
            if look is None:
                text = squash(unit.text)
                if index == 0:
                    text = text.lstrip(strip_chars)
                if index == last:
                    text = text.rstrip(strip_chars)
                if text:
                    template = self.parsed(_TEMPLATE_TEXT, style, style_index)[0]
                    _append_text(out, template, text)
                continue
            pieces = [(look.face.name, unit.text)] if unit.token else look.pieces(unit.text)
            used_lines = used_links = 0
            for face_name, piece in pieces:
                template = self.text_template(look, face_name, unit.link, style, style_index)
                start = len(out)
                _append_text(out, template, squash(piece))
                for frag in out[start:]:
                    used_lines, used_links = _shift(frag, lines, links, used_lines, used_links)
            lines += used_lines
            links += used_links
        return out


def _append_text(out: list, template, text: str) -> None:
    """Clones of ``template`` for ``text``; the parser gives each entity (&amp; &lt; &gt;) its own fragment."""
    if "&" in text or "<" in text or ">" in text:
        for part in _ENTITIES.split(text):
            if part:
                out.append(_clone(template, part))
    else:
        out.append(_clone(template, text))


def _clone(template, text: str):
    """A copy of a template fragment holding ``text`` (what ``ParaFrag.clone`` does, more directly)."""
    frag = _new(ParaFrag)
    attributes = template.__dict__.copy()
    attributes["text"] = text
    frag.__dict__ = attributes
    return frag


def _shift(frag, lines: int, links: int, used_lines: int, used_links: int) -> tuple[int, int]:
    """Renumber a cloned fragment's underline/strike lines and links after those already used.

    The parser numbers each ``<u>``, ``<strike>`` and ``<a>`` of a paragraph in turn; lines with
    the same number are drawn as one stroke, so numbering must match the equivalent markup.
    """
    us_lines = frag.us_lines
    if us_lines:
        used_lines = max(used_lines, max(entry[0] for entry in us_lines) + 1)
        if lines:
            frag.us_lines = [(entry[0] + lines,) + entry[1:] for entry in us_lines]
    link = frag.link
    if link:
        used_links = max(used_links, max(entry[0] for entry in link) + 1)
        if links:
            frag.link = [(entry[0] + links,) + entry[1:] for entry in link]
    return used_lines, used_links


def _merge_bare(units: list) -> list:
    """Adjacent bare text units joined: in markup they are one stretch of text between tags."""
    merged: list = []
    for unit in units:
        if type(unit) is Text and unit.look is None and merged:
            previous = merged[-1]
            if type(previous) is Text and previous.look is None:
                merged[-1] = Text(None, None, previous.text + unit.text)
                continue
        merged.append(unit)
    return merged
