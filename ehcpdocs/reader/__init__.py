"""The plan reader: finds sections A to K and the child's details in a block stream.

Small recognisers, each on its own module and tested alone, run in order over one normalised
stream of blocks (``blocks``, built from Word by ``ehcpdocs.docx.blocks``):

    contents    contents lists (TOC fields, dot leaders and page numbers, repeated lists)
    headings    section headings and the evidence for each (``grammar`` reads the words)
    boundaries  group titles, profile pages and end matter, which end a section
    details     the child's names, date of birth and plan reference; details tables
    assign      the walk that gives every block and row its section
    confidence  how sure the reading is
    profiles    a coordinator's layout profile, for templates the rules cannot read

Nothing here touches XML: the reader sees text, looks and positions only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.plan import HeadingFound, PlanDetails, Section, SetAside
from .assign import assign
from .blocks import BlockStream
from .boundaries import END, find_boundaries
from .confidence import judge
from .contents import find_contents
from .details import details_tables, find_details
from .headings import find_headings
from .profiles import LayoutProfile, load_profile

__all__ = ["LayoutProfile", "Reading", "load_profile", "read_stream"]


@dataclass
class Reading:
    """What the reader found: sections (places and rows keyed by block and row indexes), the
    heading blocks with their (section, title), each section's first heading block, the label
    cells naming a section by their lead block, the details, and what it set aside."""

    sections: dict[str, Section]
    details: PlanDetails
    headings: dict[int, tuple[str, str]] = field(default_factory=dict)
    heading_keys: dict[str, int] = field(default_factory=dict)
    label_blocks: dict[int, tuple[str, str]] = field(default_factory=dict)
    found: list[HeadingFound] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    confidence: str = "high"
    confidence_notes: list[str] = field(default_factory=list)


def read_stream(stream: BlockStream, margins: list[BlockStream] = (), profile: LayoutProfile | None = None,
                *, with_details: bool = True) -> Reading:
    """Read a body's block stream (and its headers' and footers') as a plan."""
    contents = find_contents(stream)
    headings = find_headings(stream, contents.blocks, profile)
    boundaries = find_boundaries(stream, headings, contents.blocks, profile)
    tables = details_tables(stream, profile)
    walked = assign(stream, headings, boundaries, contents, tables, profile)
    owned = {place.key for section in walked.sections.values() for place in section.places}
    end_matter = min((index for index, kind in boundaries.items() if kind == END), default=None)
    details = (find_details(stream, list(margins), owned, profile, contents.tables, end_matter)
               if with_details else PlanDetails())
    aside = [(index, "contents list") for index in contents.blocks if stream.blocks[index].text.strip()]
    aside += [(rejected.block, f"not used: {rejected.reason}") for rejected in headings.rejected
              if rejected.block not in owned or not rejected.sub_part]
    aside += [(index, kind) for index, kind in boundaries.items() if index not in owned]
    set_aside = [SetAside(" ".join(stream.blocks[index].text.split()), stream.blocks[index].where, reason)
                 for index, reason in sorted(aside)]
    found = walked.found + walked.labelled
    confidence, notes = judge(list(walked.sections), found, set_aside)
    return Reading(
        sections=walked.sections, details=details, headings=walked.headings, heading_keys=walked.heading_keys,
        label_blocks=walked.label_blocks, found=found, set_aside=set_aside, confidence=confidence, confidence_notes=notes,
    )
