"""Word table styles in the PDF: conditional formatting (header row, first and last column,
banded rows and columns, last row) chosen by w:tblLook, and patterned shading."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from lxml import etree
from pdfhelpers import W, docx_bytes, pdf_text
from pypdf import PdfReader

from ehcpdocs.pdf import render_pdf
from ehcpdocs.pdf.lines import rgb
from ehcpdocs.pdf.styles import shading_colour

HEADER, FIRST_COL, LAST_COL, LAST_ROW, BAND1, BAND2, VBAND1 = (
    "1F4E79", "FFF2CC", "FCE4D6", "E2EFDA", "DEEAF6", "F2F2F2", "EDEDED")

STYLE = f"""
<w:style xmlns:w="{W}" w:type="table" w:styleId="PlanGrid">
  <w:name w:val="Plan Grid"/>
  <w:basedOn w:val="TableNormal"/>
  <w:tblPr>
    <w:tblStyleRowBandSize w:val="1"/><w:tblStyleColBandSize w:val="1"/>
    <w:tblBorders><w:top w:val="single" w:sz="4" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:color="000000"/>
      <w:insideH w:val="single" w:sz="4" w:color="000000"/></w:tblBorders>
  </w:tblPr>
  <w:tblStylePr w:type="band1Vert"><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{VBAND1}"/></w:tcPr></w:tblStylePr>
  <w:tblStylePr w:type="band1Horz"><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{BAND1}"/></w:tcPr></w:tblStylePr>
  <w:tblStylePr w:type="band2Horz"><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{BAND2}"/></w:tcPr></w:tblStylePr>
  <w:tblStylePr w:type="firstCol"><w:rPr><w:i/></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{FIRST_COL}"/></w:tcPr></w:tblStylePr>
  <w:tblStylePr w:type="lastCol"><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{LAST_COL}"/></w:tcPr></w:tblStylePr>
  <w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEADER}"/></w:tcPr></w:tblStylePr>
  <w:tblStylePr w:type="lastRow"><w:rPr><w:b/></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{LAST_ROW}"/></w:tcPr></w:tblStylePr>
