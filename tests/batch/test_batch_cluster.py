"""Batches on a cluster with no shared disk: items travel as bytes, the caller alone writes.

The Dask tests run a real ``distributed.LocalCluster`` (2 worker processes) whose workers work
in another folder and are shown not to see the caller's input or output folders: the batch names
them by relative paths, which the workers cannot resolve. Outputs must be byte-identical to a run
on the local process pool, and every hash in the report must be that of the file on disk.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ehcpdocs.batch import ItemTask, pair_folders, run
from ehcpdocs.batch.engines import dask_address, open_engine
from ehcpdocs.batch.worker import file_sha256, make_task
from ehcpdocs.cli import cli
from ehcpdocs.errors import ExecutorError

BOOKKEEPING = {"report.csv", "report.json", ".ehcpdocs-batch.lock"}


def output_files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.name not in BOOKKEEPING}


def assert_report_matches_disk(folder: Path) -> dict:
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    listed = set()
    for item in report["items"]:
        for output in item["outputs"]:
            listed.add(output["file"])
            assert file_sha256(folder / output["file"]) == output["sha256"], output["file"]
    assert listed == set(output_files(folder)), "the report lists exactly the files on disk"
    return report


@pytest.fixture
def caller_folder(generated_batch, tmp_path, monkeypatch) -> Path:
    """The caller's working folder with plans/ and reviews/ (three of the generated items, and
    one review whose plan is unreadable), entered as the working directory."""
    caller = tmp_path / "caller"
    (caller / "plans").mkdir(parents=True)
    (caller / "reviews").mkdir()
    for plan in sorted((generated_batch / "plans").glob("*.docx"))[:3]:
        shutil.copy(plan, caller / "plans" / plan.name)
        review = generated_batch / "reviews" / (plan.stem + ".json")
        shutil.copy(review, caller / "reviews" / review.name)
    (caller / "plans" / "BROKEN-1.docx").write_bytes(b"not a word file")
    (caller / "reviews" / "BROKEN-1.json").write_text(json.dumps({"plan_id": "BROKEN-1"}), encoding="utf-8")
    monkeypatch.chdir(caller)
    return caller


def test_a_task_carries_bytes_and_no_paths(caller_folder):
    plan = Path("plans") / sorted(os.listdir("plans"))[0]
    review = Path("reviews") / (plan.stem + ".json")
    task = make_task(plan.stem, plan, review, pdf=False)
    values = [getattr(task, f.name) for f in dataclasses.fields(ItemTask)]
    assert not any(isinstance(value, Path) for value in values)
    assert task.plan_bytes == plan.read_bytes() and task.review_bytes == review.read_bytes()
    assert task.plan_sha256 == file_sha256(plan) and task.plan_name == plan.name


def test_an_unreadable_input_is_the_items_failure_not_the_batchs(caller_folder):
    task = make_task("X", Path("plans/missing.docx"), Path("reviews/missing.json"))
    assert task.problem == "missing.docx: file not found" and task.plan_bytes == b""


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """A LocalCluster of 2 single-threaded worker processes, each working in its own empty folder."""
    distributed = pytest.importorskip("distributed")
    scratch = tmp_path_factory.mktemp("dask-scratch")
    home = tmp_path_factory.mktemp("worker-home")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       local_directory=str(scratch), silence_logs=50)
    client = distributed.Client(cluster, set_as_default=False)
    client.run(os.chdir, str(home))
    try:
        yield cluster, client, home
    finally:
        client.close()
        cluster.close()


def test_a_dask_batch_writes_on_the_caller_the_same_bytes_as_a_local_one(caller_folder, dask_cluster):
    cluster, client, worker_home = dask_cluster
    assert set(client.run(os.getcwd).values()) == {str(worker_home)}
    assert not any(client.run(os.path.exists, "plans").values()), "workers must not see the caller's folders"

    local = list(run(pair_folders("plans", "reviews"), "out-local", workers=2))
    on_dask = list(run(pair_folders("plans", "reviews"), "out-dask", executor=client.get_executor(), workers=2))

    statuses = {result.plan_id: result.status for result in on_dask}
    assert statuses == {result.plan_id: result.status for result in local}
    assert sorted(statuses.values()) == ["amended", "amended", "amended", "failed"]
    assert not any(result.files for result in on_dask), "bytes are written, not kept in the results"
    assert output_files(caller_folder / "out-dask") == output_files(caller_folder / "out-local")
    assert any(name.endswith(".amended.pdf") for name in output_files(caller_folder / "out-dask"))
    assert_report_matches_disk(caller_folder / "out-dask")
    assert not any(worker_home.iterdir()), "workers write nothing of their own"

    resumed = list(run(pair_folders("plans", "reviews"), "out-dask", executor=client.get_executor(), workers=2,
                       resume=True))
    assert sorted(result.plan_id for result in resumed if result.resumed) == sorted(
        plan_id for plan_id, status in statuses.items() if status == "amended")
    assert_report_matches_disk(caller_folder / "out-dask")


def test_the_command_runs_a_batch_on_a_dask_scheduler(caller_folder, dask_cluster):
    cluster, client, worker_home = dask_cluster
    address = cluster.scheduler_address.removeprefix("tcp://")
    result = CliRunner().invoke(cli, ["batch", "plans", "reviews", "-o", "out", "--no-pdf",
                                      "--executor", f"dask://{address}"])
    assert result.exit_code == 1, result.output  # the broken plan fails its item
    report = assert_report_matches_disk(caller_folder / "out")
    assert report["totals"]["amended"] == 3 and report["totals"]["failed"] == 1
    assert not any(name.endswith(".pdf") for name in output_files(caller_folder / "out"))


def test_an_unreachable_scheduler_is_a_clear_error():
    pytest.importorskip("distributed")
    with pytest.raises(ExecutorError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"):
        open_engine("dask://127.0.0.1:9", connect_seconds=1)


def test_a_missing_engine_names_the_extra_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(ExecutorError, match=r"pip install 'ehcpdocs\[dask\]'"):
        open_engine("dask://127.0.0.1:8786")
    with pytest.raises(ExecutorError, match=r"pip install 'ehcpdocs\[ray\]'"):
        open_engine("ray")


def test_the_command_reports_a_bad_executor_and_exits_1(caller_folder):
    result = CliRunner().invoke(cli, ["batch", "plans", "reviews", "-o", "out", "--executor", "spark://x"])
    assert result.exit_code == 1
    assert "unknown executor 'spark://x'" in result.output
    assert not Path("out").exists()


def test_dask_addresses():
    assert dask_address("dask://sched:8786") == "tcp://sched:8786"
    assert dask_address("tls://sched:8786") == "tls://sched:8786"


def test_a_ray_batch_matches_a_local_one(caller_folder):
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'ehcpdocs[ray]')")
    engine = open_engine("ray", 2)
    try:
        on_ray = list(run(pair_folders("plans", "reviews"), "out-ray", executor=engine.executor,
                          workers=engine.workers, pdf=False))
    finally:
        engine.close()
    local = list(run(pair_folders("plans", "reviews"), "out-local", workers=2, pdf=False))
    assert {r.plan_id: r.status for r in on_ray} == {r.plan_id: r.status for r in local}
    assert output_files(caller_folder / "out-ray") == output_files(caller_folder / "out-local")
    assert ray.is_initialized() is False
