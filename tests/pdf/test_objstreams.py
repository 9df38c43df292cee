"""The tagged PDF as a file: written once by reportlab, its structure elements packed into object
streams with a cross-reference stream, readable by every reader ehcpdocs and its users rely on."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from pypdf import PdfReader

from ehcpdocs.pdf import render_pdf

REPO = Path(__file__).resolve().parents[2]
PLAN = REPO / "samples" / "plans" / "LCC-EHCP-1001.docx"


def long_plan(blocks: int = 24) -> bytes:
    """A plan of about a dozen pages: headings, prose and a table per block."""
    document = Document()
    for index in range(blocks):
        document.add_heading(f"Section {'ABCDEFGHIJK'[index % 11]}: part {index + 1}", 1)
        document.add_paragraph("Zoë needs support from a trained adult to access learning, with short tasks. " * 4)
        table = document.add_table(rows=4, cols=3)
        table.style = "Table Grid"
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                cell.text = ("Provision", "Delivered by", "Frequency")[c] if r == 0 else f"Item {r}.{c}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def long_pdfs() -> tuple[bytes, bytes]:
    data = long_plan()
    return render_pdf(data).pdf, render_pdf(data, tagged=False).pdf


def test_the_elements_travel_in_object_streams(long_pdfs):
    tagged, untagged = long_pdfs
    assert tagged.startswith(b"%PDF-1.7")
    with pikepdf.open(io.BytesIO(tagged)) as document:
        assert document.trailer.get("/Type") == pikepdf.Name.XRef  # a cross-reference stream
        streams = [obj for obj in document.objects if isinstance(obj, pikepdf.Stream)
                   and obj.get("/Type") == pikepdf.Name.ObjStm]
        packed = sum(int(stream.N) for stream in streams)
        elements = 0
        stack = [document.Root.StructTreeRoot.K]
        while stack:
            elem = stack.pop()
            elements += 1
            kids = elem.get("/K")
            stack.extend(kid for kid in (kids if isinstance(kids, pikepdf.Array) else [kids])
                         if isinstance(kid, pikepdf.Dictionary) and "/S" in kid)
    assert streams and packed >= elements > 100
    # packed, the structure costs a fraction of the file, not twice it
    assert len(tagged) < 1.4 * len(untagged)


def test_every_reader_reads_the_same_pages_and_text(long_pdfs):
    tagged, untagged = long_pdfs
    readers = [PdfReader(io.BytesIO(pdf)) for pdf in (tagged, untagged)]
    assert len(readers[0].pages) == len(readers[1].pages) > 5
    assert [page.extract_text() for page in readers[0].pages] == [page.extract_text() for page in readers[1].pages]
    assert readers[0].metadata.title == readers[1].metadata.title
    with pikepdf.open(io.BytesIO(tagged)) as document:
        assert len(document.pages) == len(readers[0].pages)
        assert str(document.Root.Lang) == "en-US"  # python-docx's blank template says en-US


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed (Debian package qpdf)")
def test_qpdf_finds_no_damage(tmp_path, long_pdfs):
    for index, pdf in enumerate((*long_pdfs, render_pdf(PLAN).pdf)):
        path = tmp_path / f"{index}.pdf"
        path.write_bytes(pdf)
        run = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert run.returncode == 0 and "No syntax or stream encoding errors" in run.stdout, run.stdout + run.stderr


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_poppler_reads_it_without_repairing(tmp_path, long_pdfs):
    path = tmp_path / "tagged.pdf"
    path.write_bytes(long_pdfs[0])
    run = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert run.returncode == 0 and run.stderr == ""  # poppler says "Syntax Error" when it repairs a file
    assert "Section K: part 11" in run.stdout


@pytest.mark.parametrize("tagged", [True, False])
def test_no_base14_font_is_left_in_page_resources(tagged):
    with pikepdf.open(io.BytesIO(render_pdf(PLAN, tagged=tagged).pdf)) as document:
        for page in document.pages:
            for font in page.obj.Resources.Font.values():
                assert font.Subtype == pikepdf.Name.Type0 or "/FontDescriptor" in font, font.get("/BaseFont")
                assert str(font.get("/BaseFont")) != "/Helvetica"
