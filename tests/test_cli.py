"""The command line as a coordinator uses it: outputs, messages and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from ehcpdocs.cli import cli

from builders import REPO, sample_plan, sample_review

PLAN = sample_plan("PCC-EHCP-3003")
REVIEW = REPO / "samples" / "reviews" / "PCC-EHCP-3003.json"


def test_amend_writes_the_documents_and_summary(tmp_path):
    result = CliRunner().invoke(cli, ["amend", str(PLAN), str(REVIEW), "-o", str(tmp_path), "--no-pdf"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["PCC-EHCP-3003.amended.docx", "PCC-EHCP-3003.final.docx", "PCC-EHCP-3003.summary.json"]
    summary = json.loads((tmp_path / "PCC-EHCP-3003.summary.json").read_text())
    assert summary["status"] == "amended" and "F" in summary["sections_amended"]
    assert "PCC-EHCP-3003: sections amended" in result.output


def test_invalid_input_exit_1_one_line_and_nothing_written(tmp_path):
    review = sample_review("PCC-EHCP-3003")
    review["amendments"][1] = {"op": "replace", "section": "B", "old": "no such words", "new": "x"}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(review), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["amend", str(PLAN), str(path), "-o", str(out), "--no-pdf"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines() if hasattr(result, "stderr") else result.output.strip().splitlines()
    assert len(lines) == 1
    assert "bad.json" in lines[0] and "amendment 1" in lines[0] and "section B" in lines[0]
    assert not out.exists() or not any(out.iterdir())


def test_usage_error_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["amend", str(PLAN)])
    assert result.exit_code == 2


def test_not_a_word_file_exit_1(tmp_path):
    fake = tmp_path / "plan.docx"
    fake.write_text("hello")
    result = CliRunner().invoke(cli, ["amend", str(fake), str(REVIEW), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "plan.docx: is not a Word .docx document" in result.output


def test_no_amendment_required(tmp_path):
    path = REPO / "samples" / "reviews" / "unchanged" / "LCC-EHCP-1001.json"
    result = CliRunner().invoke(cli, ["amend", str(sample_plan("LCC-EHCP-1001")), str(path), "-o", str(tmp_path), "--no-pdf"])
    assert result.exit_code == 0
    assert "no amendment required" in result.output
    assert not list(tmp_path.glob("*.docx"))


def test_sections_lists_what_was_found():
    result = CliRunner().invoke(cli, ["sections", str(sample_plan("SCC-EHCP-2002"))])
    assert result.exit_code == 0
    for letter in ("A", "B", "E", "F", "H1", "H2", "K"):
        assert f"\n{letter} " in result.output
    assert "reference SCC-EHCP-2002" in result.output
    as_json = json.loads(CliRunner().invoke(cli, ["sections", str(sample_plan("SCC-EHCP-2002")), "--json"]).output)
    assert [s["section"] for s in as_json["sections"]][:4] == ["A", "B", "C", "D"]


def test_every_command_has_help():
    for command in cli.commands:
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_module_entry_point_runs():
    completed = subprocess.run([sys.executable, "-m", "ehcpdocs", "--version"], capture_output=True, text=True)
    assert completed.returncode == 0 and "ehcpdocs" in completed.stdout


def test_outputs_get_ordinary_file_permissions(tmp_path):
    import os
    import stat

    from ehcpdocs.fileio import FILE_MODE

    result = CliRunner().invoke(cli, ["amend", str(PLAN), str(REVIEW), "-o", str(tmp_path), "--no-pdf"])
    assert result.exit_code == 0
    for path in tmp_path.iterdir():
        assert stat.S_IMODE(os.stat(path).st_mode) == FILE_MODE
    assert FILE_MODE & 0o044, "readable by group or others under a usual umask"
