"""A batch killed with kill -9 (the whole process group) early, midway or late leaves no partial
file under a final name, only temporary files of the documented form; ``--resume`` then does
exactly the items not finished, and the folder ends byte-identical to an uninterrupted run.
The batch's outputs are the same bytes whatever PYTHONHASHSEED, TZ and working folder."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batchhelpers import write_fictional_batch

ROOT = Path(__file__).resolve().parents[2]
PLANS = 10
TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[^.]+\.part$")  # fileio: .<name>.<random>.part
LOCK = ".ehcpdocs-batch.lock"
VARYING = ("seconds", "resumed")


@pytest.fixture(scope="module")
def ten_plans(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("crash")
    write_fictional_batch(root / "plans", root / "reviews", PLANS)
    return root


def command(batch: Path, outdir: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "ehcpdocs", "batch", str(batch / "plans"), str(batch / "reviews"),
            "-o", str(outdir), "--no-pdf", "--workers", "2", *extra]


def environment(seed: str = "0", tz: str = "UTC") -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONHASHSEED", "TZ")}
    env.update(PYTHONHASHSEED=seed, TZ=tz)
    return env


def comparable(name: str, data: bytes):
    """A file's content, the report without its varying columns (``seconds``, ``resumed``)."""
    if name == "report.json":
        document = json.loads(data)
        for row in document["items"]:
            for column in VARYING:
                row.pop(column, None)
        return document
    if name == "report.csv":
        return [{k: v for k, v in row.items() if k not in VARYING} for row in csv.DictReader(io.StringIO(data.decode()))]
    return data


def folder(outdir: Path) -> dict[str, object]:
    return {path.name: comparable(path.name, path.read_bytes()) for path in sorted(outdir.iterdir())
            if path.name != LOCK}


@pytest.fixture(scope="module")
def reference(ten_plans, tmp_path_factory) -> dict[str, object]:
    """An uninterrupted run's folder (PYTHONHASHSEED=0, TZ=UTC, run from the repository)."""
    outdir = tmp_path_factory.mktemp("reference") / "out"
    done = subprocess.run(command(ten_plans, outdir), cwd=ROOT, env=environment(), capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    files = folder(outdir)
    assert len([name for name in files if name.endswith(".summary.json")]) == PLANS
    return files


def report_rows(outdir: Path) -> list[dict]:
    try:
        return json.loads((outdir / "report.json").read_text())["items"]
    except (OSError, ValueError):
        return []


def finished_rows(outdir: Path) -> int:
    return sum(1 for row in report_rows(outdir) if row.get("status") in ("amended", "unchanged"))


def wait_until_gone(group: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.02)
    raise AssertionError("processes of the killed batch are still running")


def summaries(outdir: Path, since: int = 0) -> int:
    """Items whose files are in place (the report is rewritten only four times a second),
    counting only those written from ``since`` (ns) on."""
    return sum(1 for path in outdir.glob("*.summary.json") if path.stat().st_mtime_ns >= since)


MOMENTS = {
    "early": lambda outdir, started: (outdir / LOCK).exists(),
    "middle": lambda outdir, started: summaries(outdir, started) >= 3 and summaries(outdir) >= PLANS // 2,
    "late": lambda outdir, started: summaries(outdir, started) >= 1 and summaries(outdir) >= PLANS - 1,
}


def kill_at(moment: str, args: list[str], outdir: Path, reference: dict[str, object]) -> set[str]:
    """Start a batch, kill -9 its process group at ``moment``, check what it left; returns the
    items its report lists as finished."""
    started = time.time_ns()
    process = subprocess.Popen(args, cwd=ROOT, env=environment(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not MOMENTS[moment](outdir, started) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    wait_until_gone(process.pid)
    assert process.returncode == -signal.SIGKILL, f"{moment}: the batch was killed before it finished"

    # Nothing half-written under a final name: every such file is the uninterrupted run's.
    for name in sorted(path.name for path in outdir.iterdir()) if outdir.exists() else []:
        if name == LOCK:
            continue
        match = TEMPORARY.match(name)
        if match:
            assert match.group("name") in reference, f"{moment}: {name} is not a temporary name of an output"
            continue
        assert name in reference, f"{moment}: unexpected file {name}"
        data = (outdir / name).read_bytes()
        if name.startswith("report."):
            comparable(name, data)  # complete: it parses
        else:
            assert data == reference[name], f"{moment}: {name} is incomplete or differs"
    finished = {row["plan_id"] for row in report_rows(outdir) if row.get("status") in ("amended", "unchanged")}
    print(f"killed {moment}: {len(finished)} items in the report, {summaries(outdir) if outdir.exists() else 0} on disk")
    return finished


def test_kill_9_early_midway_and_late_then_resume_does_exactly_the_missing_plans(ten_plans, reference, tmp_path):
    """Killed early, then its resume killed midway, and that one's resume killed late (so a
    resumed batch is killed too); a last resume finishes."""
    outdir = tmp_path / "out"
    kill_at("early", command(ten_plans, outdir), outdir, reference)
    kill_at("middle", command(ten_plans, outdir, "--resume"), outdir, reference)
    before = kill_at("late", command(ten_plans, outdir, "--resume"), outdir, reference)

    resumed = subprocess.run(command(ten_plans, outdir, "--resume"), cwd=ROOT, env=environment(),
                             capture_output=True, text=True, timeout=300, check=False)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    rows = {row["plan_id"]: row for row in report_rows(outdir)}
    assert len(rows) == PLANS
    assert {plan_id for plan_id, row in rows.items() if row["resumed"]} == before, "kept exactly the finished items"
    assert resumed.stdout.count("done earlier") == len(before), "and redid every other one"
    assert not [path.name for path in outdir.iterdir() if TEMPORARY.match(path.name)], "temporary files removed"
    assert folder(outdir) == reference, "the folder is what an uninterrupted run writes"


def test_outputs_are_the_same_bytes_whatever_the_hash_seed_time_zone_and_folder(ten_plans, reference, tmp_path):
    for seed, tz, cwd in (("random", "Pacific/Kiritimati", Path("/")),):
        outdir = tmp_path / f"out-{seed}"
        done = subprocess.run(command(ten_plans, outdir), cwd=cwd, env=environment(seed, tz), capture_output=True,
                              text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        assert folder(outdir) == reference, (seed, tz, cwd)
