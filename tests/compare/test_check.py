"""Checking a returned plan: every unmarked change is reported with its section and context."""

from __future__ import annotations

import io

import docx
import pytest
from click.testing import CliRunner

from builders import SAMPLE_IDS, docx_bytes, sample_plan, sample_review
from ehcpdocs import amend, check
from ehcpdocs.cli import cli


def amended(plan_id: str = "LCC-EHCP-1001", markup: str = "bold-strike") -> bytes:
    return amend(sample_plan(plan_id), sample_review(plan_id), markup=markup, party="la").amended_docx


@pytest.mark.parametrize("markup", ["bold-strike", "tracked", "tribunal"])
@pytest.mark.parametrize("plan_id", SAMPLE_IDS)
def test_an_amended_plan_from_ehcpdocs_is_clean(plan_id, markup):
    result = check(sample_plan(plan_id), amended(plan_id, markup))
    assert result.clean, result.issues
    assert result.summary["alerts"], "the Section F cuts are listed"


def tampered(edit) -> bytes:
    document = docx.Document(io.BytesIO(amended()))
    edit(document)
    return docx_bytes(document)


def first_plain_run(document, containing: str):
    for paragraph in document.paragraphs:
        if containing in paragraph.text:
            for run in paragraph.runs:
                if containing in run.text and not run.bold and not run.font.strike:
                    return run
    raise AssertionError(containing)


def kinds(result) -> list[str]:
    return [issue["kind"] for issue in result.issues]


def test_text_added_without_bold_and_a_word_altered():
    def edit(document):
        run = first_plain_run(document, "good long-term memory")
        run.text = run.text.replace(" and ", " und ", 1) + " extra plain words"
    result = check(sample_plan("LCC-EHCP-1001"), tampered(edit))
    assert "altered_in_word" in kinds(result)
    added = [issue for issue in result.issues if issue["kind"] == "added_unmarked"][0]
    assert added["section"] == "B" and "[extra plain words]" in added["context"]


def test_text_removed_instead_of_struck():
    def edit(document):
        run = first_plain_run(document, "good long-term memory")
        run.text = run.text.replace("good long-term memory", "memory", 1)
    result = check(sample_plan("LCC-EHCP-1001"), tampered(edit))
    removed = [issue for issue in result.issues if issue["kind"] == "removed_unmarked"]
    assert removed and removed[0]["section"] == "B" and "[good long-term]" in removed[0]["context"]


def test_rows_and_tables_removed():
    def edit(document):
        table = document.tables[-1]
        table._tbl.remove(table.rows[1]._tr)
        provision = document.tables[-2]._tbl
        provision.getparent().remove(provision)
    result = check(sample_plan("LCC-EHCP-1001"), tampered(edit))
    found = {(issue["kind"], issue.get("section")) for issue in result.issues}
    assert ("row_removed", "K") in found and ("table_removed", "F") in found
    assert "provision_removed" in {alert["kind"] for alert in result.summary["alerts"]}


def test_edits_outside_the_sections_being_amended():
    result = check(sample_plan("LCC-EHCP-1001"), amended(), sections=["F"])
    assert {issue.get("section") for issue in result.issues if issue["kind"] == "outside_sections"} >= {"B", "E"}


def test_a_changed_heading_is_outside_the_plan_sections():
    def edit(document):
        for paragraph in document.paragraphs:
            if paragraph.text.startswith("Section C"):
                paragraph.runs[0].text = paragraph.runs[0].text.replace("Section C", "Section Z", 1)
                return
        raise AssertionError("no Section C heading")
    result = check(sample_plan("LCC-EHCP-1001"), tampered(edit))
    assert any(issue["kind"] == "outside_sections" and "section" not in issue for issue in result.issues)


def test_the_check_command_exits_1_on_unmarked_changes(tmp_path):
    clean = tmp_path / "clean.docx"
    clean.write_bytes(amended())
    final = tmp_path / "final.docx"
    final.write_bytes(amend(sample_plan("LCC-EHCP-1001"), sample_review("LCC-EHCP-1001")).final_docx)
    runner = CliRunner()
    ok = runner.invoke(cli, ["check", str(sample_plan("LCC-EHCP-1001")), str(clean)])
    assert ok.exit_code == 0 and "every change is marked" in ok.output
    bad = runner.invoke(cli, ["check", str(sample_plan("LCC-EHCP-1001")), str(final)])
    assert bad.exit_code == 1 and "unmarked changes" in bad.output and "section A" in bad.output
