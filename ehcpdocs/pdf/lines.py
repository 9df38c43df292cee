"""Word paragraphs laid out by ehcpdocs itself: styled text broken into lines and written
straight into the page as PDF text operators.

Reportlab's ``Paragraph`` is general: it parses markup into fragments, measures word by word and
draws through its text object, which made it most of the cost of a long plan. A Word paragraph is
already a list of styled runs, so here each run piece is measured once (whole, when the paragraph
fits on one line, as most table cells do), lines break greedily at spaces as Word's do, and each
line becomes a few operators. Underline, strike, highlight and links are drawn per stretch of a
line, after the text has been placed.

``Span`` is one piece of text in one face, size and look; ``BREAK`` stands for a line break;
``LineStyle`` holds the indents, spacing and alignment that paragraphs alike share; ``LineParagraph`` is
the flowable that reportlab's frames and tables place.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from dataclasses import dataclass, replace
from itertools import accumulate, repeat
from operator import add

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.rl_accel import instanceStringWidthTTF as string_width
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus.flowables import Flowable

from . import bidi, fonts, linebreak
from .links import INTERNAL, destination_key
from .shaping import show_shaped
from .tagging import END, tags_of

BREAK = None
_FUZZ = 1e-6
SUPER_SIZE = 0.65
SUPER_RISE = 0.35
SUB_RISE = -0.14
MAX_WORD_CHARS = 2000


@dataclass(frozen=True)
class Bullet:
    """A list label drawn in the hanging indent of a paragraph's first line, ``indent`` from the
    paragraph's start (its right edge in a right-to-left paragraph)."""

    text: str
    face: str
    size: float
    color: str | None
    indent: float


@dataclass(frozen=True)
class LineStyle:
    """How a paragraph's lines are placed (points; ``rule`` is Word's line rule).

    ``leading`` is the height of one line in the paragraph's own font: an empty paragraph is that
    high. With ``rule`` "auto" each line is ``multiple`` times its tallest font's single height;
    "atLeast" makes ``leading`` the least a line may be, "exact" the height of every line.
    """

    leading: float
    rule: str = "auto"
    multiple: float = 1.0
    left: float = 0.0
    right: float = 0.0
    first_line: float = 0.0
    before: float = 0.0
    after: float = 0.0
    alignment: str = "left"
    keep_with_next: bool = False
    back: str | None = None
    rtl: bool = False  # Word's w:bidi: lines run right to left, the first-line indent on the right
    bars: tuple = ()  # bar tab stops (w:tab w:val="bar"): vertical rules, points from the margin

    def but(self, **changes) -> "LineStyle":
        """A copy with some fields changed."""
        return replace(self, **changes)


class Paint:
    """The drawing attributes a run look gives its text (shared by every span in that look)."""

    __slots__ = ("back", "double", "fill", "mark", "plain", "rise", "rtl", "scale", "strike", "underline")

    def __init__(self, color: str | None, back: str | None, underline: bool, strike: bool, double: bool,
                 vert: str | None, small_caps: bool, rtl: bool = False, mark: str | None = None) -> None:
        self.rtl = rtl  # Word's w:rtl: the run's neutral characters read right to left
        self.fill = rgb(color) if color else "0 0 0"
        self.back = rgb(back) if back else None
        self.underline = underline
        self.strike = strike
        self.double = double
        scale = 0.8 if small_caps else 1.0
        rise = 0.0
        if vert == "superscript":
            scale, rise = scale * SUPER_SIZE, SUPER_RISE
        elif vert == "subscript":
            scale, rise = scale * SUPER_SIZE, SUB_RISE
        self.scale = scale
        self.rise = rise
        self.mark = mark  # tagging.DELETED or ADDED for amendment text, LABEL for an inline list number
        self.plain = not (back or underline or strike or double or mark)  # nothing drawn around the text


PLAIN = Paint(None, None, False, False, False, None, False)


class Widths(dict):
    """Widths of texts in one face and size, as reportlab measures them, kept once measured:
    most words of a document recur, and a lookup costs a twentieth of a measurement."""

    __slots__ = ("font", "size")

    def __init__(self, font, size: float) -> None:
        super().__init__()
        self.font = font
        self.size = size

    def __missing__(self, text: str) -> float:
        width = self.font.stringWidth(text, self.size)
        if len(text) <= MAX_REMEMBERED_LENGTH:
            if len(self) >= MAX_REMEMBERED_WIDTHS:
                self.clear()
            self[text] = width
            _REMEMBERED[0] += 1
            if _REMEMBERED[0] > MAX_REMEMBERED_IN_ALL:
                forget_widths()
        return width


