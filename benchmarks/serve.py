"""The service under load: N concurrent clients amending the sample plans over loopback.

Starts ``ehcpdocs serve`` on a free loopback port with one worker per core, runs ``--clients``
(default 8) clients for ``--seconds`` (default 20), each posting a sample plan and its review
to ``/api/v1/amend`` (with PDFs) as fast as answers come; checks every answer (200, the files
``ehcpdocs amend`` writes, the marked-up DOCX byte-identical to the library's) and prints
requests/s and p50/p95 latency. Then the library alone does the same work in a process pool
of the same size for the same time, and the service's overhead per plan is printed
(target: under 10% at 8 clients on 2 cores). Loopback only; bounded by --seconds.

    .venv/bin/python benchmarks/serve.py [--clients 8] [--seconds 20]
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import ehcpdocs  # noqa: E402
from ehcpdocs.batch import default_workers  # noqa: E402

PLAN_IDS = ("LCC-EHCP-1001", "SCC-EHCP-2002", "PCC-EHCP-3003")


def inputs() -> list[tuple[str, bytes, bytes]]:
    return [(plan_id, (REPO / "samples" / "plans" / f"{plan_id}.docx").read_bytes(),
             (REPO / "samples" / "reviews" / f"{plan_id}.json").read_bytes()) for plan_id in PLAN_IDS]


def library_work(item: tuple[str, bytes, bytes]) -> int:
    plan_id, plan, review = item
    result = ehcpdocs.amend(plan, review, plan_name=f"{plan_id}.docx", review_name=f"{plan_id}.json")
    return len(result.files(pdf=True))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "ehcpdocs", "serve", "--port", str(port), "--workers",
                                str(workers), "--log-level", "warning"], cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    process.kill()
    raise SystemExit("the server did not become ready")


def run_clients(base: str, items, expected: dict[str, bytes], clients: int, seconds: float):
    latencies: list[float] = []
    wrong: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(number: int) -> None:
        with httpx.Client(base_url=base, timeout=120) as session:
            turn = number
            while time.monotonic() < stop_at:
                plan_id, plan, review = items[turn % len(items)]
                turn += 1
                started = time.perf_counter()
                response = session.post("/api/v1/amend", files={"plan": (f"{plan_id}.docx", plan),
                                                                 "review": (f"{plan_id}.json", review)})
                took = time.perf_counter() - started
                problem = check(response, plan_id, expected[plan_id])
                with lock:
                    latencies.append(took)
                    if problem:
                        wrong.append(problem)

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, wrong, time.perf_counter() - started


def check(response, plan_id: str, amended: bytes) -> str | None:
    if response.status_code != 200:
        return f"{plan_id}: status {response.status_code}"
    files = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(files.namelist())
    wanted = {f"{plan_id}.{kind}" for kind in ("amended.docx", "final.docx", "amended.pdf", "final.pdf", "summary.json")}
    if names != wanted:
        return f"{plan_id}: files {sorted(names)}"
    if files.read(f"{plan_id}.amended.docx") != amended:
        return f"{plan_id}: the marked-up plan differs from the library's"
    return None


def library_rate(items, workers: int, seconds: float) -> float:
    """Plans per second of the library alone in a pool of ``workers`` processes."""
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(library_work, items * workers))  # warm each worker
        done = 0
        started = time.perf_counter()
        while time.perf_counter() - started < seconds:
            done += sum(1 for _ in pool.map(library_work, items * workers))
        return done / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args()
    items = inputs()
    expected = {plan_id: ehcpdocs.amend(plan, review, plan_name=f"{plan_id}.docx").amended_docx
                for plan_id, plan, review in items}
    process, base = start_server(args.workers)
    try:
        run_clients(base, items, expected, args.workers, 3)  # warm the workers
        latencies, wrong, elapsed = run_clients(base, items, expected, args.clients, args.seconds)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(60)
    rate = len(latencies) / elapsed
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    print(f"service: {args.clients} clients, {args.workers} workers, {os.cpu_count()} cores, {elapsed:.1f} s")
    print(f"  {len(latencies)} requests, {rate:.2f} requests/s, p50 {statistics.median(latencies) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms; wrong answers: {len(wrong)}")
    for problem in wrong[:5]:
        print(f"    {problem}")
    alone = library_rate(items, args.workers, args.seconds)
    overhead = (1 / rate) / (1 / alone) - 1
    print(f"library alone: {alone:.2f} plans/s in {args.workers} processes "
          f"({1000 / alone:.0f} ms per plan; the service {1000 / rate:.0f} ms per plan)")
    print(f"service overhead per plan: {overhead * 100:+.1f}% (target under 10%)")
    if wrong:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
