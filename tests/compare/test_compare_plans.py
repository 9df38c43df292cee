"""Comparing plans, what survives in the redline, and bad input."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from click.testing import CliRunner

import readback
from builders import SAMPLE_IDS, WC_PAIRS, docx_bytes, sample_plan, sample_review
from comparehelpers import plain_text, without
from ehcpdocs import EhcpDocsError, amend, compare, compare_documents
from ehcpdocs.cli import cli
from ehcpdocs.errors import DocumentError

W = readback.W


@pytest.mark.parametrize("plan_id", SAMPLE_IDS)
def test_a_plan_against_its_amended_final(plan_id):
    original = sample_plan(plan_id).read_bytes()
    final = amend(sample_plan(plan_id), sample_review(plan_id)).final_docx
    result = compare_documents(original, final)
    assert without(result.redline_docx, "deleted") == plain_text(final)
    assert without(result.redline_docx, "added") == plain_text(original)
    summary = result.summary
    assert list(summary)[0] == "alerts"
    assert {"hours_reduced", "frequency_reduced", "vague_wording"} <= {a["kind"] for a in summary["alerts"]}
    assert "F" in summary["sections"] and summary["status"] == "different"
    assert any("not compared" in item or "not marked" in item for item in summary["not_compared"])


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("old,new", [
    ("WC019-Hyperlink-Before.docx", "WC019-Hyperlink-After-2.docx"),
    ("WC020-FootNote-Before.docx", "WC020-FootNote-After-2.docx"),
    ("WC017-Image.docx", "WC017-Image-After.docx"),
    ("WC018-Field-Simple-Before.docx", "WC018-Field-Simple-After-1.docx"),
])
def test_links_notes_images_fields_headers_survive(old, new):
    new_docx = (WC_PAIRS / new).read_bytes()
    redline = compare((WC_PAIRS / old).read_bytes(), new_docx)
    before, after = parts(new_docx), parts(redline)
    for name, data in before.items():
        if name not in ("word/document.xml", "word/styles.xml"):
            assert after[name] == data, f"{name} is carried over unchanged"
    new_root, red_root = readback.document_root(new_docx), readback.document_root(redline)
    for tag in ("hyperlink", "footnoteReference", "drawing", "fldSimple", "fldChar", "bookmarkStart", "commentReference"):
        assert len(list(red_root.iter(W + tag))) >= len(list(new_root.iter(W + tag))), tag


def test_existing_tracked_changes_are_accepted_first_and_said():
    tracked = amend(sample_plan("LCC-EHCP-1001"), sample_review("LCC-EHCP-1001"), markup="tracked")
    result = compare_documents(sample_plan("LCC-EHCP-1001"), tracked.amended_docx)
    assert any("tracked changes" in warning for warning in result.summary["warnings"])
    assert without(result.redline_docx, "deleted") == plain_text(tracked.final_docx)


def test_plans_in_different_layouts_still_compare():
    old, new = sample_plan("LCC-EHCP-1001").read_bytes(), sample_plan("SCC-EHCP-2002").read_bytes()
    result = compare_documents(old, new)
    assert without(result.redline_docx, "deleted") == plain_text(new)
    assert without(result.redline_docx, "added") == plain_text(old)


def small_document(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    return docx_bytes(document)


def test_documents_with_no_common_text():
    old = small_document("Alpha beta gamma.", "Delta epsilon.")
    new = small_document("Completely different words here.", "Nothing shared at all.", "Third line.")
    result = compare_documents(old, new)
    assert without(result.redline_docx, "deleted") == plain_text(new)
    assert without(result.redline_docx, "added") == plain_text(old)


def test_a_spent_time_budget_marks_paragraphs_whole_and_says_so():
    old = sample_plan("LCC-EHCP-1001").read_bytes()
    new = amend(sample_plan("LCC-EHCP-1001"), sample_review("LCC-EHCP-1001")).final_docx
    result = compare_documents(old, new, budget_seconds=0)
    assert any("time budget" in warning for warning in result.summary["warnings"])
    assert without(result.redline_docx, "deleted") == plain_text(new)
    assert without(result.redline_docx, "added") == plain_text(old)


def test_not_a_word_document_is_a_clear_error():
    with pytest.raises(DocumentError):
        compare(b"not a docx at all", small_document("x"))
    with pytest.raises(EhcpDocsError, match="markup"):
        compare(small_document("x"), small_document("y"), markup="final")


def test_the_compare_command_writes_redline_pdf_and_summary(tmp_path):
    new = tmp_path / "new.docx"
    new.write_bytes(amend(sample_plan("SCC-EHCP-2002"), sample_review("SCC-EHCP-2002")).final_docx)
    out = tmp_path / "redline.docx"
    result = CliRunner().invoke(cli, ["compare", str(sample_plan("SCC-EHCP-2002")), str(new), "-o", str(out),
                                      "--pdf", "--summary", str(tmp_path / "summary.json"), "--markup", "tracked"])
    assert result.exit_code == 0, result.output
    assert out.exists() and (tmp_path / "redline.pdf").read_bytes().startswith(b"%PDF")
    assert "ALERT (F)" in result.output and (tmp_path / "summary.json").exists()


def test_a_huge_rewritten_paragraph_does_not_hang():
    import random
    import time

    rnd = random.Random(7)
    words = [f"w{rnd.randrange(3000)}" for _ in range(20000)]
    old = small_document(" ".join(words))
    new = small_document(" ".join(w if rnd.random() < 0.5 else f"x{rnd.randrange(3000)}" for w in words))
    started = time.perf_counter()
    result = compare_documents(old, new, budget_seconds=0.3)
    assert time.perf_counter() - started < 15
    assert without(result.redline_docx, "deleted") == plain_text(new)
    assert without(result.redline_docx, "added") == plain_text(old)
