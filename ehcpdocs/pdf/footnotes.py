"""Footnotes at the foot of the page that refers to them, below a short separator rule, as Word
places them.

A body paragraph or table that refers to footnotes is wrapped in a ``FootnoteHost`` holding the
notes' own flowables. The host fits on a page only with room for its notes below the text; when
it is drawn, the frame's bottom is raised by the notes' height, so later text stops above them,
and the notes are drawn at the frame's foot when the page ends (``draw_page_notes``). A host that
splits across pages keeps its notes with its first part. Endnotes, notes referred to from headers
or text boxes, and footnotes too tall for half a page still follow the text at the end.
"""

from __future__ import annotations

from reportlab.platypus.flowables import Flowable

from ehcpdocs.docx.xml import w

from .borders import Bordered
from .context import RenderContext
from .lines import DirectFlowable
from .tagging import artifact

SEPARATOR_GAP = 12.0  # from the text above to the rule, and the rule to the first note
SEPARATOR_WIDTH = 144.0  # Word's separator is two inches
SEPARATOR_THICKNESS = 0.5
_BIG = 1e6


def note_parts(ctx: RenderContext) -> dict:
    """Reference kind -> (part name, notes by id) of the document's footnotes and endnotes."""
    cached = getattr(ctx, "_note_parts", None)
    if cached is not None:
        return cached
    parts = {}
    for kind, suffix, tag in (("footnoteReference", "/footnotes", "footnote"), ("endnoteReference", "/endnotes", "endnote")):
        related = ctx.package.related(ctx.package.main_part, suffix)
        if related:
            root = ctx.package.xml(related[0])
            if root is not None:
                parts[kind] = (related[0], {note.get(w("id")): note for note in root.iter(w(tag))})
    ctx._note_parts = parts
    return parts


def convert_note(ctx: RenderContext, kind: str, note_id: str, number: int, width: float, convert_blocks) -> list | None:
    """The flowables of one note (None when the document does not have it)."""
    part, notes = note_parts(ctx).get(kind, (None, {}))
    note = notes.get(note_id)
    if note is None:
        return None
    saved = ctx.part, ctx.note_number, ctx.fields
    ctx.part, ctx.note_number, ctx.fields = part, number, []
    try:
        with ctx.tags.inside(ctx.tags.add("Note")):
            return convert_blocks(ctx, list(note), width)
    finally:
        ctx.part, ctx.note_number, ctx.fields = saved


def host_footnotes(ctx: RenderContext, flowables: list, first_new: int, width: float, convert_blocks) -> list:
    """``flowables`` of a body block, the footnotes it referred to (``ctx.footnotes`` from
    ``first_new`` on) attached to it so they are drawn at the foot of its page."""
    new = ctx.footnotes[first_new:]
    wanted = [entry for entry in new if entry[0] == "footnoteReference"]
    target = next((index for index, flowable in enumerate(flowables) if isinstance(flowable, (DirectFlowable, Bordered))), None)
    if not wanted or target is None:
        return flowables
    notes: list = []
    for kind, note_id, number in wanted:
        converted = convert_note(ctx, kind, note_id, number, width, convert_blocks)
        if converted is None:
            ctx.warn("a footnote or endnote referenced in the text is missing")
            continue
        notes.extend(converted)
    height = stacked_height(notes, width)
    if not notes or height + SEPARATOR_GAP * 2 > ctx.geometry.height / 2:
        return flowables  # too tall for the foot of a page: after the text, as endnotes are
    ctx.footnotes[first_new:] = [entry for entry in ctx.footnotes[first_new:] if entry not in wanted]
    out = list(flowables)
    out[target] = FootnoteHost(flowables[target], notes, height)
    return out


def stacked_height(flowables: list, width: float) -> float:
    """The height of flowables stacked at a width, their spacing included."""
    total = 0.0
    for flowable in flowables:
        total += flowable.wrap(width, _BIG)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