# Bounds on the widths remembered, which outlive a render (a service renders document after
# document): per face and size, their length, and in all (about 30 MB at most).
MAX_REMEMBERED_WIDTHS = 20000
MAX_REMEMBERED_LENGTH = 64
MAX_REMEMBERED_IN_ALL = 200_000
_REMEMBERED = [0]


def forget_widths() -> None:
    """Forget every remembered width (measuring again gives the same widths)."""
    _REMEMBERED[0] = 0
    for metrics in list(_METRICS.values()):
        metrics[7].clear()


class Span:
    """One piece of text drawn in one face and size with one paint and link."""

    __slots__ = ("_width", "ascent", "descent", "font", "height", "link", "paint", "rise", "size", "space",
                 "text", "widths")

    def __init__(self, face_name: str, size: float, paint: Paint, text: str, link: str | None = None) -> None:
        key = (face_name, size, paint.scale, paint.rise)
        metrics = _METRICS.get(key)
        if metrics is None:
            metrics = _metrics(*key)
        self.font, self.size, self.rise, self.space, self.ascent, self.descent, self.height, self.widths = metrics
        self.paint = paint
        self.link = link
        self.text = text
        self._width: float | None = None

    @property
    def width(self) -> float:
        """The width of the whole text, measured when first asked for: a paragraph of one span
        is broken from its remembered word widths and never needs it."""
        width = self._width
        if width is None:
            font = self.font
            if getattr(font, "shaped", False):
                width = self._width = font.stringWidth(self.text, self.size)
            else:
                width = self._width = string_width(font, self.text, self.size)
        return width


class PageFieldSpan(Span):
    """A page-number field of a header or footer ("Page 3 of 12"): its ``text`` is the field's
    placeholder until ``filled`` gives the spans of one page's number."""

    __slots__ = ("face_name", "field_size")

    def __init__(self, face_name: str, size: float, paint: Paint, token: str, link: str | None = None) -> None:
        super().__init__(face_name, size, paint, token, link)
        self.face_name = face_name
        self.field_size = size

    def filled(self, values: dict[str, str]) -> Span:
        """The span showing this field's value (``values``: placeholder -> text)."""
        return Span(self.face_name, self.field_size, self.paint, values.get(self.text, ""), self.link)


_METRICS: dict[tuple, tuple] = {}


def _metrics(face_name: str, size: float, scale: float, rise: float) -> tuple:
    """(font, drawn size, rise, space width, ascent, descent, single line height, widths) of a
    face at a size."""
    font = getFont(face_name)
    drawn = size * scale
    rise_points = size * rise
    face = font.face
    metrics = (
        font, drawn, rise_points, font.stringWidth(" ", drawn),
        face.ascent * drawn / 1000.0 + max(rise_points, 0.0),
        -face.descent * drawn / 1000.0 - min(rise_points, 0.0),
        size * fonts.line_factor_of_face(face_name),
        Widths(font, drawn),
    )
    if len(_METRICS) < 4096:
        _METRICS[(face_name, size, scale, rise)] = metrics
    return metrics


class Line:
    """One laid-out line: its pieces ``(span, text, width)``, the width they take and its metrics.

    ``forced`` lines end at a line break; ``in_word`` lines end inside a word too long for a line.
    """

    __slots__ = ("ascent", "descent", "forced", "height", "in_word", "pieces", "width")

    def __init__(self, pieces: list, width: float, forced: bool, in_word: bool = False) -> None:
        self.pieces = pieces
        self.width = width
        self.forced = forced
        self.in_word = in_word
        self.ascent = self.descent = self.height = 0.0
        for span, _text, _width in pieces:
            if span.ascent > self.ascent:
                self.ascent = span.ascent
            if span.descent > self.descent:
                self.descent = span.descent
            if span.height > self.height:
                self.height = span.height


def span_line(span: Span, text: str, width: float, piece_width: float | None = None) -> Line:
    """A line holding one piece of one span (the metrics are the span's own); ``width`` leaves
    out trailing spaces that ``piece_width``, the piece's own, may include."""
    line = Line.__new__(Line)
    line.pieces = [(span, text, width if piece_width is None else piece_width)]
    line.width = width
    line.forced = False
    line.in_word = False
    line.ascent = span.ascent
    line.descent = span.descent
    line.height = span.height
    return line


@functools.lru_cache(maxsize=512)
def rgb(colour: str) -> str:
    """A ``#RRGGBB`` colour as PDF colour operands (black for anything unreadable)."""
    value = colour.lstrip("#")
    try:
        red, green, blue = int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    except (ValueError, IndexError):
        return "0 0 0"
    return fp_str(red / 255.0, green / 255.0, blue / 255.0)


