"""What the PDF draws: bold and struck text, tables, outline, metadata, pagination, determinism."""

from __future__ import annotations

import io
import re
import time

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt
from pdfhelpers import docx_bytes, pdf_text, words
from pypdf import PdfReader

from ehcpdocs.pdf import render_pdf, to_pdf

_LINE = re.compile(rb"([-\d.]+) ([-\d.]+) m ([-\d.]+) ([-\d.]+) l S")


def text_pieces(pdf: bytes, page: int = 0) -> list[tuple[str, str, float, float, float]]:
    """(text, font name, x, baseline y, size) of each text piece drawn on a page."""
    pieces = []
    reader = PdfReader(io.BytesIO(pdf))

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            name = str(font_dict.get("/BaseFont", "")) if font_dict else ""
            pieces.append((text, name, tm[4], tm[5], font_size * (tm[0] or 1)))

    reader.pages[page].extract_text(visitor_text=visit)
    return pieces


def horizontal_lines(pdf: bytes, page: int = 0) -> list[tuple[float, float, float]]:
    """(x1, x2, y) of the horizontal lines stroked on a page."""
    reader = PdfReader(io.BytesIO(pdf))
    data = reader.pages[page].get_contents().get_data()
    lines = []
    for match in _LINE.finditer(data):
        x1, y1, x2, y2 = (float(v) for v in match.groups())
        if abs(y1 - y2) < 0.01:
            lines.append((min(x1, x2), max(x1, x2), y1))
    return lines


def font_of(pieces, word: str) -> str:
    for text, font, *_ in pieces:
        if word in text:
            return font
    raise AssertionError(f"{word!r} not drawn")


def amended_document() -> bytes:
    document = Document()
    addition = document.styles.add_style("EhcpAddition", WD_STYLE_TYPE.CHARACTER)
    addition.font.bold = True
    deletion = document.styles.add_style("EhcpDeletion", WD_STYLE_TYPE.CHARACTER)
    deletion.font.strike = True
    paragraph = document.add_paragraph("Zoë keeps ")
    added = paragraph.add_run("newword")
    added.style = addition
    added.bold = True
    paragraph.add_run(" and ")
    removed = paragraph.add_run("oldword")
    removed.style = deletion
    removed.font.strike = True
    paragraph.add_run(" then ")
    twice = paragraph.add_run("twiceword")
    twice.font.double_strike = True
    paragraph.add_run(" plain.")
    styled = document.add_paragraph()
    styled.add_run("styleonly").style = addition
    return docx_bytes(document)


def test_additions_bold_deletions_struck():
    pdf = to_pdf(amended_document())
    pieces = text_pieces(pdf)
    assert "Bold" in font_of(pieces, "newword")
    assert "Bold" in font_of(pieces, "styleonly")
    assert "Bold" not in font_of(pieces, "keeps")
    assert "oldword" in pdf_text(pdf) and "twiceword" in pdf_text(pdf)


def single_run(**font) -> bytes:
    document = Document()
    deletion = document.styles.add_style("EhcpDeletion", WD_STYLE_TYPE.CHARACTER)
    deletion.font.strike = True
    run = document.add_paragraph().add_run("oldword")
    if font.pop("style", False):
        run.style = deletion
    for key, value in font.items():
        setattr(run.font, key, value)
    return docx_bytes(document)


@pytest.mark.parametrize(
    "font, expected",
    [({}, 0), ({"strike": True}, 1), ({"style": True}, 1), ({"style": True, "strike": True}, 1), ({"double_strike": True}, 2)],
)
def test_strike_lines_cross_the_text(font, expected):
    pdf = to_pdf(single_run(**font))
    (_text, _font, _x, baseline, size), = text_pieces(pdf)
    crossing = [line for line in horizontal_lines(pdf) if baseline < line[2] < baseline + size * 0.7]
    assert len(crossing) == expected


def test_table_cells_in_order_and_merged(sample_result):
    found = words(pdf_text(sample_result.pdf))
    # python-docx moves merged cells' text into the first cell: "delta golf" share a cell
    order = [found.index(word) for word in ("alpha", "bravo", "charlie", "delta", "golf", "echo", "foxtrot", "hotel", "india")]
    assert order == sorted(order)


def test_hyperlink_is_clickable(sample_result):
    reader = PdfReader(io.BytesIO(sample_result.pdf))
    uris = [annot.get_object()["/A"]["/URI"] for page in reader.pages for annot in page.get("/Annots", [])]
    assert "https://example.org/local-offer" in uris


