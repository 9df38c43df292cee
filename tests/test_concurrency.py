"""Concurrency and determinism: eight threads amending at once give the bytes sequential calls give,
and ``ehcpdocs amend`` writes the same bytes whatever PYTHONHASHSEED, TZ and working folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from click.testing import CliRunner

from builders import SAMPLE_IDS, sample_plan, sample_review
from ehcpdocs import amend
from ehcpdocs.cli import cli

ROOT = Path(__file__).resolve().parent.parent
THREADS = 8
MARKUPS = ("bold-strike", "tracked", "tribunal")


def outputs(plan_id: str, markup: str) -> tuple[bytes, bytes, str]:
    result = amend(sample_plan(plan_id), sample_review(plan_id), markup=markup, party="la")
    return result.amended_docx, result.final_docx, json.dumps(result.summary, sort_keys=True, ensure_ascii=False)


def test_eight_threads_at_once_give_the_sequential_bytes():
    jobs = [(plan_id, markup) for plan_id in SAMPLE_IDS for markup in MARKUPS]
    expected = {job: outputs(*job) for job in jobs}
    start = threading.Barrier(THREADS)

    def run(job):
        try:
            start.wait(timeout=30)  # every thread starts together, the first call included
        except threading.BrokenBarrierError:
            pass
        return job, outputs(*job)

    work = (jobs * 3)[: THREADS * 3]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(run, work))
    assert len(results) == len(work)
    for job, got in results:
        assert got == expected[job], job


def amend_in_subprocess(outdir: Path, cwd: Path, seed: str, tz: str) -> dict[str, bytes]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONHASHSEED", "TZ")}
    env.update(PYTHONHASHSEED=seed, TZ=tz)
    script = (
        "import sys\n"
        "from ehcpdocs.cli import cli\n"
        "for plan_id in sys.argv[2:]:\n"
        "    try:\n"
        f"        cli(['amend', '{ROOT}/samples/plans/' + plan_id + '.docx', '{ROOT}/samples/reviews/' + plan_id + '.json',\n"
        "             '-o', sys.argv[1], '--no-pdf'], standalone_mode=False)\n"
        "    except SystemExit as exit:\n"
        "        if exit.code:\n"
        "            raise\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(outdir), *SAMPLE_IDS], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return {path.name: path.read_bytes() for path in sorted(outdir.iterdir())}


def test_amend_writes_the_same_bytes_whatever_the_hash_seed_time_zone_and_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    here = tmp_path / "here"
    for plan_id in SAMPLE_IDS:  # in this process: its own hash seed, the machine's time zone
        outcome = CliRunner().invoke(cli, ["amend", str(sample_plan(plan_id)), str(ROOT / "samples" / "reviews" / f"{plan_id}.json"),
                                           "-o", str(here), "--no-pdf"])
        assert outcome.exit_code == 0, outcome.output
    expected = {path.name: path.read_bytes() for path in sorted(here.iterdir())}
    assert len(expected) == 3 * len(SAMPLE_IDS)  # amended, final, summary
    elsewhere = amend_in_subprocess(tmp_path / "elsewhere", Path("/"), "4242", "Pacific/Kiritimati")
    assert elsewhere == expected