def iter_tokens(pairs: list):
    """The paragraph as boxes ``(word pieces, word width, space pieces, space width)``.

    ``pairs`` are ``(span, text)`` (or ``BREAK``). A word is what lies between spaces, even
    across spans ("**new**er"); the spaces after it are kept so a line can end before them or
    carry them on. ``BREAK`` boxes are line breaks. The boxes come one at a time, as line
    breaking takes them: a paragraph of megabytes need not hold them all at once.
    """
    word: list = []
    word_width = 0.0
    gap: list = []
    gap_width = 0.0
    for pair in pairs:
        if pair is BREAK:
            if word or gap:
                yield (word, word_width, gap, gap_width)
                word, word_width, gap, gap_width = [], 0.0, [], 0.0
            yield BREAK
            continue
        span, text = pair
        space = span.space
        widths = span.widths
        breakable = linebreak.may_break(text)
        for index, part in enumerate(text.split(" ") if len(text) < _SPLIT_AT_ONCE else _split_spaces(text)):
            if index:
                if gap and gap[-1][0] is span:
                    last = gap[-1]
                    gap[-1] = (span, last[1] + " ", last[2] + space)
                else:
                    gap.append((span, " ", space))
                gap_width += space
            if part:
                if gap:
                    yield (word, word_width, gap, gap_width)
                    word, word_width, gap, gap_width = [], 0.0, [], 0.0
                elif word and not index and linebreak.between(word[-1][1], part):
                    yield (word, word_width, [], 0.0)  # a break where two runs meet ("one-" "to")
                    word, word_width = [], 0.0
                if breakable and linebreak.may_break(part):
                    start = 0
                    for cut in linebreak.breaks(part):  # after hyphens, between ideographs
                        piece = part[start:cut]
                        width = widths[piece]
                        word.append((span, piece, width))
                        yield (word, word_width + width, [], 0.0)
                        word, word_width = [], 0.0
                        start = cut
                    part = part[start:]
                width = widths[part]
                word.append((span, part, width))
                word_width += width
    if word or gap:
        yield (word, word_width, gap, gap_width)


_SPLIT_AT_ONCE = 1 << 16


