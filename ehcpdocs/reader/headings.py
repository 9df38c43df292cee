"""Which blocks are section headings, and how sure we are of each.

Every short block whose words are written as a section heading (``grammar.parse_heading``,
or the statutory wording of H1/H2) is a *candidate*. A candidate is accepted on its
evidence, in this order of strength:

1. a layout profile names it (``profiles``);
2. the word "Section" or "Part" is written with the letter ("Section B", "Part A");
3. a Word heading style or outline level, or a title cell (the only text in its table row);
4. a bold line.

Without "Section"/"Part" a candidate needs emphasis (3 or 4) and a title that reads like the
statutory title of its letter; once a plan's section headings are seen to use heading styles,
a bold line alone no longer starts a section (H1 and H2 under a "Section H" heading still
may). Candidates in a contents list never start one.
A bare label ("Section A", "(A)", "H(i)") takes the next short line, or the next cell of its
row, as its title. Rejected candidates are kept, with the reason, for ``ehcpdocs sections``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .blocks import Block, BlockStream, RowInfo
from .grammar import MAX_HEADING_CHARS, HeadingText, parse_heading, statutory_h, title_fits
from .profiles import LayoutProfile

MAX_TITLE_LINE = 160
STYLE_CONVENTION = 3


@dataclass(frozen=True)
class Heading:
    """An accepted section heading: the block, the section it starts (A..K, H, H1, H2), its
    title as written, the evidence it was accepted on, and the blocks that carry its title
    (a bare label's next line or next cell)."""

    block: int
    section: str
    title: str
    evidence: tuple[str, ...]
    title_blocks: tuple[int, ...] = ()
    sub_part: bool = False


@dataclass(frozen=True)
class Rejected:
    """A line written like a section heading that was not used as one, and why."""

    block: int
    text: str
    reason: str
    sub_part: bool = False


@dataclass
class HeadingsFound:
    accepted: dict[int, Heading] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def title_blocks(self) -> set[int]:
        return {index for heading in self.accepted.values() for index in heading.title_blocks}


def parse_block(block: Block) -> HeadingText | None:
    """What a block's words say as a heading (letters, or H1/H2 in statutory words)."""
    text = block.text
    if not text or len(text) > 2 * MAX_HEADING_CHARS:
        return None
    return parse_text(text)


@lru_cache(maxsize=16384)
def parse_text(text: str) -> HeadingText | None:
    """``parse_block`` for a text (cached: plans repeat labels and headings)."""
    parsed = parse_heading(text)
    if parsed is not None:
        return parsed
    h_part = statutory_h(text)
    if h_part is not None:
        return HeadingText(letter="H", sub=h_part[1], title=" ".join(text.split()), explicit=False, bare=False)
    return None


class _Context:
    """Where each block sits: the next block in its container, and its row."""

    def __init__(self, stream: BlockStream) -> None:
        self.stream = stream
        self.next_in_container: dict[int, int] = {}
        self.title_row_cell: dict[int, int] = {}
        self._link(stream.items)
        for row in stream.rows:
            for cell in row.cells:
                self._link(cell.items)

    def _link(self, items) -> None:
        previous = None
        for kind, index in items:
            if kind != "p":
                previous = None
                continue
            if not self.stream.blocks[index].text.strip():
                continue
            if previous is not None:
                self.next_in_container[previous] = index
            previous = index

    def row_of(self, block: Block) -> RowInfo | None:
        return self.stream.rows[block.row] if block.row is not None else None

    def first_text_block(self, row: RowInfo, position: int) -> int | None:
        for kind, index in row.cells[position].items:
            if kind == "p" and self.stream.blocks[index].text.strip():
                return index
        return None

    def cell_role(self, block: Block) -> str | None:
        """'title' when the block leads the only filled cell of its row (a title cell),
        'label' when it leads the first filled cell of a row with more cells filled,
        'inner' for other cell blocks, None in the body."""
        row = self.row_of(block)
        if row is None:
            return None
        filled = row.filled
        if not filled or block.cell is None or self.first_text_block(row, block.cell - 1) != block.index:
            return "inner"
        if len(filled) == 1:
            return "title"
        if filled[0] == block.cell - 1:
            return "label"
        return "inner"


def find_headings(stream: BlockStream, contents: set[int], profile: LayoutProfile | None = None) -> HeadingsFound:
    """The section headings of a block stream (see the module docstring)."""
    found = HeadingsFound()
    context = _Context(stream)
    pending: list[tuple[Block, HeadingText, tuple[str, ...]]] = []
    for block in stream.blocks:
        if not block.text.strip() or len(block.text) > 400:
            continue
        if profile is not None:
            section = profile.section_for(block.text)
            if section is not None:
                if block.index not in contents:
                    found.accepted[block.index] = _profile_heading(context, block, section)
                continue
            if not profile.builtin:
                continue
        parsed = parse_block(block)
        if parsed is None:
            continue
        if block.index in contents or block.toc:
            continue
        role = context.cell_role(block)
        if role == "inner" or role == "label" and not _label_and_title(context, block, parsed):
            continue  # a row label or cell text: the table reader decides
        evidence = []
        if parsed.explicit:
            evidence.append("explicit")
        if block.heading_level is not None:
            evidence.append("style")
        if role in ("title", "label"):
            evidence.append("title cell")
        if block.bold:
            evidence.append("bold")
        pending.append((block, parsed, tuple(evidence)))

    style_convention = sum(1 for block, parsed, evidence in pending if "style" in evidence and (
        "explicit" in evidence or title_fits(parsed.section, parsed.title))) >= STYLE_CONVENTION
    for block, parsed, evidence in pending:
        reason = _rejection(parsed, evidence, style_convention)
        if reason is not None:
            found.rejected.append(Rejected(block.index, " ".join(block.text.split()), reason, parsed.sub_part))
            continue
        title, title_blocks = parsed.title, ()
        if parsed.bare:
            title, title_blocks = _bare_title(context, block, parsed)
        if parsed.title and title_fits(parsed.section, parsed.title):
            evidence += ("fits",)
        found.accepted[block.index] = Heading(block.index, parsed.section, title, evidence, title_blocks, parsed.sub_part)
    _drop_titles_taken_as_headings(found)
    return found


def _profile_heading(context: _Context, block: Block, section: str) -> Heading:
    """A heading a layout profile names; a bare label ("Section A") takes its title as the
    built-in rules would."""
    parsed = parse_block(block)
    title, title_blocks = " ".join(block.text.split()), ()
    if parsed is not None and parsed.bare:
        title, title_blocks = _bare_title(context, block, parsed)
    elif parsed is not None:
        title = parsed.title
    return Heading(block.index, section, title, ("profile",), title_blocks, parsed is not None and parsed.sub_part)


def _rejection(parsed: HeadingText, evidence: tuple[str, ...], style_convention: bool) -> str | None:
    section = parsed.section
    fits = title_fits(section, parsed.title)
    emphasised = bool({"style", "title cell", "bold"} & set(evidence))
    if "explicit" in evidence:
        if emphasised or parsed.bare or fits:
            return None
        return f"names Section {section} but is not set out as a heading and its title does not read like Section {section}"
    if not emphasised:
        return "not set out as a heading (no heading style, bold or title cell)"
    if not fits:
        return f"its title does not read like Section {section}"
    if style_convention and evidence == ("bold",) and not parsed.sub:
        return "a bold line where the plan's section headings use heading styles"
    return None


def _label_and_title(context: _Context, block: Block, parsed: HeadingText) -> bool:
    """A row whose first cell is a bare section label and whose second (and last filled)
    cell is the title: "Section A | Views, interests and aspirations"."""
    if not parsed.bare:
        return False
    row = context.row_of(block)
    filled = row.filled
    if len(filled) != 2 or block.cell - 1 != filled[0]:
        return False
    title = row.cells[filled[1]].text
    return len(title) <= MAX_TITLE_LINE and title_fits(parsed.section, title)


def _bare_title(context: _Context, block: Block, parsed: HeadingText) -> tuple[str, tuple[int, ...]]:
    """The title of a bare label: the next cell of its row, or the next short line."""
    row = context.row_of(block)
    if row is not None and block.cell is not None:
        filled = row.filled
        if len(filled) == 2 and filled[0] == block.cell - 1:
            title_cell = row.cells[filled[1]]
            blocks = tuple(index for kind, index in title_cell.items if kind == "p")
            return " ".join(title_cell.text.split()), blocks
    following = context.next_in_container.get(block.index)
    if following is None:
        return "", ()
    candidate = context.stream.blocks[following]
    text = " ".join(candidate.text.split())
    if not text or len(text) > MAX_TITLE_LINE or parse_block(candidate) is not None:
        return "", ()
    same_look = (candidate.bold and block.bold) or (candidate.heading_level is not None and block.heading_level is not None)
    if title_fits(parsed.section, text) and (same_look or len(text) <= 80 and not text.endswith(".")):
        return text, (following,)
    if same_look and not text.endswith("."):
        return text, (following,)
    return "", ()


def _drop_titles_taken_as_headings(found: HeadingsFound) -> None:
    """A block taken as a bare label's title cannot also be a heading of its own."""
    for index in found.title_blocks:
        found.accepted.pop(index, None)
