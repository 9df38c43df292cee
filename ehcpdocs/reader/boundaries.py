"""Lines that end a section without starting one: group titles, profile pages, end matter.

- a *group title* stands above several sections: "Part 2: Needs", "Provision", "Strengths,
  Difficulties and Outcomes", "Sections B, E and F", or any heading set out at the level of
  the plan's section headings (or above it) that names no section;
- a *profile page* ("This is me", "One page profile") is kept apart from Section A;
- *end matter* follows the last section: "Signed on behalf of the local authority", the
  officer's name, distribution lists;
- a layout profile's ``ignore`` lines.

Each needs to be set out as a heading (style, bold or a title cell) or, for end matter, to
read as a label ("Signature:"). Whether one that follows its section's heading directly is
that section's sub-heading instead is decided by the walk (``assign``).
"""

from __future__ import annotations

from collections import Counter

from .blocks import BlockStream
from .grammar import is_end_matter, is_group_title, is_profile_title
from .headings import HeadingsFound
from .profiles import LayoutProfile

END_STARTS = frozenset("SsAaOoIiNnDdCcGgTt")
GROUP, PROFILE, END, IGNORED = "group title", "profile page", "end matter", "ignored by the layout profile"
MAX_BOUNDARY_CHARS = 200


def section_heading_level(headings: HeadingsFound, stream: BlockStream) -> int:
    """The heading level most of the plan's section headings are set out at; 1 (below Title
    and Heading 1) when they do not use heading styles."""
    levels = Counter(
        stream.blocks[index].heading_level for index, heading in headings.accepted.items()
        if stream.blocks[index].heading_level is not None and not heading.sub_part
        and heading.section not in ("H1", "H2")
    )
    if sum(levels.values()) < 3:
        return 1
    return levels.most_common(1)[0][0]


def find_boundaries(stream: BlockStream, headings: HeadingsFound, contents: set[int],
                    profile: LayoutProfile | None = None) -> dict[int, str]:
    """Block index -> what kind of boundary it is (see the module docstring)."""
    level = section_heading_level(headings, stream)
    taken = set(headings.accepted) | headings.title_blocks | contents
    found: dict[int, str] = {}
    for block in stream.blocks:
        index = block.index
        text = block.text
        if index in taken or not text.strip() or len(text) > MAX_BOUNDARY_CHARS:
            continue
        if profile is not None and profile.ignores(text):
            found[index] = IGNORED
            continue
        emphasised = block.bold or block.heading_level is not None or _title_cell(stream, block)
        if text.lstrip()[:1] in END_STARTS and is_end_matter(text) and (
                emphasised or text.rstrip().endswith(":") or len(text.split()) <= 8):
            found[index] = END
        elif not emphasised:
            continue
        elif is_group_title(text):
            found[index] = GROUP
        elif is_profile_title(text):
            found[index] = PROFILE
        elif block.heading_level is not None and block.heading_level < level and not block.in_table:
            found[index] = GROUP
    return found


def _title_cell(stream: BlockStream, block) -> bool:
    if block.row is None:
        return False
    row = stream.rows[block.row]
    return len(row.filled) == 1 and block.cell is not None and row.filled[0] == block.cell - 1 and (
        row.cells[block.cell - 1].shaded or len(row.cells) == 1 or row.cells[block.cell - 1].span > 1
    ) and row.cells[block.cell - 1].blocks[:1] == [block.index]
