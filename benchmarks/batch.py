"""Batch throughput and memory: plans per second and the peak memory of the whole process tree.

Generates fictional plans and reviews with the samples generator (cached under
``benchmarks/.work/``, which git ignores), then runs ``ehcpdocs batch`` as a child process with
1 and 2 workers, with and without PDF, on the local process pool and on a local Dask cluster
(``--executor dask``: a LocalCluster of as many worker processes, items sent as bytes), sampling
the resident memory of the command and all of its workers from /proc. Times are of the whole
command, so Dask's include starting its cluster. Targets on a 2-core machine: at least 8
plans/s with all four documents, at least 25 without PDF, 2 workers at least 1.7x one, and the
peak memory of a 500-plan batch within 1.3x that of a 100-plan batch.

    .venv/bin/python benchmarks/batch.py [--sizes 100,500] [--workers 1,2] [--engines process,dask]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "benchmarks" / ".work" / "batch"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def load_generator():
    sys.path.insert(0, str(REPO / "samples"))
    import make_samples

    return make_samples


def generated_batch(count: int) -> Path:
    """A folder with ``count`` fictional plans and reviews (made once, then reused)."""
    folder = WORK / f"inputs-{count}"
    plans, reviews = folder / "plans", folder / "reviews"
    if plans.is_dir() and len(list(plans.glob("*.docx"))) == count and len(list(reviews.glob("*.json"))) == count:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    plans.mkdir(parents=True)
    reviews.mkdir(parents=True)
    samples = load_generator()
    for index in range(count):
        plan_id = f"BEN-EHCP-{index:04d}"
        layout = samples.LAYOUTS[index % len(samples.LAYOUTS)]
        child = samples.fictional_child(index)
        (plans / f"{plan_id}.docx").write_bytes(samples.make_plan(layout, plan_id, child, seed=index))
        review = samples.make_review(layout, plan_id, child, seed=index, check=False)
        (reviews / f"{plan_id}.json").write_text(json.dumps(review, ensure_ascii=False), encoding="utf-8")
    return folder


def children_of(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        found = []
        for task in tasks:
            found.extend(int(child) for child in (task / "children").read_text().split())
        return found
    except OSError:
        return []


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            pages = int(Path(f"/proc/{current}/statm").read_text().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        total += pages * PAGE_SIZE
        stack.extend(children_of(current))
    return total


class PeakSampler(threading.Thread):
    """Samples a process tree's memory every ``interval`` seconds; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            time.sleep(self.interval)

    def stop(self) -> int:
        self.stopped.set()
        self.join()
        return self.peak


def run_batch(inputs: Path, workers: int, pdf: bool, engine: str = "process") -> tuple[float, int, dict]:
    """Seconds, peak tree memory in bytes, and report totals of one ``ehcpdocs batch`` run."""
    outdir = WORK / f"out-{inputs.name}-{engine}-w{workers}-{'pdf' if pdf else 'nopdf'}"
    shutil.rmtree(outdir, ignore_errors=True)
    command = [sys.executable, "-m", "ehcpdocs", "batch", str(inputs / "plans"), str(inputs / "reviews"),
               "-o", str(outdir), "--workers", str(workers), "--executor", engine] + ([] if pdf else ["--no-pdf"])
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = PeakSampler(process.pid)
    sampler.start()
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    peak = sampler.stop()
    if process.returncode != 0:
        raise SystemExit(f"ehcpdocs batch failed ({process.returncode}): {errors.decode(errors='replace')}")
    totals = json.loads((outdir / "report.json").read_text())["totals"]
    shutil.rmtree(outdir, ignore_errors=True)
    return seconds, peak, totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500", help="batch sizes, comma-separated")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--pdf", default="yes,no", help="with PDF (yes), without (no), or both (yes,no)")
    parser.add_argument("--engines", default="process,dask", help="executors, comma-separated (process, dask, ray)")
    args = parser.parse_args()
    engines = [engine.strip() for engine in args.engines.split(",")]
    pdf_modes = [mode.strip() == "yes" for mode in args.pdf.split(",")]
    sizes = [int(size) for size in args.sizes.split(",")]
    worker_counts = [int(count) for count in args.workers.split(",")]
    print(f"cores: {os.cpu_count()}  python: {sys.version.split()[0]}")
    print(f"{'engine':>8} {'plans':>6} {'workers':>7} {'pdf':>4} {'seconds':>8} {'plans/s':>8} {'peak MB':>8}  amended")
    figures: dict[tuple[str, int, int, bool], tuple[float, int]] = {}
    for size in sizes:
        inputs = generated_batch(size)
        for pdf in pdf_modes:
            for workers in worker_counts:
                for engine in engines:
                    seconds, peak, totals = run_batch(inputs, workers, pdf, engine)
                    figures[engine, size, workers, pdf] = (size / seconds, peak)
                    print(f"{engine:>8} {size:>6} {workers:>7} {'yes' if pdf else 'no':>4} {seconds:>8.2f} "
                          f"{size / seconds:>8.1f} {peak / 2**20:>8.0f}  {totals['amended']}/{totals['items']}",
                          flush=True)
    for engine in engines:
        print_ratios(engine, figures, sizes, worker_counts, pdf_modes)
    for engine in engines[1:]:
        for size in sizes:
            for pdf in pdf_modes:
                for workers in worker_counts:
                    ratio = figures[engine, size, workers, pdf][0] / figures[engines[0], size, workers, pdf][0]
                    print(f"{engine} vs {engines[0]}, {size} plans, {workers} workers, pdf {'yes' if pdf else 'no'}: "
                          f"{ratio:.2f}x the plans/s")


def print_ratios(engine: str, figures: dict, sizes: list[int], worker_counts: list[int],
                 pdf_modes: list[bool]) -> None:
    if len(worker_counts) >= 2:
        low, high = min(worker_counts), max(worker_counts)
        for size in sizes:
            for pdf in pdf_modes:
                speedup = figures[engine, size, high, pdf][0] / figures[engine, size, low, pdf][0]
                print(f"{engine}: speed-up {high} vs {low} workers, {size} plans, pdf {'yes' if pdf else 'no'}: "
                      f"{speedup:.2f}x")
    if len(sizes) >= 2:
        small, large = min(sizes), max(sizes)
        for workers in worker_counts:
            for pdf in pdf_modes:
                ratio = figures[engine, large, workers, pdf][1] / figures[engine, small, workers, pdf][1]
                print(f"{engine}: peak memory {large} vs {small} plans, {workers} workers, pdf {'yes' if pdf else 'no'}: "
                      f"{ratio:.2f}x")


if __name__ == "__main__":
    main()
