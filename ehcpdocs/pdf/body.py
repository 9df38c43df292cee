"""Block-level content (body, table cells, text boxes, headers, notes) to flowables."""

from __future__ import annotations

from reportlab.platypus import Spacer

from ehcpdocs.docx.tables import BLOCKS, block_content
from ehcpdocs.docx.xml import w

from .borders import group_borders
from .context import RenderContext
from .footnotes import convert_note, host_footnotes
from .limits import BLOCK
from .outline import OutlineEntry, section_label
from .paragraphs import ParagraphBuilder
from .tables import convert_table
from .tagging import NoteRule, tag_flowables

MAX_DEPTH = 12
_TITLE_STYLES = ("title", "heading 1", "heading1")
_P, _TBL, _ALT_CHUNK = w("p"), w("tbl"), w("altChunk")
_CONVERTED = BLOCKS | {_ALT_CHUNK}


def convert_blocks(ctx: RenderContext, elements, avail_width: float) -> list:
    """Flowables for a sequence of block-level elements, in document order."""
    out: list = []
    work = ctx.work
    bordered = ctx.bordered
    for element in block_content(elements, _CONVERTED):
        work.spent += BLOCK
        if work.spent > work.next_check:
            work.checkpoint()
        tag = element.tag
        hosts_notes = ctx.depth == 0 and not ctx.page_fields and ctx.note_number is None
        first_note = len(ctx.footnotes)
        if tag == _P:
            flowables = paragraph_with_outline(ctx, element, avail_width)
            if hosts_notes and len(ctx.footnotes) > first_note:
                flowables = host_footnotes(ctx, flowables, first_note, avail_width, convert_blocks)
            out.extend(flowables)
        elif tag == _TBL:
            ctx.tags.end_lists()
            if ctx.depth >= MAX_DEPTH:
                ctx.warn("tables nested too deeply were laid out as plain paragraphs")
                for cell in element.iter(w("tc")):
                    out.extend(convert_blocks(ctx, [p for p in cell if p.tag == w("p")], avail_width))
                continue
            ctx.depth += 1
            try:
                flowables = convert_table(ctx, element, avail_width, convert_blocks)
            finally:
                ctx.depth -= 1
            if hosts_notes and len(ctx.footnotes) > first_note:
                flowables = host_footnotes(ctx, flowables, first_note, avail_width, convert_blocks)
            out.extend(flowables)
        elif tag == _ALT_CHUNK:
            ctx.warn("an embedded document (altChunk) is not rendered")
    if ctx.bordered != bordered:
        group_borders(out)
    return out


def paragraph_with_outline(ctx: RenderContext, p, avail_width: float) -> list:
    """A paragraph's flowables, preceded by a bookmark when it heads a section."""
    builder = ParagraphBuilder(ctx, p, avail_width, convert_blocks)
    ppr = builder.ppr
    # the element comes before the paragraph is built: text boxes in it follow it in reading order
    node = ctx.tags.paragraph(_role(ctx, p, ppr), builder.setup.ilvl if builder.label is not None else None)
    flowables = builder.build()
    tag_flowables(flowables, node)
    entry = None
    if ctx.outline:
        found = ctx.outline.get(p)
        if found is not None:
            letter, title = found
            entry = OutlineEntry(f"ehcp-{letter}-{ctx.bookmark_count}", section_label(letter, title or builder.plain_text()), 0)
    elif ctx.heading_outline and ctx.depth == 0:
        level = ppr.get("outlineLvl")
        text = builder.plain_text() if level is not None and 0 <= level <= 2 else ""
        if text:
            level = min(level, ctx.last_outline_level + 1)
            ctx.last_outline_level = level
            entry = OutlineEntry(f"h{ctx.bookmark_count}", text[:200], level)
    if ctx.first_heading is None and ctx.depth == 0:
        style_name = ctx.styles.style_name(builder.style_id).lower()
        if style_name in _TITLE_STYLES or ppr.get("outlineLvl") == 0:
            text = builder.plain_text()
            if text:
                ctx.first_heading = text[:300]
    if entry is not None:
        ctx.bookmark_count += 1
        flowables.insert(0, entry)
    return flowables


def _role(ctx: RenderContext, p, ppr) -> str:
    """A paragraph's structure role: ``H1`` for a plan's section headings (the outline's), the
    other headings one level under them; in other documents ``H1``-``H6`` from outline levels.
    A heading is never more than one level below the heading before it (no H1 then H3)."""
    level = ppr.get("outlineLvl")
    if ctx.outline and p in ctx.outline:
        wanted = 1
    elif level is not None and 0 <= level <= 8:
        wanted = min(level + (2 if ctx.outline else 1), 6)
    else:
        return "P"
    # levels relative to the headings above: a Heading 2 under an H1 section heading is an H2
    stack = ctx.tags.headings
    while stack and stack[-1][0] >= wanted:
        stack.pop()
    level = min(stack[-1][1] + 1 if stack else 1, 6)
    stack.append((wanted, level))
    return f"H{level}"


def note_flowables(ctx: RenderContext, avail_width: float) -> list:
    """Footnote and endnote text, appended after the body in the order they are referenced."""
    if not ctx.footnotes:
        return []
    from reportlab.lib.colors import HexColor

    out: list = [Spacer(1, 12), NoteRule(width="30%", thickness=0.5, color=HexColor("#000000"), hAlign="LEFT", spaceAfter=4)]
    index = 0
    saved_part = ctx.part
    try:
        while index < len(ctx.footnotes) and index < 5000:
            kind, note_id, number = ctx.footnotes[index]
            index += 1
            converted = convert_note(ctx, kind, note_id, number, avail_width, convert_blocks)
            if converted is None:
                ctx.warn("a footnote or endnote referenced in the text is missing")
                continue
            out.extend(converted)
    finally:
        ctx.part = saved_part
        ctx.note_number = None
    return out
