"""Production defaults: upload limit, time limit, auth, no files left, logs without names."""

from __future__ import annotations

import logging
import os
import time

import pytest
from fastapi.testclient import TestClient

from ehcpdocs.server import Settings, create_app
from servertools import sample_plan, sample_review


@pytest.fixture(scope="module")
def strict(private_tmp):
    """A service with a tight upload limit, a token and a time limit too short to amend."""
    settings = Settings(workers=1, max_upload_bytes=200_000, token="s3cret-token", time_limit=0.05)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


AUTH = {"Authorization": "Bearer s3cret-token"}


def test_an_upload_over_the_limit_is_413(strict):
    big = ("big.docx", b"x" * 300_000, "application/octet-stream")
    response = strict.post("/api/v1/sections", files={"plan": big}, headers=AUTH)
    assert response.status_code == 413
    assert response.json()["code"] == "upload-too-large"
    assert response.json()["detail"] == "the upload is over the 0.190735 MiB limit"


def test_a_streamed_upload_over_the_limit_is_413(strict):
    def chunks():
        for _ in range(30):
            yield b"y" * 10_000

    response = strict.post("/api/v1/sections", content=chunks(), headers={**AUTH, "Content-Type": "multipart/form-data; boundary=zz"})
    assert response.status_code == 413
    assert response.json()["code"] == "upload-too-large"


def test_the_token_is_required_on_the_api_only(strict):
    response = strict.post("/api/v1/sections", files={"plan": sample_plan()})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response.headers["www-authenticate"].startswith("Bearer")
    wrong = strict.post("/api/v1/sections", files={"plan": sample_plan()}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert strict.get("/healthz").status_code == 200
    assert strict.get("/").status_code == 200
    assert strict.get("/api/v1/schemas/review").status_code == 401
    assert strict.get("/api/v1/schemas/review", headers=AUTH).status_code == 200


def test_work_over_the_time_limit_is_504_and_its_worker_is_replaced(strict):
    pool = strict.app.state.pool
    before = pool.idle._queue[0].process
    response = strict.post("/api/v1/amend", files={"plan": sample_plan(), "review": sample_review()}, headers=AUTH)
    assert response.status_code == 504
    assert response.json()["code"] == "time-limit"
    assert response.json()["detail"] == "the work took longer than the 0.05-second limit"
    deadline = time.monotonic() + 60
    while strict.get("/readyz").status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    ready = strict.get("/readyz").json()
    assert ready == {"status": "ok", "workers": 1, "busy": 0, "waiting": 0}
    fresh = pool.idle._queue[0].process
    assert fresh.pid != before.pid and fresh.is_alive() and not before.is_alive()


def test_no_files_are_left_on_disk(client, private_tmp):
    plan, review = sample_plan(), sample_review()
    for url, files in (("/api/v1/amend", {"plan": plan, "review": review}),
                       ("/api/v1/jobs/amend", {"plan": plan, "review": review}),
                       ("/api/v1/sections", {"plan": ("big.docx", plan[1] + b"\0" * 3_000_000, plan[2])})):
        client.post(url, files=files)
    from test_api import batch_zip, wait_for

    job = wait_for(client, client.post("/api/v1/jobs/batch", files={"archive": ("b.zip", batch_zip(), "application/zip")}).json())
    assert job["status"] == "done"
    left = [os.path.join(root, name) for root, folders, names in os.walk(private_tmp) for name in names + folders]
    assert left == []


def test_access_logs_are_json_without_names(client, caplog):
    caplog.set_level(logging.INFO, logger="ehcpdocs.server.access")
    client.post("/api/v1/amend?child=Zoe", files={"plan": ("Zoë Nguyễn plan.docx", sample_plan()[1], sample_plan()[2]),
                                                   "review": sample_review()}, headers={"X-Request-ID": "portal-req-0001"})
    records = [record for record in caplog.records if record.name == "ehcpdocs.server.access"]
    assert records
    record = records[-1]
    assert (record.method, record.path, record.status, record.request_id) == ("POST", "/api/v1/amend", 200, "portal-req-0001")
    assert record.duration_ms > 0
    from ehcpdocs.server.middleware import JsonFormatter

    line = JsonFormatter().format(record)
    assert '"path": "/api/v1/amend"' in line
    for private in ("Zo", "Nguy", "LCC-EHCP-1001", "child="):
        assert private not in line
