"""The finalise command and the markup options of amend, through the command line."""

from __future__ import annotations

import json

from click.testing import CliRunner

import readback
from builders import sample_plan, sample_review
from comparehelpers import plain_text
from ehcpdocs import amend
from ehcpdocs.cli import cli


def test_finalise_command_reports_ambiguous_bold_and_writes_the_final(tmp_path):
    result = amend(sample_plan("SCC-EHCP-2002"), sample_review("SCC-EHCP-2002"))
    marked = tmp_path / "returned.docx"
    marked.write_bytes(result.amended_docx)
    out = tmp_path / "final.docx"
    run = CliRunner().invoke(cli, ["finalise", str(marked), "-o", str(out)])
    assert run.exit_code == 0, run.output
    assert plain_text(out.read_bytes()) == plain_text(result.final_docx)
    assert "finalised:" in run.output
    against = CliRunner().invoke(cli, ["finalise", str(marked), "--against", str(sample_plan("SCC-EHCP-2002")),
                                       "-o", str(out), "--json"])
    assert against.exit_code == 0, against.output
    summary = json.loads(against.output)
    assert summary["against_original"] is True and summary["ambiguous"] == []


def test_amend_command_with_the_tribunal_key(tmp_path):
    run = CliRunner().invoke(cli, ["amend", str(sample_plan("LCC-EHCP-1001")),
                                   str(sample_plan("LCC-EHCP-1001").parent.parent / "reviews" / "LCC-EHCP-1001.json"),
                                   "-o", str(tmp_path), "--no-pdf", "--markup", "tribunal", "--party", "parent"])
    assert run.exit_code == 0, run.output
    amended = (tmp_path / "LCC-EHCP-1001.amended.docx").read_bytes()
    styles = {style for runs in readback.paragraphs(amended) for *_rest, style in runs if style}
    assert any(style.startswith("EhcpAdditionParent") for style in styles)
    summary = json.loads((tmp_path / "LCC-EHCP-1001.summary.json").read_text(encoding="utf-8"))
    assert list(summary)[0] == "alerts" and summary["alerts"]


def test_compare_command_rejects_an_unknown_party(tmp_path):
    run = CliRunner().invoke(cli, ["compare", str(sample_plan("LCC-EHCP-1001")), str(sample_plan("LCC-EHCP-1001")),
                                   "-o", str(tmp_path / "r.docx"), "--markup", "tribunal", "--party", "judge"])
    assert run.exit_code == 2
