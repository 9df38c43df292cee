"""The consultation pack: the notice, the marked-up plan and the annual review report together.

One PDF with a bookmark for each document (pypdf), and the same as one Word document
(docxcompose), each page-broken from the last. Both are deterministic for the same input.
"""

from __future__ import annotations

import copy
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from docx.oxml.ns import qn

from ..docx import compat
from ..docx.compose import complete_styles, keep_own_styles
from ..errors import InputError, RenderError
from ..model.review import source_label
from .annex2 import load_annex2_review, render_annex2
from .notice import render_notice
from .output import RenderedForm
from .render import deterministic_docx
from .templates import TemplatesArg

RELATIONSHIP_ATTRIBUTES = tuple(qn(name) for name in ("r:id", "r:embed", "r:link"))
NOTICE_TITLE = "Notice of proposed amendments"
PLAN_TITLE = "Proposed amendments to the plan (marked up)"
ANNEX2_TITLE = "Annual review report (Annex 2)"
# Each part's styles keep their look under names of their own: "Normal (Proposed plan)".
NOTICE_LABEL, PLAN_LABEL, ANNEX2_LABEL = "Notice", "Proposed plan", "Annex 2"


@dataclass
class ConsultationPack:
    """The three documents of a consultation and the pack made from them.

    ``pdf`` and ``docx`` are built when first asked for; ``notice`` and ``annex2`` are the
    rendered forms and ``amend_result`` the ``ehcpdocs.amend`` result they were made from.
    """

    plan_id: str
    notice: RenderedForm
    annex2: RenderedForm
    amend_result: Any = field(repr=False)
    warnings: list[str] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return f"{self.plan_id}.consultation-pack"

    @cached_property
    def pdf(self) -> bytes:
        """One PDF: notice, marked-up plan, Annex 2, with a bookmark at the start of each, its
        pages numbered through the pack ("Page 3 of 14" on the third page; see docs/forms.md)."""
        result = self.amend_result
        parts = [
            PackPart(NOTICE_TITLE, self.notice.docx, self.notice.title, self.notice.pdf),
            PackPart(PLAN_TITLE, result.amended_docx, result.amended_title, result.amended_pdf),
            PackPart(ANNEX2_TITLE, self.annex2.docx, self.annex2.title, self.annex2.pdf),
        ]
        return join_pdfs(numbered_through(parts), title=f"Consultation pack {self.plan_id}")

    @cached_property
    def docx(self) -> bytes:
        """One Word document: notice, marked-up plan, Annex 2, each starting on a new page."""
        return join_docx([self.notice.docx, self.amend_result.amended_docx, self.annex2.docx],
                         labels=[NOTICE_LABEL, PLAN_LABEL, ANNEX2_LABEL])

    def files(self, *, pdf: bool = True) -> dict[str, bytes]:
        """The notice and the pack, as the ``notice`` command writes them."""
        files = self.notice.files(pdf=pdf)
        files[f"{self.stem}.docx"] = self.docx
        if pdf:
            files[f"{self.stem}.pdf"] = self.pdf
        return files


@dataclass(frozen=True)
class PackPart:
    """One document of the pack: its bookmark, its Word source and PDF title, and its PDF as
    rendered on its own."""

    bookmark: str
    docx: bytes
    title: str
    pdf: bytes


MAX_NUMBERING_PASSES = 3


def numbered_through(parts: list[PackPart]) -> list[tuple[str, bytes]]:
    """(bookmark, PDF) of each part rendered again with its page-number fields counting through
    the whole pack: the notice's pages 1-2 of 14, the plan's 3-12, and so on.

    Page-number fields sit in headers and footers, drawn after the body is laid out, so the
    numbers do not move a page break; the counts are checked all the same, and the parts
    rendered again should one differ."""
    from ..pdf import count_pages, render_pdf

    counts = [count_pages(part.pdf) for part in parts]
    for _attempt in range(MAX_NUMBERING_PASSES):
        total, first, rendered = sum(counts), 1, []
        for part, count in zip(parts, counts):
            result = render_pdf(part.docx, title=part.title, page_numbers=(first, total))
            rendered.append((result.pdf, result.pages))
            first += count
        new_counts = [pages for _pdf, pages in rendered]
        if new_counts == counts:
            break
        counts = new_counts
    else:
        raise RenderError("the consultation pack's page numbers do not settle: a part's page count keeps changing")
    return [(part.bookmark, pdf) for part, (pdf, _pages) in zip(parts, rendered)]


