"""Batches on a Dask cluster whose workers share none of the caller's folders.

The workers of a real ``distributed.LocalCluster`` (two processes) are moved into an empty
directory of their own, and the caller names its folders relatively: so the plans, reviews and
output folder do not exist for them (checked on each worker), and every output on the caller's
disk must have travelled back as bytes. The outputs must be byte-identical to a local process
pool's, and the report's hashes those of the files written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from batchhelpers import CRASH_ID
from click.testing import CliRunner

from ehcpdocs.batch import pair_folders, process_pool, run
from ehcpdocs.batch import engines
from ehcpdocs.cli import cli

distributed = pytest.importorskip("distributed", reason="the dask extra (distributed) is not installed: pip install 'ehcpdocs[dask]'")

PLANS = ("TST-EHCP-0000", "TST-EHCP-0001")
VARYING = ("seconds", "resumed")


def workers_view(names: list[str]) -> tuple[str, list[bool]]:
    """Run on a worker: its working directory and whether each of ``names`` exists there."""
    return os.getcwd(), [Path(name).exists() for name in names]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A Dask LocalCluster of two worker processes, each working in an empty directory of its own."""
    elsewhere = tmp_path_factory.mktemp("dask-workers")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  local_directory=str(elsewhere)) as local_cluster:
        with distributed.Client(local_cluster, set_as_default=False) as client:
            client.run(os.chdir, str(elsewhere))
            yield local_cluster, client, elsewhere


@pytest.fixture
def caller(generated_batch, tmp_path, monkeypatch) -> Path:
    """The caller's working directory with plans/ and reviews/ (two plans), named relatively."""
    for folder in ("plans", "reviews"):
        (tmp_path / folder).mkdir()
    for plan_id in PLANS:
        shutil.copy(generated_batch / "plans" / f"{plan_id}.docx", tmp_path / "plans")
        shutil.copy(generated_batch / "reviews" / f"{plan_id}.json", tmp_path / "reviews")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files_of(outdir: Path) -> dict[str, object]:
    """Every file of an output folder: reports without their varying columns, others as bytes."""
    found = {}
    for path in sorted(outdir.iterdir()):
        if path.name == "report.json":
            document = json.loads(path.read_text())
            for row in document["items"]:
                for column in VARYING:
                    row.pop(column)
            found[path.name] = document
        elif path.name != "report.csv":
            found[path.name] = path.read_bytes()
    return found


