"""The renderer on documents no real plan looks like: absurd measurements, pathological sizes,
many threads at once. Every one gives a PDF (with a warning naming what was limited) or one
``RenderError`` naming the file, in bounded time and memory."""

from __future__ import annotations

import io
import random
import re
import subprocess
import sys
import textwrap
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from docx import Document
from docx.shared import Inches
from PIL import Image
from pypdf import PdfReader

from ehcpdocs.errors import EhcpDocsError, RenderError
from ehcpdocs.pdf import limits, render_pdf
from ehcpdocs.pdf import lines as lines_module
from ehcpdocs.pdf.units import FONT_SIZE, INDENT, PICTURE_SIZE, measure, to_int, twips, warnings_to

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SECT = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" '
        'w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>')
ABSURD = ["1e30", "-1e30", "NaN", "inf", "99999999999999999999", "-0", "", "abc", "9" * 5000, "1.5e308"]
UNITS = ["2.54cm", "72pt", "1in", "25.4mm", "6pc", "6pi", "1440", "-720", "12.5"]


# ----- building documents --------------------------------------------------------------------

def _package(document: Document | None = None) -> bytes:
    buffer = io.BytesIO()
    (document or Document()).save(buffer)
    return buffer.getvalue()


_BLANK = _package()


def replace_parts(docx: bytes, parts: dict[str, bytes], *, store: tuple[str, ...] = ()) -> bytes:
    """A package with some parts replaced or added (``store``: written uncompressed, so big
    repetitive test parts pass the zip-bomb check as ordinary files would)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = parts.get(info.filename, source.read(info.filename))
            target.writestr(info.filename, data,
                            compress_type=zipfile.ZIP_STORED if info.filename in store else zipfile.ZIP_DEFLATED)
        for name, data in parts.items():
            if name not in source.namelist():
                target.writestr(name, data)
    return out.getvalue()


def with_body(body: str, sect: str = SECT, base: bytes = _BLANK, parts: dict | None = None) -> bytes:
    """A python-docx package whose body is ``body`` (raw WordprocessingML) and ``sect``."""
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        xml = archive.read("word/document.xml").decode("utf8")
    start = xml.index("<w:body>") + len("<w:body>")
    end = xml.index("</w:body>")
    xml = xml[:start] + body + sect + xml[end:]
    return replace_parts(base, {"word/document.xml": xml.encode("utf8"), **(parts or {})}, store=("word/document.xml",))


def para(text: str = "Zoë reads with support.", ppr: str = "", rpr: str = "") -> str:
    return (f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr>'
            f'<w:t xml:space="preserve">{text}</w:t></w:r></w:p>')


def table(cell_xml: str = "", grid: str = '<w:gridCol w:w="4500"/><w:gridCol w:w="4500"/>', trpr: str = "",
          tblpr: str = "") -> str:
    cell = f'<w:tc><w:tcPr>{cell_xml}</w:tcPr>{para("cell")}</w:tc>'
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>{tblpr}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            f'<w:tr><w:trPr>{trpr}</w:trPr>{cell}{cell}</w:tr><w:tr>{cell}{cell}</w:tr></w:tbl>')


def numbering(start: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W_NS}">'
            f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
            '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1."/><w:pPr><w:ind w:left="720" w:hanging="360"/>'
            '</w:pPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
            '</w:numbering>').encode()


def _png(width: int = 40, height: int = 30, colour=(20, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def picture_docx(change=None, image: bytes | None = None, in_header: bool = False, pages: int = 1) -> bytes:
    """A document with one inline picture; ``change`` edits its document.xml (as text)."""
    document = Document()
    if in_header:
        document.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(image or _png()), width=Inches(1))
    else:
        document.add_picture(io.BytesIO(image or _png()), width=Inches(2))
    for index in range(pages):
        document.add_paragraph(f"page {index + 1}")
        if index < pages - 1:
            document.add_page_break()
    data = _package(document)
    if change is None:
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf8")
    return replace_parts(data, {"word/document.xml": change(xml).encode("utf8")})


def rendered(docx: bytes, **kwargs):
    """A render that must give a PDF pypdf can open."""
    result = render_pdf(docx, **kwargs)
    assert result.pdf.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(result.pdf)).pages) == result.pages >= 1
    return result


# ----- measurements limited to what Word allows --------------------------------------------------

def _extent(value: str):
    return lambda xml: re.sub(r'(<wp:extent cx=")\d+(")', rf"\g<1>{value}\g<2>", xml, count=1)


def _vml(value: str):
    def change(xml: str) -> str:
        start = xml.index("<w:drawing>")
        end = xml.index("</w:drawing>") + len("</w:drawing>")
        rid = re.search(r'r:embed="([^"]+)"', xml).group(1)
        pict = (f'<w:pict><v:shape style="width:{value};height:40pt"><v:imagedata r:id="{rid}"/></v:shape></w:pict>')
        return xml[:start] + pict + xml[end:]
    return change


MEASUREMENTS = {
    # name: (build(value) -> docx bytes, words the warning names)
    "page width": (lambda v: with_body(para(), SECT.replace('w:w="11906"', f'w:w="{v}"')), "page size"),
    "page height": (lambda v: with_body(para(), SECT.replace('w:h="16838"', f'w:h="{v}"')), "page size"),
    "top margin": (lambda v: with_body(para(), SECT.replace('w:top="1440"', f'w:top="{v}"')), "page margin"),
    "left margin": (lambda v: with_body(para(), SECT.replace('w:left="1440"', f'w:left="{v}"')), "page margin"),
    "header distance": (lambda v: with_body(para(), SECT.replace('w:header="708"', f'w:header="{v}"')), "page margin"),
    "gutter": (lambda v: with_body(para(), SECT.replace('w:gutter="0"', f'w:gutter="{v}"')), "gutter"),
    "left indent": (lambda v: with_body(para(ppr=f'<w:ind w:left="{v}"/>')), "paragraph indent"),
    "right indent": (lambda v: with_body(para(ppr=f'<w:ind w:right="{v}"/>')), "paragraph indent"),
    "hanging indent": (lambda v: with_body(para(ppr=f'<w:ind w:left="720" w:hanging="{v}"/>')), "paragraph indent"),
    "first-line indent": (lambda v: with_body(para(ppr=f'<w:ind w:firstLine="{v}"/>')), "paragraph indent"),
    "space before": (lambda v: with_body(para() + para(ppr=f'<w:spacing w:before="{v}"/>')), "paragraph spacing"),
    "space after": (lambda v: with_body(para(ppr=f'<w:spacing w:after="{v}"/>') + para()), "paragraph spacing"),
    "exact line": (lambda v: with_body(para(ppr=f'<w:spacing w:line="{v}" w:lineRule="exact"/>')), "line spacing"),
    "auto line": (lambda v: with_body(para(ppr=f'<w:spacing w:line="{v}" w:lineRule="auto"/>')), "line spacing"),
    "at-least line": (lambda v: with_body(para(ppr=f'<w:spacing w:line="{v}" w:lineRule="atLeast"/>')), "line spacing"),
    "tab stop": (lambda v: with_body(
        f'<w:p><w:pPr><w:tabs><w:tab w:val="right" w:pos="{v}"/></w:tabs></w:pPr><w:r><w:t>left</w:t></w:r>'
        '<w:r><w:tab/><w:t>right</w:t></w:r></w:p>'), "tab stop"),
    "font size": (lambda v: with_body(para(rpr=f'<w:sz w:val="{v}"/>')), "font size"),
    "style font size": (lambda v: with_body(para(ppr='<w:pStyle w:val="Heading1"/>'), base=_with_style_size(v)),
                        "font size"),
    "paragraph border width": (lambda v: with_body(para(ppr=(
        f'<w:pBdr><w:bottom w:val="single" w:sz="{v}" w:space="1" w:color="000000"/></w:pBdr>'))), "border width"),
    "paragraph border space": (lambda v: with_body(para(ppr=(
        f'<w:pBdr><w:top w:val="single" w:sz="4" w:space="{v}" w:color="000000"/></w:pBdr>'))), "distance from the text"),
    "cell border width": (lambda v: with_body(table(
        f'<w:tcBorders><w:top w:val="single" w:sz="{v}" w:color="FF0000"/></w:tcBorders>')), "border width"),
    "cell margin": (lambda v: with_body(table(tblpr=f'<w:tblCellMar><w:left w:w="{v}" w:type="dxa"/></w:tblCellMar>')),
                    "cell margin"),
    "grid column": (lambda v: with_body(table(grid=f'<w:gridCol w:w="{v}"/><w:gridCol w:w="4500"/>')), "column width"),
    "cell width dxa": (lambda v: with_body(table(f'<w:tcW w:w="{v}" w:type="dxa"/>', grid="")), "column width"),
    "cell width pct": (lambda v: with_body(table(f'<w:tcW w:w="{v}" w:type="pct"/>', grid="")), "per cent"),
    "row height": (lambda v: with_body(table(trpr=f'<w:trHeight w:val="{v}"/>')), "row height"),
    "grid before": (lambda v: with_body(table(trpr=f'<w:gridBefore w:val="{v}"/>')), "skipped grid columns"),
    "list start": (lambda v: with_body(para(ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'),
                                       parts={"word/numbering.xml": numbering(v)}), "number start"),
    "page number start": (lambda v: with_body(para(), SECT.replace("<w:pgSz", f'<w:pgNumType w:start="{v}" w:fmt="lowerLetter"/><w:pgSz')),
                          "number start"),
    "picture width (EMU)": (lambda v: picture_docx(_extent(v)), "picture size"),
    "picture width (VML)": (lambda v: picture_docx(_vml(v + "pt" if v and v[-1].isdigit() else v)), "picture size"),
}


def _with_style_size(value: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(_BLANK)) as archive:
        styles = archive.read("word/styles.xml").decode("utf8")
    styles = re.sub(r'(<w:style [^>]*w:styleId="Heading1".*?<w:sz w:val=")\d+(")', rf"\g<1>{value}\g<2>", styles,
                    count=1, flags=re.S)
    return replace_parts(_BLANK, {"word/styles.xml": styles.encode("utf8")})


def _expects_warning(name: str, value: str) -> bool:
    """Whether a value is outside what Word allows (or unreadable) for a measurement."""
    if name == "picture width (VML)":  # a VML style's lengths are read only when they look like lengths
        return value in ("99999999999999999999", "9" * 5000)
    if value == "-0":
        return name in ("font size", "style font size")  # 0 pt is below the 1 pt Word allows
    return True


@pytest.mark.parametrize("value", ABSURD)
@pytest.mark.parametrize("name", sorted(MEASUREMENTS))
def test_absurd_measurements_are_limited_with_a_warning(name, value):
    build, named = MEASUREMENTS[name]
    result = rendered(build(value))
    limited = [w for w in result.warnings if named in w and ("outside what Word allows" in w or "not a number" in w)]
    if _expects_warning(name, value):
        assert limited, (name, value, result.warnings)
    assert all(len(w) <= 300 and "\n" not in w for w in result.warnings)


@pytest.mark.parametrize("value", UNITS)
@pytest.mark.parametrize("name", ["left indent", "space before", "exact line", "tab stop", "grid column",
                                  "cell margin", "row height", "page width", "font size"])
def test_measurements_in_every_unit_word_writes(name, value):
    rendered(MEASUREMENTS[name][0](value))


@pytest.mark.parametrize("kind,value", [("pct", "50%"), ("pct", "2500"), ("auto", "0"), ("nil", "0"),
                                        ("dxa", "auto"), ("pct", "120%"), ("pct", "-5%")])
def test_cell_widths_in_per_cent_and_auto(kind, value):
    rendered(with_body(table(f'<w:tcW w:w="{value}" w:type="{kind}"/>', grid="")))


def test_the_limits_are_words_own():
    """The parse helpers: Word's own ranges, universal measures, nothing infinite or NaN."""
    messages: list[str] = []
    with warnings_to(messages.append):
        assert twips("1440") == 72.0 and twips("-720") == -36.0
        assert twips("1in") == twips("2.54cm") == twips("72pt") == twips("25.4mm") == twips("6pc") == 72.0
        assert twips("1e30") == 1584.0 and twips("-1e30") == -1584.0 and twips("inf") == 1584.0
        assert twips("NaN") is None and twips("abc") is None and twips("") is None and twips(None) is None
        assert measure("99999999999999999999", FONT_SIZE) == 3276 and measure("1", FONT_SIZE) == 2
        assert measure("9" * 5000, INDENT) == 31680
        assert measure("914400", PICTURE_SIZE) == 914400 and measure("-5", PICTURE_SIZE) == 0
        assert to_int("1e400") == 2147483647 and to_int("-inf") == -2147483648 and to_int("nan") is None
    assert any("a font size of '99999999999999999999' is outside what Word allows; 1638 pt was used" == m
               for m in messages)
    assert any(m.startswith("a paragraph indent of 'NaN' is not a number") for m in messages)
    assert all(len(m) < 160 for m in messages)
    assert measure("1e30", INDENT) == 31680  # outside a render nothing is reported, nothing fails


