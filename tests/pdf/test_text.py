"""Every visible word of a document reaches the PDF, in order, and unreadable files fail as elsewhere."""

from __future__ import annotations

import pytest
from pdfhelpers import document_words, is_subsequence, missing_words, order_misses, pdf_text, wild_files, words

from ehcpdocs.docx.package import open_package
from ehcpdocs.errors import DocumentError
from ehcpdocs.pdf import render_pdf, to_pdf


def test_generated_document_words_in_order(sample_docx, sample_result):
    expected = document_words(sample_docx)
    found = words(pdf_text(sample_result.pdf))
    ok, index = is_subsequence(expected, found)
    assert ok, f"word {index} ({expected[index]!r}) missing or out of order"
    assert {"zoë", "nguyễn", "siobhán", "łucja"} <= set(found)


def test_generated_document_shows_page_fields(sample_result):
    text = pdf_text(sample_result.pdf)
    assert f"Page 1 of {sample_result.pages}" in text
    assert "Lowmoor council header" in text


def test_numbered_list_labels(sample_result):
    text = pdf_text(sample_result.pdf)
    for label, item in (("1.", "first"), ("2.", "second"), ("3.", "third")):
        assert f"{label}" in text and item in text
    assert text.index("1.") < text.index("first numbered point")


@pytest.mark.parametrize("path", wild_files(), ids=lambda p: p.name)
def test_wild_corpus(path):
    data = path.read_bytes()
    try:
        package = open_package(data, name=path.name)
        package.xml(package.main_part)
    except DocumentError as error:
        with pytest.raises(type(error)):
            to_pdf(data)
        return
    result = render_pdf(data)
    assert result.pdf.startswith(b"%PDF") and result.pages >= 1
    expected = document_words(data)
    found = words(pdf_text(result.pdf))
    rtl = b"<w:bidi" in data or b"<w:rtl" in data or any(0x590 <= ord(ch) <= 0x6FF for ch in "".join(expected))
    assert not missing_words(expected, found, rtl=rtl)
    if not rtl:
        # Floating frames and text boxes can put a few words elsewhere in reading order.
        assert order_misses(expected, found) <= max(2, len(expected) // 100)