def test_metadata_and_language(sample_result):
    reader = PdfReader(io.BytesIO(sample_result.pdf))
    assert reader.metadata.title == "Sample plan for Zoë"
    assert reader.metadata.author == "Test author"
    assert reader.trailer["/Root"]["/Lang"] == "en-US"  # the document's own w:lang (python-docx's template)


def test_title_falls_back_to_argument_then_heading():
    document = Document()
    document.core_properties.title = ""
    document.add_heading("Annual review notes", 0)
    data = docx_bytes(document)
    assert PdfReader(io.BytesIO(to_pdf(data, title="Given title"))).metadata.title == "Given title"
    assert PdfReader(io.BytesIO(to_pdf(data))).metadata.title == "Annual review notes"


def plan_document() -> bytes:
    document = Document()
    document.add_heading("Education, Health and Care Plan", 0)
    for letter in "ABCDEFGHIJK":
        document.add_heading(f"Section {letter}: Heading for {letter}", 1)
        document.add_paragraph(f"Content of section {letter}. " * 20)
    return docx_bytes(document)


def test_outline_has_each_section():
    reader = PdfReader(io.BytesIO(to_pdf(plan_document())))
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    for letter in "ABCDEFGHIJK":
        assert any(title.startswith(f"Section {letter}") for title in titles), titles


def test_deterministic_bytes(sample_docx):
    assert to_pdf(sample_docx) == to_pdf(sample_docx)


def test_concurrent_renders_match(sample_docx):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: to_pdf(sample_docx), range(4)))
    assert len(set(results)) == 1


def test_three_hundred_paragraphs_paginate():
    document = Document()
    for index in range(300):
        document.add_paragraph(f"Paragraph number {index} about the child's progress in class. " * 3)
    result = render_pdf(docx_bytes(document))
    assert result.pages >= 10
    text = words(pdf_text(result.pdf))
    assert "299" in text and "0" in text


def test_fonts_cover_names_and_symbols(sample_result):
    text = pdf_text(sample_result.pdf)
    for name in ("Zoë", "Siobhán", "Łucja", "Nguyễn", "✓", "☐", "→"):
        assert name in text
    reader = PdfReader(io.BytesIO(sample_result.pdf))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("DejaVuSans" in font for font in fonts)


@pytest.mark.parametrize("word_font, bundled", [("Calibri", "Carlito"), ("Cambria", "Caladea"), ("Arial", "LiberationSans"),
                                                 ("Times New Roman", "LiberationSerif")])
def test_office_fonts_map_onto_their_metric_compatible_faces(word_font, bundled):
    document = Document()
    document.add_paragraph().add_run("Zoë's plan").font.name = word_font
    result = render_pdf(docx_bytes(document))
    pieces = text_pieces(result.pdf)
    assert bundled in font_of(pieces, "plan")
    assert not [warning for warning in result.warnings if "not bundled" in warning]


def absurd_document() -> bytes:
    document = Document()
    section = document.sections[0]
    section.left_margin = Pt(400)
    section.right_margin = Pt(400)
    document.add_paragraph("word " * 6000)
    table = document.add_table(rows=2, cols=3)
    for column in table._tbl.tblGrid.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol"):
        column.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w", "-500")
    table.cell(0, 0).text = "tall " * 4000
    table.cell(1, 2).text = "last cell"
    paragraph = document.add_paragraph("huge text")
    paragraph.runs[0].font.size = Pt(1600)
    big = document.add_table(rows=1200, cols=2)
    for row in big.rows:
        row.cells[0].text = "r"
    return docx_bytes(document)


def test_absurd_values_do_not_crash():
    start = time.perf_counter()
    result = render_pdf(absurd_document())
    assert result.pages > 5
    assert "last cell" in pdf_text(result.pdf)
    assert result.warnings
    assert time.perf_counter() - start < 30


def test_missing_image_part_warns():
    document = Document()
    paragraph = document.add_paragraph("before ")
    from docx.oxml import parse_xml

    drawing = parse_xml(
        '<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
        ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
        ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<wp:inline><wp:extent cx="914400" cy="914400"/><a:graphic><a:graphicData>'
        '<a:blip r:embed="rId999"/></a:graphicData></a:graphic></wp:inline></w:drawing>'
    )
    paragraph.add_run()._r.append(drawing)
    paragraph.add_run(" after")
    result = render_pdf(docx_bytes(document))
    assert "before" in pdf_text(result.pdf) and "after" in pdf_text(result.pdf)
    assert any("image" in message for message in result.warnings)


@pytest.mark.parametrize("engine", ["bogus"])
def test_unknown_engine(engine, sample_docx):
    from ehcpdocs.errors import RenderError

    with pytest.raises(RenderError):
        to_pdf(sample_docx, engine=engine)
