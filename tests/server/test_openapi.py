"""docs/openapi.json is the document the service serves, and it is complete."""

from __future__ import annotations

import json

from ehcpdocs.server.openapi import load_examples, make_examples, openapi_text
from servertools import REPO, SAMPLES

REGENERATE = "regenerate with: .venv/bin/python -m ehcpdocs.server.openapi"


def test_the_committed_document_is_current(client):
    served = client.get("/openapi.json").json()
    committed = json.loads((REPO / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert served == committed, REGENERATE
    assert openapi_text(client.app) == (REPO / "docs" / "openapi.json").read_text(encoding="utf-8"), REGENERATE


def test_the_examples_are_the_samples_answers():
    assert load_examples() == json.loads(json.dumps(make_examples(SAMPLES))), REGENERATE


def test_every_operation_documents_its_answers(client):
    document = client.get("/openapi.json").json()
    assert document["paths"]["/api/v1/sections"]["post"]["responses"]["200"]["content"]["application/json"]["example"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
            if path.startswith("/api/"):
                assert "422" in operation["responses"], (method, path)
    amend = document["paths"]["/api/v1/amend"]["post"]
    assert "application/zip" in amend["responses"]["200"]["content"]
    form = amend["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    fields = document["components"]["schemas"][form]["properties"]
    assert {"plan", "review", "markup", "party", "layout", "no_pdf", "no_identity_check"} <= set(fields)
    assert "Problem" in document["components"]["schemas"] and "SectionsReport" in document["components"]["schemas"]
