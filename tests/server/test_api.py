"""Every endpoint answers with what the library and the CLI give."""

from __future__ import annotations

import io
import json
import time
import zipfile

import docx
import pypdf

import ehcpdocs
from servertools import PLAN_ID, SAMPLES, sample_plan, sample_review


def unzip(response) -> dict[str, bytes]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def text_of(document: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(document)).paragraphs)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_health_and_readiness(client):
    assert client.get("/healthz").json()["status"] == "ok"
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["workers"] == 2


def test_amend_gives_the_cli_files_and_the_library_bytes(client):
    response = client.post("/api/v1/amend", files={"plan": sample_plan(), "review": sample_review()})
    files = unzip(response)
    assert sorted(files) == sorted(f"{PLAN_ID}.{kind}" for kind in
                                   ("amended.docx", "final.docx", "amended.pdf", "final.pdf", "summary.json"))
    expected = ehcpdocs.amend(SAMPLES / "plans" / f"{PLAN_ID}.docx", SAMPLES / "reviews" / f"{PLAN_ID}.json")
    assert files[f"{PLAN_ID}.amended.docx"] == expected.amended_docx
    assert files[f"{PLAN_ID}.final.docx"] == expected.final_docx
    summary = json.loads(files[f"{PLAN_ID}.summary.json"])
    assert summary["sections_amended"] == expected.summary["sections_amended"]
    assert "communication and interaction needs" in text_of(files[f"{PLAN_ID}.final.docx"])
    assert "communication and interaction" in pdf_text(files[f"{PLAN_ID}.final.pdf"])
    assert response.headers["content-disposition"] == f'attachment; filename="{PLAN_ID}.zip"'


def test_amend_without_pdfs_and_with_tracked_changes(client):
    response = client.post("/api/v1/amend", files={"plan": sample_plan(), "review": sample_review()},
                           data={"no_pdf": "true", "markup": "tracked"})
    files = unzip(response)
    assert not [name for name in files if name.endswith(".pdf")]
    with zipfile.ZipFile(io.BytesIO(files[f"{PLAN_ID}.amended.docx"])) as package:
        assert b"<w:ins " in package.read("word/document.xml")


def test_a_review_with_no_amendments_gives_the_summary_alone(client):
    files = unzip(client.post("/api/v1/amend", files={"plan": sample_plan(),
                                                      "review": sample_review(folder="unchanged")}))
    assert list(files) == [f"{PLAN_ID}.summary.json"]
    assert json.loads(files[f"{PLAN_ID}.summary.json"])["message"] == "no amendment required"


def test_sections_is_the_cli_json(client):
    response = client.post("/api/v1/sections", files={"plan": sample_plan()})
    assert response.status_code == 200
    report = response.json()
    expected = ehcpdocs.api.plan_report(ehcpdocs.read_plan(SAMPLES / "plans" / f"{PLAN_ID}.docx"))
    assert report == json.loads(json.dumps(expected))
    assert [row["section"] for row in report["sections"]][:3] == ["A", "B", "C"]
    assert report["details_found"]["reference"] == PLAN_ID


