"""One Word paragraph (``w:p``) to flowables.

Runs become spans of text with a look (face, size, colour, underline, strike, raised or lowered,
link), laid out by ``lines.LineParagraph``; consecutive runs with the same look share one span.
Fields show their result, deleted and hidden text is skipped, images and page breaks split the
paragraph, text boxes and equations keep their text in reading order.
"""

from __future__ import annotations

import re

from reportlab.platypus import PageBreak, Spacer
from reportlab.platypus.doctemplate import FrameBreak

from ehcpdocs.docx.xml import MC_NS, w

from . import fonts
from .context import (
    NUMPAGES_TOKEN,
    PAGE_TOKEN,
    SECTIONPAGES_TOKEN,
    FieldState,
    RenderContext,
)
from .borders import Bordered, border_key
from .limits import CHARACTER, RUN
from .links import Anchor, field_targets, internal_link
from .lines import (
    BREAK,
    MAX_WORD_CHARS,
    Bullet,
    LineParagraph,
    LineStyle,
    PageFieldSpan,
    Paint,
    Span,
)
from .scripts import COMPLEX, RIGHT_TO_LEFT
from .styles import parse_ppr, parse_rpr
from .tabs import PAGE_OVERHANG, TAB, InlineBox, Tab, TabParagraph, merged_stops
from .units import HIGHLIGHT_COLOURS, children_with, clamp, structure_key
from ehcpdocs.docx.markup import ADDITION_STYLE, DELETION_STYLE
from .tagging import ADDED, DELETED, LABEL

M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
W_PREFIX = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ALIGN = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right",
          "both": "justify", "distribute": "justify", "justify": "justify"}
_MIRRORED = {"left": "right", "right": "left"}
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "ftp://")
PAGE_TOKENS = frozenset((PAGE_TOKEN, NUMPAGES_TOKEN, SECTIONPAGES_TOKEN))
_CONTROL = {c: None for c in range(32) if c not in (9, 10)}
_PPR, _RPR, _R, _T = w("pPr"), w("rPr"), w("r"), w("t")
_DEL_TEXT = w("delText")
_ANCHOR, _NAME = w("anchor"), w("name")
_WP_INLINE = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}inline"
_LONG_WORD = re.compile(r"[^ ]{%d}" % (MAX_WORD_CHARS + 1))


class Text:
    """Characters drawn in one run look (``look`` None: in the paragraph style's own look).

    Page-number placeholders (``PAGE_TOKEN`` and kin) in the text are filled in for each page.
    """

    __slots__ = ("link", "look", "text")

    def __init__(self, look, link: str | None, text: str) -> None:
        self.look = look
        self.link = link
        self.text = text


class Mark:
    """A unit of a paragraph that is not text: a line break or an aligned tab."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Mark({self.name})"


LINE_BREAK = Mark("line break")
TAB_UNIT = Mark("tab")


class RunLook:
    """How a run is drawn, resolved from its properties; runs with equal properties share one."""

    __slots__ = (
        "back",
        "caps",
        "color",
        "cs_bold",
        "cs_size",
        "double",
        "face",
        "font_name",
        "hidden",
        "mark",
        "paint",
        "rtl",
        "size",
        "small_caps",
        "strike",
        "symbol_font",
        "underline",
        "vert",
        "warn",
    )

    def __init__(self, ctx: RenderContext, props: dict) -> None:
        self.font_name = props.get("font")
        family = fonts.family_for(self.font_name, ctx.warn)
        self.face = fonts.face(family, bool(props.get("b")), bool(props.get("i")))
        self.size = clamp(float(props.get("sz", 10.0)), 1.0, 400.0)
        # Complex-script text (Arabic, Urdu, the Indic scripts) takes Word's w:szCs and w:bCs
        self.cs_size = clamp(float(props.get("szCs", self.size)), 1.0, 400.0)
        self.cs_bold = bool(props.get("bCs", props.get("b")))
        self.color = props.get("color")
        highlight = props.get("highlight")
        self.back = HIGHLIGHT_COLOURS.get(highlight) if highlight and highlight != "none" else props.get("shd")
        self.underline = bool(props.get("u"))
        self.double = bool(props.get("dstrike"))
        self.strike = bool(props.get("strike")) and not self.double
        self.vert = props.get("vertAlign") if props.get("vertAlign") in ("superscript", "subscript") else None
        self.caps = bool(props.get("caps"))
        self.small_caps = bool(props.get("smallCaps")) and not self.caps
        self.hidden = bool(props.get("vanish"))
        self.symbol_font = fonts.is_symbol_font(self.font_name)
        self.rtl = bool(props.get("rtl"))
        self.warn = ctx.warn
        self.mark = amendment_mark(props.get("rStyle"))
        self.paint = self._make_paint()

    def _make_paint(self) -> Paint:
        """Colour, highlight, lines and raise of this look, as the line layout draws them."""
        return Paint(self.color, self.back, self.underline, self.strike, self.double, self.vert, self.small_caps,
                     self.rtl, self.mark)

    def _copy(self) -> "RunLook":
        copy = object.__new__(RunLook)
        for name in RunLook.__slots__:
            setattr(copy, name, getattr(self, name))
        return copy

    def revised(self, kind: str) -> "RunLook":
        """This look as a tracked change shows in Word's markup: an insertion underlined, a
        deletion struck through, both in the revision colour (tagged as added or deleted)."""
        copy = self._copy()
        copy.color = REVISION_COLOUR
        if kind == ADDED:
            copy.underline = True
        else:
            copy.strike, copy.double = True, False
        copy.mark = kind
        copy.paint = copy._make_paint()
        return copy

    def labelled(self) -> "RunLook":
        """This look for a list number drawn inline, tagged as the list item's label."""
        copy = self._copy()
        copy.mark = LABEL
        copy.paint = copy._make_paint()
        return copy

    def raised(self) -> "RunLook":
        """This look in superscript (footnote and endnote numbers)."""
        copy = self._copy()
        copy.vert = "superscript"
        copy.paint = copy._make_paint()
        return copy

    def pieces(self, text: str) -> list[tuple[str, str]]:
        """``(face name, text)`` pieces of a run's text as drawn: capitals applied, fallback face where needed."""
        if self.caps or self.small_caps:
            text = text.upper()
        return fonts.split_by_coverage(text, self.face, self.warn, complex_bold=self.cs_bold)


