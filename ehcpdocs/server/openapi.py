"""The OpenAPI document: FastAPI's, with examples taken from the samples.

``examples.json`` (package data) holds what the service answers for the sample plans; it is
made from ``samples/`` by ``python -m ehcpdocs.server.openapi``, which also writes
``docs/openapi.json``. tests/server/test_openapi.py fails when either is stale.
"""

from __future__ import annotations

import argparse
import json
from importlib import resources
from pathlib import Path

EXAMPLES = "examples.json"
# (path, method, status, media type, example key)
PLACES = [
    ("/api/v1/sections", "post", "200", "application/json", "sections"),
    ("/api/v1/check", "post", "200", "application/json", "check"),
    ("/api/v1/amend", "post", "422", "application/problem+json", "problem"),
    ("/api/v1/jobs/amend", "post", "200", "application/json", "job"),
]


def load_examples() -> dict:
    try:
        text = resources.files("ehcpdocs.server").joinpath(EXAMPLES).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return json.loads(text)


def add_examples(app) -> None:
    """Make ``app.openapi()`` put the sample examples into the generated document."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        examples = load_examples()
        for path, method, status, media, key in PLACES:
            if key not in examples:
                continue
            response = schema["paths"][path][method]["responses"].setdefault(status, {"description": "Example"})
            response.setdefault("content", {}).setdefault(media, {})["example"] = examples[key]
        if "review" in examples:
            schema.setdefault("components", {}).setdefault("examples", {})["review"] = {
                "summary": "A sample review (samples/reviews/LCC-EHCP-1001.json)", "value": examples["review"]}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi


def make_examples(samples: Path) -> dict:
    """What the service gives for the first sample plan and review, as plain data."""
    from ..errors import EhcpDocsError
    from ..server.problems import ServiceProblem
    from . import jobs

    plan = (samples / "plans" / "LCC-EHCP-1001.docx").read_bytes()
    review = (samples / "reviews" / "LCC-EHCP-1001.json").read_bytes()
    other = (samples / "reviews" / "SCC-EHCP-2002.json").read_bytes()
    report = jobs.sections(plan, "LCC-EHCP-1001.docx")
    done = jobs.amend(plan, review, "LCC-EHCP-1001.docx", "LCC-EHCP-1001.json", pdf=False)
    check = jobs.check(plan, done["files"]["LCC-EHCP-1001.amended.docx"], "LCC-EHCP-1001.docx",
                       "LCC-EHCP-1001.amended.docx")
    try:
        jobs.amend(plan, other, "LCC-EHCP-1001.docx", "SCC-EHCP-2002.json", pdf=False)
        raise AssertionError("the mismatched sample was accepted")
    except EhcpDocsError as error:
        problem = ServiceProblem.from_error(type(error).__name__, str(error)).body("3f2a9c0d5b7e4e1f")
    job_id = "Qm9vdGhfZXhhbXBsZV9pZA"
    base = f"/api/v1/jobs/{job_id}"
    names = list(done["files"]) + ["LCC-EHCP-1001.amended.pdf", "LCC-EHCP-1001.final.pdf"]
    job = {"id": job_id, "kind": "amend", "status": "done", "done": 1, "total": 1, "report": report,
           "summary": done["summary"], "items": None, "problem": None,
           "files": [{"name": name, "size": len(done["files"].get(name, b"")), "url": f"{base}/files/{name}",
                      "media_type": "application/octet-stream"} for name in sorted(names)],
           "archive_url": f"{base}/archive", "pages": [f"{base}/pages/1", f"{base}/pages/2"],
           "preview_pdf_url": f"{base}/files/LCC-EHCP-1001.amended.pdf"}
    return {"sections": report, "check": check, "problem": problem, "job": job, "review": json.loads(review)}


def openapi_text(app=None) -> str:
    from .app import create_app
    from .settings import Settings

    app = app or create_app(Settings(workers=1))
    return json.dumps(app.openapi(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Regenerate the service's examples and docs/openapi.json.")
    parser.add_argument("--samples", type=Path, default=Path("samples"))
    parser.add_argument("--output", type=Path, default=Path("docs/openapi.json"))
    args = parser.parse_args(argv)
    examples_path = Path(__file__).with_name(EXAMPLES)
    examples_path.write_text(json.dumps(make_examples(args.samples), indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    args.output.write_text(openapi_text(), encoding="utf-8")
    print(f"  {examples_path}\n  {args.output}")


if __name__ == "__main__":
    main()