def test_an_odd_symbol_code_is_skipped():
    body = ('<w:p><w:r><w:sym w:font="Wingdings" w:char="FFFFFFFFFFFFFFFFFFFF"/><w:sym w:char="D800"/>'
            '<w:sym w:char="zz"/><w:t>after</w:t></w:r></w:p>')
    rendered(with_body(body))


def test_warnings_are_bounded():
    body = "".join(para(f"p{i}", ppr=f'<w:ind w:left="{40000 + i}"/>') for i in range(400))
    result = rendered(with_body(body))
    assert len(result.warnings) == limits.MAX_WARNINGS + 1
    assert result.warnings[-1] == "more warnings were left out"


# ----- bounded work -----------------------------------------------------------------------------

def _named(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _one_line_naming(error: EhcpDocsError, name: str) -> str:
    message = str(error)
    assert "\n" not in message and len(message) <= 300 and message.startswith(name + ": "), message
    return message


@pytest.mark.timeout(60)
def test_200000_page_breaks_stop_at_the_page_limit(tmp_path):
    path = _named(tmp_path, "breaks.docx", with_body('<w:p><w:r>' + '<w:br w:type="page"/>' * 200_000 + '</w:r></w:p>'))
    started = time.monotonic()
    with pytest.raises(RenderError) as caught:
        render_pdf(path)
    assert time.monotonic() - started < 30
    assert f"more than {limits.MAX_PAGES:,} pages" in _one_line_naming(caught.value, "breaks.docx")


def test_ten_page_breaks_in_a_row_give_blank_pages():
    result = rendered(with_body('<w:p><w:r><w:t>first</w:t>' + '<w:br w:type="page"/>' * 12 + '<w:t>last</w:t></w:r></w:p>'))
    assert result.pages == 13


@pytest.mark.timeout(30)
def test_a_last_paragraph_kept_with_the_next_and_longer_than_a_page_is_laid_out():
    """reportlab grouped it again, alone, and split it the same way for ever, without a page."""
    document = Document()
    document.add_paragraph("Section F")
    paragraph = document.add_paragraph("Zoë needs support with reading and writing every day. " * 200)
    paragraph.paragraph_format.keep_with_next = True
    result = rendered(_package(document))
    assert result.pages >= 3


@pytest.mark.timeout(30)
def test_a_huge_heading_kept_with_the_next_is_laid_out():
    result = rendered(MEASUREMENTS["style font size"][0]("1e30"))
    assert any("font size" in warning for warning in result.warnings)


@pytest.mark.timeout(60)
def test_a_table_of_300000_cells_stops_at_the_content_limit(tmp_path):
    row = "<w:tr>" + "<w:tc><w:p/></w:tc>" * 10 + "</w:tr>"
    body = "<w:tbl><w:tblGrid>" + '<w:gridCol w:w="900"/>' * 10 + "</w:tblGrid>" + row * 30_000 + "</w:tbl>"
    path = _named(tmp_path, "cells.docx", with_body(body))
    started = time.monotonic()
    with pytest.raises(RenderError) as caught:
        render_pdf(path)
    assert time.monotonic() - started < 30
    assert "more text and tables than the renderer's limit" in _one_line_naming(caught.value, "cells.docx")


@pytest.mark.timeout(60)
def test_nested_tables_with_thousands_of_rows_stop_at_the_content_limit(tmp_path):
    inner = para("x")
    for _ in range(6):
        inner = ("<w:tbl><w:tblGrid><w:gridCol w:w='4000'/></w:tblGrid>"
                 + f"<w:tr><w:tc>{inner}</w:tc></w:tr>" * 4 + "</w:tbl><w:p/>")
    path = _named(tmp_path, "nested.docx", with_body(inner))  # 4**6 = 4,096 innermost rows, 5,461 tables
    result = render_pdf(path)
    assert result.pages > 1
    with pytest.raises(RenderError) as caught:
        render_pdf(_named(tmp_path, "nested-more.docx", with_body(inner * 14)))
    assert "limit" in _one_line_naming(caught.value, "nested-more.docx")


@pytest.mark.timeout(60)
def test_a_paragraph_of_5_mb_renders_in_seconds():
    text = ("Zoë needs a quiet place to work and short tasks. " * 110_000)[:5_000_000]
    started = time.monotonic()
    result = rendered(with_body(para(text)))
    assert time.monotonic() - started < 30
    assert result.pages > 500


def test_a_word_too_long_for_a_line_is_cut_with_a_warning():
    result = rendered(with_body(para("x" * 100_000)))
    assert any("was cut short" in warning for warning in result.warnings)


@pytest.mark.timeout(60)
def test_a_million_empty_paragraphs_stop_at_once(tmp_path):
    path = _named(tmp_path, "empty.docx", with_body("<w:p/>" * 1_000_000))
    started = time.monotonic()
    with pytest.raises(RenderError) as caught:
        render_pdf(path)
    assert time.monotonic() - started < 20
    _one_line_naming(caught.value, "empty.docx")


def test_the_time_limit_stops_a_long_render(tmp_path):
    path = _named(tmp_path, "long.docx", with_body(para("Zoë reads. " * 200_000)))
    with pytest.raises(RenderError) as caught:
        render_pdf(path, timeout=0.2)
    assert "took longer than the time limit (0.2 s)" in _one_line_naming(caught.value, "long.docx")


def test_sections_past_the_limit_carry_on_the_last_one():
    body = ('<w:p><w:pPr><w:sectPr><w:type w:val="continuous"/></w:sectPr></w:pPr><w:r><w:t>s</w:t></w:r></w:p>'
            * (limits.MAX_SECTIONS + 200))
    started = time.monotonic()
    result = rendered(with_body(body))
    assert time.monotonic() - started < 20
    assert any("sections" in warning for warning in result.warnings)


def test_a_huge_list_start_is_limited():
    result = rendered(with_body(para(ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>') * 3,
                                parts={"word/numbering.xml": numbering("99999999999999999999")}))
    assert any("number start" in warning for warning in result.warnings)


def test_remembered_widths_are_bounded_in_all():
    from ehcpdocs.pdf import fonts
    from ehcpdocs.pdf.lines import PLAIN, Span

    name = fonts.face("sans", False, False).name
    for size in range(1, 40):
        widths = Span(name, float(size) + 0.5, PLAIN, "x").widths
        for index in range(lines_module.MAX_REMEMBERED_IN_ALL // 30):
            assert widths[f"w{index}"] == widths.font.stringWidth(f"w{index}", widths.size)
    total = sum(len(metrics[7]) for metrics in lines_module._METRICS.values())
    assert total <= lines_module.MAX_REMEMBERED_IN_ALL + lines_module.MAX_REMEMBERED_WIDTHS
    assert widths["y" * 100] == widths.font.stringWidth("y" * 100, widths.size)
    assert "y" * 100 not in widths  # long texts are measured, not remembered


# ----- pictures ---------------------------------------------------------------------------------

def test_a_picture_drawn_on_every_page_is_embedded_once():
    result = rendered(picture_docx(in_header=True, pages=4))
    reader = PdfReader(io.BytesIO(result.pdf))
    names = set()
    for page in reader.pages:
        xobjects = page["/Resources"]["/XObject"]
        names |= set(xobjects)
        assert b" Do" in page.get_contents().get_data()
    assert len(names) == 1
    again = render_pdf(picture_docx(in_header=True, pages=4)).pdf
    assert again == result.pdf


def test_a_very_large_picture_is_drawn_smaller():
    big = io.BytesIO()
    Image.new("RGB", (4200, 4000), (250, 200, 10)).save(big, "PNG")
    result = rendered(picture_docx(image=big.getvalue()))
    assert any("megapixels was drawn at 16 megapixels" in warning for warning in result.warnings)
    image = next(iter(PdfReader(io.BytesIO(result.pdf)).pages[0]["/Resources"]["/XObject"].values())).get_object()
    assert image["/Width"] * image["/Height"] <= 16_000_000


# ----- memory -----------------------------------------------------------------------------------

_MEMORY_SCRIPT = textwrap.dedent("""
    import io, sys
    sys.path[:0] = {paths!r}
    import test_robustness as t
    from PIL import Image
    from ehcpdocs.errors import RenderError
    from ehcpdocs.pdf import render_pdf
    runs = "<w:r><w:rPr><w:b/></w:rPr><w:t>a</w:t></w:r><w:r><w:t>b</w:t></w:r>"
    def pictures():
        from docx import Document
        from docx.shared import Inches
        document = Document()
        for shade in range(3):
            picture = io.BytesIO()
            Image.new("RGB", (4000, 3990), (shade, 90, 200)).save(picture, "PNG")
            document.add_picture(picture, width=Inches(5))
        return t._package(document)
    cases = [
        lambda: t.with_body("<w:p>" + runs * 230_000 + "</w:p>"),  # 15 MB of XML, just under the reader's limit
        lambda: t.with_body("<w:p>" + runs * 70_000 + "</w:p>"),
        lambda: t.with_body(t.para("lorem ipsum dolor sit amet " * 10) * 30_000),
        lambda: t.with_body(t.para(("Zoë needs a quiet place. " * 400_000)[:9_000_000])),
        pictures,
    ]
    for make in cases:
        data = make()
        try:
            render_pdf(data, timeout=120)
        except RenderError:
            pass
        del data
    # the high-water mark of this process's own memory (ru_maxrss would count the parent's
    # memory at the fork too)
    status = open("/proc/self/status").read()
    print(int(status.split("VmHWM:")[1].split()[0]) // 1024)
""")


@pytest.mark.timeout(180)
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_documents_at_the_limits_need_less_than_600_mib():
    import os

    paths = [os.path.dirname(__file__), os.path.dirname(os.path.dirname(os.path.dirname(__file__)))]
    done = subprocess.run([sys.executable, "-c", _MEMORY_SCRIPT.format(paths=paths)], capture_output=True,
                          text=True, timeout=170)
    assert done.returncode == 0, done.stderr[-2000:]
    peak_mib = int(done.stdout.split()[-1])
    print(f"peak {peak_mib} MiB")
    assert peak_mib < 600, peak_mib


# ----- threads ----------------------------------------------------------------------------------

_ALPHABETS = [
    "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿŒœŠšŸ", "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ",
    "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ",
    "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘΙΚΛΜ", "абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЖЩЮЯ",
    "✓✗☐☑→←↑↓•★☆♠♣♥♦€£¥©®™°±×÷≤≥∞", "ŞşĞğİıÇçÖöÜüĀāĒēĪīŌōŪū",
]
_FONTS = ["Arial", "Calibri", "Times New Roman", "Cambria", "Courier New"]


def _many_characters(seed: int) -> bytes:
    rnd = random.Random(seed)
    document = Document()
    for _ in range(3):
        paragraph = document.add_paragraph()
        for _ in range(4):
            alphabet = rnd.choice(_ALPHABETS)
            run = paragraph.add_run("".join(rnd.choice(alphabet) for _ in range(rnd.randint(4, 24))) + " ")
            run.bold = rnd.random() < 0.3
            run.italic = rnd.random() < 0.3
            run.font.name = rnd.choice(_FONTS)
    return _package(document)


@pytest.mark.timeout(240)
def test_eight_threads_give_the_bytes_of_sequential_renders():
    """Each render meets characters none before it did (subsetting composite glyphs, as accented
    letters are, read the font file through a position shared by every PDF using the face)."""
    documents = [_many_characters(seed) for seed in range(24)]
    expected = [render_pdf(document).pdf for document in documents]
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # threads take turns a thousand times more often: races show
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda index: render_pdf(documents[index % 24]).pdf, range(160)))
    finally:
        sys.setswitchinterval(switch)
    assert [index for index, pdf in enumerate(results) if pdf != expected[index % 24]] == []
