"""Headers and footers, drawn on each page once the total page count is known.

The body is laid out first; pages are kept on the canvas until the end (see ``DeferredCanvas``)
so "Page 3 of 12" can be filled in without a second layout pass. Each header and footer part is
converted once, its page-number fields kept as placeholders that each page fills in.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections import Counter

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

from ehcpdocs.docx.xml import w

from ..errors import RenderError
from .body import convert_blocks
from .context import NUMPAGES_TOKEN, PAGE_TOKEN, SECTIONPAGES_TOKEN, RenderContext
from .floating import PAGE_AREA
from .limits import MAX_PAGES, Work
from .lines import with_page_numbers
from .numbering import format_number
from .pages import PageSetup
from .structure import write_structure
from .tagging import artifact



class FastFlate:
    """Flate compression at zlib's fastest level: streams come out about a twentieth larger
    than at reportlab's level (zlib's default) and take about three fifths of the time to
    compress, a few per cent of a long plan's render."""

    pdfname = "FlateDecode"

    def encode(self, text) -> bytes:
        return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, 1)

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


FAST_FLATE = FastFlate()


class DeferredCanvas(Canvas):
    """A canvas that holds finished pages until ``save`` so headers can show the page count."""

    def __init__(self, *args, painter=None, work: Work | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Streams reportlab would compress itself (pages, font files) fall to the document's
        # default filters instead: FastFlate.
        self.setPageCompression(0)
        self._doc.defaultStreamFilters = [FAST_FLATE]
        self._held_pages: list[dict] = []
        self._painter = painter
        self._work = work or Work()
        self._ehcp_destinations: set[str] = set()  # shared by every page's state
        self._ehcp_destination_pages: dict[str, int] = {}  # destination -> index of its page (shared too)
        self.page_labels: dict[str, str] = {}  # destination -> its page's number as shown, once saved
        self._ehcp_page_links: list = []  # internal links of the page being drawn

    def _make_preamble(self) -> None:
        # reportlab starts each page selecting Helvetica ("BT /F1 12 Tf 14.4 TL ET"), which puts
        # a base-14 font, never embedded, in every page's resources; ehcpdocs' text selects its
        # own fonts, so the preamble is reportlab's without it
        code = self._code
        start = len(code)
        if self._fillColorObj != (0, 0, 0):
            self.setFillColor(self._fillColorObj)
        if self._strokeColorObj != (0, 0, 0):
            self.setStrokeColor(self._strokeColorObj)
        colours = " ".join(code[start:])
        del code[start:]
        flip = "1 0 0 1 0 0 cm" if self.bottomup else f"1 0 0 -1 0 {fp_str(self._pagesize[1])} cm"
        self._preamble = f"{flip} {colours}".strip()

    def showPage(self) -> None:
        if len(self._held_pages) >= MAX_PAGES:
            raise RenderError(f"the document runs to more than {MAX_PAGES:,} pages, the renderer's limit")
        self._work.check_time()
        state = dict(self.__dict__)
        del state["_held_pages"]  # the page list held in each page's state made every page a cycle
        self._held_pages.append(state)
        self._ehcp_page_links = []
        self._pageNumber += 1
        self._startPage()

    def bookmark_current_page(self, key: str) -> None:
        """Bookmark the page being drawn (the document's page counter lags while pages are held)."""
        document = self._doc
        saved = document.pageCounter
        document.pageCounter = len(self._held_pages) + 1
        try:
            self.bookmarkPage(key)
        finally:
            document.pageCounter = saved

    def bookmark_at(self, key: str, top: float) -> None:
        """A destination at height ``top`` of the page being drawn (the first one of a name counts)."""
        if key in self._ehcp_destinations:
            return
        self._ehcp_destinations.add(key)
        self._ehcp_destination_pages[key] = len(self._held_pages)
        document = self._doc
        saved = document.pageCounter
        document.pageCounter = len(self._held_pages) + 1
        try:
            self.bookmarkPage(key, fit="XYZ", left=0, top=top)
        finally:
            document.pageCounter = saved

    def link_inside(self, key: str, rect: tuple, node=None) -> None:
        """A link area of the page being drawn to a destination, written with the page once every
        destination is known (one never defined is left out); ``node`` its Link element."""
        self._ehcp_page_links.append((key, rect, node))

    @property
    def held_page_count(self) -> int:
        return len(self._held_pages)

    def save(self) -> None:
        pages = self._held_pages
        self._held_pages = []
        sections = [state.get("_ehcp_section", 0) for state in pages]
        check_time = self._work.check_time
        links = 0
        annotation_names: list[list[str]] = []  # each page's annotations, for the structure tree
        annotation_count = self._annotationCount  # every annotation drawn so far, on any page
        for number, state in enumerate(pages, 1):
            check_time()
            self.__dict__.update(state)
            # reportlab names a URL link by its count ("NUMBER7"); the held page's state holds the
            # count of its own time, so a link in a footer would take a name already taken
            self._annotationCount = annotation_count
            self._ehcp_writing_page = number - 1
            if self._painter is not None:
                self._painter(self, number, sections)
            tags = self.__dict__.get("_ehcp_tags")
            for key, rect, node in self._ehcp_page_links:
                if key in self._ehcp_destinations:
                    # named here: reportlab's own numbering restarts with each held page's state
                    links += 1
                    self.linkRect("", key, rect, relative=0, thickness=0, name=f"ehcp-link-{links}")
                    if tags is not None:
                        tags.annotation(number - 1, node)
            annotation_names.append([ref.name for ref in self._annotationrefs])
            annotation_count = self._annotationCount
            Canvas.showPage(self)
        if self._painter is not None:
            self.page_labels = {key: self._painter.page_label(sections, index)
                                for key, index in self._ehcp_destination_pages.items() if index < len(sections)}
        structure = self.__dict__.get("_ehcp_structure")
        if structure is not None:
            write_structure(self._doc, structure.tags, annotation_names, title=structure.title,
                            author=structure.author, lang=structure.lang)
        Canvas.save(self)


class HeaderPainter:
    """Draws each page's header and footer for the sections of one document."""

    def __init__(self, ctx: RenderContext, setups: list[PageSetup], even_and_odd: bool,
                 page_numbers: tuple[int, int] | None = None) -> None:
        self.ctx = ctx
        self.setups = setups
        self.even_and_odd = even_and_odd
        # (first, total): the document is part of a larger one (the consultation pack), so its
        # pages are numbered on from ``first`` of ``total``, past any restart it sets itself.
        self.page_numbers = page_numbers
        self._cache: dict = {}
        self._converted: dict[tuple[str, float], list] = {}

    def __call__(self, canvas, number: int, sections: list[int]) -> None:
        index = sections[number - 1] if number - 1 < len(sections) else 0
        index = min(max(index, 0), len(self.setups) - 1)
        setup = self.setups[index]
        first_of_section = number == 1 or sections[number - 2] != index
        display = self.display_numbers(sections)
        shown = format_number(display[number - 1], setup.page_format)
        section_pages = str(self.section_counts(sections).get(index, 0))
        total = self.page_numbers[1] if self.page_numbers else len(sections)
        values = {PAGE_TOKEN: shown, NUMPAGES_TOKEN: str(total), SECTIONPAGES_TOKEN: section_pages}
        kind = "default"
        if setup.title_page and first_of_section:
            kind = "first"
        elif self.even_and_odd and display[number - 1] % 2 == 0:
            kind = "even"
        width = setup.frame_width
        canvas.__dict__[PAGE_AREA] = (setup.width, setup.height, setup.left, setup.right, setup.top, setup.bottom)
        header = setup.headers.get(kind) if kind != "default" or "default" in setup.headers else None
        footer = setup.footers.get(kind) if kind != "default" or "default" in setup.footers else None
        if header:
            flowables = self.flowables(header, values, width)
            with artifact(canvas, "Header"):
                self.draw(canvas, flowables, setup.left, setup.height - setup.header, width, top=True)
        if footer:
            flowables = self.flowables(footer, values, width)
            with artifact(canvas, "Footer"):
                self.draw(canvas, flowables, setup.left, setup.footer, width, top=False)

    def make_room(self, setup: PageSetup) -> None:
        """Push the body's top (bottom) margin past a header (footer) taller than it, as Word does."""
        from reportlab.pdfgen.canvas import Canvas as MeasuringCanvas

        canvas = None
        width = setup.frame_width
        for parts, is_header in ((setup.headers, True), (setup.footers, False)):
            part = parts.get("default")
            if not part:
                continue
            canvas = canvas or MeasuringCanvas(None)
            height = 0.0
            for flowable in self.flowables(part, {PAGE_TOKEN: "1", NUMPAGES_TOKEN: "1", SECTIONPAGES_TOKEN: "1"}, width):
                try:
                    height += flowable.wrapOn(canvas, width, 10000)[1] + flowable.getSpaceAfter()
                except Exception:  # measured again when drawn; a failure there is reported
                    continue
            if is_header and setup.header + height > setup.top:
                setup.top = min(setup.header + height + 2, setup.height / 3)
            elif not is_header and setup.footer + height > setup.bottom:
                setup.bottom = min(setup.footer + height + 2, setup.height / 3)

    def section_counts(self, sections: list[int]) -> dict[int, int]:
        """Pages per section index (counted once per document, not once per page)."""
        cached = self._cache.get(("display", "counts", len(sections)))
        if cached is None:
            cached = self._cache[("display", "counts", len(sections))] = dict(Counter(sections))
        return cached

    def page_label(self, sections: list[int], index: int) -> str:
        """The number page ``index`` shows (in its section's format: "iv", "7")."""
        setup = self.setups[min(max(sections[index], 0), len(self.setups) - 1)]
        return format_number(self.display_numbers(sections)[index], setup.page_format)

    def display_numbers(self, sections: list[int]) -> list[int]:
        cached = self._cache.get(("display", len(sections)))
        if cached is None:
            cached = []
            current = 0
            for position, index in enumerate(sections):
                setup = self.setups[min(max(index, 0), len(self.setups) - 1)]
                starts = position == 0 or sections[position - 1] != index
                if self.page_numbers:
                    current = self.page_numbers[0] + position
                elif starts and setup.page_start is not None:
                    current = setup.page_start
                else:
                    current += 1
                cached.append(current)
            self._cache[("display", len(sections))] = cached
        return cached

    def flowables(self, part: str, values: dict[str, str], width: float) -> list:
        """A header or footer part's flowables for one page (``values``: page-number fields)."""
        converted = self._converted.get((part, width))
        if converted is None:
            converted = []
            root = self.ctx.package.xml(part)
            if root is not None and root.tag in (w("hdr"), w("ftr")):
                child = dataclasses.replace(
                    self.ctx, part=part, fields=[], page_fields=True, outline={}, heading_outline=False, depth=1,
                )
                with self.ctx.tags.detached():
                    converted = convert_blocks(child, list(root), width)
            self._converted[(part, width)] = converted
        return [with_page_numbers(flowable, values) for flowable in converted]

    def draw(self, canvas, flowables: list, x: float, y: float, width: float, top: bool) -> None:
        """Stack flowables down from ``y`` (header) or up to end at ``y`` (footer)."""
        sized = []
        total = 0.0
        for flowable in flowables:
            try:
                _w, height = flowable.wrapOn(canvas, width, 10000)
            except Exception:  # a header that reportlab cannot lay out is skipped, not fatal
                self.ctx.warn("a header or footer could not be laid out and was left out")
                continue
            gap = getattr(flowable, "getSpaceAfter", lambda: 0)()
            sized.append((flowable, height, gap))
            total += height + gap
        current = y if top else y + total
        for flowable, height, gap in sized:
            current -= height
            try:
                canvas.saveState()
                flowable.drawOn(canvas, x + _align_offset(flowable, width), current)
            except Exception:  # drawing failures in a header must not lose the page
                self.ctx.warn("a header or footer could not be drawn")
            finally:
                canvas.restoreState()
            current -= gap


def _align_offset(flowable, width: float) -> float:
    align = getattr(flowable, "hAlign", "LEFT")
    used = getattr(flowable, "width", None) or getattr(flowable, "_width", None) or 0
    if align == "CENTER" and used and used < width:
        return (width - used) / 2
    if align == "RIGHT" and used and used < width:
        return width - used
    return 0.0