def test_pdf(client):
    name, data, kind = sample_plan()
    response = client.post("/api/v1/pdf", files={"document": (name, data, kind)}, data={"title": "A plan"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == int(response.headers["x-ehcpdocs-pages"]) >= 2
    assert json.loads(response.headers["x-ehcpdocs-warnings"]) == []


def test_schemas(client):
    review = client.get("/api/v1/schemas/review")
    assert review.status_code == 200
    assert review.json() == ehcpdocs.review_schema()
    assert client.get("/api/v1/schemas/referral").json() == ehcpdocs.referral_schema()
    assert client.get("/api/v1/schemas/other").status_code == 422


def test_annex2_notice_and_pack(client):
    full = sample_review(folder="full")
    annex2 = unzip(client.post("/api/v1/annex2", files={"review": full, "plan": sample_plan()}))
    assert {f"{PLAN_ID}.annex2.docx", f"{PLAN_ID}.annex2.pdf"} <= set(annex2)
    assert "Annual review" in text_of(annex2[f"{PLAN_ID}.annex2.docx"]) or annex2[f"{PLAN_ID}.annex2.docx"]
    notice = unzip(client.post("/api/v1/notice", files={"review": full, "plan": sample_plan()}, data={"no_pdf": "true"}))
    assert f"{PLAN_ID}.notice.docx" in notice and not [name for name in notice if name.endswith(".pdf")]
    pack = unzip(client.post("/api/v1/consultation-pack", files={"review": full, "plan": sample_plan()}))
    assert {f"{PLAN_ID}.consultation-pack.pdf", f"{PLAN_ID}.consultation-pack.docx", f"{PLAN_ID}.notice.pdf"} <= set(pack)
    outline = [item.title for item in pypdf.PdfReader(io.BytesIO(pack[f"{PLAN_ID}.consultation-pack.pdf"])).outline
               if hasattr(item, "title")]
    assert len(outline) >= 3


def test_referral_with_its_attachments(client):
    folder = SAMPLES / "referrals"
    data = json.loads((folder / "complete.json").read_text(encoding="utf-8"))
    attachments = [("attachments", (path.name, path.read_bytes(), "application/octet-stream"))
                   for path in sorted((folder / "attachments").iterdir())]
    response = client.post("/api/v1/referral", files=[("referral", ("complete.json", json.dumps(data).encode(),
                                                                    "application/json"))] + attachments)
    files = unzip(response)
    assert any(name.endswith(".referral.docx") for name in files)
    assert any(name.endswith(".referral.pdf") for name in files)


def test_a_referral_without_its_attachments_is_refused_with_every_problem(client):
    data = (SAMPLES / "referrals" / "complete.json").read_bytes()
    response = client.post("/api/v1/referral", files={"referral": ("complete.json", data, "application/json")})
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "review-data"
    assert len(problem["problems"]) == 3
    assert all(item["path"].startswith("$.attachments[") for item in problem["problems"])


def test_compare_check_and_finalise(client):
    amended = unzip(client.post("/api/v1/amend", files={"plan": sample_plan(), "review": sample_review()},
                                data={"no_pdf": "true"}))[f"{PLAN_ID}.amended.docx"]
    original = sample_plan()
    marked = ("returned.docx", amended, original[2])
    compared = unzip(client.post("/api/v1/compare", files={"old": original, "new": ("final.docx", amended, original[2])},
                                 data={"pdf": "true"}))
    assert sorted(compared) == ["redline.docx", "redline.pdf", "summary.json"]
    assert json.loads(compared["summary.json"])["words_added"] > 0

    checked = client.post("/api/v1/check", files={"original": original, "marked": marked})
    assert checked.status_code == 200
    assert checked.json()["clean"] is True and checked.json()["issues"] == []
    outside = client.post("/api/v1/check", files={"original": original, "marked": marked}, data={"sections": "A,B"})
    expected = ehcpdocs.check(original[1], amended, sections=["A", "B"])
    assert outside.json()["clean"] is expected.clean is False
    assert outside.json()["issue_count"] == expected.summary["issue_count"] > 0

    final = unzip(client.post("/api/v1/finalise", files={"marked": marked, "against": original}))
    assert sorted(final) == ["final.docx", "summary.json"]
    assert json.loads(final["summary.json"])["additions_accepted"] > 0
    assert "communication and interaction needs" in text_of(final["final.docx"])


def test_the_page_job_reads_amends_previews_and_serves_its_files(client):
    response = client.post("/api/v1/jobs/amend", files={"plan": sample_plan(), "review": sample_review()})
    assert response.status_code == 200, response.text
    job = response.json()
    assert job["status"] == "done" and job["report"]["details_found"]["reference"] == PLAN_ID
    assert job["summary"]["sections_amended"]
    names = [item["name"] for item in job["files"]]
    assert f"{PLAN_ID}.amended.pdf" in names
    downloaded = client.get(next(item["url"] for item in job["files"] if item["name"] == f"{PLAN_ID}.final.docx"))
    assert "communication and interaction needs" in text_of(downloaded.content)
    if job["pages"]:  # pdftoppm installed
        page = client.get(job["pages"][0])
        assert page.headers["content-type"] == "image/png" and page.content.startswith(b"\x89PNG")
    archive = client.get(job["archive_url"])
    assert sorted(zipfile.ZipFile(io.BytesIO(archive.content)).namelist()) == sorted(names)
    assert client.get(f"/api/v1/jobs/{job['id']}").json()["id"] == job["id"]


def test_the_page_job_reads_a_plan_without_a_review(client):
    job = client.post("/api/v1/jobs/amend", files={"plan": sample_plan()}).json()
    assert job["summary"] is None and job["files"] == [] and len(job["report"]["sections"]) >= 10


def batch_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for plan_id in ("LCC-EHCP-1001", "SCC-EHCP-2002"):
            archive.writestr(f"plans/{plan_id}.docx", (SAMPLES / "plans" / f"{plan_id}.docx").read_bytes())
            archive.writestr(f"reviews/{plan_id}.json", (SAMPLES / "reviews" / f"{plan_id}.json").read_bytes())
    return buffer.getvalue()


def wait_for(client, job: dict, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    while job["status"] == "running" and time.monotonic() < deadline:
        time.sleep(0.3)
        job = client.get(f"/api/v1/jobs/{job['id']}").json()
    return job


def test_a_batch_job_runs_reports_progress_and_zips_the_report(client):
    started = client.post("/api/v1/jobs/batch", files={"archive": ("batch.zip", batch_zip(), "application/zip")},
                          data={"no_pdf": "true"})
    assert started.status_code == 202
    job = wait_for(client, started.json())
    assert job["status"] == "done", job
    assert job["done"] == job["total"] == 2
    assert {item["status"] for item in job["items"]} == {"amended"}
    names = [item["name"] for item in job["files"]]
    assert names[:2] == ["report.csv", "report.json"]
    assert "LCC-EHCP-1001.amended.docx" in names and "SCC-EHCP-2002.final.docx" in names
    archive = zipfile.ZipFile(io.BytesIO(client.get(job["archive_url"]).content))
    report = json.loads(archive.read("report.json"))
    assert len(report["items"] if isinstance(report, dict) else report) == 2


def test_a_batch_that_is_not_a_zip_fails_with_its_message(client):
    job = wait_for(client, client.post("/api/v1/jobs/batch", files={"archive": ("batch.zip", b"nope", "application/zip")}).json())
    assert job["status"] == "failed"
    assert job["problem"]["code"] == "invalid-input"
    assert job["problem"]["detail"] == "batch.zip: is not a ZIP file that can be read"


def test_unknown_jobs_and_files_are_not_found(client):
    missing = client.get("/api/v1/jobs/AAAAAAAAAAAAAAAAAAAAAAAA")
    assert missing.status_code == 404 and missing.json()["code"] == "not-found"
    assert missing.headers["content-type"] == "application/problem+json"


def test_the_page_and_its_docs_need_no_cdn(client):
    page = client.get("/")
    assert page.status_code == 200 and '<html lang="en-GB">' in page.text
    for asset in ("/static/app.js", "/static/style.css"):
        assert client.get(asset).status_code == 200
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn." not in docs.text and "/docs-assets/swagger-ui-bundle.js" in docs.text
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
    for text in (page.text, docs.text, client.get("/static/app.js").text):
        assert 'src="http' not in text and 'href="http' not in text and "//cdn" not in text
