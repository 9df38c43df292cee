"""The native engine's own layout: lines of a paragraph and rows of a table, across pages."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from pdfhelpers import docx_bytes, pdf_text, words
from pypdf import PdfReader

from ehcpdocs.pdf import fonts, render_pdf
from ehcpdocs.pdf.lines import BREAK, PLAIN, LineParagraph, LineStyle, Span, rgb


def _paragraph(*texts, width_style=None) -> LineParagraph:
    face = fonts.face("sans", False, False).name
    spans = [BREAK if text is BREAK else Span(face, 11.0, PLAIN, text) for text in texts]
    return LineParagraph(spans, width_style or LineStyle(leading=12.6))


def _line_texts(paragraph: LineParagraph) -> list[str]:
    return ["".join(text for _span, text, _width in line.pieces) for line in paragraph.lines]


def test_lines_break_at_spaces_within_the_width():
    text = "Zoë needs support from a trained adult to access learning with short tasks " * 6
    paragraph = _paragraph(text)
    paragraph.wrap(200, 1000)
    assert len(paragraph.lines) > 3
    assert all(line.width <= 200 + 1e-6 for line in paragraph.lines)
    assert " ".join(" ".join(_line_texts(paragraph)).split()) == " ".join(text.split())


def test_a_word_wider_than_the_line_is_cut_between_characters():
    paragraph = _paragraph("Antidisestablishmentarianism" * 3)
    paragraph.wrap(60, 1000)
    assert len(paragraph.lines) > 3
    assert "".join(_line_texts(paragraph)) == "Antidisestablishmentarianism" * 3


def test_line_breaks_start_new_lines_and_spans_run_on():
    paragraph = _paragraph("first line", BREAK, "second ", "line")
    paragraph.wrap(400, 1000)
    assert _line_texts(paragraph) == ["first line", "second line"]


def test_split_keeps_every_word_once_in_order():
    text = " ".join(f"word{index}" for index in range(300))
    paragraph = _paragraph(text)
    _width, height = paragraph.wrap(150, 10000)
    head, tail = paragraph.split(150, height / 3)
    assert head.wrap(150, 10000)[1] <= height / 3 + 1e-6
    joined = " ".join(_line_texts(head) + _line_texts(tail))
    assert joined.split() == text.split()
    # the rest lays out again at another width without losing anything
    tail.wrap(300, 10000)
    assert " ".join(_line_texts(tail)).split() == text.split()[len(" ".join(_line_texts(head)).split()):]


def test_paragraph_that_fits_does_not_split():
    paragraph = _paragraph("short text")
    paragraph.wrap(300, 100)
    assert paragraph.split(300, 100) == []


def _header_row(row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))


def test_header_row_repeats_on_every_page_of_a_long_table():
    document = Document()
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text = "Provisionheading"
    table.cell(0, 1).text = "Frequencyheading"
    _header_row(table.rows[0])
    for index in range(150):
        cells = table.add_row().cells
        cells[0].text = f"Provision row {index}"
        cells[1].text = "weekly"
    result = render_pdf(docx_bytes(document))
    assert result.pages >= 3
    reader = PdfReader(io.BytesIO(result.pdf))
    for page in reader.pages:
        assert "Provisionheading" in page.extract_text()
    found = words(pdf_text(result.pdf))
    rows = [int(found[i + 2]) for i, word in enumerate(found[:-2]) if word == "provision" and found[i + 1] == "row"]
    assert rows == list(range(150))


def test_a_row_taller_than_a_page_splits_and_keeps_its_text():
    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    long_text = " ".join(f"outcome{index}" for index in range(900))
    table.cell(0, 0).text = "Outcome"
    table.cell(0, 1).text = "Steps"
    table.cell(1, 0).text = long_text
    table.cell(1, 1).text = "short steps"
    result = render_pdf(docx_bytes(document))
    assert result.pages >= 2
    found = words(pdf_text(result.pdf))
    numbers = [int(found[i + 1]) for i, word in enumerate(found[:-1]) if word == "outcome" and found[i + 1].isdigit()]
    assert numbers == list(range(900))


def test_vertically_merged_cell_has_no_line_inside_it():
    document = Document()
    table = document.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).merge(table.cell(2, 0))
    table.cell(0, 0).text = "merged"
    for row in range(3):
        table.cell(row, 1).text = f"right{row}"
    shading = OxmlElement("w:shd")
    shading.set(qn("w:fill"), "D9E2F3")
    table.cell(0, 1)._tc.get_or_add_tcPr().append(shading)
    pdf = render_pdf(docx_bytes(document)).pdf
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    horizontal = {}
    for line in content.splitlines():
        parts = line.split()
        if len(parts) == 7 and parts[2] == "m" and parts[5] == "l" and parts[1] == parts[4]:
            horizontal.setdefault(float(parts[1]), []).append((float(parts[0]), float(parts[3])))
    assert len(horizontal) == 4  # top, two lines inside the right column, bottom
    left_column_edge = min(x1 for spans in horizontal.values() for x1, _x2 in spans)
    inner = sorted(horizontal)[1:-1]
    assert all(x1 > left_column_edge + 10 for y in inner for x1, _x2 in horizontal[y])
    assert f"{rgb('#D9E2F3')} rg" in content  # the shaded cell
    assert words(pdf_text(pdf))[:3] == ["merged", "right", "0"]


def test_one_span_shortcut_breaks_lines_as_the_general_breaker_does():
    from ehcpdocs.pdf.lines import break_lines, break_words, tokens

    face = fonts.face("sans", False, False).name
    text = "Small-group literacy three times thirty minutes weekly with a trained teaching assistant " * 3
    span = Span(face, 11.0, PLAIN, text)
    for width in (120, 250, 451):
        quick = break_words(span, width - 20, width)
        general = break_lines(tokens([(span, span.text)]), width - 20, width)
        assert quick is not None
        assert [(line.pieces[0][1], round(line.width, 6)) for line in quick] == [
            ("".join(text for _s, text, _w in line.pieces).rstrip(" "), round(line.width, 6)) for line in general]
