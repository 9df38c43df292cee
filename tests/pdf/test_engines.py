"""The LibreOffice engine's availability errors, and the ``pdf`` command."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from pdfhelpers import pdf_text

from ehcpdocs.cli.pdf import pdf_command
from ehcpdocs.errors import EngineUnavailableError, NotWordDocumentError
from ehcpdocs.pdf import to_pdf


def test_libreoffice_missing_is_engine_unavailable(monkeypatch, sample_docx):
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    with pytest.raises(EngineUnavailableError):
        to_pdf(sample_docx, engine="libreoffice")


def test_bad_input_raises_reader_error():
    with pytest.raises(NotWordDocumentError):
        to_pdf(b"not a word file")


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_engine_converts(sample_docx):
    pdf = to_pdf(sample_docx, engine="libreoffice", timeout=120)
    assert pdf.startswith(b"%PDF") and "Siobhán" in pdf_text(pdf)


def test_cli_writes_pdf(tmp_path, sample_docx):
    source = tmp_path / "plan.docx"
    source.write_bytes(sample_docx)
    target = tmp_path / "plan.pdf"
    result = CliRunner().invoke(pdf_command, [str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_cli_reports_errors_in_one_line(tmp_path):
    source = tmp_path / "broken.docx"
    source.write_bytes(b"garbage")
    result = CliRunner().invoke(pdf_command, [str(source), "-o", str(tmp_path / "out.pdf")])
    assert result.exit_code == 1
    assert "not a Word" in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "out.pdf").exists()


def test_cli_engine_unavailable(monkeypatch, tmp_path, sample_docx):
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    source = tmp_path / "plan.docx"
    source.write_bytes(sample_docx)
    result = CliRunner().invoke(pdf_command, [str(source), "--engine", "libreoffice"])
    assert result.exit_code == 1 and "soffice" in result.output
