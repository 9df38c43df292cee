"""Accept a returned plan's markup: tracked changes, struck deletions, bold or keyed additions.

``accept_revisions`` / ``reject_revisions`` resolve every Word tracked change in a tree: used
before comparing (a document is compared as it reads once its revisions are accepted), by
``finalise``, and by tests (Reject All must give the original back). ``accept_markup`` then
accepts ehcpdocs' own marks and hand-made strikethrough, and decides hand-made bold as told.
All work in place on a part's root element; ``finalise_document`` runs ``accept_markup`` on a
package's main part and gives back the .docx bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .flatten import pieces
from .package import Package, open_package
from .runs import get_style, remove_property, set_property
from .text import TEXT_BEARING, paragraph_text
from .tracked import mark_of
from .write import package_bytes
from .xml import serialize_xml, w

P, TR, PPR, RPR, TRPR = w("p"), w("tr"), w("pPr"), w("rPr"), w("trPr")
PROPERTY_CHANGES = tuple(
    w(name)
    for name in (
        "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "trPrChange",
        "tcPrChange", "tblGridChange", "numberingChange",
    )
)
RANGE_MARKS = tuple(
    w(name)
    for name in (
        "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
        "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart",
        "customXmlDelRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
        "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd",
    )
)
MARK_TAGS = (w("ins"), w("del"), w("moveFrom"), w("moveTo"))


def unwrap(element: etree._Element) -> None:
    """Replace an element by its children."""
    parent = element.getparent()
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def has_revisions(root: etree._Element) -> bool:
    """True when the tree holds any tracked change."""
    tags = set(MARK_TAGS) | set(PROPERTY_CHANGES) | {w("cellIns"), w("cellDel"), w("cellMerge")}
    return any(True for _ in root.iter(*tags))


def has_visible_content(paragraph: etree._Element) -> bool:
    """True when a paragraph still holds text or objects once its revisions are resolved."""
    for element in paragraph.iter(w("t"), w("tab"), w("br"), w("drawing"), w("pict"), w("object"), w("sym")):
        return True
    return False


def join_with_next(paragraph: etree._Element) -> None:
    """Resolve a removed paragraph mark: the paragraph's content runs on into the next one.

    An emptied paragraph simply goes; one with content takes in the following paragraph's
    content (Word's behaviour when a paragraph mark is deleted).
    """
    following = paragraph.getnext()
    if not has_visible_content(paragraph):
        if following is not None or paragraph.getparent().tag != w("tc") or paragraph.getprevious() is not None:
            remove(paragraph)
        return
    if following is not None and following.tag == P:
        for child in list(following):
            if child.tag != PPR:
                paragraph.append(child)
        remove(following)


def _resolve(root: etree._Element, accept: bool) -> int:
    """Shared walk for Accept All (``accept``) and Reject All."""
    keep = (w("ins"), w("moveTo")) if accept else (w("del"), w("moveFrom"))
    drop = (w("del"), w("moveFrom")) if accept else (w("ins"), w("moveTo"))
    count = 0
    # Rows first: a row deleted (when accepting) or inserted (when rejecting) goes whole.
    for row in list(root.iter(TR)):
        trpr = row.find(TRPR)
        if trpr is None:
            continue
        if any(trpr.find(tag) is not None for tag in drop):
            remove(row)
            count += 1
            continue
        for mark in [child for child in trpr if child.tag in keep]:
            trpr.remove(mark)
            count += 1
    # Paragraph marks, last first so chains of joined paragraphs resolve in order.
    for paragraph in reversed(list(root.iter(P))):
        ppr = paragraph.find(PPR)
        mark_rpr = ppr.find(RPR) if ppr is not None else None
        if mark_rpr is None:
            continue
        marks = [child for child in mark_rpr if child.tag in keep or child.tag in drop]
        if not marks:
            continue
        for mark in marks:
            mark_rpr.remove(mark)
            count += 1
        if any(mark.tag in drop for mark in marks):
            for element in [e for e in paragraph.iter(*drop) if e.getparent().tag != RPR]:
                if element.getparent() is not None:
                    remove(element)
            join_with_next(paragraph)
    for element in list(root.iter(*drop)):
        if element.getparent() is not None:
            remove(element)
            count += 1
    for element in list(root.iter(*keep)):
        if element.getparent() is None:
            continue
        count += 1
        if element.getparent().tag in (RPR, TRPR):
            remove(element)
        else:
            if not accept:
                restore_deleted_text(element)
            unwrap(element)
    for change in list(root.iter(*PROPERTY_CHANGES)):
        count += 1
        if not accept:
            restore_properties(change)
        remove(change)
    for element in list(root.iter(*RANGE_MARKS)):
        remove(element)
    for cell_mark in list(root.iter(w("cellIns"), w("cellDel"), w("cellMerge"))):
        count += 1
        remove(cell_mark)
    return count


def restore_deleted_text(container: etree._Element) -> None:
    """Rejecting a deletion: its w:delText becomes w:t again (and field codes likewise)."""
    for node in container.iter(w("delText")):
        node.tag = w("t")
    for node in container.iter(w("delInstrText")):
        node.tag = w("instrText")


def restore_properties(change: etree._Element) -> None:
    """Rejecting a formatting change: the properties go back to what the change recorded."""
    owner = change.getparent()
    recorded = next(iter(change), None)
    for child in list(owner):
        if child is not change:
            owner.remove(child)
    if recorded is not None:
        for child in list(recorded):
            owner.insert(len(owner) - 1, child)


def accept_revisions(root: etree._Element) -> int:
    """Accept All: insertions kept, deletions gone, moves made, formatting changes kept."""
    return _resolve(root, accept=True)


def reject_revisions(root: etree._Element) -> int:
    """Reject All: insertions gone, deletions restored, formatting changes undone."""
    return _resolve(root, accept=False)


def resolve_package(docx: bytes, resolve) -> bytes:
    """Apply ``accept_revisions`` or ``reject_revisions`` to a package's main part."""
    package = open_package(docx)
    root = package.xml(package.main_part)
    resolve(root)
    parts = dict(package.parts)
    parts[package.main_part] = serialize_xml(root, package.parts[package.main_part])
    return package_bytes(parts)


def accept_all(docx: bytes) -> bytes:
    """The document with all its tracked changes accepted, as .docx bytes."""
    return resolve_package(docx, accept_revisions)


# -- accepting bold-strike and tribunal markup -------------------------------------------------

LOOK_OF_PARTY = {"": ("b", "bCs"), "la": ("i", "iCs"), "parent": ("b", "bCs"), "agreed": ("u",)}
OBJECT_TAGS = (w("drawing"), w("pict"), w("object"))


@dataclass
class MarkupReport:
    """What accepting the markup did, and the hand-made bold it could not decide on."""

    revisions_accepted: int = 0
    deletions_removed: int = 0
    hand_struck_removed: int = 0
    additions_accepted: int = 0
    bold_removed: int = 0
    paragraphs_removed: int = 0
    rows_removed: int = 0
    ambiguous: list[tuple[etree._Element, str]] = field(default_factory=list)


def clear_text(run: etree._Element) -> None:
    """Remove a run's text (not its other content: field characters, drawings)."""
    for child in list(run):
        if child.tag in TEXT_BEARING or child.tag in (w("delText"),):
            run.remove(child)
    if all(child.tag == RPR for child in run):
        run.getparent().remove(run)


def settle_addition(run: etree._Element, piece) -> None:
    """An ehcpdocs addition becomes ordinary text: its own style back, the mark's look gone."""
    rpr = run.find(RPR)
    if rpr is None:
        return
    mark = mark_of(get_style(rpr))
    if mark is None:
        return
    _kind, party, kept, base = mark
    if base:
        set_property(rpr, "rStyle", base)
    else:
        remove_property(rpr, "rStyle")
    if not kept:
        remove_property(rpr, *LOOK_OF_PARTY.get(party, ()))


def is_empty(paragraph: etree._Element) -> bool:
    """True when a paragraph shows nothing: no text, no drawings."""
    if paragraph_text(paragraph).strip():
        return False
    return not any(True for _ in paragraph.iter(*OBJECT_TAGS))


def drop_paragraph(paragraph: etree._Element) -> bool:
    """Remove a paragraph emptied by its deletions, keeping section breaks and valid cells."""
    ppr = paragraph.find(PPR)
    if ppr is not None and ppr.find(w("sectPr")) is not None:
        return False
    parent = paragraph.getparent()
    if parent.tag == w("tc") and len(parent.findall(P)) == 1:
        return False
    parent.remove(paragraph)
    return True


def accept_markup(root: etree._Element, styles=None, keep_bold: dict | None = None) -> MarkupReport:
    """Accept a returned plan's markup in place (see ``compare.finalise``).

    Tracked changes are accepted; struck text (ehcpdocs deletions and hand-made strikethrough)
    is removed; ehcpdocs additions become plain. Hand-made bold is decided by ``keep_bold``
    (run -> keep?) when given, else left as it is and reported as ambiguous.
    """
    report = MarkupReport()
    report.revisions_accepted = accept_revisions(root)
    rows_before = {row: any(paragraph_text(p).strip() for p in row.iter(P)) for row in root.iter(TR)}
    for paragraph in list(root.iter(P)):
        found = pieces(paragraph, styles)
        had_text = any(piece.text.strip() for piece in found)
        removed_any = False
        for piece in found:
            if piece.mark == "deletion" or piece.struck:
                if piece.mark != "deletion":
                    report.hand_struck_removed += 1
                report.deletions_removed += 1
                clear_text(piece.run)
                removed_any = True
            elif piece.mark == "addition":
                settle_addition(piece.run, piece)
                report.additions_accepted += 1
            elif piece.direct_bold:
                if keep_bold is None:
                    if piece.text.strip():
                        report.ambiguous.append((paragraph, piece.text))
                elif not keep_bold.get(piece.run, True):
                    remove_property(piece.run.find(RPR), "b", "bCs")
                    report.bold_removed += 1
        if had_text and removed_any and is_empty(paragraph) and drop_paragraph(paragraph):
            report.paragraphs_removed += 1
    for row, had_text in rows_before.items():
        if had_text and row.getparent() is not None and not any(paragraph_text(p).strip() for p in row.iter(P)):
            table = row.getparent()
            table.remove(row)
            report.rows_removed += 1
            if table.tag == w("tbl") and table.find(TR) is None and table.getparent() is not None:
                container = table.getparent()
                container.remove(table)
                if container.tag == w("tc") and container.find(P) is None:
                    etree.SubElement(container, P)
    return report


@dataclass
class FinalisedDocument:
    """A finalised package as .docx bytes, what accepting its markup did, and the hand-made bold
    left undecided: (paragraph number before finalising, the texts) per paragraph."""

    docx: bytes
    report: MarkupReport
    ambiguous: list[tuple[int, list[str]]]


def finalise_document(package: Package, root: etree._Element, styles=None,
                      keep_bold: dict | None = None) -> FinalisedDocument:
    """Accept the markup of a package's main part ``root`` (see ``accept_markup``)."""
    order = {paragraph: index for index, paragraph in enumerate(root.iter(P), start=1)}
    report = accept_markup(root, styles, keep_bold)
    parts = dict(package.parts)
    parts[package.main_part] = serialize_xml(root, package.parts[package.main_part])
    grouped: dict = {}
    for paragraph, text in report.ambiguous:
        grouped.setdefault(paragraph, []).append(text)
    ambiguous = [(order.get(paragraph, 0), texts) for paragraph, texts in grouped.items()]
    return FinalisedDocument(package_bytes(parts), report, ambiguous)
