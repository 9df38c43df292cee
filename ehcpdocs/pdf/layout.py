"""The native engine: a parsed .docx laid out on pages with reportlab Platypus.

One page template per Word section (its own size and margins), page breaks between sections,
bookmarks per EHCP section, metadata (title, author, en-GB language) and deterministic bytes:
reportlab's invariant mode fixes dates and document ids, so the same .docx gives the same PDF.
"""

from __future__ import annotations

import io
import os
import re
import time
from itertools import islice

from reportlab import rl_config
from reportlab.rl_config import _FUZZ
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Spacer
from reportlab.platypus.doctemplate import ActionFlowable, LayoutError
from reportlab.platypus.flowables import KeepTogether

from ehcpdocs.docx.package import Package
from ehcpdocs.docx.xml import w

from ..errors import EhcpDocsError, RenderError
from .body import convert_blocks, note_flowables
from .collection import collection_paused
from .columns import balanced, column_frames, draw_separators
from .context import Geometry, RenderContext, Warnings
from .footnotes import draw_page_notes
from .headers import DeferredCanvas, HeaderPainter
from .links import destination_key, link_targets
from .limits import BLOCK, LARGE_PART_BYTES, MAX_CONTENT, MAX_PLAN_OUTLINE_ELEMENTS, MAX_SECTIONS, Work
from .numbering import Numbering
from .outline import plan_section_headings
from .pages import PageSetup, read_page_setup
from .structure import DEFAULT_LANGUAGE, Structure
from .styles import StyleResolver
from .tabs import default_tab_stop
from .units import warnings_to

# Binary (Flate-only) streams: ASCII85 on top costs a fifth of the save time and a quarter more
# bytes. Set once at import, the same for every render, so output stays deterministic.
rl_config.useA85 = 0

DC_NS = "http://purl.org/dc/elements/1.1/"
_P, _TC, _R = w("p"), w("tc"), w("r")
CREATOR = "ehcpdocs"


def render_native(package: Package, *, title: str | None, author: str | None, timeout: float,
                  page_numbers: tuple[int, int] | None = None, tagged: bool = True) -> tuple[bytes, list[str], int]:
    """(PDF bytes, warnings, page count) for a package, laid out natively, within the bounds of
    ``limits`` (a ``RenderError`` naming the file past them). ``page_numbers`` (first, total)
    numbers the pages as part of a larger document (see ``headers.HeaderPainter``); ``tagged``
    makes it a tagged PDF (``tagging.py``, ``structure.py``)."""
    warnings = Warnings()
    try:
        with collection_paused(), warnings_to(warnings):
            return _render_with_fallback(package, title, author, timeout, warnings, page_numbers, tagged)
    except EhcpDocsError as error:
        raise error.with_file(package.name) from None


def _render_with_fallback(package: Package, title: str | None, author: str | None, timeout: float, warnings: Warnings,
                          page_numbers: tuple[int, int] | None = None, tagged: bool = True):
    """The document laid out, or laid out again without tables when they cannot fit."""
    deadline = time.monotonic() + timeout if timeout and timeout > 0 else None
    try:
        return _render_with_page_refs(package, title, author, (deadline, timeout), warnings, False,
                                      page_numbers, tagged)
    except LayoutError:
        warnings("some content did not fit on a page; tables were laid out as plain paragraphs")
    except RecursionError:
        warnings("the document is nested too deeply; tables were laid out as plain paragraphs")
    try:
        return _render_with_page_refs(package, title, author, (deadline, timeout), warnings, True,
                                      page_numbers, tagged)
    except (LayoutError, RecursionError):
        raise RenderError("the document could not be laid out on pages", file=package.name) from None


MAX_PAGE_REF_PASSES = 3


def _render_with_page_refs(package, title, author, bounds: tuple, warnings: Warnings, safe_mode: bool,
                           page_numbers: tuple[int, int] | None, tagged: bool):
    """The document laid out, and laid out again while a PAGEREF field (a table of contents'
    page number) shows another page than the one its bookmark is on: Word shows the number
    saved when its fields were last updated, for Word's own layout. A pass with the new
    numbers can move a heading itself (a wider number wraps a line), so up to three passes,
    each within the render's bounds (``bounds``: deadline and timeout, for its ``Work``)."""
    page_refs: dict[str, str] = {}
    for _pass in range(MAX_PAGE_REF_PASSES):
        pdf, messages, pages, laid_out = _render(package, title, author, Work(*bounds), warnings, safe_mode=safe_mode,
                                                 page_numbers=page_numbers, tagged=tagged, page_refs=page_refs)
        if laid_out is None:
            break
        page_refs = laid_out
    return pdf, messages, pages