def assert_report_matches_disk(outdir: Path) -> None:
    rows = json.loads((outdir / "report.json").read_text())["items"]
    assert rows and all(row["status"] == "amended" for row in rows)
    for row in rows:
        assert row["outputs"], row["plan_id"]
        for entry in row["outputs"]:
            assert hashlib.sha256((outdir / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]


def test_the_workers_cannot_see_the_callers_folders(cluster, caller):
    _, client, elsewhere = cluster
    names = ["plans", "reviews", "out", f"plans/{PLANS[0]}.docx"]
    views = client.run(workers_view, names)
    assert len(views) == 2
    for cwd, exists in views.values():
        assert Path(cwd) == elsewhere and Path(cwd) != caller
        assert exists == [False] * len(names)
    assert all(Path(name).parent.exists() for name in names)  # while the caller sees them


def test_a_dask_run_writes_what_a_local_process_pool_writes(cluster, caller):
    _, client, _ = cluster
    items = pair_folders("plans", "reviews")
    with process_pool(2) as pool:
        local = list(run(items, "local", executor=pool, workers=2))
    on_dask = list(run(items, "out", executor=client.get_executor(pure=False), workers=2))
    assert sorted(r.plan_id for r in on_dask) == list(PLANS) and all(r.status == "amended" for r in on_dask)
    assert {r.plan_id: r.outputs for r in on_dask} == {r.plan_id: r.outputs for r in local}
    assert files_of(caller / "out") == files_of(caller / "local")
    assert (caller / "out" / f"{PLANS[0]}.amended.pdf").read_bytes().startswith(b"%PDF")
    assert_report_matches_disk(caller / "out")
    assert not list(Path(cluster[2]).glob("*.docx")), "no worker wrote an output where it works"


def test_the_command_runs_on_a_dask_scheduler_and_resumes(cluster, caller):
    local_cluster, _, _ = cluster
    address = local_cluster.scheduler_address.removeprefix("tcp://")
    args = ["batch", "plans", "reviews", "-o", "out", "--no-pdf", "--executor", f"dask://{address}"]
    first = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert first.output.count(" amended (") == 2
    assert_report_matches_disk(caller / "out")

    again = CliRunner().invoke(cli, ["batch", "plans", "reviews", "-o", "out", "--no-pdf", "--resume",
                                     "--dask-scheduler", local_cluster.scheduler_address], catch_exceptions=False)
    assert again.exit_code == 0, again.output
    assert again.output.count("done earlier") == 2


def test_a_missing_engine_names_the_extra_to_install(caller, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "ray", None)
    outcome = CliRunner().invoke(cli, ["batch", "plans", "reviews", "-o", "out", "--executor", "ray"])
    assert outcome.exit_code == 2
    assert "pip install 'ehcpdocs[ray]'" in outcome.stderr
    assert not (caller / "out").exists() or not list((caller / "out").glob("*.docx"))


def test_an_unreachable_scheduler_is_a_clear_error(caller, monkeypatch):
    monkeypatch.setattr(engines, "CONNECT_TIMEOUT", 1.0)
    outcome = CliRunner().invoke(cli, ["batch", "plans", "reviews", "-o", "out", "--executor", "dask://127.0.0.1:9"])
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("error: cannot reach the Dask scheduler at 127.0.0.1:9")


def test_an_unknown_executor_is_a_usage_error(caller):
    outcome = CliRunner().invoke(cli, ["batch", "plans", "reviews", "-o", "out", "--executor", "spark://x"])
    assert outcome.exit_code == 2
    assert "unknown executor 'spark://x'" in outcome.stderr


@pytest.mark.ray
def test_a_ray_run_writes_what_a_local_process_pool_writes(caller):
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'ehcpdocs[ray]'; not in the dev extra, a 79 MB wheel)")
    outcome = CliRunner().invoke(cli, ["batch", "plans", "reviews", "-o", "out", "--no-pdf", "--executor", "ray",
                                       "--workers", "2"], catch_exceptions=False)
    assert outcome.exit_code == 0, outcome.output
    local = CliRunner().invoke(cli, ["batch", "plans", "reviews", "-o", "local", "--no-pdf", "--workers", "2"])
    assert local.exit_code == 0
    assert files_of(caller / "out") == files_of(caller / "local")
    assert_report_matches_disk(caller / "out")


def test_a_plan_that_kills_its_dask_worker_fails_alone(caller, generated_batch, tmp_path_factory):
    """A worker process that dies on one plan (as a segfault or the OOM killer would) fails that
    plan only; Dask restarts the worker and the batch goes on."""
    import batchhelpers
    import cloudpickle
    import dask

    cloudpickle.register_pickle_by_value(batchhelpers)  # the workers need not import the test helpers
    elsewhere = tmp_path_factory.mktemp("dask-crash")
    shutil.copy(generated_batch / "plans" / f"{CRASH_ID}.docx", caller / "plans")
    shutil.copy(generated_batch / "reviews" / f"{CRASH_ID}.json", caller / "reviews")
    try:
        with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
                distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                         local_directory=str(elsewhere)) as local_cluster, \
                distributed.Client(local_cluster, set_as_default=False) as client:
            results = {r.plan_id: r for r in run(pair_folders("plans", "reviews"), "out", pdf=False, workers=2,
                                                    executor=client.get_executor(pure=False),
                                                    item_function=batchhelpers.crash_on_crash_id)}
    finally:
        cloudpickle.unregister_pickle_by_value(batchhelpers)
    assert results[CRASH_ID].status == "failed"
    assert "worker process stopped" in results[CRASH_ID].reason
    assert [results[plan_id].status for plan_id in PLANS] == ["amended", "amended"]
    assert not list((caller / "out").glob(f"{CRASH_ID}.*"))


def test_pairing_on_dask_reads_references_the_workers_cannot_see_as_files(cluster, caller):
    _, client, _ = cluster
    (caller / "plans" / f"{PLANS[1]}.docx").rename(caller / "plans" / "renamed.docx")
    items = {item.plan_id: item for item in pair_folders("plans", "reviews", executor=client.get_executor(pure=False))}
    assert sorted(items) == list(PLANS) and all(item.runnable for item in items.values())
    assert items[PLANS[1]].plan.name == "renamed.docx"
