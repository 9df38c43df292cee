"""Running a batch: failures that do not stop it, crashes, time limits, executors, reports, reruns."""

from __future__ import annotations

import csv
import hashlib
import json
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest
from batchhelpers import (
    CRASH_ID,
    SLOW_ID,
    crash_always,
    crash_on_crash_id,
    hang_ignoring_alarm_on_slow_id,
    raise_on_crash_id,
    sleep_briefly_on_slow_id,
    sleep_on_slow_id,
)
from click.testing import CliRunner

from ehcpdocs.batch import (
    AMENDED,
    CSV_COLUMNS,
    FAILED,
    SKIPPED,
    UNCHANGED,
    ItemResult,
    pair_folders,
    read_manifest,
    run,
)
from ehcpdocs.batch.worker import crashed_message, time_limit_message
from ehcpdocs.cli import cli

ALL_OUTPUTS = (".amended.docx", ".final.docx", ".amended.pdf", ".final.pdf", ".summary.json")


def run_all(plans: Path, reviews: Path, outdir: Path, **options) -> dict[str, ItemResult]:
    results = {}
    for result in run(pair_folders(plans, reviews), outdir, **options):
        assert result.plan_id not in results
        results[result.plan_id] = result
    return results


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli_error(plan: Path, review: Path, outdir: Path) -> str:
    """The one-line message ``ehcpdocs amend`` prints for these inputs."""
    outcome = CliRunner().invoke(cli, ["amend", str(plan), str(review), "-o", str(outdir), "--no-pdf"])
    assert outcome.exit_code == 1
    return outcome.stderr.strip().removeprefix("error: ")


@pytest.fixture
def thread_pool():
    with ThreadPoolExecutor(max_workers=2) as pool:
        yield pool