REVISION_COLOUR = "B00020"  # tracked changes, as Word's markup colours them: 6.9:1 on white


def amendment_mark(style_id: str | None) -> str | None:
    """``tagging.DELETED`` or ``ADDED`` for a run in one of the amendment character styles."""
    if not style_id:
        return None
    if style_id.startswith(DELETION_STYLE):
        return DELETED
    if style_id.startswith(ADDITION_STYLE):
        return ADDED
    return None


def safe_link(target: str | None) -> str | None:
    """An external link target usable in the PDF (web, mail and ftp links only)."""
    if not target:
        return None
    lowered = target.strip().lower()
    if lowered.startswith(_SAFE_SCHEMES):
        return target.strip()
    if lowered.startswith("www."):
        return "http://" + target.strip()
    return None


def complex_script_sizes(pieces: list[tuple[str, str]], look: RunLook) -> list[float]:
    """The size of each piece of a run whose complex-script size (``w:szCs``) differs: the
    complex-script size for pieces of complex-script text (all of a ``w:rtl`` run's), and for
    spaces and punctuation between them, as Word sizes a run of Hebrew or Urdu words; the run's
    own size for the rest."""
    if look.rtl:
        return [look.cs_size] * len(pieces)
    kinds = []
    for _face, piece in pieces:
        if not piece.isascii() and COMPLEX.search(piece) is not None:
            kinds.append(True)
        elif any(ch.isalnum() for ch in piece):
            kinds.append(False)
        else:
            kinds.append(None)  # spaces and punctuation: as the text around them
    sizes = []
    for index, kind in enumerate(kinds):
        if kind is None:
            before = next((k for k in reversed(kinds[:index]) if k is not None), None)
            after = next((k for k in kinds[index + 1:] if k is not None), None)
            kind = bool(before or after) and before is not False and after is not False
        sizes.append(look.cs_size if kind else look.size)
    return sizes


def page_ref_target(code: str) -> str | None:
    """The bookmark of a ``PAGEREF _Toc123 \\h`` instruction whose result is a page number (None
    with ``\\p``, which shows "above" or "below")."""
    parts = code.split()
    if len(parts) < 2 or parts[0].upper() != "PAGEREF" or any(part.lower() == "\\p" for part in parts[2:]):
        return None
    return parts[1].strip('"') or None


def field_instruction(code: str) -> str:
    """The field type of an instruction such as ``PAGE \\* MERGEFORMAT`` (upper case)."""
    parts = code.strip().split(None, 1)
    return parts[0].upper() if parts else ""


def hyperlink_from_code(code: str) -> str | None:
    """The target of a ``HYPERLINK "url"`` field instruction."""
    parts = code.strip().split(None, 1)
    if len(parts) < 2:
        return None
    rest = parts[1].strip()
    if rest.startswith("\\l"):
        return None
    if rest.startswith('"'):
        end = rest.find('"', 1)
        rest = rest[1:end] if end > 0 else rest[1:]
    else:
        rest = rest.split()[0]
    return safe_link(rest)