class FootnoteHost(Flowable):
    """A paragraph or table with the footnotes it refers to (see the module docstring)."""

    def __init__(self, inner, notes: list, notes_height: float) -> None:
        super().__init__()
        self.inner = inner
        self.notes = notes
        self.notes_height = notes_height
        self.keepWithNext = getattr(inner, "keepWithNext", 0)
        self.hAlign = getattr(inner, "hAlign", "LEFT")

    def getSpaceBefore(self) -> float:
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.inner.getSpaceAfter()

    def _needed(self, canv) -> float:
        """The room the notes take on the page being laid out (the rule too, if they are its first)."""
        frame = _frame(canv)
        first = frame is None or not frame.__dict__.get("_ehcp_notes")
        return self.notes_height + (SEPARATOR_GAP * 2 if first else 0.0)

    def wrapOn(self, canv, avail_width, avail_height):
        width, height = self.inner.wrapOn(canv, avail_width, avail_height)
        self.width, self.height = width, height
        if height + self._needed(canv) > avail_height:
            return width, height + self._needed(canv)  # does not fit with its notes: split or move
        return width, height

    def wrap(self, avail_width, avail_height):
        return self.wrapOn(getattr(self, "canv", None), avail_width, avail_height)

    def splitOn(self, canv, avail_width, avail_height):
        parts = self.inner.splitOn(canv, avail_width, avail_height - self._needed(canv))
        if not parts:
            return []
        return [FootnoteHost(parts[0], self.notes, self.notes_height), *parts[1:]]

    def split(self, avail_width, avail_height):
        return self.splitOn(getattr(self, "canv", None), avail_width, avail_height)

    def drawOn(self, canvas, x, y, _sW=0):
        self.inner.drawOn(canvas, x, y, _sW)
        frame = _frame(canvas)
        if frame is None:
            return
        needed = self._needed(canvas)
        notes = frame.__dict__.setdefault("_ehcp_notes", [])
        notes.extend(self.notes)
        frame.__dict__["_ehcp_notes_height"] = frame.__dict__.get("_ehcp_notes_height", 0.0) + needed
        frame.__dict__.setdefault("_ehcp_bottom_padding", frame._bottomPadding)
        frame.bottomPadding = frame._bottomPadding + needed  # later text on the page stops above the notes

    def with_page_numbers(self, values):
        return self


def _frame(canv):
    template = getattr(canv, "_doctemplate", None) if canv is not None else None
    return getattr(template, "frame", None) if template is not None else None


def draw_page_notes(canvas, doc) -> None:
    """Draw the footnotes of the page ending at the foot of each of its frames (``onPageEnd``)."""
    template = getattr(doc, "pageTemplate", None)
    for frame in getattr(template, "frames", ()):
        notes = frame.__dict__.pop("_ehcp_notes", None)
        height = frame.__dict__.pop("_ehcp_notes_height", 0.0)
        padding = frame.__dict__.pop("_ehcp_bottom_padding", None)
        if padding is not None:
            frame.bottomPadding = padding  # the next page's frame starts whole
        if not notes:
            continue
        left = frame._x1 + frame._leftPadding
        width = frame._width - frame._leftPadding - frame._rightPadding
        bottom = frame._y1 + frame._bottomPadding
        cursor = bottom + height - SEPARATOR_GAP
        with artifact(canvas):
            canvas.saveState()
            canvas.setLineWidth(SEPARATOR_THICKNESS)
            canvas.setStrokeColorRGB(0, 0, 0)
            canvas.line(left, cursor, left + min(SEPARATOR_WIDTH, width / 3), cursor)
            canvas.restoreState()
        cursor -= SEPARATOR_GAP
        for flowable in notes:
            _w, note_height = flowable.wrap(width, _BIG)
            cursor -= flowable.getSpaceBefore() + note_height
            flowable.drawOn(canvas, left, cursor)
            cursor -= flowable.getSpaceAfter()
