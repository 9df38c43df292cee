"""Compare two versions of any Word document: the redline and its summary.

``compare(old, new)`` returns the redline's bytes; ``compare_documents`` returns a
``CompareResult`` with the summary (counts, each change, Section F alerts for plans, and what
the comparison does not look at) and the PDF on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from lxml import etree

from ..docx.flatten import FlatBody, ParsedPackage, box_host, element_sections, flatten, sync_fallbacks, textboxes
from ..docx.finalise import accept_revisions, has_revisions
from ..docx.output import add_styles
from ..docx.package import Package, Source, open_package
from ..docx.sections import read_plan_document, styles_part
from ..docx.tracked import make_scheme
from ..docx.write import package_bytes
from ..docx.xml import serialize_xml, w
from ..errors import EhcpDocsError, NotWordDocumentError
from .engine import DEFAULT_BUDGET_SECONDS, UnitText, compare_units
from .redline import RedlineWriter, Targets
from .report import describe


@dataclass
class Loaded:
    """One side of a comparison: its package, main part tree, units and plan sections."""

    package: Package
    root: etree._Element
    flat: FlatBody
    sections: dict
    had_revisions: bool


def load(source: Source, name: str | None) -> Loaded:
    """Open a document, note its plan sections (if it is a plan), accept its tracked changes."""
    package = open_package(source, name)
    root = package.xml(package.main_part)
    if root is None or root.find(w("body")) is None:
        raise NotWordDocumentError("has no document body", file=package.name)
    try:
        plan = read_plan_document(ParsedPackage.of(package, root), require_sections=False)
        sections = element_sections(plan.paragraphs, plan.rows, plan.plan.sections)
    except EhcpDocsError:
        sections = {}  # not readable as a plan: compared as a plain document
    had_revisions = has_revisions(root)
    if had_revisions:
        accept_revisions(root)
    return Loaded(package, root, flatten(root), sections, had_revisions)


def unit_texts(flat: FlatBody) -> list[UnitText]:
    return [
        UnitText(unit.kind, unit.text, tuple(tuple(cell.texts) for cell in unit.cells))
        for unit in flat.units
    ]


def targets_of(package: Package) -> Targets:
    """The style and numbering ids the new package defines."""
    targets = Targets()
    name = styles_part(package)
    styles = package.xml(name) if name else None
    if styles is not None:
        targets.style_ids = {style.get(w("styleId")) for style in styles.iter(w("style"))}
    for part in package.related(package.main_part, "/numbering"):
        numbering = package.xml(part)
        if numbering is not None:
            targets.numbering_ids = {num.get(w("numId")) for num in numbering.iter(w("num"))}
    return targets


def box_order(old_boxes: FlatBody, new_boxes: FlatBody, paired_paragraphs: dict) -> list:
    """Text boxes pair when their host paragraphs pair, in order within a host."""
    by_host: dict = {}
    for index, unit in enumerate(new_boxes.units):
        by_host.setdefault(box_host(unit.element), []).append(index)
    order, used = [], set()
    for index, unit in enumerate(old_boxes.units):
        host = paired_paragraphs.get(box_host(unit.element))
        free = [k for k in by_host.get(host, []) if k not in used] if host is not None else []
        if free:
            used.add(free[0])
        order.append((index, free[0] if free else None))
    order.extend((None, k) for k in range(len(new_boxes.units)) if k not in used)
    return order


@dataclass
class CompareResult:
    """The redline (.docx bytes) and what it shows, as a summary dict."""

    redline_docx: bytes
    summary: dict

    @property
    def identical(self) -> bool:
        return self.summary["status"] == "identical"

    @cached_property
    def redline_pdf(self) -> bytes:
        """The redline as PDF (rendered when first asked for)."""
        from ..pdf import to_pdf

        return to_pdf(self.redline_docx, title="comparison")


def compare_documents(
    old: Source,
    new: Source,
    *,
    markup: str = "bold-strike",
    party: str | None = None,
    date: str | None = None,
    author: str | None = None,
    old_name: str | None = None,
    new_name: str | None = None,
    budget_seconds: float = DEFAULT_BUDGET_SECONDS,
) -> CompareResult:
    """Mark every difference between OLD and NEW on NEW's formatting; see ``docs/compare.md``.

    ``markup`` is 'bold-strike' (default), 'tracked' or 'tribunal' (with ``party`` 'la',
    'parent' or 'agreed'); ``date`` and ``author`` label tracked changes. Word diffs share a
    time budget of ``budget_seconds``: past it, changed paragraphs are marked whole, and the
    summary says so.
    """
    scheme = make_scheme(markup, party=party, date=date, author=author)
    if markup == "final":
        raise EhcpDocsError("a comparison needs a markup scheme that shows changes, not 'final'")
    before = load(old, old_name)
    after = load(new, new_name)
    comparison = compare_units(unit_texts(before.flat), unit_texts(after.flat), budget_seconds=budget_seconds)
    targets = targets_of(after.package)
    old_boxes, new_boxes = textboxes(before.root), textboxes(after.root)  # before old boxes are carried in
    writer = RedlineWriter(scheme, before.flat, after.flat, targets)
    writer.apply(comparison)
    box_comparison = None
    if old_boxes.units or new_boxes.units:
        order = box_order(old_boxes, new_boxes, writer.notes.paired_paragraphs)
        box_comparison = compare_units(unit_texts(old_boxes), unit_texts(new_boxes), budget_seconds=budget_seconds,
                                       order=order)
        RedlineWriter(scheme, old_boxes, new_boxes, targets, notes=writer.notes, in_boxes=True).apply(box_comparison)
        sync_fallbacks(after.root)
    package = after.package
    parts = dict(package.parts)
    parts[package.main_part] = serialize_xml(after.root, package.parts[package.main_part])
    if scheme.styles.needed:
        add_styles(parts, package.main_part, styles_part(package), scheme.styles)
    summary = describe(comparison, before, after, writer.notes, markup=markup, boxes=box_comparison,
                       box_units=(old_boxes, new_boxes))
    return CompareResult(redline_docx=package_bytes(parts), summary=summary)


def compare(old: Source, new: Source, **options) -> bytes:
    """The redline of OLD against NEW as .docx bytes (options as ``compare_documents``)."""
    return compare_documents(old, new, **options).redline_docx