def _render(package, title, author, work: Work, warnings: Warnings, safe_mode: bool,
            page_numbers: tuple[int, int] | None = None, tagged: bool = True, page_refs: dict | None = None):
    """(PDF, warnings, page count, the page of each PAGEREF field's bookmark when some field
    showed another one, else None)."""
    document = package.xml(package.main_part)
    if document is None:
        raise RenderError("the document has no main part to render", file=package.name)
    body = document.find(w("body"))
    styles_part = package.main_related("/styles")
    theme_part = package.main_related("/theme")
    numbering_part = package.main_related("/numbering")
    settings_part = package.main_related("/settings")
    styles_root = package.xml(styles_part) if styles_part else None
    styles = StyleResolver(styles_root, package.xml(theme_part) if theme_part else None)
    numbering = Numbering(package.xml(numbering_part) if numbering_part else None, styles.theme_fonts, styles)
    settings = package.xml(settings_part) if settings_part else None
    even_and_odd = settings is not None and settings.find(w("evenAndOddHeaders")) is not None

    ctx = RenderContext(package=package, styles=styles, numbering=numbering, warn=warnings, part=package.main_part,
                        work=work)
    ctx.safe_mode = safe_mode
    ctx.default_tab = default_tab_stop(settings)
    ctx.link_targets = link_targets(body)
    ctx.page_refs = page_refs or {}
    plan_outline = True
    if len(package.parts.get(package.main_part) or b"") > LARGE_PART_BYTES:
        # A document this large is counted first: past the content bound it stops at once, and
        # past MAX_PLAN_OUTLINE_ELEMENTS it gets heading bookmarks, not the plan reader's
        # section bookmarks (the reader would cost more than the rendering).
        elements = _count_elements(body)
        if elements * BLOCK > MAX_CONTENT:
            work.spent = elements * BLOCK
            work.checkpoint()
        plan_outline = elements <= MAX_PLAN_OUTLINE_ELEMENTS
    ctx.outline = plan_section_headings(document, styles_root) if plan_outline else {}

    children = list(body) if body is not None else []
    rels = package.rels_of(package.main_part)
    setups: list[PageSetup] = []
    groups: list[list] = [[]]
    for child in children:
        if child.tag == w("sectPr"):
            continue
        groups[-1].append(child)
        if child.tag == w("p"):
            ppr = child.find(w("pPr"))
            sect = ppr.find(w("sectPr")) if ppr is not None else None
            if sect is not None:
                if len(setups) >= MAX_SECTIONS - 1:  # the last section is the body's own
                    warnings(f"the document has more than {MAX_SECTIONS:,} sections; the section breaks "
                             "after that were ignored")
                    continue
                setups.append(read_page_setup(sect, rels, setups[-1] if setups else None, warnings))
                groups.append([])
    final = body.find(w("sectPr")) if body is not None else None
    setups.append(read_page_setup(final, rels, setups[-1] if setups else None, warnings))
    if not groups[-1] and len(groups) > 1:
        groups.pop()
        setups.pop()

    flowables: list = []
    for index, (setup, group) in enumerate(zip(setups, groups)):
        columns = setup.columns
        width = columns.widths[0] if columns else setup.frame_width
        ctx.geometry = Geometry(width, setup.frame_height)
        if index > 0:
            flowables.append(NextPageTemplate(index))  # by position: reportlab looks names up one by one
            if not (setup.start_type == "continuous" and setup.same_geometry(setups[index - 1])):
                flowables.append(PageBreak())
        content = convert_blocks(ctx, group, width)
        if columns is not None:
            follows = index + 1 < len(setups) and setups[index + 1].start_type == "continuous"
            setup.balanced = (index > 0 and setup.start_type == "continuous") or follows
            if setup.balanced:
                content = balanced(content, columns)
        flowables.extend(content)
    flowables.extend(note_flowables(ctx, setups[-1].frame_width))
    if not flowables:
        flowables.append(Spacer(1, 1))

    core = _core_properties(package)
    pdf_title = document_title(core.get("title"), title, ctx.first_heading)
    lang = document_language(styles_root, settings)
    pdf_author = author or core.get("creator") or ""
    painter = HeaderPainter(ctx, setups, even_and_odd, page_numbers=page_numbers)
    for setup in setups:
        painter.make_room(setup)
    buffer = io.BytesIO()
    template = WordDocTemplate(
        buffer,
        pagesize=(setups[0].width, setups[0].height),
        pageTemplates=[_page_template(index, setup) for index, setup in enumerate(setups)],
        title=pdf_title,
        author=pdf_author,
        subject="",
        creator=CREATOR,
        producer=CREATOR,
        invariant=1,
        lang=lang,
        keepTogetherClass=KeepWithNext,
        leftMargin=setups[0].left,
        rightMargin=setups[0].right,
        topMargin=setups[0].top,
        bottomMargin=setups[0].bottom,
    )
    template.work = work
    pages = {"count": 0}

    def make_canvas(*args, **kwargs):
        canvas = DeferredCanvas(*args, painter=painter, work=work, **kwargs)
        if tagged:
            canvas._ehcp_tags = ctx.tags
            canvas._ehcp_structure = Structure(ctx.tags, pdf_title, pdf_author, lang)
        if ctx.outline or ctx.bookmark_count:
            canvas.showOutline()
        pages["canvas"] = canvas
        return canvas

    try:
        try:
            template.build(flowables, canvasmaker=make_canvas)
        except (LayoutError, RecursionError, EhcpDocsError):
            raise
        except Exception as exc:  # reportlab raises plain ValueError/AttributeError/etc. on bad content
            if os.environ.get("EHCPDOCS_DEBUG"):
                raise
            detail = " ".join(str(exc).split())
            detail = detail if len(detail) <= 120 else detail[:119] + "\u2026"
            raise RenderError(f"the PDF could not be produced ({type(exc).__name__}: {detail})",
                              file=package.name) from None
        pdf = buffer.getvalue()
        return pdf, list(warnings.messages), int(template.page), _page_refs_laid_out(ctx, pages.get("canvas"))
    finally:
        _let_go(template, pages.pop("canvas", None))