class ParagraphSetup:
    """What a paragraph's properties resolve to: its style, merged paragraph properties, the
    run properties its text starts from and its list level. Paragraphs with the same ``w:pPr``
    (most of a document's) share one, read once; the resolved ``ppr`` is never changed."""

    __slots__ = ("base_look", "base_rpr", "ilvl", "level", "look_key", "mark_rpr", "num_id", "ppr", "style_id")

    def __init__(self, ctx: RenderContext, ppr_el) -> None:
        direct = parse_ppr(ppr_el)
        self.style_id = direct.get("pStyle")
        style_ppr, style_rpr = ctx.styles.paragraph(self.style_id)
        ppr = dict(style_ppr)
        if ctx.table_style and self.style_id is None:
            for key, value in ctx.table_style.get("ppr", {}).items():
                if key not in direct:
                    ppr[key] = value
        self.num_id = direct.get("numId", ppr.get("numId"))
        self.ilvl = direct.get("ilvl", ppr.get("ilvl", 0)) or 0
        self.level = ctx.numbering.level(self.num_id, self.ilvl) if self.num_id else None
        if self.level is not None:
            ppr.update(self.level.ppr)
        ppr.update(direct)
        if "tabs" in direct:
            inherited = (self.level.ppr.get("tabs") if self.level is not None else None) or style_ppr.get("tabs")
            if inherited:
                ppr["tabs"] = merged_stops(inherited, direct["tabs"])
        self.ppr = ppr
        self.look_key = self.style_id
        table_rpr = ctx.table_style.get("rpr") if ctx.table_style else None
        if table_rpr:
            style_rpr = ctx.styles.in_table(self.style_id, style_rpr, table_rpr)
            self.look_key = (self.style_id, id(ctx.table_style))  # the table style dicts live for the render
        self.base_rpr = style_rpr
        self.mark_rpr = None
        if self.level is not None:
            mark = ppr_el.find(_RPR) if ppr_el is not None else None
            self.mark_rpr = {k: v for k, v in parse_rpr(mark, ctx.styles.theme_fonts).items() if k != "rStyle"}
        looks = ctx.looks
        self.base_look = looks.get(("base", self.look_key))
        if self.base_look is None:
            self.base_look = looks[("base", self.look_key)] = RunLook(ctx, style_rpr)

    @staticmethod
    def of(ctx: RenderContext, ppr_el) -> "ParagraphSetup":
        """The shared setup for a ``w:pPr`` (or none) in the current table style."""
        key = (structure_key(ppr_el) if ppr_el is not None else None, id(ctx.table_style) if ctx.table_style else None)
        setup = ctx.paragraph_setups.get(key)
        if setup is None:
            setup = ctx.paragraph_setups[key] = ParagraphSetup(ctx, ppr_el)
        return setup


