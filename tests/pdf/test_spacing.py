"""Vertical spacing and header/footer tab lines laid out as Word and LibreOffice do."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Pt
from pdfhelpers import docx_bytes
from pypdf import PdfReader

from ehcpdocs.pdf import render_pdf


def baselines(pdf: bytes, page: int = 0) -> dict[str, float]:
    """The baseline (y, points from the page foot) of the first piece drawn of each first word."""
    found: dict[str, float] = {}

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            found.setdefault(text.split()[0], tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return found


def _heading_gap(space_after: float, empty_paragraph: bool = False) -> float:
    """Points between the baselines of a paragraph's last line and the heading after it."""
    document = Document()
    document.styles["Normal"].paragraph_format.space_after = Pt(space_after)
    document.styles["Normal"].paragraph_format.line_spacing = 1.0
    document.add_paragraph("Before the heading.")
    if empty_paragraph:
        document.add_paragraph()
    heading = document.add_heading("Section A: Views, interests and aspirations", 1)
    heading.paragraph_format.space_before = Pt(24)
    document.add_paragraph("After the heading.")
    found = baselines(render_pdf(docx_bytes(document)).pdf)
    return found["Before"] - found["Section"]


def test_spacing_before_a_heading_overlaps_the_space_after():
    # The larger of the space after a paragraph and the space before the (bookmarked) heading
    # separates them, as Word and LibreOffice lay them out; the two are not added.
    gap = _heading_gap(10)
    assert _heading_gap(20) == pytest.approx(gap)
    assert _heading_gap(30) == pytest.approx(gap + 6)


def test_empty_paragraph_adds_its_line_and_spacing_once():
    line = 11 * 1.149  # Normal: 11 pt Calibri (Carlito), single spacing
    # after "Before": 10 pt, the empty line, then max(10 pt after it, 24 pt before the heading)
    assert _heading_gap(10, empty_paragraph=True) - _heading_gap(10) == pytest.approx(10 + line, abs=0.5)


def test_footer_with_an_empty_centre_stop_stays_on_one_line():
    document = Document()
    document.add_paragraph("Body text.")
    footer = document.sections[0].footer.paragraphs[0]
    stops = footer.paragraph_format.tab_stops
    stops.add_tab_stop(Pt(234), WD_TAB_ALIGNMENT.CENTER)
    stops.add_tab_stop(Pt(468), WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run("Penbridge City Council – Education, Health and Care Plan\t\tOFFICIAL")
    lines = set()

    def visit(text, cm, tm, font_dict, font_size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and y < 72:
            lines.add(round(y, 1))

    PdfReader(io.BytesIO(render_pdf(docx_bytes(document)).pdf)).pages[0].extract_text(visitor_text=visit)
    assert len(lines) == 1


def _gap_after(border: bool) -> float:
    """Points between the baselines of a paragraph (bottom border or none) and the heading after it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    paragraph = document.add_paragraph("Bordered paragraph.")
    paragraph.paragraph_format.space_after = Pt(15)
    if border:
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for name, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "4"), ("w:color", "4F81BD")):
            bottom.set(qn(name), value)
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().append(borders)
    heading = document.add_heading("Section A: Views, interests and aspirations", 1)
    heading.paragraph_format.space_before = Pt(24)
    found = baselines(render_pdf(docx_bytes(document)).pdf)
    return found["Bordered"] - found["Section"]


def test_a_bottom_border_keeps_the_spacing_overlap():
    # Word draws the border 4 pt under the text inside the paragraph; the 15 pt after it and
    # the heading's 24 pt before still overlap, so the border adds only its distance and width.
    assert _gap_after(True) - _gap_after(False) == pytest.approx(4 + 1, abs=1.0)
