"""Tracked-changes output read by LibreOffice: it must see real revisions, not plain text.

Each redline goes through LibreOffice headless (docx -> docx). If LibreOffice understood the
revisions it writes them back, so accepting its copy gives the new text and rejecting it gives
the old text.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from builders import SAMPLE_IDS, WC_PAIRS, sample_plan, sample_review
from comparehelpers import corpus_pairs, plain_text
from ehcpdocs import amend, compare_documents
from ehcpdocs.docx.finalise import accept_all
from ehcpdocs.docx.reject import reject_all

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
]
# LibreOffice recomputes this pair's DATE field to today, and keeps a deletion inside a text box
# in a table cell only as plain text on export: differences of LibreOffice, not of the redline.
LIBREOFFICE_DIFFERS = {"WC-1360", "WC-1900"}


def through_libreoffice(files: dict[str, bytes], tmp_path) -> dict[str, bytes]:
    source, target = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    for name, data in files.items():
        (source / f"{name}.docx").write_bytes(data)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(target), *sorted(str(p) for p in source.iterdir())],
        check=True, capture_output=True, timeout=240,
    )
    return {name: (target / f"{name}.docx").read_bytes() for name in files}


def table_documents() -> tuple[bytes, bytes]:
    """A document with a table between two paragraphs, and the same without the table."""
    import docx

    from builders import docx_bytes

    def build(table: bool) -> bytes:
        document = docx.Document()
        document.add_paragraph("Before the table.")
        if table:
            grid = document.add_table(rows=3, cols=2)
            for r in range(3):
                for c in range(2):
                    grid.cell(r, c).text = f"Row {r} cell {c}"
        document.add_paragraph("After the table.")
        return docx_bytes(document)

    return build(True), build(False)


def lo_text(docx: bytes) -> list[str]:
    # LibreOffice writes a zero-width joiner into paragraphs it keeps for removed paragraph marks
    return [line for line in (text.replace("\u200d", "").strip() for text in plain_text(docx)) if line]


def test_libreoffice_reads_the_tracked_changes(tmp_path):
    files, expected = {}, {}
    for test_id, old, new in corpus_pairs():
        if test_id in LIBREOFFICE_DIFFERS:
            continue
        old_docx, new_docx = (WC_PAIRS / old).read_bytes(), (WC_PAIRS / new).read_bytes()
        files[test_id] = compare_documents(old_docx, new_docx, markup="tracked").redline_docx
        expected[test_id] = (lo_text(new_docx), lo_text(old_docx))
    for plan_id in SAMPLE_IDS:
        result = amend(sample_plan(plan_id), sample_review(plan_id), markup="tracked")
        files[plan_id] = result.amended_docx
        expected[plan_id] = (lo_text(result.final_docx), lo_text(sample_plan(plan_id).read_bytes()))
    with_table, without_table = table_documents()
    for name, (old, new) in {"table-removed": (with_table, without_table), "table-added": (without_table, with_table)}.items():
        files[name] = compare_documents(old, new, markup="tracked").redline_docx
        expected[name] = (lo_text(new), lo_text(old))
    converted = through_libreoffice(files, tmp_path)
    for name, data in converted.items():
        accepted, rejected = expected[name]
        assert lo_text(accept_all(data)) == accepted, name
        assert lo_text(reject_all(data)) == rejected, name
