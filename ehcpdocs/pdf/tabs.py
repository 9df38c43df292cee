"""Paragraphs with tab characters laid out at Word's tab stops.

Each tab moves the text after it to the next stop past the current position: a custom stop from
the paragraph's ``w:tabs`` (left, centre, right or decimal, with an optional dot, hyphen,
underscore or middle-dot leader filling the gap), the hanging indent of a first line, or else
the next default stop (every ``w:defaultTabStop`` from the settings, half an inch unless set).
Positions are measured from the text column's left edge (the margin, or a cell's text area), as
Word measures them. Text after a left stop wraps at the right indent and carries on at the left
indent; text after a centre, right or decimal stop is placed whole when it fits before the right
indent.

``TabParagraph`` is the flowable: its lines are rows of chunks, each chunk a ``lines.Line`` drawn
at its own x by the same code that draws plain paragraphs.
"""

from __future__ import annotations

from ehcpdocs.docx.xml import w

from .scripts import RIGHT_TO_LEFT
from .units import TAB_STOP, twips
from .lines import (
    BREAK,
    DirectFlowable,
    Line,
    LineParagraph,
    LineStyle,
    PageFieldSpan,
    Paint,
    Span,
    TextBatch,
    _merged,
    bar_rules,
    iter_tokens,
)

DEFAULT_TAB_STOP = 36.0
MIN_DEFAULT_TAB_STOP = 4.0
_FUZZ = 0.01
_BIG = 1e6
LEADER_CHARS = {"dot": ".", "hyphen": "-", "underscore": "_", "middleDot": "\u00b7", "heavy": "_"}
ALIGNED = ("center", "right", "end", "decimal")
_NEW_LINE = object()  # a line break among the fields (lines.BREAK is None, as a field's missing tab is)


class Tab:
    """A tab character in a paragraph's spans; ``stop`` is set for an absolute position tab
    (``w:ptab``): (kind, position, leader)."""

    __slots__ = ("stop",)

    def __init__(self, stop: tuple | None = None) -> None:
        self.stop = stop

    def __repr__(self) -> str:
        return f"Tab({self.stop})"


TAB = Tab()


class InlineBox:
    """A picture on a line of text (``wp:inline``), laid out as a word as wide as the picture
    whose bottom sits on the baseline: it has the attributes line layout reads of a span."""

    __slots__ = ("ascent", "descent", "height", "link", "picture", "rise", "space", "text", "widths")

    def __init__(self, picture, width: float, height: float) -> None:
        self.picture = picture
        self.text = OBJECT
        self.widths = {OBJECT: width}
        self.space = 0.0
        self.ascent = self.height = height
        self.descent = 0.0
        self.rise = 0.0
        self.link = None

    @property
    def width(self) -> float:
        return self.widths[OBJECT]


OBJECT = "\ufffc"


def default_tab_stop(settings) -> float:
    """The distance between default tab stops from ``w:settings`` (points; half an inch unless set)."""
    element = settings.find(w("defaultTabStop")) if settings is not None else None
    value = twips(element.get(w("val")), TAB_STOP) if element is not None else None
    return value if value is not None and value >= MIN_DEFAULT_TAB_STOP else DEFAULT_TAB_STOP


def merged_stops(style_stops, direct_stops) -> list:
    """A paragraph's tab stops: its style's with its own added, a ``clear`` stop removing the
    style's stop at that position (``(kind, position, leader)`` sorted by position)."""
    stops: dict[float, tuple] = {}
    for source in (style_stops or (), direct_stops or ()):
        for stop in source:
            key = round(stop[1], 1)
            if stop[0] == "clear":
                stops.pop(key, None)
            else:
                stops[key] = stop
    return sorted(stops.values(), key=lambda stop: stop[1])


class _Chunk:
    """Pieces drawn from one x on one line (``leader``: a gap filled with leader characters)."""

    __slots__ = ("pieces", "width", "x")

    def __init__(self, x: float) -> None:
        self.x = x
        self.pieces: list = []
        self.width = 0.0