def join_pdfs(documents: list[tuple[str, bytes]], *, title: str) -> bytes:
    """PDFs joined in order, each with a top-level bookmark; the same input gives the same bytes."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject

    writer = PdfWriter()
    try:
        for outline_title, data in documents:
            writer.append(PdfReader(io.BytesIO(data)), outline_item=outline_title)
    except Exception as exc:  # pypdf raises its own and built-in error types for odd files
        raise RenderError(f"the consultation pack PDF cannot be assembled ({type(exc).__name__}: {exc})") from None
    writer.add_metadata({"/Title": title, "/Producer": "ehcpdocs"})
    writer.page_mode = "/UseOutlines"
    # pypdf would make a random file identifier; one derived from the content keeps output stable.
    identifier = ByteStringObject(hashlib.md5(b"".join(data for _, data in documents)).digest())
    writer._ID = ArrayObject([identifier, identifier])
    buffer = io.BytesIO()
    writer.write(buffer)
    from ..pdf.pdfua import retag_merged

    # pypdf copies the pages, not the structure: the parts' trees become one, so the pack stays tagged
    return retag_merged(buffer.getvalue(), [data for _, data in documents], title=title)


def join_docx(documents: list[bytes], labels: list[str] | None = None) -> bytes:
    """Word documents joined in order as one deterministic .docx.

    Each document becomes its own section starting on a new page, with its own page size,
    margins, headers and footers (docxcompose alone keeps only the first document's), and its
    own styles: a style that would look different in the joined document is kept under a name
    of its own, "Normal (Proposed plan)" (``labels`` name the documents). Pages are numbered
    through the whole document, as in the pack's PDF.
    """
    from docx import Document
    Composer = compat.composer()

    labels = list(labels or []) + [f"Part {number}" for number in range(len(labels or []) + 1, len(documents) + 1)]
    try:
        master = Document(io.BytesIO(documents[0]))
        composer = Composer(master)
        for data, label in zip(documents[1:], labels[1:]):
            document = Document(io.BytesIO(data))
            keep_own_styles(master.styles.element, document.styles.element, part_roots(document), label)
            close_last_section(master)
            composer.append(document)
            adopt_last_section(composer, document)
            complete_styles(master.styles.element, document.styles.element, part_roots(master))
        buffer = io.BytesIO()
        composer.save(buffer)
    except Exception as exc:  # docxcompose and python-docx raise many types for odd documents
        raise RenderError(f"the consultation pack Word document cannot be assembled ({type(exc).__name__}: {exc})") from None
    return deterministic_docx(buffer.getvalue())


def part_roots(document) -> list:
    """The XML roots of a python-docx document's parts other than its styles (body, headers,
    footers, notes, numbering)."""
    styles = document.styles.element
    roots = []
    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is not None and element is not styles:
            roots.append(element)
    return roots


def close_last_section(document) -> None:
    """End the document's last section with a paragraph holding a copy of its properties, so
    what is appended next starts a new section on a new page."""
    from docx.oxml import OxmlElement

    body = document.element.body
    properties = body.find(qn("w:sectPr"))
    paragraph = OxmlElement("w:p")
    paragraph_properties = OxmlElement("w:pPr")
    closing = copy.deepcopy(properties)
    for old_type in closing.findall(qn("w:type")):
        closing.remove(old_type)
    paragraph_properties.append(closing)
    paragraph.append(paragraph_properties)
    properties.addprevious(paragraph)


def adopt_last_section(composer, document) -> None:
    """Give the joined document's last section the appended document's section properties,
    with its headers and footers copied across."""
    body = composer.doc.element.body
    source = document.element.body.find(qn("w:sectPr"))
    if source is None:
        return
    adopted = copy.deepcopy(source)
    for numbering in adopted.findall(qn("w:pgNumType")):
        numbering.attrib.pop(qn("w:start"), None)  # numbered through the whole document
    relationship_id = qn("r:id")
    for reference in adopted.findall(qn("w:headerReference")) + adopted.findall(qn("w:footerReference")):
        relationship = document.part.rels.get(reference.get(relationship_id))
        if relationship is None or relationship.is_external:
            adopted.remove(reference)
            continue
        reference.set(relationship_id, copy_header_part(composer, relationship))
    body.replace(body.find(qn("w:sectPr")), adopted)


def copy_header_part(composer, relationship) -> str:
    """Copy a header or footer part (and what it refers to) into the joined document; its rId."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.parts.hdrftr import FooterPart, HeaderPart

    source = relationship.target_part
    is_header = relationship.reltype == RT.HEADER
    package = composer.doc.part.package
    partname = package.next_partname("/word/header%d.xml" if is_header else "/word/footer%d.xml")
    part = (HeaderPart if is_header else FooterPart).load(partname, source.content_type, source.blob, package)
    renamed: dict[str, str] = {}
    for element in part.element.iter():
        for attribute in RELATIONSHIP_ATTRIBUTES:
            old = element.get(attribute)
            if old is None or old not in source.rels:
                continue
            if old not in renamed:
                renamed[old] = composer.add_relationship(source, part, source.rels[old]).rId
            element.set(attribute, renamed[old])
    return composer.doc.part.relate_to(part, relationship.reltype)


def consultation_pack(
    review: Any,
    plan: Any,
    *,
    templates: TemplatesArg = None,
    notice_date: date | None = None,
    review_name: str | None = None,
) -> ConsultationPack:
    """The notice, the marked-up plan and the Annex 2 report, and the pack joining them.

    The plan is amended once and both forms are made from that amendment summary. The review
    needs the Annex 2 mandatory fields; every missing one is listed in one ``ReviewDataError``.
    """
    from ..api import amend

    review_name = source_label(review, review_name)
    model = load_annex2_review(review, review_name)
    result = amend(plan, model, review_name=review_name)
    if not result.amended:
        raise InputError("the review proposes no amendments, so there is no consultation to send", file=review_name)
    notice = render_notice(model, templates=templates, notice_date=notice_date, summary=result.summary, review_name=review_name)
    effective_notice = notice.details["notice_date"]
    annex2 = render_annex2(model, templates=templates, notice_date=effective_notice, summary=result.summary, review_name=review_name)
    warnings = list(dict.fromkeys(result.summary.get("warnings", []) + notice.warnings + annex2.warnings))
    return ConsultationPack(plan_id=model.plan_id, notice=notice, annex2=annex2, amend_result=result, warnings=warnings)
