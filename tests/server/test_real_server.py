"""`ehcpdocs serve` in a subprocess on a free loopback port answers, then stops gracefully."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import zipfile

import httpx

from servertools import PLAN_ID, sample_plan, sample_review, start_server


def test_the_real_server_amends_and_stops_on_sigterm():
    server, base = start_server(stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
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
