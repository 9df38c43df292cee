"""Work done once and shared gives what doing it each time gave: headers and footers converted
once per part with page numbers filled in per page, tab lines, a table's cells drawn as one text
object, text encoded into more than one font subset, remembered word widths."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Pt
from pdfhelpers import add_field, docx_bytes
from pypdf import PdfReader
from test_rendering import horizontal_lines, text_pieces

from ehcpdocs.pdf import fonts, render_pdf
from ehcpdocs.pdf.lines import MAX_REMEMBERED_WIDTHS, Widths


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_each_page_shows_its_own_number_and_the_total():
    document = Document()
    for index in range(3):
        document.add_paragraph(f"Body page {index + 1}.")
        if index < 2:
            document.add_page_break()
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = "Page "
    add_field(footer, "PAGE")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES")
    texts = page_texts(render_pdf(docx_bytes(document)).pdf)
    assert len(texts) == 3
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of 3" in text


def test_page_numbers_in_a_header_table_are_filled_in_per_page():
    document = Document()
    document.add_paragraph("One.")
    document.add_page_break()
    document.add_paragraph("Two.")
    header = document.sections[0].header
    table = header.add_table(rows=1, cols=2, width=Pt(400))
    table.cell(0, 0).text = "Plan LCC-EHCP-1001"
    cell = table.cell(0, 1).paragraphs[0]
    cell.text = "Sheet "
    add_field(cell, "PAGE")
    texts = page_texts(render_pdf(docx_bytes(document)).pdf)
    assert len(texts) == 2
    for number, text in enumerate(texts, 1):
        assert "Plan LCC-EHCP-1001" in text and f"Sheet {number}" in text


def test_a_numbered_header_paragraph_keeps_its_label_on_every_page():
    document = Document()
    document.add_paragraph("One.")
    document.add_page_break()
    document.add_paragraph("Two.")
    header = document.sections[0].header.paragraphs[0]
    header.text = "numbered header line"
    header.style = document.styles["List Number"]
    texts = page_texts(render_pdf(docx_bytes(document)).pdf)
    for text in texts:
        assert "1." in text and "numbered header line" in text
        assert "2." not in text.split("numbered header line")[0]


def test_a_tab_line_starts_at_the_paragraph_indent():
    document = Document()
    section = document.sections[0]
    paragraph = document.add_paragraph("Left part\tRight part")
    paragraph.paragraph_format.left_indent = Pt(36)
    paragraph.paragraph_format.tab_stops.add_tab_stop(section.page_width - section.left_margin - section.right_margin,
                                                      WD_TAB_ALIGNMENT.RIGHT)
    pieces = text_pieces(render_pdf(docx_bytes(document)).pdf)
    left = next(piece for piece in pieces if "Left part" in piece[0])
    right = next(piece for piece in pieces if "Right part" in piece[0])
    assert left[2] == _approx(section.left_margin.pt + 36)
    assert right[2] > left[2] + 200  # pushed to the right margin, on the same line
    assert right[3] == _approx(left[3])


def test_struck_and_underlined_words_in_table_cells_are_drawn():
    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    for row in table.rows:
        for cell in row.cells:
            cell.text = "plain"
    struck = table.cell(1, 0).paragraphs[0].add_run(" gone")
    struck.font.strike = True
    under = table.cell(1, 1).paragraphs[0].add_run(" stressed")
    under.font.underline = True
    pdf = render_pdf(docx_bytes(document)).pdf
    pieces = text_pieces(pdf)
    words = " ".join(piece[0] for piece in pieces)
    assert words.count("plain") == 4 and "gone" in words and "stressed" in words
    lines = horizontal_lines(pdf)
    borders = [line for line in lines if line[1] - line[0] > 300]
    marks = [line for line in lines if line[1] - line[0] <= 300]
    assert len(marks) == 2  # one strike, one underline; the rest are the grid's borders
    _text, _font, _x, baseline, size = next(piece for piece in pieces if "gone" in piece[0])
    middle = (borders[0][0] + borders[0][1]) / 2
    strike, underline = sorted(marks, key=lambda line: line[0])
    assert strike[1] < middle < underline[0]  # "gone" in the first column, "stressed" in the second
    assert strike[2] == _approx(baseline + size * 0.28)
    assert underline[2] == _approx(baseline - size * 0.12)
    for x1, x2, _y in marks:
        assert 15 < x2 - x1 < 60  # under or through one word, not the whole cell


def test_text_with_more_characters_than_one_font_subset_holds():
    # Greek, Cyrillic and Latin Extended: over 256 distinct characters drawn in one face.
    alphabets = [range(0x391, 0x3CA), range(0x410, 0x450), range(0x100, 0x17F), range(0x1E00, 0x1E50)]
    characters = "".join(chr(code) for block in alphabets for code in block if chr(code).isalpha())
    assert len(set(characters)) > 256
    words = [characters[start:start + 12] for start in range(0, len(characters), 12)]
    document = Document()
    document.add_paragraph(" ".join(words))
    text = "".join(page_texts(render_pdf(docx_bytes(document)).pdf))
    assert "".join(text.split()) == "".join(words)


def test_remembered_widths_are_reportlab_widths_and_bounded():
    name = fonts.face("carlito", False, False).name
    from reportlab.pdfbase.pdfmetrics import getFont

    font = getFont(name)
    widths = Widths(font, 11.0)
    for index in range(MAX_REMEMBERED_WIDTHS + 10):
        word = f"w{index}"
        assert widths[word] == font.stringWidth(word, 11.0)
    assert len(widths) <= MAX_REMEMBERED_WIDTHS


def _approx(value: float):
    import pytest

    return pytest.approx(value, abs=0.6)


def test_subset_codes_are_reportlabs_own():
    # The first character outside ASCII gets code 0, which the compiled table cannot hold, and a
    # no-break space is drawn as the space: both must still come out as reportlab codes them.
    from reportlab.pdfbase.pdfdoc import PDFDocument
    from reportlab.pdfbase.pdfmetrics import getFont
    from reportlab.pdfbase.ttfonts import TTFont

    font = getFont(fonts.face("carlito", False, False).name)
    ours, reportlabs = PDFDocument(), PDFDocument()
    encoder = font.encoder(ours)
    greek = "".join(chr(code) for code in range(0x391, 0x3CA) if chr(code).isalpha())
    texts = ["Plan", "Zoë", "Zoë\u00a0Nguyễn", "ë", "Łucja and Siobhán", "plain again", "a\u00a0b",
             greek, "Zoë " + greek[::-1], "Zoë"]
    for text in texts:
        assert encoder.pieces(text) == TTFont.splitString(font, text, reportlabs), text


def test_a_heading_is_never_left_at_the_foot_of_a_page():
    moved = 0
    for fillers in range(36, 52):
        document = Document()
        for index in range(fillers):
            document.add_paragraph(f"Filler line {index}.")
        document.add_heading("Section F: Special educational provision", 1)
        document.add_paragraph("The provision the child needs. " * 12)
        texts = page_texts(render_pdf(docx_bytes(document)).pdf)
        heading_page = next(text for text in texts if "Section F" in text)
        after_heading = heading_page.split("Special educational provision", 1)[1]
        assert "The provision the child needs." in after_heading, fillers
        moved += heading_page.startswith("Section F") and f"Filler line {fillers - 1}." not in heading_page
    assert moved  # some filler counts left room for the heading alone: it went over with its text
