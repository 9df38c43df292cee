"""The amended and final sample plans as PDF: every word, in order, struck and bold where Word
shows them so."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from ehcpdocs.api import amend

from builders import SAMPLE_IDS, sample_plan, sample_review
from pdfhelpers import document_words, missing_words, order_misses, pdf_text, words
from readback import paragraphs


@pytest.fixture(scope="module", params=SAMPLE_IDS)
def result(request):
    return amend(sample_plan(request.param), sample_review(request.param))


def drawn(pdf: bytes) -> list[tuple[str, str]]:
    """(text, font name) of every piece of text drawn, page by page."""
    pieces = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        def visit(text, cm, tm, font_dict, font_size):
            if text.strip():
                pieces.append((text, str(font_dict.get("/BaseFont", "")) if font_dict else ""))

        page.extract_text(visitor_text=visit)
    return pieces


@pytest.mark.parametrize("which", ["amended", "final"])
def test_every_word_in_reading_order(result, which):
    docx = getattr(result, f"{which}_docx")
    expected = document_words(docx)
    found = words(pdf_text(getattr(result, f"{which}_pdf")))
    assert not missing_words(expected, found)
    # a table row split across a page break reads its cells' first lines, then the rest
    assert order_misses(expected, found) <= max(2, len(expected) // 100)


def test_added_words_are_drawn_bold(result):
    added = [text for runs in paragraphs(result.amended_docx) for text, _, _, style in runs
             if style and style.startswith("EhcpAddition") and len(text.split()) >= 3]
    assert added
    pieces = drawn(result.amended_pdf)
    probe = max(added[0].split(), key=len)
    fonts = {font for text, font in pieces if probe in text}
    assert any("Bold" in font for font in fonts), (probe, fonts)


def test_final_pdf_has_no_struck_words(result):
    struck = [text for runs in paragraphs(result.amended_docx) for text, _, _, style in runs
              if style and style.startswith("EhcpDeletion") and len(text) > 25]
    final_text = " ".join(pdf_text(result.final_pdf).split())
    for text in struck:
        assert " ".join(text.split()) not in final_text