def _split_spaces(text: str):
    """``text.split(" ")`` one part at a time (for texts of megabytes)."""
    start = 0
    find = text.find
    while True:
        end = find(" ", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def tokens(pairs: list) -> list:
    """``iter_tokens`` as a list."""
    return list(iter_tokens(pairs))


def break_lines(boxes: list, first_width: float, later_width: float) -> list:
    """Greedy line breaking, as Word does: each line takes every word that fits."""
    lines: list[Line] = []
    line: list = []
    width = 0.0
    pending: list = []
    pending_width = 0.0
    has_word = False
    limit = first_width
    for box in boxes:
        if box is BREAK:
            lines.append(Line(_merged(line), width, True))
            line, width, pending, pending_width, has_word = [], 0.0, [], 0.0, False
            limit = later_width
            continue
        word, word_width, gap, gap_width = box
        if has_word and width + pending_width + word_width > limit + _FUZZ:
            # a line ending where no space was (after a hyphen, between ideographs) ends in a word
            lines.append(Line(_merged(line), width, False, in_word=not pending))
            line, width, pending, pending_width, has_word = [], 0.0, [], 0.0, False
            limit = later_width
        if not has_word and word_width > limit + _FUZZ and word:
            line.extend(pending)
            width += pending_width
            for piece in _characters(word):
                if has_word and width + piece[2] > limit + _FUZZ:
                    lines.append(Line(_merged(line), width, False, in_word=True))
                    line, width = [], 0.0
                    limit = later_width
                line.append(piece)
                width += piece[2]
                has_word = True
        else:
            line.extend(pending)
            line.extend(word)
            width += pending_width + word_width
            if word:
                has_word = True
        pending, pending_width = gap, gap_width
    lines.append(Line(_merged(line), width, False))
    return lines


def break_words(span: Span, first_width: float, later_width: float) -> list | None:
    """Greedy line breaking of a paragraph that is one span of single-spaced words (the usual
    table cell), without the general boxes; None when the text needs ``break_lines``.

    Each word's width plus a space is summed once, in C; the last word of each line is then
    found by bisection, so the work in Python is per line rather than per word.
    """
    text = span.text.rstrip(" ")
    if "  " in text or text.startswith(" "):
        return None
    words = text.split(" ")
    if linebreak.may_break(text):
        return _break_segments(span, words, first_width, later_width)
    space = span.space
    # ends[i]: the width of words[0..i] with a space after each
    ends = list(accumulate(map(add, map(span.widths.__getitem__, words), repeat(space))))
    lines: list[Line] = []
    count = len(words)
    start = 0
    base = 0.0
    limit = first_width
    while start < count:
        last = bisect_right(ends, base + limit + space + _FUZZ, start) - 1
        if last < start:
            return None  # a word wider than the line: cut it between characters
        width = ends[last] - base - space
        lines.append(span_line(span, " ".join(words[start:last + 1]), width))
        start = last + 1
        base = ends[last]
        limit = later_width
    return lines


def _break_segments(span: Span, words: list[str], first_width: float, later_width: float) -> list | None:
    """``break_words`` for words that may also break inside (after hyphens, between
    ideographs): the same bisection over the pieces between break opportunities, each with
    the space after it or none."""
    pieces: list[str] = []
    spaced: list[bool] = []
    last_word = len(words) - 1
    for index, word in enumerate(words):
        start = 0
        if linebreak.may_break(word):
            for cut in linebreak.breaks(word):
                pieces.append(word[start:cut])
                spaced.append(False)
                start = cut
        pieces.append(word[start:])
        spaced.append(index < last_word)
    space = span.space
    widths = span.widths
    ends = list(accumulate(widths[piece] + (space if gap else 0.0) for piece, gap in zip(pieces, spaced)))
    fits = [end - space if gap else end for end, gap in zip(ends, spaced)]  # a line's width ending there
    lines: list[Line] = []
    count = len(pieces)
    start = 0
    base = 0.0
    limit = first_width
    while start < count:
        last = bisect_right(fits, base + limit + _FUZZ, start) - 1
        if last < start:
            return None  # a piece wider than the line: cut it between characters
        text = "".join(piece + " " if gap and k < last else piece
                       for k, (piece, gap) in enumerate(zip(pieces[start:last + 1], spaced[start:last + 1]), start))
        line = span_line(span, text, fits[last] - base)
        line.in_word = not spaced[last] and last < count - 1
        lines.append(line)
        start = last + 1
        base = ends[last]
        limit = later_width
    return lines


def pairs_of(lines: list) -> list:
    """The ``(span, text)`` pairs (and breaks) that lay out as ``lines`` again."""
    pairs: list = []
    last = len(lines) - 1
    for index, line in enumerate(lines):
        pairs.extend((span, text) for span, text, _width in line.pieces)
        if index < last:
            if line.forced:
                pairs.append(BREAK)
            elif not line.in_word and line.pieces:
                pairs.append((line.pieces[-1][0], " "))
    return pairs


def _characters(word: list) -> list:
    """A word too wide for a line as one piece per character (lines may then break anywhere)."""
    out = []
    for span, text, _width in word:
        widths = span.widths
        for ch in text[:MAX_WORD_CHARS]:
            out.append((span, ch, widths[ch]))
    return out


def _merged(pieces: list) -> list:
    """Adjacent pieces of the same span joined, so each stretch is drawn with one operator."""
    if len(pieces) < 2:
        return pieces
    out = [pieces[0]]
    for piece in pieces[1:]:
        last = out[-1]
        if piece[0] is last[0]:
            out[-1] = (last[0], last[1] + piece[1], last[2] + piece[2])
        else:
            out.append(piece)
    return out


class DirectFlowable(Flowable):
    """A flowable that writes its own operators at page positions: subclasses define
    ``_draw(canvas, x, y)``. Drawing saves and moves no canvas state; measuring needs no canvas."""

    # Flowable's defaults, set once here rather than by its __init__ for each of thousands
    width = 0
    height = 0
    wrapped = 0
    hAlign = "LEFT"
    vAlign = "BOTTOM"
    _traceInfo = None
    _showBoundary = None
    encoding = None
    spaceBefore = 0.0
    spaceAfter = 0.0
    tag = None  # the structure element of its content (tagging.Node), when it has one
    tag_text = False  # whether ``tag`` is the element of its text (paragraphs, not tables)

    def __init__(self) -> None:
        pass

    def getSpaceBefore(self) -> float:
        return self.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.spaceAfter

    def wrapOn(self, canv, avail_width, avail_height):
        return self.wrap(avail_width, avail_height)

    def splitOn(self, canv, avail_width, avail_height):
        return self.split(avail_width, avail_height)

    def drawOn(self, canvas, x, y, _sW=0):
        if _sW and self.hAlign in ("CENTER", "CENTRE"):
            x += _sW / 2.0
        elif _sW and self.hAlign == "RIGHT":
            x += _sW
        self.canv = canvas
        try:
            self._draw(canvas, x, y)
        finally:
            del self.canv

    def draw(self) -> None:
        self._draw(self.canv, 0.0, 0.0)

    def with_page_numbers(self, values: dict[str, str]) -> "DirectFlowable":
        """This flowable with its page-number fields filled in (itself when it has none)."""
        return self


class TextBatch:
    """The operators of paragraphs drawn together (one paragraph, or every paragraph in a
    table's cells): backgrounds, one text object, then underlines and strikes, then link areas.
    Font, colour, rise and word spacing carry over from one paragraph to the next."""

    __slots__ = ("canvas", "encoders", "fill", "font", "links", "over", "rise", "spacing", "tags", "text", "under")

    def __init__(self, canvas) -> None:
        self.canvas = canvas
        self.tags = tags_of(canvas)
        self.encoders = _encoders(canvas)
        self.text: list[str] = ["BT"]
        self.under: list[str] = []
        self.over: list[str] = []
        self.links: list = []
        self.font: str | None = None
        self.fill: str | None = None
        self.rise = 0.0
        self.spacing = 0.0

    def write(self) -> None:
        """Write the batch to the page (one text object inside one saved graphics state)."""
        text = self.text
        if len(text) == 1 and not self.under and not self.over:
            return
        if self.spacing:
            text.append("0 Tw")
        if self.rise:
            text.append("0 Ts")
        text.append("ET")
        code = self.canvas._code
        tags = self.tags
        code.append("q")
        if self.under:
            code.append("\n".join(self.under) if tags is None else "/Artifact BMC\n" + "\n".join(self.under) + "\nEMC")
        code.append("\n".join(text))
        if self.over:
            code.append("\n".join(self.over) if tags is None else "/Artifact BMC\n" + "\n".join(self.over) + "\nEMC")
        code.append("Q")
        if self.links:
            for url, x1, y1, x2, y2, node in _joined_links(self.links):
                if url[0] == INTERNAL:  # to a bookmark of the document
                    inside = getattr(self.canvas, "link_inside", None)
                    if inside is not None:
                        inside(destination_key(url), (x1, y1, x2, y2), node)
                    continue
                self.canvas.linkURL(url, (x1, y1, x2, y2), relative=1, thickness=0)
                if tags is not None:
                    tags.annotation(tags.page_of(self.canvas), node)


def _encoders(canvas) -> dict:
    """The subset encoders of the fonts drawn on a canvas, by font."""
    encoders = canvas.__dict__.get("_ehcp_encoders")
    if encoders is None:
        encoders = canvas.__dict__["_ehcp_encoders"] = {}
    return encoders


def _encoder(encoders: dict, font, canvas):
    encoder = encoders[font] = font.encoder(canvas._doc)
    return encoder


def _show(ops: list, encoder, size: float, text: str, current: str | None) -> str:
    """Operators showing ``text``; returns the font-selecting operator now in effect."""
    data = encoder.first_subset(text)
    if data is not None:
        select = encoder.select(0, size)
        if select != current:
            ops.append(select)
        ops.append(f"({escapePDF(data)}) Tj")
        return select
    for subset, data in encoder.pieces(text):
        select = encoder.select(subset, size)
        if select != current:
            ops.append(select)
            current = select
        ops.append(f"({escapePDF(data)}) Tj")
    return current


class RightToLeft(str):
    """The text of a piece of a line that is drawn right to left (bidi level odd)."""

    __slots__ = ()


def drawn_pieces(line: Line, rtl_base: bool, reorder: bool) -> list:
    """A line's pieces in the order they are drawn, left to right: reordered by the bidi
    algorithm when the paragraph has right-to-left text (``reorder``)."""
    if not reorder:
        return line.pieces
    return [(span, RightToLeft(text) if rtl else text, width)
            for span, text, width, rtl in bidi.reorder_line(line.pieces, rtl_base)]


def show_complex(ops: list, encoder, size: float, text: str, current: str | None, rise: float) -> str:
    """``_show`` for the pieces of a paragraph with complex-script or right-to-left text:
    shaped when the face is a complex script's or the piece runs right to left."""
    rtl = type(text) is RightToLeft
    if rtl or encoder.font.shaped:
        return show_shaped(ops, encoder, size, str(text), current, rise, rtl)
    return _show(ops, encoder, size, text, current)


def with_page_numbers(flowable, values: dict[str, str]):
    """Any flowable with its page-number fields filled in (reportlab's own have none)."""
    fill = getattr(flowable, "with_page_numbers", None)
    return fill(values) if fill is not None else flowable


class LineParagraph(DirectFlowable):
    """A paragraph of spans laid out in lines; it splits between lines across pages.

    ``complex`` paragraphs have text in a shaped face or right to left (``bidi``): their pieces
    are drawn through the shaper, and reordered per line when ``bidi``.
    """

    complex = False
    bidi = False

    tag_text = True

    def __init__(self, spans: list | None, style: LineStyle, *, bullet: Bullet | None = None,
                 pairs: list | None = None, continued: bool = False, continues: bool = False,
                 page_fields: bool = False) -> None:
        super().__init__()
        self.spans = spans
        self.page_fields = page_fields
        self.pairs = pairs
        self.bullet = None if continued else bullet
        self.style = style
        self.continued = continued
        self.continues = continues
        self.keepWithNext = 0 if continues else int(style.keep_with_next)
        self.spaceBefore = 0.0 if continued else style.before
        self.spaceAfter = 0.0 if continues else style.after
        self.width = 0.0
        self.height = 0.0
        self.lines: list[Line] = []
        self.heights: list[float] = []
        self._wrapped_for: float | None = None
        self._cut: list[Line] | None = None  # the lines a part of a split paragraph was cut from

    # -- what platypus asks --------------------------------------------------------------------

    def wrap(self, avail_width, avail_height):
        if self._wrapped_for != avail_width:
            self._layout(avail_width)
        return self.width, self.height

    def stacked_height(self, avail_width: float) -> float:
        """The height this paragraph takes in a stack at a width, its spacing included
        (``wrap`` plus both spaces, without the three calls: table cells ask it of every paragraph)."""
        if self._wrapped_for != avail_width:
            self._layout(avail_width)
        return self.height + self.spaceBefore + self.spaceAfter

    def split(self, avail_width, avail_height):
        # Tables ask to split a cell's paragraph at the column's full width but lay it out inside
        # the cell padding: the lines already laid out are the ones to split.
        if self._wrapped_for is None:
            self.wrap(avail_width, avail_height)
        laid_out = self._wrapped_for
        if len(self.lines) < 2:
            return []
        used = 0.0
        fit = 0
        for height in self.heights:
            used += height
            if used > avail_height + _FUZZ:
                break
            fit += 1
        if fit == 0 or fit >= len(self.lines):
            return []
        # The parts keep the lines they were cut from, and find their text pairs from them only
        # if they are laid out again at another width: making the pairs of the rest of a long
        # paragraph at every page made each page cost as much as all the pages after it.
        head = LineParagraph(None, self.style, bullet=self.bullet, continued=self.continued, continues=True)
        head.complex = self.complex
        head.bidi = self.bidi
        head.lines = head._cut = self.lines[:fit]
        head.spaceBefore = self.spaceBefore
        head._finish(laid_out, self.heights[:fit])
        tail = LineParagraph(None, self.style, continued=True, continues=self.continues)
        tail.complex = self.complex
        tail.bidi = self.bidi
        tail.lines = tail._cut = self.lines[fit:]
        tail.spaceAfter = self.spaceAfter
        tail._finish(laid_out, self.heights[fit:])
        head.tag = tail.tag = self.tag
        return [head, tail]

    def with_page_numbers(self, values: dict[str, str]) -> "LineParagraph":
        if not self.page_fields:
            return self
        spans = [span.filled(values) if isinstance(span, PageFieldSpan) else span for span in self.spans]
        filled = LineParagraph(spans, self.style, bullet=self.bullet)
        filled.complex = self.complex
        filled.bidi = self.bidi
        filled.tag = self.tag
        return filled

    # -- layout --------------------------------------------------------------------------------

    def text_width(self) -> float:
        """The width of the paragraph's text on one line (for sizing tab columns)."""
        total = 0.0
        for pair in self._pairs():
            if pair is not BREAK:
                span, text = pair
                total += span.widths[text]
        return total

    def _pairs(self) -> list:
        if self.pairs is None:
            if self.spans is None:
                self.pairs = pairs_of(self._cut)
            else:
                self.pairs = [BREAK if span is BREAK else (span, span.text) for span in self.spans]
        return self.pairs

    def _layout(self, avail_width: float) -> None:
        style = self.style
        later = max(avail_width - style.left - style.right, 1.0)
        first = later if self.continued else max(later - style.first_line, 1.0)
        spans = self.spans
        if spans is not None and len(spans) == 1 and spans[0] is not BREAK:
            lines = break_words(spans[0], first, later)
            if lines is not None:
                self.lines = lines
                self._finish(avail_width)
                return
        if spans is not None and BREAK not in spans:
            total = 0.0
            for span in spans:
                total += span.width
            if spans:
                last = spans[-1]
                trailing = len(last.text) - len(last.text.rstrip(" "))
                total -= trailing * last.space
            if total <= first + _FUZZ:
                if len(spans) == 1:
                    self.lines = [span_line(spans[0], spans[0].text, total, spans[0].width)]
                else:
                    self.lines = [Line(_merged([(span, span.text, span.width) for span in spans]), total, False)]
                self._finish(avail_width)
                return
        self.lines = break_lines(iter_tokens(self._pairs()), first, later)
        self._finish(avail_width)

    def _finish(self, avail_width: float, heights: list[float] | None = None) -> None:
        self.width = avail_width
        if heights is None:
            line_height = self._line_height
            heights = [line_height(line) for line in self.lines]
        self.heights = heights
        self.height = sum(heights)
        self._wrapped_for = avail_width

    def _line_height(self, line: Line) -> float:
        style = self.style
        if style.rule == "exact":
            return style.leading
        natural = line.height if line.pieces else style.leading / max(style.multiple, 0.01)
        if style.rule == "atLeast":
            return max(style.leading, natural, line.ascent + line.descent)
        return max(natural * style.multiple, line.ascent + line.descent)

    # -- drawing -------------------------------------------------------------------------------

    def _draw(self, canvas, x: float, y: float) -> None:
        batch = TextBatch(canvas)
        self.add_to(batch, x, y)
        batch.write()

    def add_to(self, batch: "TextBatch", x: float, y: float) -> None:
        """Add this paragraph, laid out with its bottom left corner at (x, y), to a batch."""
        style = self.style
        encoders = batch.encoders
        canvas = batch.canvas
        text_ops = batch.text
        under_ops = batch.under
        over_ops = batch.over
        links = batch.links
        top = y + self.height
        if style.back:
            under_ops.append(f"{rgb(style.back)} rg {fp_str(x + style.left, y, self.width - style.left - style.right, self.height)} re f")
        if style.bars:
            over_ops.extend(bar_rules(style.bars, x, y, top))
        current_font = batch.font
        current_fill = batch.fill
        current_rise = batch.rise
        spacing = batch.spacing
        available = self.width - style.left - style.right
        lines = self.lines
        last_index = len(lines) - 1
        cursor = top
        exact = style.rule == "exact"
        alignment = style.alignment
        first_line = 0.0 if self.continued else style.first_line
        wraps_on = self.continues
        append = text_ops.append
        complex_text = self.complex
        rtl = style.rtl
        tags = batch.tags
        if tags is not None:
            # marked content: the paragraph's element, a child per link or amendment stretch
            node = self.tag
            page = tags.page_of(canvas)
            sub = None
            sub_key = None
            if self.bullet is None:
                tags.begin(text_ops, node, page)
        for index, line in enumerate(lines):
            height = self.heights[index]
            if exact:
                baseline = cursor - height + min(line.descent, height * 0.2)
            else:
                baseline = cursor - height + line.descent
            cursor -= height
            indent = style.left + (0.0 if index or rtl else first_line)
            room = available - (0.0 if index else first_line)
            extra = 0.0
            if rtl and alignment == "justify" and (line.forced or not (index < last_index or wraps_on)):
                start = x + indent + room - line.width  # a right-to-left paragraph's last line ends at the right
            elif alignment == "center":
                start = x + indent + (room - line.width) / 2
            elif alignment == "right":
                start = x + indent + room - line.width
            else:
                start = x + indent
                if alignment == "justify" and not line.forced and (index < last_index or wraps_on):
                    spaces = sum(text.count(" ") for _span, text, _w in line.pieces)
                    if spaces and room > line.width:
                        extra = (room - line.width) / spaces
            if index == 0 and self.bullet is not None:
                bullet = self.bullet
                font = getFont(bullet.face)
                fill = rgb(bullet.color) if bullet.color else "0 0 0"
                if fill != current_fill:
                    append(f"{fill} rg")
                    current_fill = fill
                label = bullet.text
                if rtl:  # the label hangs at the right, its characters in right-to-left order
                    label = bidi.visual_text(label, True)
                    label_x = x + self.width - bullet.indent - font.stringWidth(label, bullet.size)
                else:
                    label_x = x + bullet.indent
                append(f"1 0 0 1 {fp_str(label_x, baseline)} Tm")
                if tags is not None:
                    tags.begin(text_ops, node.label if node is not None and node.label is not None else node, page)
                current_font = _show(text_ops, encoders.get(font) or _encoder(encoders, font, canvas), bullet.size,
                                     label, current_font)
                if tags is not None:
                    append(END)
                    tags.begin(text_ops, node, page)
            if extra != spacing:
                append(f"{fp_str(extra)} Tw")
                spacing = extra
            append(f"1 0 0 1 {fp_str(start, baseline)} Tm")
            position = start
            for span, text, width in (drawn_pieces(line, rtl, self.bidi) if complex_text else line.pieces):
                paint = span.paint
                if tags is not None and (sub_key is not None or span.link or paint.mark):
                    key = (span.link, paint.mark) if span.link or paint.mark else None
                    if key != sub_key:
                        append(END)
                        sub_key = key
                        sub = tags.inline(node, span.link, paint.mark) if key is not None else None
                        tags.begin(text_ops, sub if key is not None else node, page)
                    if sub is not None and sub.texts is not None:
                        sub.texts.append(text)
                if paint.fill != current_fill:
                    append(f"{paint.fill} rg")
                    current_fill = paint.fill
                if span.rise != current_rise:
                    append(f"{fp_str(span.rise)} Ts")
                    current_rise = span.rise
                font = span.font
                if complex_text:
                    current_font = show_complex(text_ops, encoders.get(font) or _encoder(encoders, font, canvas),
                                                span.size, text, current_font, span.rise)
                else:
                    current_font = _show(text_ops, encoders.get(font) or _encoder(encoders, font, canvas), span.size,
                                         text, current_font)
                if paint.plain and not span.link:
                    if extra:
                        position += width + text.count(" ") * extra
                    else:
                        position += width
                    continue
                drawn = width + (text.count(" ") * extra if extra else 0.0)
                if paint.back:
                    under_ops.append(f"{paint.back} rg {fp_str(position, baseline - span.descent, drawn, span.ascent + span.descent)} re f")
                if paint.underline or paint.strike or paint.double:
                    self._decorate(over_ops, span, position, position + drawn, baseline, text)
                if span.link:
                    links.append((span.link, position, baseline - span.descent, position + drawn, baseline + span.ascent,
                                  sub if tags is not None else None))
                position += drawn
            if index < last_index or wraps_on:
                if line.pieces and not line.forced and not line.in_word:
                    # the space a line wrapped at, drawn (invisibly) so copied or extracted text keeps it
                    append("( ) Tj")
                    if tags is not None and sub is not None and sub.texts is not None:
                        sub.texts.append(" ")
        if tags is not None and (lines or self.bullet is None):
            append(END)
        batch.font = current_font
        batch.fill = current_fill
        batch.rise = current_rise
        batch.spacing = spacing

    @staticmethod
    def _decorate(ops: list, span: Span, x1: float, x2: float, baseline: float, text: str) -> None:
        """Underline and strike lines under or through one stretch of text."""
        paint = span.paint
        size = span.size
        if not paint.underline and not text.strip():
            return
        thickness = max(size * 0.05, 0.4)
        ops.append(f"{paint.fill} RG {fp_str(thickness)} w")
        rise = span.rise
        if paint.underline:
            y = baseline + rise - size * 0.12
            ops.append(f"{fp_str(x1, y)} m {fp_str(x2, y)} l S")
        if paint.strike:
            y = baseline + rise + size * 0.28
            ops.append(f"{fp_str(x1, y)} m {fp_str(x2, y)} l S")
        if paint.double:
            for offset in (0.2, 0.36):
                y = baseline + rise + size * offset
                ops.append(f"{fp_str(x1, y)} m {fp_str(x2, y)} l S")


BAR_WIDTH = 0.5


def bar_rules(bars: tuple, x: float, bottom: float, top: float) -> list[str]:
    """The vertical rules of a paragraph's bar tab stops, through its lines from ``bottom`` to
    ``top``, each ``bars`` points from ``x`` (the margin, or a cell's text area)."""
    ops = [f"0 0 0 RG {fp_str(BAR_WIDTH)} w"]
    ops.extend(f"{fp_str(x + position, bottom)} m {fp_str(x + position, top)} l S" for position in bars)
    return ops


def _joined_links(links: list) -> list:
    """Link rectangles of one line joined where the same target continues across spans."""
    out: list = []
    for link in links:
        if out and out[-1][0] == link[0] and abs(out[-1][3] - link[1]) < 0.5 and abs(out[-1][2] - link[2]) < 3:
            previous = out[-1]
            out[-1] = (previous[0], previous[1], min(previous[2], link[2]), link[3], max(previous[4], link[4]), previous[5])
        else:
            out.append(link)
    return out