@pytest.mark.parametrize("executor_kind", ["threads", "processes"])
def test_bad_items_in_the_middle_fail_alone_with_the_cli_message(batch_dirs, tmp_path, executor_kind):
    plans, reviews = batch_dirs
    (plans / "TST-EHCP-0002.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    review = json.loads((reviews / "TST-EHCP-0003.json").read_text())
    review["child"]["date_of_birth"] = "not a date"
    (reviews / "TST-EHCP-0003.json").write_text(json.dumps(review))
    executor = ThreadPoolExecutor(2) if executor_kind == "threads" else ProcessPoolExecutor(2)
    with executor:
        results = run_all(plans, reviews, tmp_path / "out", executor=executor, pdf=False)
    assert {pid: r.status for pid, r in results.items()} == {
        "TST-EHCP-0000": AMENDED, "TST-EHCP-0001": AMENDED, "TST-EHCP-0002": FAILED,
        "TST-EHCP-0003": FAILED, "TST-EHCP-0004": AMENDED, "TST-EHCP-0005": AMENDED,
    }
    for plan_id in ("TST-EHCP-0002", "TST-EHCP-0003"):
        expected = cli_error(plans / f"{plan_id}.docx", reviews / f"{plan_id}.json", tmp_path / "cli")
        assert results[plan_id].reason == expected
        assert not list((tmp_path / "out").glob(f"{plan_id}.*"))
    assert results["TST-EHCP-0002"].reason.startswith("TST-EHCP-0002.docx: ")
    assert "TST-EHCP-0002.docx" not in results["TST-EHCP-0002"].log_reason


def test_outputs_are_those_of_ehcpdocs_amend_and_the_report_lists_them(batch_dirs, tmp_path, thread_pool):
    plans, reviews = batch_dirs
    outdir = tmp_path / "out"
    results = run_all(plans, reviews, outdir, executor=thread_pool)
    CliRunner().invoke(cli, ["amend", str(plans / "TST-EHCP-0001.docx"), str(reviews / "TST-EHCP-0001.json"),
                             "-o", str(tmp_path / "single")], catch_exceptions=False)
    for suffix in ALL_OUTPUTS:
        name = "TST-EHCP-0001" + suffix
        assert (outdir / name).read_bytes() == (tmp_path / "single" / name).read_bytes()

    report = json.loads((outdir / "report.json").read_text())
    assert report["totals"] == {"items": 6, "amended": 6, "unchanged": 0, "failed": 0, "skipped": 0, "not_finished": 0}
    assert report["options"]["pdf"] is True
    rows = {row["plan_id"]: row for row in report["items"]}
    assert [row["plan_id"] for row in report["items"]] == sorted(rows)
    summary = json.loads((outdir / "TST-EHCP-0001.summary.json").read_text())
    row = rows["TST-EHCP-0001"]
    assert row["sections_amended"] == summary["sections_amended"]
    assert (row["words_added"], row["words_removed"]) == (summary["words_added"], summary["words_removed"])
    f_counts = summary["sections"]["F"]
    assert (row["section_f_words_added"], row["section_f_words_removed"]) == (f_counts["words_added"], f_counts["words_removed"])
    assert row["section_f_changes"]
    assert [entry["file"] for entry in row["outputs"]] == sorted("TST-EHCP-0001" + s for s in ALL_OUTPUTS)
    for entry in row["outputs"]:
        assert sha256_of(outdir / entry["file"]) == entry["sha256"]
    assert row["plan_sha256"] == sha256_of(plans / "TST-EHCP-0001.docx")
    assert results["TST-EHCP-0001"].outputs == {e["file"]: e["sha256"] for e in row["outputs"]}

    with open(outdir / "report.csv", newline="", encoding="utf-8") as stream:
        csv_rows = list(csv.DictReader(stream))
    assert tuple(csv_rows[0]) == CSV_COLUMNS
    assert [r["plan_id"] for r in csv_rows] == sorted(rows)
    first = csv_rows[1]
    assert first["status"] == "amended" and first["sections_amended"] == " ".join(summary["sections_amended"])
    assert f"TST-EHCP-0001.final.pdf sha256:{sha256_of(outdir / 'TST-EHCP-0001.final.pdf')}" in first["outputs"]


def test_unchanged_and_skipped_items_are_reported(batch_dirs, tmp_path, thread_pool):
    plans, reviews = batch_dirs
    review = json.loads((reviews / "TST-EHCP-0000.json").read_text())
    review["amendments"] = []
    review["review"]["reasons"] = []
    (reviews / "TST-EHCP-0000.json").write_text(json.dumps(review))
    (reviews / "TST-EHCP-0005.json").rename(reviews / "ORPHAN-9.json")
    review = json.loads((reviews / "ORPHAN-9.json").read_text())
    review["plan_id"] = "ORPHAN-9"
    (reviews / "ORPHAN-9.json").write_text(json.dumps(review))
    results = run_all(plans, reviews, tmp_path / "out", executor=thread_pool, pdf=False)
    assert results["TST-EHCP-0000"].status == UNCHANGED
    assert results["TST-EHCP-0000"].reason == "no amendment required"
    assert list(results["TST-EHCP-0000"].outputs) == ["TST-EHCP-0000.summary.json"]
    assert (results["TST-EHCP-0005"].status, results["TST-EHCP-0005"].reason) == (SKIPPED, "no review for this plan")
    assert (results["ORPHAN-9"].status, results["ORPHAN-9"].reason) == (SKIPPED, "no plan for this review")
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["totals"]["skipped"] == 2 and report["totals"]["unchanged"] == 1


def test_reruns_write_byte_identical_outputs(batch_dirs, tmp_path):
    plans, reviews = batch_dirs
    with ProcessPoolExecutor(2) as pool:
        run_all(plans, reviews, tmp_path / "first", executor=pool)
    with ThreadPoolExecutor(1) as pool:
        run_all(plans, reviews, tmp_path / "second", executor=pool)
    names = sorted(path.name for path in (tmp_path / "first").iterdir())
    assert names == sorted(path.name for path in (tmp_path / "second").iterdir())
    for name in names:
        first, second = (tmp_path / "first" / name).read_bytes(), (tmp_path / "second" / name).read_bytes()
        if name.startswith("report."):
            first, second = without_varying_columns(name, first), without_varying_columns(name, second)
        assert first == second, name


def without_varying_columns(name: str, data: bytes):
    if name.endswith(".json"):
        document = json.loads(data)
        for row in document["items"]:
            del row["seconds"], row["resumed"]
        return document
    rows = list(csv.DictReader(data.decode("utf-8").splitlines()))
    return [{k: v for k, v in row.items() if k not in ("seconds", "resumed")} for row in rows]


def test_a_crashing_worker_fails_only_its_item_and_the_pool_is_replaced(batch_dirs, tmp_path):
    plans, reviews = batch_dirs
    with ProcessPoolExecutor(2) as pool:
        results = run_all(plans, reviews, tmp_path / "out", executor=pool, pdf=False, item_function=crash_on_crash_id)
    assert results[CRASH_ID].status == FAILED
    assert results[CRASH_ID].reason == crashed_message()
    assert all(r.status == AMENDED for pid, r in results.items() if pid != CRASH_ID)
    assert len(results) == 6


def test_items_that_always_crash_all_fail_and_the_batch_ends(batch_dirs, tmp_path):
    plans, reviews = batch_dirs
    results = run_all(plans, reviews, tmp_path / "out", workers=2, pdf=False, item_function=crash_always)
    assert [r.reason for r in results.values()] == [crashed_message()] * 6


def test_an_item_function_that_raises_fails_its_item(batch_dirs, tmp_path, thread_pool):
    plans, reviews = batch_dirs
    results = run_all(plans, reviews, tmp_path / "out", executor=thread_pool, pdf=False, item_function=raise_on_crash_id)
    assert results[CRASH_ID].status == FAILED and "internal error (RuntimeError)" in results[CRASH_ID].reason
    assert sum(r.status == AMENDED for r in results.values()) == 5


def test_a_hung_item_is_stopped_by_the_workers_timer(batch_dirs, tmp_path):
    plans, reviews = batch_dirs
    started = time.monotonic()
    with ProcessPoolExecutor(2) as pool:
        results = run_all(plans, reviews, tmp_path / "out", executor=pool, pdf=False, timeout=1,
                          item_function=sleep_on_slow_id)
    assert time.monotonic() - started < 15
    assert results[SLOW_ID].status == FAILED and results[SLOW_ID].reason == time_limit_message(1)
    assert sum(r.status == AMENDED for r in results.values()) == 5


def test_a_hung_item_that_ignores_the_timer_is_killed_and_the_rest_go_on(batch_dirs, tmp_path):
    plans, reviews = batch_dirs
    started = time.monotonic()
    results = run_all(plans, reviews, tmp_path / "out", workers=2, pdf=False, timeout=1,
                      item_function=hang_ignoring_alarm_on_slow_id)
    assert time.monotonic() - started < 15
    assert results[SLOW_ID].status == FAILED and results[SLOW_ID].reason == time_limit_message(1)
    assert sum(r.status == AMENDED for r in results.values()) == 5


def test_a_hung_item_on_a_thread_pool_is_reported_and_abandoned(batch_dirs, tmp_path):
    plans, reviews = batch_dirs
    with ThreadPoolExecutor(2) as pool:
        results = run_all(plans, reviews, tmp_path / "out", executor=pool, pdf=False, timeout=0.5,
                          item_function=sleep_briefly_on_slow_id)
    assert results[SLOW_ID].status == FAILED and results[SLOW_ID].reason == time_limit_message(0.5)
    assert sum(r.status == AMENDED for r in results.values()) == 5
    # The abandoned thread finished later, past its limit: it must not have written anything.
    assert not list((tmp_path / "out").glob(f"{SLOW_ID}.*"))


class CountingExecutor(Executor):
    """Wraps a thread pool and records the most items it held at once."""

    def __init__(self, workers: int) -> None:
        self.pool = ThreadPoolExecutor(workers)
        self._max_workers = workers
        self.pending = 0
        self.most = 0

    def submit(self, fn, /, *args, **kwargs):
        self.pending += 1
        self.most = max(self.most, self.pending)
        future = self.pool.submit(fn, *args, **kwargs)
        future.add_done_callback(self.done)
        return future

    def done(self, future) -> None:
        self.pending -= 1

    def shutdown(self, wait=True, *, cancel_futures=False):
        self.pool.shutdown(wait=wait, cancel_futures=cancel_futures)


def test_submission_to_an_executor_other_than_a_pool_is_bounded_by_twice_the_workers(batch_dirs, tmp_path):
    plans, reviews = batch_dirs
    executor = CountingExecutor(2)
    try:
        results = run_all(plans, reviews, tmp_path / "out", executor=executor, pdf=False)
    finally:
        executor.shutdown()
    assert len(results) == 6 and executor.most == 4


def test_results_come_as_they_complete_and_the_report_grows_with_them(batch_dirs, tmp_path, thread_pool):
    plans, reviews = batch_dirs
    outdir = tmp_path / "out"
    for seen, result in enumerate(run(pair_folders(plans, reviews), outdir, executor=thread_pool, pdf=False), 1):
        assert isinstance(result, ItemResult)
        if seen == 3:
            break
    report = json.loads((outdir / "report.json").read_text())
    assert len(report["items"]) == 3 and report["totals"]["not_finished"] == 3


def test_half_written_files_of_a_killed_run_are_removed(batch_dirs, tmp_path, thread_pool):
    plans, reviews = batch_dirs
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / ".TST-EHCP-0001.final.pdf.abc123.part").write_bytes(b"half")
    run_all(plans, reviews, outdir, executor=thread_pool, pdf=False)
    assert not list(outdir.glob(".*.part"))


