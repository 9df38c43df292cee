"""`ehcpdocs serve` in a subprocess on a free loopback port answers, then stops gracefully."""

from __future__ import annotations

import io
import json
import signal
import socket
import subprocess
import sys
import time
import zipfile

import httpx

from servertools import PLAN_ID, REPO, sample_plan, sample_review


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_real_server_amends_and_stops_on_sigterm():
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "ehcpdocs", "serve", "--port", str(port), "--workers", "1"],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "the server did not become ready"
            time.sleep(0.3)
        response = httpx.post(f"{base}/api/v1/amend", files={"plan": sample_plan(), "review": sample_review()},
                              data={"no_pdf": "true"}, timeout=60)
        assert response.status_code == 200
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        assert f"{PLAN_ID}.final.docx" in names
    finally:
        server.send_signal(signal.SIGTERM)
        _, errors = server.communicate(timeout=60)
    # uvicorn finishes the shutdown, then re-raises the signal, as a process stopped by it should
    assert server.returncode in (0, -signal.SIGTERM)
    assert "Application shutdown complete" in errors
    access = [json.loads(line) for line in errors.splitlines() if line.startswith("{") and '"request"' in line]
    assert any(entry["path"] == "/api/v1/amend" and entry["status"] == 200 for entry in access)
    assert PLAN_ID not in errors