class _Row:
    """One line of a tabbed paragraph: its chunks and height."""

    __slots__ = ("ascent", "chunks", "descent", "height", "line")

    def __init__(self) -> None:
        self.chunks: list[_Chunk] = []
        self.ascent = self.descent = self.height = 0.0
        self.line: Line | None = None


PAGE_OVERHANG = 72.0  # the most text at an aligned stop may reach into the page's right margin


class TabParagraph(DirectFlowable):
    """A paragraph with tabs laid out at its stops (see the module docstring); it splits between
    lines across pages."""

    tag_text = True

    def __init__(self, spans: list, style: LineStyle, stops: list, default_stop: float, *, bullet=None,
                 page_fields: bool = False, rows: list | None = None, continued: bool = False,
                 continues: bool = False, overhang: float = 0.0) -> None:
        super().__init__()
        self.overhang = overhang  # how far past the right indent an aligned stop may set text
        self.spans = spans
        self.style = style
        self.stops = stops
        self.default_stop = max(default_stop or DEFAULT_TAB_STOP, MIN_DEFAULT_TAB_STOP)
        self.bullet = bullet
        self.page_fields = page_fields
        self.continued = continued
        self.continues = continues
        self.keepWithNext = 0 if continues else int(style.keep_with_next)
        self.spaceBefore = 0.0 if continued else style.before
        self.spaceAfter = 0.0 if continues else style.after
        self.rows: list[_Row] = rows or []
        self._wrapped_for: float | None = None if rows is None else -1.0
        self._measure = LineParagraph(None, style)  # its line-height rule, shared
        if rows is not None:
            self.height = sum(row.height for row in rows)

    # -- what platypus asks --------------------------------------------------------------------

    def wrap(self, avail_width, avail_height):
        if self._wrapped_for is None or (self._wrapped_for >= 0 and self._wrapped_for != avail_width):
            self._layout(avail_width)
        self.width = avail_width
        return avail_width, self.height

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        if len(self.rows) < 2:
            return []
        used, fit = 0.0, 0
        for row in self.rows:
            used += row.height
            if used > avail_height + 1e-6:
                break
            fit += 1
        if fit == 0 or fit >= len(self.rows):
            return []
        head = TabParagraph(self.spans, self.style, self.stops, self.default_stop, bullet=self.bullet,
                            rows=self.rows[:fit], continued=self.continued, continues=True)
        tail = TabParagraph(self.spans, self.style, self.stops, self.default_stop,
                            rows=self.rows[fit:], continued=True, continues=self.continues)
        head.spaceBefore = self.spaceBefore
        tail.spaceAfter = self.spaceAfter
        head.tag = tail.tag = self.tag
        return [head, tail]

    def with_page_numbers(self, values: dict[str, str]) -> "TabParagraph":
        if not self.page_fields:
            return self
        spans = [span.filled(values) if isinstance(span, PageFieldSpan) else span for span in self.spans]
        filled = TabParagraph(spans, self.style, self.stops, self.default_stop, bullet=self.bullet,
                              overhang=self.overhang)
        filled.tag = self.tag
        return filled

    # -- layout --------------------------------------------------------------------------------

    def next_stop(self, x: float, first_row: bool, limit: float) -> tuple | None:
        """The first stop past ``x`` within the line (None when there is none)."""
        style = self.style
        candidates = [stop for stop in self.stops if stop[1] > x + _FUZZ and stop[0] != "bar"]
        if first_row and not self.continued and style.first_line < 0 and style.left > x + _FUZZ:
            candidates.append(("left", style.left, None))  # Word's hanging indent is a stop too
        if candidates:
            stop = min(candidates, key=lambda stop: stop[1])
            if stop[1] <= limit + _FUZZ:
                return stop
            if stop[0] in ALIGNED and x < limit - _FUZZ:
                # Word sets aligned text at a stop past the right indent, into the margin
                return (stop[0], min(stop[1], limit + self.overhang), stop[2] if len(stop) > 2 else None)
            return None
        last_custom = max((stop[1] for stop in self.stops), default=0.0)
        step = self.default_stop
        position = (int(max(x, last_custom) / step) + 1) * step
        return ("left", position, None) if position <= limit + _FUZZ else None

    def _layout(self, avail_width: float) -> None:
        style = self.style
        limit = max(avail_width - style.right, style.left + 1.0)
        fields: list[tuple] = []  # (tab before it or None, [(span, text)] ) ; BREAK as its own field
        current: list = []
        tab_before = None
        for span in self.spans:
            if span is BREAK:
                fields.append((tab_before, current))
                fields.append((_NEW_LINE, None))
                current, tab_before = [], None
            elif isinstance(span, Tab):
                fields.append((tab_before, current))
                current, tab_before = [], span
            else:
                current.append((span, span.text))
        fields.append((tab_before, current))

        rows: list[_Row] = [_Row()]
        start = style.left + (0.0 if self.continued else style.first_line)
        x = start
        fallback = None  # (stop, x before) of an empty field after an aligned tab
        for tab, pairs in fields:
            if tab is _NEW_LINE:
                rows.append(_Row())
                x, fallback = style.left, None
                continue
            stop = None
            if tab is not None:
                if tab.stop is not None:  # w:ptab: centre or right of the text column
                    kind = tab.stop[0]
                    stop = (kind, avail_width / 2 if kind == "center" else limit, tab.stop[2])
                else:
                    stop = self.next_stop(x, len(rows) == 1, limit)
                    if stop is None and fallback is not None:
                        stop, x = fallback
                    elif stop is None:
                        rows.append(_Row())
                        x = style.left
                        stop = self.next_stop(x, False, limit) or ("left", x, None)
            width = sum(span.widths[text] for span, text in pairs)
            kind = stop[0] if stop is not None else "left"
            leader = stop[2] if stop is not None and len(stop) > 2 else None
            if stop is not None and kind in ALIGNED:
                position = stop[1]
                if kind == "center":
                    begin = position - width / 2
                elif kind == "decimal":
                    begin = position - _before_decimal(pairs)
                else:
                    begin = position - width
                begin = max(begin, x)
                if begin + width <= max(limit, position) + _FUZZ or not pairs:
                    fallback = ((stop[0], stop[1], leader), x) if not pairs else None
                    self._leader(rows[-1], x, begin, leader, pairs)
                    chunk = _Chunk(begin)
                    chunk.pieces = [(span, text, span.widths[text]) for span, text in pairs]
                    chunk.width = width
                    rows[-1].chunks.append(chunk)
                    x = begin + width if pairs else position
                    continue
            fallback = None
            if stop is not None:
                position = max(stop[1], x)
                self._leader(rows[-1], x, position, leader, pairs)
                x = position
            x = self._flow(rows, pairs, x, limit, style.left)
        self.rows = rows
        for row in self.rows:
            self._finish_row(row)
        self.height = sum(row.height for row in self.rows)
        self._wrapped_for = avail_width

    @staticmethod
    def _leader(row: _Row, x: float, begin: float, leader: str | None, pairs: list) -> None:
        """Leader characters filling the gap from ``x`` to ``begin`` on a row."""
        char = LEADER_CHARS.get(leader or "")
        if not char or begin - x < 2.0:
            return
        span = pairs[0][0] if pairs else None
        if span is None or type(span) is InlineBox:
            return
        paint = Paint(None, None, False, False, False, None, False) if not span.paint.plain or span.rise else span.paint
        face = span.font.fontName
        size = span.size if not span.rise else span.size / 0.65
        dot = Span(face, size, paint, char)
        count = int((begin - x - 1.0) / max(dot.width, 0.1))
        if count <= 0:
            return
        text = char * min(count, 2000)
        chunk = _Chunk(begin - 1.0 - dot.widths[text])
        chunk.pieces = [(Span(face, size, paint, text, span.link), text, dot.widths[text])]
        chunk.width = chunk.pieces[0][2]
        row.chunks.append(chunk)

    @staticmethod
    def _flow(rows: list, pairs: list, x: float, limit: float, left: float) -> float:
        """Words from ``x``, wrapping at ``limit`` onto rows starting at the left indent; returns
        where the text ends."""
        if not pairs:
            return x
        chunk = _Chunk(x)
        rows[-1].chunks.append(chunk)
        position = x
        pending: list = []
        pending_width = 0.0
        for box in iter_tokens(pairs):
            if box is BREAK:
                continue
            word, word_width, gap, gap_width = box
            if word and chunk.pieces and position + pending_width + word_width > limit + _FUZZ:
                rows.append(_Row())
                position = left
                chunk = _Chunk(position)
                rows[-1].chunks.append(chunk)
                pending, pending_width = [], 0.0
            chunk.pieces.extend(pending)
            chunk.pieces.extend(word)
            chunk.width += pending_width + word_width
            position += pending_width + word_width
            pending, pending_width = gap, gap_width
        chunk.pieces.extend(pending)
        chunk.width += pending_width
        return position + pending_width

    def _finish_row(self, row: _Row) -> None:
        pieces = [piece for chunk in row.chunks for piece in chunk.pieces]
        line = Line(pieces, sum(chunk.width for chunk in row.chunks), False)
        row.ascent, row.descent = line.ascent, line.descent
        row.line = line
        row.height = self._measure._line_height(line)

    # -- drawing -------------------------------------------------------------------------------

    def _draw(self, canvas, x: float, y: float) -> None:
        batch = TextBatch(canvas)
        self.add_to(batch, x, y)
        batch.write()

    def add_to(self, batch: TextBatch, x: float, y: float) -> None:
        """Add the rows, laid out with the paragraph's bottom left corner at (x, y), to a batch."""
        cursor = y + self.height
        if self.style.bars:
            batch.over.extend(bar_rules(self.style.bars, x, y, cursor))
        plain = self.style.but(
            left=0.0, right=0.0, first_line=0.0, alignment="left", before=0.0, after=0.0, back=None, bars=())
        for index, row in enumerate(self.rows):
            cursor -= row.height
            if index == 0 and self.bullet is not None and not self.continued:
                bullet = self.bullet
                span = Span(bullet.face, bullet.size, Paint(bullet.color, None, False, False, False, None, False),
                            bullet.text)
                label = self.tag.label if self.tag is not None and self.tag.label is not None else self.tag
                self._draw_chunk(batch, plain, row, [(span, bullet.text, span.width)], x + bullet.indent, cursor, label)
            for chunk in row.chunks:
                if chunk.pieces:
                    if len(batch.text) > 1:
                        # a text object per chunk, so text extraction keeps the chunks apart as
                        # it keeps columns apart (the text state carries over)
                        batch.text.append("ET\nBT")
                    self._draw_chunk(batch, plain, row, _merged(chunk.pieces), x + chunk.x, cursor, self.tag)

    @staticmethod
    def _draw_chunk(batch, style, row: _Row, pieces: list, x: float, bottom: float, tag=None) -> None:
        if any(type(piece[0]) is InlineBox for piece in pieces):
            run: list = []
            start = x
            for piece in pieces + [None]:
                if piece is not None and type(piece[0]) is not InlineBox:
                    run.append(piece)
                    continue
                if run:
                    TabParagraph._draw_chunk(batch, style, row, run, start, bottom, tag)
                    start += sum(part[2] for part in run)
                    run = []
                if piece is not None:
                    baseline = bottom + (min(row.descent, row.height * 0.2) if style.rule == "exact" else row.descent)
                    picture = piece[0].picture
                    picture.wrap(piece[2], _BIG)
                    picture.drawOn(batch.canvas, start, baseline)
                    start += piece[2]
            return
        line = Line(pieces, sum(piece[2] for piece in pieces), True)
        line.ascent, line.descent = row.ascent, row.descent
        part = LineParagraph(None, style)
        if any(piece[0].font.shaped or piece[0].paint.rtl or RIGHT_TO_LEFT.search(piece[1]) for piece in pieces):
            part.complex = part.bidi = True  # shaped, and each tab's text in bidi order
        part.lines = [line]
        part.heights = [row.height]
        part.height = row.height
        part.width = line.width
        part.tag = tag
        part.add_to(batch, x, bottom)




def _before_decimal(pairs: list) -> float:
    """The width of a field's text before its decimal point (all of it when it has none)."""
    total = 0.0
    for span, text in pairs:
        point = text.find(".")
        if point >= 0:
            return total + span.widths[text[:point]]
        total += span.widths[text]
    return total