def test_stale_outputs_of_an_item_go_when_it_now_needs_no_amendment(batch_dirs, tmp_path, thread_pool):
    plans, reviews = batch_dirs
    outdir = tmp_path / "out"
    run_all(plans, reviews, outdir, executor=thread_pool, pdf=False)
    review = json.loads((reviews / "TST-EHCP-0000.json").read_text())
    review["amendments"], review["review"]["reasons"] = [], []
    (reviews / "TST-EHCP-0000.json").write_text(json.dumps(review))
    run_all(plans, reviews, outdir, executor=thread_pool, pdf=False)
    assert sorted(p.name for p in outdir.glob("TST-EHCP-0000.*")) == ["TST-EHCP-0000.summary.json"]


def test_the_annex2_report_is_written_when_the_review_has_its_fields(batch_dirs, tmp_path, thread_pool):
    plans, reviews = batch_dirs
    review = json.loads((reviews / "TST-EHCP-0001.json").read_text())
    review["setting"] = {"name": "Brookfield Primary School"}
    review["recommendation"] = {"decision": "amend"}
    (reviews / "TST-EHCP-0001.json").write_text(json.dumps(review))
    results = run_all(plans, reviews, tmp_path / "out", executor=thread_pool, pdf=False)
    assert "TST-EHCP-0001.annex2.docx" in results["TST-EHCP-0001"].outputs
    assert (tmp_path / "out" / "TST-EHCP-0001.annex2.docx").exists()
    assert not any(name.endswith(".annex2.docx") for name in results["TST-EHCP-0002"].outputs)


