"""Refusals are problem+json with the CLI's message and a stable code."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import pytest

from ehcpdocs import errors
from ehcpdocs.server.problems import ERROR_CODES, PROBLEM_TYPE, SERVICE_CODES
from servertools import REPO, SAMPLES, sample_plan, sample_review


def every_error_class() -> list[type]:
    return [cls for _, cls in inspect.getmembers(errors, inspect.isclass) if issubclass(cls, errors.EhcpDocsError)]


def test_every_error_class_has_its_own_stable_code():
    classes = every_error_class()
    assert len(classes) >= 20
    assert set(classes) == set(ERROR_CODES)
    codes = [code for code, _, _ in ERROR_CODES.values()] + list(SERVICE_CODES)
    assert len(codes) == len(set(codes))


def test_the_codes_table_in_the_docs_lists_every_code():
    text = (REPO / "docs" / "server.md").read_text(encoding="utf-8")
    for cls, (code, status, _) in ERROR_CODES.items():
        assert f"| `{code}` | {status} | `{cls.__name__}` |" in text
    for code, (status, _) in SERVICE_CODES.items():
        assert f"| `{code}` | {status} |" in text


def cli_message(*args: str) -> str:
    """What ``ehcpdocs`` prints after 'error: ' for the same input."""
    done = subprocess.run([sys.executable, "-m", "ehcpdocs", *args], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 1
    return done.stderr.strip().removeprefix("error: ")


def problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_TYPE
    body = response.json()
    assert body["code"] == code and body["type"] == f"urn:ehcpdocs:problem:{code}" and body["status"] == status
    assert body["request_id"] == response.headers["x-request-id"]
    return body


def test_a_review_for_another_child_gives_the_cli_message(client, tmp_path):
    body = problem(client.post("/api/v1/amend", files={"plan": sample_plan(), "review": sample_review("SCC-EHCP-2002")}),
                   422, "plan-mismatch")
    plan = tmp_path / "LCC-EHCP-1001.docx"
    plan.write_bytes(sample_plan()[1])
    review = tmp_path / "SCC-EHCP-2002.json"
    review.write_bytes(sample_review("SCC-EHCP-2002")[1])
    assert body["detail"] == cli_message("amend", str(plan), str(review), "-o", str(tmp_path / "out"))


def test_a_file_that_is_not_word(client):
    body = problem(client.post("/api/v1/sections", files={"plan": ("notes.docx", b"plain text", "text/plain")}),
                   422, "not-word-document")
    assert body["detail"] == "notes.docx: is not a Word .docx document (not a zip package)"


def test_review_data_problems_are_listed(client):
    review = json.loads(sample_review()[1])
    del review["child"]["date_of_birth"]
    review["amendments"][0]["op"] = "shred"
    body = problem(client.post("/api/v1/amend", files={"plan": sample_plan(),
                                                       "review": ("bad.json", json.dumps(review).encode(), "application/json")}),
                   422, "review-data")
    assert body["detail"].startswith("bad.json: ")
    paths = [item["path"] for item in body["problems"]]
    assert "$.child.date_of_birth" in paths and any(path.startswith("$.amendments[0]") for path in paths)


def test_an_anchor_not_found_names_the_amendment(client):
    review = json.loads(sample_review()[1])
    review["amendments"][0]["old"] = "words the plan never had"
    body = problem(client.post("/api/v1/amend", files={"plan": sample_plan(),
                                                       "review": ("r.json", json.dumps(review).encode(), "application/json")}),
                   422, "anchor-not-found")
    assert "amendment 0" in body["detail"] and "section B" in body["detail"]


def test_missing_and_invalid_fields(client):
    body = problem(client.post("/api/v1/amend", files={"plan": sample_plan()}), 422, "invalid-form")
    assert body["problems"][0]["path"] == "body.review"
    body = problem(client.post("/api/v1/amend", files={"plan": sample_plan(), "review": sample_review()},
                               data={"markup": "crayon"}), 422, "invalid-form")
    assert "markup" in body["detail"]


def test_an_unknown_layout_profile(client):
    body = problem(client.post("/api/v1/sections", files={"plan": sample_plan()}, data={"layout": "no-such-layout"}),
                   422, "layout-profile")
    assert "no-such-layout" in body["detail"]


def test_a_yaml_review_is_read_as_yaml(client):
    yaml = pytest.importorskip("yaml")
    text = yaml.safe_dump(json.loads(sample_review()[1]), allow_unicode=True).encode("utf-8")
    response = client.post("/api/v1/amend", files={"plan": sample_plan(), "review": ("r.yaml", text, "application/yaml")},
                           data={"no_pdf": "true"})
    assert response.status_code == 200
    assert (SAMPLES / "plans").is_dir()
