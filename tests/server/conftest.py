"""The service in process (httpx through FastAPI's TestClient), with its worker processes."""

from __future__ import annotations

import os
import tempfile

import pytest

pytest.importorskip("fastapi", reason="the server extra (ehcpdocs[server]) is not installed")

import warnings  # noqa: E402

# Starlette asks for its own httpx fork; the TestClient works the same on httpx itself.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from fastapi.testclient import TestClient  # noqa: E402

from ehcpdocs.server import Settings, create_app  # noqa: E402

@pytest.fixture(scope="module")
def private_tmp(tmp_path_factory):
    """A temporary folder the service (and its workers) use for every temporary file."""
    folder = tmp_path_factory.mktemp("service-tmp")
    saved_env, saved_dir = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = str(folder)
    yield folder
    tempfile.tempdir = saved_dir
    if saved_env is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = saved_env


@pytest.fixture(scope="module")
def client(private_tmp):
    with TestClient(create_app(Settings(workers=2, time_limit=120))) as test_client:
        yield test_client
