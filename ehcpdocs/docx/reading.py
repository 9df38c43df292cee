"""Read a Word package as a plan: its body and margins as block streams, the reader over
them, and the handles the writers need to change the document.

    package ─> blocks.read_blocks (body, headers, footers) ─> reader.read_stream ─> PlanDocument

The reader decides; this module only builds its input and keeps, beside the plain-data
``Plan``, the lxml elements behind each place (``paragraphs[key]``) and row (``rows[key]``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..errors import NotWordDocumentError, PlanStructureError
from ..model.plan import Plan, PlanDetails
from ..reader import LayoutProfile, read_stream
from .blocks import read_blocks
from .package import Package
from .styles import StyleSheet
from .xml import w


@dataclass
class PlanDocument:
    """A plan read from Word, with the handles the writers need to change it.

    ``paragraphs[key]`` and ``rows[key]`` are the lxml elements behind ``Place.key`` and
    ``Row.key``; ``headings`` maps each section heading paragraph to its (section, title);
    ``heading_keys`` maps each section to its first heading paragraph's key.
    """

    package: Package
    root: etree._Element
    styles: StyleSheet
    plan: Plan
    paragraphs: list[etree._Element]
    rows: list[etree._Element]
    headings: dict[etree._Element, tuple[str, str]] = field(default_factory=dict)
    heading_keys: dict[str, int] = field(default_factory=dict)


def stylesheet(package: Package) -> StyleSheet:
    """The package's styles."""
    name = package.styles_part()
    return StyleSheet(package.xml(name) if name else None)


def margin_streams(package: Package, styles: StyleSheet):
    """The headers' and footers' block streams, header parts first."""
    streams = []
    for part in package.margin_parts():
        root = package.xml(part)
        if root is not None:
            streams.append(read_blocks(root, styles, file=package.name).stream)
    return streams


def read_plan_document(package: Package, *, require_sections: bool = True,
                       layout: LayoutProfile | None = None) -> PlanDocument:
    """Read a package as a plan: sections, places, rows, details and headings."""
    root = package.xml(package.main_part)
    body = root.find(w("body")) if root is not None else None
    if body is None:
        raise NotWordDocumentError("has no document body", file=package.name)
    styles = stylesheet(package)
    elements = read_blocks(body, styles, file=package.name)
    stream = elements.stream
    reading = read_stream(stream, margin_streams(package, styles), layout)
    if require_sections and not reading.sections:
        raise PlanStructureError(
            "no EHCP sections found: expected headings such as 'Section A: ...' or 'A. Views ...'; "
            "run 'ehcpdocs sections' on it, and give a layout profile (--layout) for this template",
            file=package.name,
        )
    plan = Plan(
        sections=reading.sections,
        details=reading.details,
        file=package.name,
        paragraph_count=stream.body_paragraphs,
        table_count=len(stream.tables),
        headings=reading.found,
        set_aside=reading.set_aside,
        confidence=reading.confidence,
        confidence_notes=reading.confidence_notes,
        layout=(layout.name or "layout profile") if layout is not None else None,
    )
    return PlanDocument(
        package=package,
        root=root,
        styles=styles,
        plan=plan,
        paragraphs=elements.paragraphs,
        rows=elements.rows,
        headings={elements.paragraphs[index]: found for index, found in reading.headings.items()},
        heading_keys=reading.heading_keys,
    )


def read_details(package: Package, layout: LayoutProfile | None = None) -> PlanDetails:
    """The plan's details (reference, names, date of birth), for pairing plans with reviews."""
    return read_plan_document(package, require_sections=False, layout=layout).plan.details


MIN_OUTLINE_SECTIONS = 3


def section_headings(document_root: etree._Element, styles_root: etree._Element | None = None) -> dict:
    """Each section heading paragraph of a document tree -> (section, title), for PDF outlines;
    empty when the document does not read as a plan (fewer than three sections: a letter that
    mentions "(Section F)" in a heading keeps its ordinary outline).

    Every section the reader finds is there: a section first met in a label cell ("Needs
    (Section B)" in an area-of-need table) before any heading of its own is marked at that
    label, once; sections with headings are marked at every heading, as before. Labels count
    only in a document with headings of three sections or more: a form whose table lists
    changes by section ("A | Revised a paragraph") is not a plan."""
    body = document_root.find(w("body"))
    if body is None:
        return {}
    elements = read_blocks(body, StyleSheet(styles_root))
    reading = read_stream(elements.stream, with_details=False)
    if len(reading.sections) < MIN_OUTLINE_SECTIONS:
        return {}
    marks = dict(reading.headings)
    seen: set[str] = set()
    labels = reading.label_blocks if len({letter for letter, _title in marks.values()}) >= MIN_OUTLINE_SECTIONS else {}
    for index in sorted(set(reading.headings) | set(labels)):
        if index in reading.headings:
            seen.add(reading.headings[index][0])
            continue
        letter, title = labels[index]
        if letter not in seen:
            seen.add(letter)
            marks[index] = (letter, title)
    return {elements.paragraphs[index]: marks[index] for index in sorted(marks)}