class ParagraphBuilder:
    """Collects the pieces of one paragraph and turns them into flowables."""

    def __init__(self, ctx: RenderContext, p, avail_width: float, convert_blocks) -> None:
        self.ctx = ctx
        self.p = p
        self.avail_width = avail_width
        self.convert_blocks = convert_blocks
        self.children, ppr_el = children_with(p, _PPR)
        self.setup = setup = ParagraphSetup.of(ctx, ppr_el)
        self.style_id = setup.style_id
        self.look_key = setup.look_key
        self.ppr = ppr = setup.ppr
        self.base_rpr = setup.base_rpr
        self.base_look = setup.base_look
        self.label = None
        if setup.level is not None:
            self.label = ctx.numbering.next_label(setup.num_id, setup.ilvl)
            if self.label is not None:
                label_props = dict(setup.base_rpr)
                label_props.update(setup.mark_rpr)
                label_props.update(self.label.rpr)
                self.label_look = RunLook(ctx, label_props)
        self.segments: list = []
        self.markup: list = []
        self.tab_units = False
        self.group_look: RunLook | None = None
        self.group_link: str | None = None
        self.group_text: list[str] = []
        self.after: list = []
        self.plain: list[str] = []
        self.max_size = self.base_look.size
        self.link: str | None = None
        self.anchors: list[str] = []  # bookmarks here that links go to
        self.revision: str | None = None  # inside a tracked insertion (ADDED) or deletion (DELETED)
        self.complex_text = False  # text in complex or right-to-left scripts (drawn shaped)
        self.right_to_left = False

    # ----- inline content -----

    def walk(self, parent) -> None:
        """Visit the inline children of a paragraph-level element in document order."""
        for child in parent:
            tag = child.tag
            if tag == _R:
                self.run(child)
                continue
            if not isinstance(tag, str):
                continue
            if tag.startswith(W_PREFIX):
                local = tag[len(W_PREFIX):]
                if local == "hyperlink":
                    previous = self.link
                    rid = child.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                    if rid:
                        rel = self.ctx.rels().get(rid)
                        if rel is not None:
                            self.link = safe_link(rel[1])
                    elif self.ctx.link_targets:
                        self.link = internal_link(child.get(_ANCHOR), self.ctx.link_targets)
                    self.walk(child)
                    self.link = previous
                elif local in ("ins", "moveTo", "del", "moveFrom"):
                    # tracked changes drawn as Word prints them with markup: what is proposed is seen
                    previous = self.revision
                    self.revision = ADDED if local in ("ins", "moveTo") else DELETED
                    self.walk(child)
                    self.revision = previous
                elif local in ("smartTag", "customXml", "bdo", "dir", "sdtContent"):
                    self.walk(child)
                elif local == "sdt":
                    content = child.find(w("sdtContent"))
                    if content is not None:
                        self.walk(content)
                elif local == "fldSimple":
                    self.simple_field(child)
                elif local == "bookmarkStart":
                    name = child.get(_NAME)
                    if name in self.ctx.link_targets:
                        self.anchors.append(name)
                elif local in ("pPr", "proofErr", "bookmarkEnd"):
                    continue
                elif local == "p":
                    self.after.extend(self.convert_blocks(self.ctx, [child], self.avail_width))
            elif tag == f"{{{MC_NS}}}AlternateContent":
                chosen = choose_alternate(child)
                if chosen is not None:
                    self.walk(chosen)
            elif tag.startswith(f"{{{M_NS}}}"):
                self.math(child)

    def look(self, rpr_el) -> RunLook:
        """The look of a run with these properties in this paragraph's style."""
        ctx = self.ctx
        direct = parse_rpr(rpr_el, ctx.styles.theme_fonts) if rpr_el is not None else None
        if not direct:
            cached = ctx.plain_looks.get(self.look_key)
            if cached is not None:
                return cached
            direct = {}
        # Runs of paragraphs in the same style with the same direct formatting look the same.
        key = (self.look_key, tuple(sorted(direct.items())))
        cached = ctx.looks.get(key)
        if cached is None:
            props = dict(self.base_rpr)
            props.update(ctx.styles.character(direct.get("rStyle")))
            props.update(direct)
            cached = ctx.looks[key] = RunLook(ctx, props)
        if not direct:
            ctx.plain_looks[self.look_key] = cached
        return cached

    def visible(self) -> bool:
        if not self.ctx.fields:
            return True
        return all(state.in_result and not state.suppress_result for state in self.ctx.fields)

    def current_link(self) -> str | None:
        for state in reversed(self.ctx.fields):
            if state.link:
                return state.link
        return self.link

    def run(self, r) -> None:
        children, rpr = children_with(r, _RPR)
        look = self.look(rpr)
        if self.revision is not None:
            look = look.revised(self.revision)
        for child in children:
            tag = child.tag
            if tag == _T or (tag == _DEL_TEXT and self.revision == DELETED):
                if not look.hidden and (not self.ctx.fields or self.visible()):
                    self.text(child.text or "", look)
                    if self.ctx.fields and self.ctx.fields[-1].page_ref:
                        self.ctx.fields[-1].shown += child.text or ""
                continue
            if tag == _RPR or not isinstance(tag, str):
                continue
            local = tag[len(W_PREFIX):] if tag.startswith(W_PREFIX) else None
            if local == "fldChar":
                self.field_char(child, look)
            elif local == "instrText":
                if self.ctx.fields and not self.ctx.fields[-1].in_result:
                    self.ctx.fields[-1].code += child.text or ""
            elif look.hidden or not self.visible():
                continue
            elif local == "tab":
                self.text("\t", look)
            elif local == "ptab":
                alignment = child.get(w("alignment"))
                self.raw(Tab((alignment, None, child.get(w("leader")))) if alignment in ("center", "right") else TAB_UNIT)
                self.plain.append(" ")
            elif local == "br":
                kind = child.get(w("type"))
                if kind == "page":
                    self.page_break()
                elif kind == "column" and self.ctx.depth == 0:
                    self.flush_segment()
                    self.segments.append(FrameBreak())  # the next column (the next page in one column)
                else:
                    self.line_break()
            elif local == "cr":
                self.line_break()
            elif local == "noBreakHyphen":
                self.text("-", look)
            elif local == "sym":
                self.symbol(child, look)
            elif local in ("drawing", "pict", "object"):
                self.drawing(child)
            elif local in ("footnoteRef", "endnoteRef"):
                number = self.ctx.note_number
                if number is not None:
                    self.raw(Text(look.raised(), None, str(number)))
            elif local in ("footnoteReference", "endnoteReference"):
                self.note_reference(child, local, look)
            elif local == "ruby":
                base = child.find(w("rubyBase"))
                if base is not None:
                    self.walk(base)
            elif tag == f"{{{MC_NS}}}AlternateContent":
                chosen = choose_alternate(child)
                if chosen is not None:
                    fake_run = chosen
                    for inner in fake_run:
                        if isinstance(inner.tag, str) and inner.tag in (w("drawing"), w("pict")):
                            self.drawing(inner)

    def text(self, text: str, look: RunLook) -> None:
        if not text:
            return
        if "\t" in text:
            if look.size > self.max_size and look.vert is None:
                self.max_size = look.size  # a line holding only a tab is as tall as its font
            pieces = text.split("\t")
            for index, piece in enumerate(pieces):
                if index:
                    self.raw(TAB_UNIT)
                    self.plain.append(" ")
                if piece:
                    self.text(piece, look)
            return
        if not text.isprintable():
            text = text.translate(_CONTROL)
        if look.symbol_font or not text.isascii():
            text = fonts.translate_symbols(text, look.font_name)
        self.plain.append(text)
        link = self.current_link() if self.ctx.fields else self.link
        if look is not self.group_look or link != self.group_link:
            if self.group_text:
                self.flush_group()
            self.group_look = look
            self.group_link = link
        self.group_text.append(text)
        if look.size > self.max_size and look.vert is None:
            self.max_size = look.size
        if look.cs_size > self.max_size and look.vert is None and not text.isascii() and COMPLEX.search(text):
            self.max_size = look.cs_size

    def raw(self, unit) -> None:
        """A unit that is not text of a run (a page-number placeholder, a line break, a tab stop)."""
        self.flush_group()
        self.markup.append(unit)
        if unit is TAB_UNIT or type(unit) is Tab or type(unit) is InlineImage:
            self.tab_units = True

    def flush_group(self) -> None:
        """Close the text collected in one look into a unit."""
        if self.group_text and self.group_look is not None:
            text = "".join(self.group_text)
            self.markup.append(Text(self.group_look, self.group_link, text))
            work = self.ctx.work
            work.spent += RUN + len(text) * CHARACTER
            if work.spent > work.next_check:
                work.checkpoint()
        self.group_text = []
        self.group_look = None

    def line_break(self) -> None:
        self.flush_group()
        if not self.markup or self.markup[-1] is LINE_BREAK:
            # reportlab cannot split a paragraph at a line holding nothing but a break
            self.markup.append(Text(None, None, "\u00a0"))
        self.raw(LINE_BREAK)
        self.plain.append("\n")

    def page_break(self) -> None:
        self.flush_segment()
        self.segments.append(PageBreak())

    def symbol(self, sym, look: RunLook) -> None:
        code = sym.get(w("char")) or ""
        try:
            char = chr(int(code[:8], 16))
        except (ValueError, OverflowError):
            return
        if "\ud800" <= char <= "\udfff":
            return  # half of a surrogate pair is no character
        self.text(fonts.translate_symbols(char, sym.get(w("font"))), look)

    def math(self, element) -> None:
        texts = [t.text or "" for t in element.iter(f"{{{M_NS}}}t")]
        if texts:
            self.text(" ".join(texts) if element.tag.endswith("oMathPara") else "".join(texts), self.base_look)

    def field_char(self, element, look: RunLook) -> None:
        kind = element.get(w("fldCharType"))
        fields = self.ctx.fields
        if kind == "begin":
            if len(fields) < 32:
                fields.append(FieldState())
        elif kind == "separate" and fields:
            state = fields[-1]
            state.in_result = True
            self.start_field_result(state, look)
        elif kind == "end" and fields:
            state = fields.pop()
            if not state.in_result:
                self.start_field_result(state, look)
            if state.page_ref:
                self.ctx.page_ref_results[state.page_ref] = state.shown.strip()

    def start_field_result(self, state: FieldState, look: RunLook) -> None:
        """Decide what a field shows once its instruction is known."""
        instruction = field_instruction(state.code)
        if instruction == "HYPERLINK":
            state.link = hyperlink_from_code(state.code)
        if self.ctx.link_targets and instruction in ("PAGEREF", "REF", "HYPERLINK") and not state.link:
            targets = field_targets(state.code)
            state.link = internal_link(targets[0], self.ctx.link_targets) if targets else None
        token = {"PAGE": PAGE_TOKEN, "NUMPAGES": NUMPAGES_TOKEN, "SECTIONPAGES": SECTIONPAGES_TOKEN}.get(instruction)
        if token and self.ctx.page_fields and all(f.in_result or f is state for f in self.ctx.fields):
            state.suppress_result = True
            self.raw(Text(look, None, token))
        elif instruction == "PAGEREF" and all(f.in_result or f is state for f in self.ctx.fields):
            target = page_ref_target(state.code)
            shown = self.ctx.page_refs.get(target) if target else None
            if shown is not None:
                # the page the bookmark is on in this PDF, not the one Word saw when it last updated
                state.suppress_result = True
                self.text(shown, look)
                self.ctx.page_ref_results[target] = shown
            elif target:
                state.page_ref = target

    def simple_field(self, element) -> None:
        instruction = field_instruction(element.get(w("instr")) or "")
        token = {"PAGE": PAGE_TOKEN, "NUMPAGES": NUMPAGES_TOKEN, "SECTIONPAGES": SECTIONPAGES_TOKEN}.get(instruction)
        if token and self.ctx.page_fields:
            run = element.find(f".//{w('r')}")
            look = self.look(run.find(w("rPr"))) if run is not None else self.base_look
            self.raw(Text(look, None, token))
            return
        previous = self.link
        if instruction == "HYPERLINK":
            self.link = hyperlink_from_code(element.get(w("instr")) or "") or previous
        if instruction in ("PAGEREF", "REF", "HYPERLINK") and self.ctx.link_targets and self.link is previous:
            targets = field_targets(element.get(w("instr")) or "")
            self.link = (internal_link(targets[0], self.ctx.link_targets) if targets else None) or previous
        target = page_ref_target(element.get(w("instr")) or "") if instruction == "PAGEREF" else None
        shown = self.ctx.page_refs.get(target) if target else None
        if shown is not None:
            run = element.find(f".//{w('r')}")
            self.text(shown, self.look(run.find(w("rPr"))) if run is not None else self.base_look)
            self.ctx.page_ref_results[target] = shown
        else:
            self.walk(element)
            if target:
                self.ctx.page_ref_results[target] = "".join(t.text or "" for t in element.iter(_T)).strip()
        self.link = previous

    def note_reference(self, element, kind: str, look: RunLook) -> None:
        note_id = element.get(w("id"))
        key = (kind, note_id)
        number = self.ctx.note_numbers.get(key)
        if number is None:
            number = len(self.ctx.note_numbers) + 1
            self.ctx.note_numbers[key] = number
            self.ctx.footnotes.append((kind, note_id, number))
        self.flush_group()
        self.markup.append(Text(look.raised(), None, str(number)))

    def drawing(self, element) -> None:
        from .images import drawing_flowables

        flowables, blocks = drawing_flowables(self.ctx, element, self.avail_width, self.convert_blocks)
        if len(flowables) == 1 and not blocks and element.find(_WP_INLINE) is not None:
            self.raw(InlineImage(flowables[0]))  # on its line, beside the paragraph's text
            return
        if flowables:
            self.flush_segment()
            self.segments.extend(flowables)
        self.after.extend(blocks)

    # ----- output -----

    def paragraph_style(self, first: bool, last: bool) -> tuple[LineStyle, Bullet | None]:
        """The layout of this paragraph's lines (shared between paragraphs that look alike) and its
        list label when that hangs in the indent."""
        ctx = self.ctx
        ppr = self.ppr
        alone_before = alone_after = False
        if ppr.get("contextualSpacing"):
            alone_before = self.same_style_neighbour(self.p.getprevious())
            alone_after = self.same_style_neighbour(self.p.getnext())
        # Paragraphs of one setup, width and font size have the same layout unless they are numbered.
        key = (self.setup, self.avail_width, first, last, self.max_size, alone_before, alone_after)
        if self.label is None:
            known = ctx.paragraph_styles.get(key)
            if known is not None:
                return known, None
        style, bullet = self._paragraph_style(first, last, alone_before, alone_after)
        if self.label is None:
            ctx.paragraph_styles[key] = style
        return style, bullet

    def _paragraph_style(self, first: bool, last: bool, alone_before: bool, alone_after: bool) -> tuple[LineStyle, Bullet | None]:
        ctx = self.ctx
        ppr = self.ppr
        rtl = bool(ppr.get("bidi"))
        left = clamp(ppr.get("ind_left", 0.0), -72.0, self.avail_width * 0.9)
        right = clamp(ppr.get("ind_right", 0.0), -72.0, self.avail_width * 0.9)
        if rtl:  # in a right-to-left paragraph Word's left and right are its start and end
            left, right = right, left
        if left + right > self.avail_width - 24:
            ctx.warn("paragraph indents wider than the page were reduced")
            left = right = 0.0
        first_line = clamp(ppr.get("ind_first", 0.0), -left - 72.0, self.avail_width / 2)
        before = clamp(ppr.get("before", 0) / 20.0, 0.0, 200.0) if first else 0.0
        after = clamp(ppr.get("after", 0) / 20.0, 0.0, 200.0) if last else 0.0
        if alone_before:
            before = 0.0
        if alone_after:
            after = 0.0
        rule = ppr.get("lineRule", "auto")
        line = ppr.get("line", 240)
        natural = self.max_size * fonts.line_factor(self.base_look.face.family)
        multiple = 1.0
        if rule == "exact" and line:
            leading, rule = clamp(abs(line) / 20.0, 1.0, 400.0), "exact"
        elif rule == "atLeast" and line:
            leading, rule = max(clamp(line / 20.0, 1.0, 400.0), natural), "atLeast"
        else:
            multiple = clamp((line or 240) / 240.0, 0.5, 5.0)
            leading, rule = natural * multiple, "auto"
        bullet = None
        if first and self.label is not None and self.label.text and first_line < 0:
            face_name = self.label_look.face.name
            if not all(fonts.has_glyph(face_name, ch) for ch in self.label.text if ch != " "):
                face_name = fonts.face(fonts.FALLBACK_FAMILY, self.label_look.face.bold, False).name
            # from the paragraph's start: the left, or the right in a right-to-left paragraph
            bullet = Bullet(self.label.text, face_name, self.label_look.size, self.label_look.color,
                            max((right if rtl else left) + first_line, -72.0))
            first_line = 0.0
        alignment = _ALIGN.get(ppr.get("jc"), "left")
        if rtl:
            alignment = _MIRRORED.get(alignment, alignment)
        bars = tuple(stop[1] for stop in ppr.get("tabs") or () if stop[0] == "bar")
        key = (left, right, first_line, before, after, leading, rule, multiple, alignment,
               bool(ppr.get("keepNext")), ppr.get("shd"), rtl, bars)
        cache = ctx.line_styles
        style = cache.get(key)
        if style is None:
            style = cache[key] = LineStyle(
                leading=leading, rule=rule,
                multiple=multiple, left=left, right=right, first_line=first_line, before=before, after=after,
                alignment=key[8], keep_with_next=key[9], back=ppr.get("shd") or None, rtl=rtl, bars=bars,
            )
        return style, bullet

    def same_style_neighbour(self, other) -> bool:
        if other is None or other.tag != w("p"):
            return False
        ppr = other.find(w("pPr"))
        style = ppr.find(w("pStyle")) if ppr is not None else None
        return (style.get(w("val")) if style is not None else None) == self.style_id

    def flush_segment(self) -> None:
        """Close the text collected so far into a pending paragraph segment."""
        self.flush_group()
        if self.markup:
            self.segments.append(Segment(self.markup, self.tab_units))
            self.markup = []
            self.tab_units = False

    def build(self) -> list:
        """Walk the paragraph and return its flowables (text boxes and borders included)."""
        self.walk(self.children)
        self.flush_segment()
        label_inline = None
        if self.label is not None and self.label.text and self.ppr.get("ind_first", 0.0) >= 0:
            label_inline = [Text(self.label_look.labelled(), None, self.label.text), Text(None, None, "\u00a0\u00a0")]
        text_segments = [i for i, seg in enumerate(self.segments) if isinstance(seg, Segment)]
        out: list = []
        if not text_segments:
            style, bullet = self.paragraph_style(True, True)
            if label_inline or bullet:
                out.append(self.make_paragraph(label_inline or [Text(None, None, "\u00a0")], style, bullet))
            elif not self.segments:
                bordered = self.ppr.get("pBdr")
                if bordered and any(bordered.values()):  # an empty paragraph drawn as a rule: a line high
                    out.append(self.make_paragraph([Text(None, None, "\u00a0")], style))
                else:
                    out.append(self.empty_line(style))
            if self.ppr.get("pageBreakBefore"):
                out.insert(0, PageBreak())
            out.extend(self.segments)
        else:
            first_text, last_text = text_segments[0], text_segments[-1]
            for index, segment in enumerate(self.segments):
                if isinstance(segment, Segment) and segment.tab_units and _only_pictures(segment):
                    out.extend(unit.picture for unit in segment if type(unit) is InlineImage)
                    continue
                if isinstance(segment, Segment):
                    style, bullet = self.paragraph_style(index == first_text, index == last_text)
                    tab_units = segment.tab_units
                    if index == first_text and label_inline:
                        segment = label_inline + segment
                    if tab_units:
                        out.append(self.tab_paragraph(segment, style, bullet))
                    else:
                        out.append(self.make_paragraph(segment, style, bullet))
                else:
                    out.append(segment)
            if self.ppr.get("pageBreakBefore"):
                out.insert(0, PageBreak())
        borders = self.ppr.get("pBdr")
        if borders and any(borders.values()):
            for index, flowable in enumerate(out):
                if isinstance(flowable, (LineParagraph, TabParagraph)):
                    out[index] = Bordered(flowable, borders, border_key(borders, flowable.style))
                    self.ctx.bordered += 1
        if self.anchors:
            out.insert(1 if out and isinstance(out[0], PageBreak) else 0, Anchor(self.anchors))
        out.extend(self.after)
        return out

    def empty_line(self, style: LineStyle) -> Spacer:
        """An empty paragraph: one line high.

        In the body its space before and after are kept apart from its height so they overlap a
        neighbour's the way text paragraphs' do (the larger of two adjoining spaces, as Word and
        LibreOffice lay them out). Table cells count a cell's spacing in full, so there it stays
        part of the height.
        """
        if self.ctx.depth > 0:
            return Spacer(1, style.leading + style.before + style.after)
        spacer = Spacer(1, style.leading)
        spacer.spaceBefore = style.before
        spacer.spaceAfter = style.after
        return spacer

    def tab_paragraph(self, units: list, style: LineStyle, bullet: Bullet | None = None) -> TabParagraph:
        """A paragraph with tabs, its text placed at the paragraph's tab stops ("OFFICIAL\tPage 1 of 4")."""
        spans, page_fields = self.spans(units, keep_tabs=True)
        stops = merged_stops(None, self.ppr.get("tabs"))
        overhang = PAGE_OVERHANG if self.ctx.depth == 0 or (self.ctx.page_fields and self.ctx.depth == 1) else 0.0
        return TabParagraph(spans, style, stops, self.ctx.default_tab, bullet=bullet, page_fields=page_fields,
                            overhang=overhang)

    def make_paragraph(self, units: list, style: LineStyle, bullet: Bullet | None = None) -> LineParagraph:
        """A paragraph of the given units (page-number placeholders kept as fields to fill in)."""
        spans, page_fields = self.spans(units)
        paragraph = LineParagraph(spans, style, bullet=bullet, page_fields=page_fields)
        if style.rtl or self.complex_text:
            paragraph.complex = True
            paragraph.bidi = style.rtl or self.right_to_left
        return paragraph

    def spans(self, units: list, keep_tabs: bool = False) -> tuple[list, bool]:
        """The spans of the given units and whether any is a page-number field; tabs are
        ``tabs.Tab`` markers when kept."""
        spans: list = []
        base = self.base_look
        page_fields = False
        characters = 0
        for unit in units:
            if unit is LINE_BREAK:
                spans.append(BREAK)
                continue
            if unit is TAB_UNIT or type(unit) is Tab:
                if keep_tabs:
                    spans.append(TAB if unit is TAB_UNIT else unit)
                continue
            if type(unit) is InlineImage:
                if keep_tabs:
                    picture = unit.picture
                    spans.append(InlineBox(picture, *picture.wrap(self.avail_width, 1e6)))
                continue
            look = unit.look or base
            text = unit.text
            if "\n" in text:
                text = text.replace("\n", " ")
            if text in PAGE_TOKENS:
                spans.append(PageFieldSpan(look.face.name, look.size, look.paint, text, unit.link))
                page_fields = True
                continue
            paint = look.paint
            characters += len(text)
            if look.rtl:
                self.complex_text = self.right_to_left = True
            elif not text.isascii() and COMPLEX.search(text) is not None:
                self.complex_text = True
                if RIGHT_TO_LEFT.search(text) is not None:
                    self.right_to_left = True
            pieces = look.pieces(text)
            sizes = complex_script_sizes(pieces, look) if look.cs_size != look.size else None
            for index, (face_name, piece) in enumerate(pieces):
                if piece:
                    spans.append(Span(face_name, sizes[index] if sizes else look.size, paint, piece, unit.link))
        if characters > MAX_WORD_CHARS and _LONG_WORD.search(
                "".join(text for text in (getattr(span, "text", None) for span in spans) if type(text) is str)):
            self.ctx.warn(f"a word of more than {MAX_WORD_CHARS:,} characters was cut short")
        return spans, page_fields

    def plain_text(self) -> str:
        """The paragraph's text with runs of white space as one space (for bookmarks and titles)."""
        return " ".join("".join(self.plain).split())


class InlineImage:
    """A picture in a paragraph's text (a ``wp:inline`` drawing)."""

    __slots__ = ("picture",)

    def __init__(self, picture) -> None:
        self.picture = picture


def _only_pictures(units: list) -> bool:
    """Whether units are pictures with at most spaces between them (no text, tabs or breaks)."""
    pictures = False
    for unit in units:
        if type(unit) is InlineImage:
            pictures = True
        elif type(unit) is not Text or unit.text.strip(" \u00a0"):
            return False
    return pictures


class Segment(list):
    """The units of one stretch of a paragraph's text (between images and page breaks), and
    whether they include aligned tab stops."""

    def __init__(self, units: list, tab_units: bool) -> None:
        super().__init__(units)
        self.tab_units = tab_units


def choose_alternate(element):
    """The branch of an ``mc:AlternateContent`` to render: the first Choice, else the Fallback."""
    choice = element.find(f"{{{MC_NS}}}Choice")
    if choice is not None:
        return choice
    return element.find(f"{{{MC_NS}}}Fallback")