def test_a_failing_item_never_removes_files_outside_the_output_folder(batch_dirs, tmp_path, thread_pool):
    plans, reviews = batch_dirs
    review = json.loads((reviews / "TST-EHCP-0001.json").read_text())
    review["plan_id"] = "../victim"
    (reviews / "TST-EHCP-0001.json").write_text(json.dumps(review))
    victim = tmp_path / "victim.amended.docx"
    victim.write_bytes(b"keep me")
    manifest = tmp_path / "batch.csv"
    manifest.write_text(f"{plans / 'TST-EHCP-0001.docx'},{reviews / 'TST-EHCP-0001.json'}\n")
    [result] = run(read_manifest(manifest), tmp_path / "out", executor=thread_pool, pdf=False)
    assert result.plan_id == "../victim" and result.status == FAILED
    assert victim.read_bytes() == b"keep me"


class CountingThreadPool(ThreadPoolExecutor):
    """A thread pool that records the most items it held at once."""

    def __init__(self, workers: int) -> None:
        super().__init__(workers)
        self.lock = threading.Lock()
        self.pending = 0
        self.most = 0

    def submit(self, fn, /, *args, **kwargs):
        with self.lock:
            self.pending += 1
            self.most = max(self.most, self.pending)
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self.done)
        return future

    def done(self, future) -> None:
        with self.lock:
            self.pending -= 1


@pytest.mark.parametrize(("workers", "most"), [(None, 3), (2, 3), (1, 1)])
def test_a_pool_gets_one_item_waiting_only_when_all_its_workers_are_used(batch_dirs, tmp_path, workers, most):
    plans, reviews = batch_dirs
    with CountingThreadPool(2) as pool:
        results = run_all(plans, reviews, tmp_path / "out", executor=pool, workers=workers, pdf=False)
    assert len(results) == 6 and pool.most == most


def test_logs_describe_an_amendment_that_does_not_apply_without_quoting_the_plan(batch_dirs, tmp_path, thread_pool):
    plans, reviews = batch_dirs
    review = json.loads((reviews / "TST-EHCP-0001.json").read_text())
    replace_op = next(i for i, a in enumerate(review["amendments"]) if a["op"] == "replace")
    review["amendments"][replace_op]["old"] = "Words Nobody Wrote"
    (reviews / "TST-EHCP-0001.json").write_text(json.dumps(review))
    results = run_all(plans, reviews, tmp_path / "out", executor=thread_pool, pdf=False)
    failed = results["TST-EHCP-0001"]
    assert "Words Nobody Wrote" in failed.reason
    assert "Words Nobody Wrote" not in failed.log_reason
    assert f"amendment {replace_op}" in failed.log_reason and "is not in the section" in failed.log_reason