</w:style>"""


def styled_table_docx(look: dict[str, str] | None, rows: int = 6, cols: int = 4, shading: dict | None = None) -> bytes:
    """A document with one table in the "Plan Grid" style; ``look`` the w:tblLook attributes."""
    document = Document()
    document.styles.element.append(etree.fromstring(STYLE))
    table = document.add_table(rows=rows, cols=cols)
    table.style = document.styles["Plan Grid"]
    for r in range(rows):
        for c in range(cols):
            table.cell(r, c).text = f"r{r}c{c}"
    tblpr = table._tbl.tblPr
    for old in tblpr.findall(f"{{{W}}}tblLook"):
        tblpr.remove(old)
    if look is not None:
        element = etree.SubElement(tblpr, f"{{{W}}}tblLook")
        for name, value in look.items():
            element.set(f"{{{W}}}{name}", value)
    if shading:
        for (r, c), attributes in shading.items():
            tcpr = table.cell(r, c)._tc.get_or_add_tcPr()
            shd = etree.SubElement(tcpr, f"{{{W}}}shd")
            for name, value in attributes.items():
                shd.set(f"{{{W}}}{name}", value)
    return docx_bytes(document)


def page_content(pdf: bytes) -> str:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return page.get_contents().get_data().decode("latin-1")


_FILL = re.compile(r"([\d.]+(?: [\d.]+){2}) rg ([\d.-]+) ([\d.-]+) ([\d.-]+) ([\d.-]+) re f")


def cell_fills(pdf: bytes, cols: int) -> list[list[str]]:
    """The background fills drawn, as rows (top first) of colour operands, left to right."""
    fills = [(colour, float(x), float(y)) for colour, x, y, _w, _h in _FILL.findall(page_content(pdf))]
    by_row: dict[float, list] = {}
    for colour, x, y in fills:
        by_row.setdefault(round(y, 1), []).append((x, colour))
    return [[colour for _x, colour in sorted(cells)] for _y, cells in sorted(by_row.items(), reverse=True)]


ALL_ON = {"firstRow": "1", "lastRow": "1", "firstColumn": "1", "lastColumn": "1", "noHBand": "0", "noVBand": "1"}


@pytest.mark.parametrize("look", [ALL_ON, {"val": "01E0"}], ids=["attributes", "hex-val"])
def test_conditional_formatting_follows_tbllook(look):
    # 01E0: first row, last row, first column, last column; no vertical bands (0x0400 off, so
    # vertical bands are on in the hex form: the inner columns take band1Vert where no row band wins).
    pdf = render_pdf(styled_table_docx(look)).pdf
    rows = cell_fills(pdf, 4)
    assert len(rows) == 6
    assert rows[0] == [rgb(f"#{HEADER}")] * 4  # the header row wins over the columns
    assert rows[-1] == [rgb(f"#{LAST_ROW}")] * 4
    for index, row in enumerate(rows[1:-1]):
        band = BAND1 if index % 2 == 0 else BAND2
        assert row == [rgb(f"#{FIRST_COL}"), rgb(f"#{band}"), rgb(f"#{band}"), rgb(f"#{LAST_COL}")], (index, row)
    content = page_content(pdf)
    assert f"{rgb('#FFFFFF')} rg" in content  # the header row's white text
    assert "r0c0" in pdf_text(pdf)


def test_tbllook_switches_turn_formats_off():
    pdf = render_pdf(styled_table_docx({"firstRow": "0", "lastRow": "0", "firstColumn": "0", "lastColumn": "0",
                                        "noHBand": "1", "noVBand": "0"})).pdf
    rows = cell_fills(pdf, 4)
    # Only vertical bands remain: the first, third ... columns (band1Vert) are shaded.
    assert all(row == [rgb(f"#{VBAND1}")] * 2 for row in rows), rows
    assert f"{rgb('#FFFFFF')} rg" not in page_content(pdf)
    fills = _FILL.findall(page_content(pdf))
    assert len({round(float(x), 1) for _c, x, _y, _w, _h in fills}) == 2  # columns 1 and 3


def test_hex_look_with_header_only():
    rows = cell_fills(render_pdf(styled_table_docx({"val": "0620"})).pdf, 4)  # first row, no bands
    assert rows == [[rgb(f"#{HEADER}")] * 4]


def test_a_cells_own_shading_wins_over_the_style():
    pdf = render_pdf(styled_table_docx(ALL_ON, shading={(2, 1): {"val": "clear", "color": "auto", "fill": "FF0000"}})).pdf
    assert cell_fills(pdf, 4)[2][1] == rgb("#FF0000")


@pytest.mark.parametrize("attributes, expected", [
    ({"val": "pct25", "color": "000000", "fill": "FFFFFF"}, "#BFBFBF"),
    ({"val": "pct50", "color": "auto", "fill": "auto"}, "#808080"),
    ({"val": "pct10", "color": "1F4E79", "fill": "FFFFFF"}, "#E9EDF2"),
    ({"val": "diagCross", "color": "FF0000", "fill": "FFFFFF"}, "#FFAAAA"),
    ({"val": "horzStripe", "color": "0000FF", "fill": "FFFF00"}, "#AAAA55"),
    ({"val": "thinHorzStripe", "color": "000000", "fill": "FFFFFF"}, "#AAAAAA"),
    ({"val": "solid", "color": "00B050", "fill": "FFFFFF"}, "#00B050"),
    ({"val": "clear", "color": "FF0000", "fill": "DEEAF6"}, "#DEEAF6"),
])
def test_patterned_shading_blends_pattern_over_fill(attributes, expected):
    element = etree.Element(f"{{{W}}}shd", {f"{{{W}}}{k}": v for k, v in attributes.items()})
    assert shading_colour(element) == expected
    document = Document()
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Shaded"
    shd = etree.SubElement(table.cell(0, 0)._tc.get_or_add_tcPr(), f"{{{W}}}shd")
    for name, value in attributes.items():
        shd.set(f"{{{W}}}{name}", value)
    assert f"{rgb(expected)} rg" in page_content(render_pdf(docx_bytes(document)).pdf)


def test_patterned_paragraph_and_run_shading():
    document = Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run("Run shaded with a pattern")
    rpr = run._r.get_or_add_rPr()
    etree.SubElement(rpr, f"{{{W}}}shd", {f"{{{W}}}val": "pct20", f"{{{W}}}color": "FF0000", f"{{{W}}}fill": "FFFFFF"})
    content = page_content(render_pdf(docx_bytes(document)).pdf)
    assert f"{rgb('#FFCCCC')} rg" in content


HEADER_FRAME = f"""
<w:style xmlns:w="{W}" w:type="table" w:styleId="FramedHeader">
  <w:name w:val="Framed Header"/>
  <w:tblStylePr w:type="firstRow"><w:tcPr><w:tcBorders>
    <w:top w:val="single" w:sz="24" w:color="FF0000"/><w:left w:val="single" w:sz="24" w:color="FF0000"/>
    <w:bottom w:val="single" w:sz="24" w:color="FF0000"/><w:right w:val="single" w:sz="24" w:color="FF0000"/>
    <w:insideV w:val="nil"/></w:tcBorders></w:tcPr></w:tblStylePr>
</w:style>"""


def red_strokes(pdf: bytes) -> list[tuple[float, float, float, float]]:
    """The red border lines drawn, as (x1, y1, x2, y2)."""
    strokes, red = [], False
    for line in page_content(pdf).splitlines():
        if " RG " in line:
            red = line.startswith(f"{rgb('#FF0000')} RG")
            continue
        found = re.fullmatch(r"([\d.-]+) ([\d.-]+) m ([\d.-]+) ([\d.-]+) l S", line.strip())
        if red and found:
            strokes.append(tuple(float(value) for value in found.groups()))
    return strokes


def test_a_conditional_formats_borders_frame_its_region():
    document = Document()
    document.styles.element.append(etree.fromstring(HEADER_FRAME))
    table = document.add_table(rows=3, cols=3)
    table.style = document.styles["Framed Header"]
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"r{r}c{c}"
    strokes = red_strokes(render_pdf(docx_bytes(document)).pdf)
    vertical = [s for s in strokes if abs(s[0] - s[2]) < 0.01]
    horizontal = [s for s in strokes if abs(s[1] - s[3]) < 0.01]
    assert len(horizontal) == 2  # the header's top and bottom, each one line across the table
    assert len(vertical) == 2  # its left and right ends only: no red line between its cells
    xs = sorted(s[0] for s in vertical)
    assert all(min(h[0], h[2]) == pytest.approx(xs[0]) and max(h[0], h[2]) == pytest.approx(xs[1]) for h in horizontal)