def _page_refs_laid_out(ctx: RenderContext, canvas) -> dict[str, str] | None:
    """The number of the page each PAGEREF field's bookmark is on, when some field showed another."""
    if not ctx.page_ref_results or canvas is None:
        return None
    labels = canvas.page_labels
    laid_out = {name: labels[destination_key(name)] for name in ctx.page_ref_results
                if destination_key(name) in labels}
    if all(ctx.page_ref_results[name] == shown for name, shown in laid_out.items()):
        return None
    return laid_out


def _let_go(template, canvas) -> None:
    """Break the reference cycles between reportlab's document template, its canvas and the PDF
    objects, which hold a render's whole state (the parsed document, the pages, the PDF) until
    the cycle collector runs: with renders overlapping in threads the collector stays paused
    (``collection.py``), so it might never run. Without the cycles the render is freed as it
    returns."""
    if canvas is not None:
        canvas.__dict__.clear()
    template.__dict__.clear()


def _count_elements(body) -> int:
    """The paragraphs, table cells and runs of a body, counted up to the most the content bound
    allows."""
    if body is None:
        return 0
    return sum(1 for _ in islice(body.iter(_P, _TC, _R), MAX_CONTENT // BLOCK + 1))


class WordDocTemplate(BaseDocTemplate):
    """Reportlab's document template, with the pages a document's own page breaks end counted
    as laid out even when blank: reportlab stops with a ``LayoutError`` after ten pages in a
    row without content (its guard against a flowable too large for any page), which refused a
    document with ten page breaks in a row. The page limit bounds the pages."""

    work: Work | None = None

    def handle_pageBreak(self, slow=None):
        self._curPageFlowableCount += 1
        super().handle_pageBreak(slow)

    def handle_flowable(self, flowables):
        # a flowable reportlab cannot place may be retried for ever without a new page
        work = self.work
        if work is not None and work.deadline is not None and time.monotonic() > work.deadline:
            work.check_time()
        BaseDocTemplate.handle_flowable(self, flowables)


class KeepWithNext(KeepTogether):
    """The group a keep-with-next heading makes with what follows, measured as reportlab's
    ``KeepTogether`` measures it but without copying the page frame first.

    reportlab copies the frame (about fifty objects, once per heading) so that flowables which
    add content while being measured add it to the copy. None of the flowables ehcpdocs makes does.
    """

    def wrap(self, avail_width, avail_height):
        width = height = 0.0
        space_after = 0.0
        first = None
        at_top = True
        for flowable in self._content:
            if hasattr(flowable, "frameAction"):
                continue
            w_, h_ = flowable.wrapOn(self.canv, avail_width, 0xFFFFFFF)
            if first is None:
                first = h_
            if h_ <= _FUZZ:
                continue
            width = max(width, min(w_, avail_width))
            height += h_
            if at_top:
                at_top = False
            else:
                height += max(flowable.getSpaceBefore() - space_after, 0)
            space_after = flowable.getSpaceAfter()
            height += space_after
        self._H = height - space_after
        self._H0 = first or 0
        self._wrapInfo = avail_width, avail_height
        return width, 0xFFFFFF  # always asked to split, as KeepTogether is

    def split(self, avail_width, avail_height):
        parts = super().split(avail_width, avail_height)
        if parts and isinstance(parts[0], ActionFlowable) and self._content:
            # The group does not fit on the page (reportlab gives its content back after a frame
            # action). Its last flowable still keeps with the next, which reportlab leaves to it
            # when nothing follows: grouped again, alone, it would split the same way for ever
            # (the last paragraph of a document kept with the next and longer than a page).
            last = self._content[-1]
            if getattr(last, "keepWithNext", 0):
                last.__dict__["keepWithNext"] = 0
        return parts


def _page_template(index: int, setup: PageSetup) -> PageTemplate:
    columns = None if setup.balanced else setup.columns
    if columns is not None:
        frames = column_frames(columns, setup.left, setup.bottom, setup.frame_height, index)
    else:
        frames = [Frame(
            setup.left, setup.bottom, setup.frame_width, setup.frame_height,
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"f{index}",
        )]

    def on_page(canvas, _doc, section=index):
        canvas._ehcp_section = section
        if columns is not None and columns.separator:
            draw_separators(canvas, columns, setup.left, setup.bottom, setup.frame_height)

    return PageTemplate(id=f"s{index}", frames=frames, onPage=on_page, onPageEnd=draw_page_notes,
                        pagesize=(setup.width, setup.height))


def document_title(*candidates: str | None) -> str:
    """The PDF's title: the first of the core properties' title, the caller's and the document's
    first heading that is a title, not a file name ("plan.docx")."""
    for candidate in candidates:
        if candidate and candidate.strip() and not _FILE_NAME.search(candidate.strip()):
            return " ".join(candidate.split())[:300]
    return "Untitled document"


_FILE_NAME = re.compile(r"\.(docx?|dotx|pdf|odt|rtf)$", re.IGNORECASE)
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def document_language(styles_root, settings) -> str:
    """The document's language (BCP 47): the default run language of its styles (``w:lang`` in
    ``w:docDefaults``, else the Normal style's), else the settings' ``w:themeFontLang``, else en-GB."""
    candidates = []
    if styles_root is not None:
        defaults = styles_root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('lang')}")
        if defaults is not None:
            candidates.append(defaults.get(w("val")))
        for style in styles_root.iter(w("style")):
            if style.get(w("default")) in ("1", "true") and style.get(w("type")) == "paragraph":
                lang = style.find(f"{w('rPr')}/{w('lang')}")
                if lang is not None:
                    candidates.insert(0, lang.get(w("val")))
                break
    if settings is not None:
        theme = settings.find(w("themeFontLang"))
        if theme is not None:
            candidates.append(theme.get(w("val")))
    for candidate in candidates:
        if candidate and _LANGUAGE.match(candidate) and candidate.lower() not in ("x-none", "und"):
            return candidate
    return DEFAULT_LANGUAGE


def _core_properties(package: Package) -> dict[str, str]:
    """Title and creator from docProps/core.xml ("" when absent)."""
    name = None
    root_rels = package.xml("_rels/.rels")
    if root_rels is not None:
        for rel in root_rels:
            if (rel.get("Type") or "").endswith("/core-properties"):
                name = (rel.get("Target") or "").lstrip("/")
    name = name if name in package.parts else ("docProps/core.xml" if "docProps/core.xml" in package.parts else None)
    if name is None:
        return {}
    try:
        root = package.xml(name)
    except EhcpDocsError:
        return {}
    if root is None:
        return {}
    found = {}
    for key in ("title", "creator"):
        element = root.find(f"{{{DC_NS}}}{key}")
        if element is not None and element.text and element.text.strip():
            found[key] = " ".join(element.text.split())[:300]
    return found
