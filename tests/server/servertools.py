"""Helpers the server tests share: the sample files as uploads."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
PLAN_ID = "LCC-EHCP-1001"


def sample_plan(plan_id: str = PLAN_ID) -> tuple[str, bytes, str]:
    return (f"{plan_id}.docx", (SAMPLES / "plans" / f"{plan_id}.docx").read_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def sample_review(plan_id: str = PLAN_ID, folder: str = "") -> tuple[str, bytes, str]:
    path = SAMPLES / "reviews" / folder / f"{plan_id}.json"
    return (f"{plan_id}.json", path.read_bytes(), "application/json")


def start_server(**popen) -> tuple["subprocess.Popen", str]:
    """``ehcpdocs serve`` (one worker) in a subprocess on a free loopback port, once it answers
    ``/readyz``: the process and its base URL. Raises AssertionError if it never becomes ready."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "ehcpdocs", "serve", "--port", str(port), "--workers", "1"],
                               cwd=REPO, **popen)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError("ehcpdocs serve did not become ready")
        time.sleep(0.3)
