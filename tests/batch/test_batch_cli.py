"""The ``ehcpdocs batch`` command: logs, exit codes, manifests, and resuming after a kill -9."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batchhelpers import write_fictional_batch
from click.testing import CliRunner

from ehcpdocs.batch import pair_folders, run
from ehcpdocs.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def invoke(*args: str):
    return CliRunner().invoke(cli, ["batch", *args])


def test_a_clean_batch_exits_0_with_one_line_per_item_and_a_summary(batch_dirs, tmp_path):
    plans, reviews = batch_dirs
    outcome = invoke(str(plans), str(reviews), "-o", str(tmp_path / "out"), "--no-pdf", "--workers", "2")
    assert outcome.exit_code == 0, outcome.output
    lines = [line for line in outcome.stdout.splitlines() if line.startswith("[")]
    assert len(lines) == 6 and all(" amended (" in line for line in lines)
    assert sorted(line.split()[1] for line in lines) == [f"TST-EHCP-{i:04d}" for i in range(6)]
    assert "amended   │     6" in outcome.stdout
    assert (tmp_path / "out" / "report.csv").exists()


def test_a_failed_item_makes_the_exit_code_1_and_logs_no_file_names(batch_dirs, tmp_path):
    plans, reviews = batch_dirs
    (plans / "Zoe Example.docx").write_bytes(b"not a word file")
    review = json.loads((reviews / "TST-EHCP-0000.json").read_text())
    review["plan_id"] = "Zoe Example"
    (reviews / "Zoe Example.json").write_text(json.dumps(review))
    (plans / "TST-EHCP-0001.docx").write_bytes(b"PK\x03\x04 broken")
    outcome = invoke(str(plans), str(reviews), "-o", str(tmp_path / "out"), "--no-pdf")
    assert outcome.exit_code == 1
    assert "Zoe" not in outcome.stdout and "Zoe" not in outcome.stderr
    assert "TST-EHCP-0001 failed: " in outcome.stdout
    assert "failed    │     2" in outcome.stdout
    with open(tmp_path / "out" / "report.csv", newline="") as stream:
        rows = {row["plan_id"]: row for row in csv.DictReader(stream)}
    assert rows["Zoe Example"]["reason"].startswith("Zoe Example.json: ")  # the report keeps the full reason


def test_unpaired_items_are_skipped_without_failing_the_batch(batch_dirs, tmp_path):
    plans, reviews = batch_dirs
    (reviews / "TST-EHCP-0004.json").unlink()
    outcome = invoke(str(plans), str(reviews), "-o", str(tmp_path / "out"), "--no-pdf")
    assert outcome.exit_code == 0
    assert "TST-EHCP-0004 skipped: no review for this plan" in outcome.stdout


def test_manifest_mode(batch_dirs, tmp_path):
    manifest = tmp_path / "batch.csv"
    manifest.write_text("plan,review\n" + "".join(
        f"plans/TST-EHCP-000{i}.docx,reviews/TST-EHCP-000{i}.json\n" for i in (1, 3)))
    outcome = invoke("--manifest", str(manifest), "-o", str(tmp_path / "out"), "--no-pdf")
    assert outcome.exit_code == 0, outcome.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.final.docx")) == [
        "TST-EHCP-0001.final.docx", "TST-EHCP-0003.final.docx"]


@pytest.mark.parametrize("args", [
    ["-o", "out"],
    ["plans", "-o", "out"],
    ["plans", "reviews", "--manifest", "m.csv", "-o", "out"],
])
def test_usage_errors_exit_2(args, tmp_path):
    outcome = CliRunner().invoke(cli, ["batch", *args])
    assert outcome.exit_code == 2


def test_an_unreadable_manifest_is_a_one_line_error(tmp_path):
    outcome = invoke("--manifest", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "out"))
    assert outcome.exit_code == 1
    assert outcome.stderr.startswith("error: missing.csv: the manifest cannot be read")


@pytest.fixture(scope="module")
def twelve_plans(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("twelve")
    write_fictional_batch(root / "plans", root / "reviews", 12)
    return root


def report_items(outdir: Path) -> list[dict]:
    try:
        return json.loads((outdir / "report.json").read_text())["items"]
    except (OSError, ValueError):
        return []


def test_resume_after_kill_9_finishes_the_batch_without_redoing_complete_items(twelve_plans, tmp_path):
    outdir = tmp_path / "out"
    command = [sys.executable, "-m", "ehcpdocs", "batch", str(twelve_plans / "plans"), str(twelve_plans / "reviews"),
               "-o", str(outdir), "--workers", "1"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while len(report_items(outdir)) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done_before = {row["plan_id"]: row for row in report_items(outdir)}
    assert 3 <= len(done_before) < 12, "the batch should have been killed part-way"
    stamps = {entry["file"]: (outdir / entry["file"]).stat()
              for row in done_before.values() for entry in row["outputs"]}

    finished = subprocess.run(command + ["--resume"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                              check=False)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    rows = {row["plan_id"]: row for row in report_items(outdir)}
    assert len(rows) == 12 and all(row["status"] == "amended" for row in rows.values())
    assert {pid for pid, row in rows.items() if row["resumed"]} == set(done_before)
    for name, before in stamps.items():
        after = (outdir / name).stat()
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns), f"{name} was redone"
    assert finished.stdout.count("done earlier") == len(done_before)
    assert not list(outdir.glob(".*.part"))
    for row in rows.values():
        assert len(row["outputs"]) == 5 and all((outdir / entry["file"]).exists() for entry in row["outputs"])


def test_resume_redoes_an_item_whose_output_was_damaged_or_whose_input_changed(batch_dirs, tmp_path):
    plans, reviews = batch_dirs
    outdir = tmp_path / "out"
    assert invoke(str(plans), str(reviews), "-o", str(outdir), "--no-pdf").exit_code == 0
    (outdir / "TST-EHCP-0001.final.docx").write_bytes(b"damaged")
    review = json.loads((reviews / "TST-EHCP-0002.json").read_text())
    (reviews / "TST-EHCP-0002.json").write_text(json.dumps(review, indent=4))
    outcome = invoke(str(plans), str(reviews), "-o", str(outdir), "--no-pdf", "--resume")
    assert outcome.exit_code == 0
    redone = {line.split()[1] for line in outcome.stdout.splitlines() if line.startswith("[") and "done earlier" not in line}
    assert redone == {"TST-EHCP-0001", "TST-EHCP-0002"}
    assert (outdir / "TST-EHCP-0001.final.docx").read_bytes()[:2] == b"PK"


def test_resume_with_other_options_does_everything_again(batch_dirs, tmp_path):
    plans, reviews = batch_dirs
    outdir = tmp_path / "out"
    assert invoke(str(plans), str(reviews), "-o", str(outdir), "--no-pdf").exit_code == 0
    outcome = invoke(str(plans), str(reviews), "-o", str(outdir), "--resume", "--workers", "2")
    assert outcome.exit_code == 0 and "done earlier" not in outcome.stdout
    assert len(list(outdir.glob("*.final.pdf"))) == 6


def test_ctrl_c_stops_the_batch_writes_the_report_and_exits_130(twelve_plans, tmp_path):
    outdir = tmp_path / "out"
    command = [sys.executable, "-m", "ehcpdocs", "batch", str(twelve_plans / "plans"), str(twelve_plans / "reviews"),
               "-o", str(outdir), "--workers", "1"]
    # A shell may start test runs with SIGINT ignored; the batch must see it as a user would.
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not report_items(outdir) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "run the same command with --resume to finish" in errors
    report = json.loads((outdir / "report.json").read_text())
    assert report["totals"]["not_finished"] > 0
    assert len(report["items"]) + report["totals"]["not_finished"] == 12


def test_a_second_batch_into_the_same_folder_is_refused_while_the_first_runs(batch_dirs, tmp_path):
    plans, reviews = batch_dirs
    outdir = tmp_path / "out"
    first = run(pair_folders(plans, reviews), outdir, workers=1, pdf=False)
    next(first)  # the first batch now holds the folder
    try:
        outcome = invoke(str(plans), str(reviews), "-o", str(outdir), "--no-pdf")
        assert outcome.exit_code == 1
        assert "another batch is writing to this folder" in outcome.stderr
    finally:
        first.close()
    assert invoke(str(plans), str(reviews), "-o", str(outdir), "--no-pdf").exit_code == 0
