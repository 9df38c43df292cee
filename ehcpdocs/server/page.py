"""The coordinator's web page and the jobs behind it (``/api/v1/jobs``).

An amendment job runs at once and answers with what the reader found, the summary, links to
every file and PNG previews of the amended plan's pages (poppler's ``pdftoppm``; without it
the page embeds the PDF). A batch job answers 202 at once and runs in the background, one
batch at a time; the page polls its progress. Results stay in memory (``store.JobStore``).
"""

from __future__ import annotations

import asyncio
import logging
from importlib import resources
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response

from . import jobs as work_jobs
from .models import Job as JobModel
from .problems import ServiceProblem
from .responses import file_response, media_type, zip_bytes
from .routes import PROBLEMS, LayoutField, PlanFile, upload, work
from .store import DONE, FAILED, Job, JobStore

log = logging.getLogger("ehcpdocs.server")
NOT_FOUND = {404: {**PROBLEMS[422], "description": "No such job, file or page (jobs are kept for a limited time)."}}
router = APIRouter(prefix="/api/v1/jobs", tags=["web page jobs"], responses={**PROBLEMS, **NOT_FOUND})
page_router = APIRouter(include_in_schema=False)
BATCH_REPORT_FIRST = ("report.csv", "report.json")


def job_body(job: Job) -> dict:
    """A job as the page reads it, with the links to its files."""
    base = f"/api/v1/jobs/{job.id}"
    body = {"id": job.id, "kind": job.kind, "status": job.status, "done": job.done, "total": job.total,
            "report": job.result.get("report"), "summary": job.result.get("summary"),
            "items": job.result.get("items"), "problem": job.problem,
            "files": [{"name": name, "size": len(data), "url": f"{base}/files/{name}", "media_type": media_type(name)}
                      for name, data in job.files.items()],
            "archive_url": f"{base}/archive" if job.files else None,
            "pages": [f"{base}/pages/{number}" for number in range(1, len(job.pages) + 1)],
            "preview_pdf_url": None}
    amended_pdf = next((name for name in job.files if name.endswith(".amended.pdf")), None)
    if amended_pdf:
        body["preview_pdf_url"] = f"{base}/files/{amended_pdf}"
    return body


def store(request: Request) -> JobStore:
    return request.app.state.jobs


@router.post("/amend", response_model=JobModel, summary="Read a plan, and amend it when a review is given (the web page)")
async def amend_job(request: Request, plan: PlanFile,
                    review: Annotated[UploadFile | None, File(description="The review (.json or .yaml); "
                                                                "without it the plan is only read.")] = None,
                    markup: Annotated[Literal["bold-strike", "tracked", "tribunal"], Form()] = "bold-strike",
                    layout: LayoutField = None,
                    no_identity_check: Annotated[bool, Form()] = False) -> dict:
    plan_data, plan_name = await upload(plan)
    review_data, review_name = await upload(review)
    if review_data is not None and not review_data:
        review_data = None  # a form posted without choosing a review file
    done = await work(request, "amend_for_page", plan=plan_data, review=review_data, plan_name=plan_name,
                      review_name=review_name, markup=markup, layout=layout, check_identity=not no_identity_check,
                      preview_pages=request.app.state.settings.preview_pages)
    job = store(request).new("amend")
    job.result = {"report": done["report"], "summary": done["summary"]}
    job.files = dict(done["files"])
    job.pages = list(done["pages"])
    job.status, job.done, job.total = DONE, 1, 1
    store(request).finished(job)
    return job_body(job)


@router.post("/batch", status_code=202, response_model=JobModel,
             summary="Start a batch: a ZIP of plans (.docx) and reviews (.json, .yaml)")
async def batch_job(request: Request,
                    archive: Annotated[UploadFile, File(description="A ZIP of plans and reviews, paired by plan_id.")],
                    markup: Annotated[Literal["bold-strike", "tracked", "tribunal"], Form()] = "bold-strike",
                    layout: LayoutField = None, no_pdf: Annotated[bool, Form()] = False,
                    no_identity_check: Annotated[bool, Form()] = False) -> JSONResponse:
    """Answers 202 with the job; poll `GET /api/v1/jobs/{id}` until `status` is done or failed."""
    state = request.app.state
    if state.batch_lock.locked():
        raise ServiceProblem("busy", "a batch is already running; try again when it has finished",
                             headers={"Retry-After": "30"})
    data, name = await upload(archive)
    job = store(request).new("batch")

    def progress(done: int, total: int) -> None:
        if state.pool.closing:
            raise work_jobs.BatchStopped()
        job.done, job.total = done, total

    async def run() -> None:
        async with state.batch_lock:
            try:
                result = await asyncio.to_thread(
                    work_jobs.batch, data, name, markup=markup, layout=layout, check_identity=not no_identity_check,
                    pdf=not no_pdf, item_seconds=state.settings.time_limit, max_items=state.settings.batch_items,
                    progress=progress)
                job.files = dict(sorted(result["files"].items(),
                                        key=lambda item: (item[0] not in BATCH_REPORT_FIRST, item[0])))
                job.result = {"items": result["items"]}
                job.status = DONE
            except work_jobs.BatchStopped:
                job.status = FAILED
                job.problem = ServiceProblem("not-ready", "the service stopped before the batch finished").body()
            except Exception as error:  # noqa: BLE001 - the job records every failure
                job.status = FAILED
                job.problem = problem_of(error).body()
            finally:
                store(request).finished(job)

    task = asyncio.get_running_loop().create_task(run())
    state.background.add(task)
    task.add_done_callback(state.background.discard)
    return JSONResponse(job_body(job), status_code=202)


def problem_of(error: Exception) -> ServiceProblem:
    from ..errors import EhcpDocsError

    if isinstance(error, ServiceProblem):
        return error
    if isinstance(error, EhcpDocsError):
        return ServiceProblem.from_error(type(error).__name__, str(error))
    log.error("internal error in a batch", extra={"error_type": type(error).__name__})
    return ServiceProblem("internal", f"internal error ({type(error).__name__}); please report it")


def found(request: Request, job_id: str) -> Job:
    job = store(request).get(job_id)
    if job is None:
        raise ServiceProblem("not-found", "no such job (results are kept for a limited time)")
    return job


@router.get("/{job_id}", response_model=JobModel, summary="A job's progress, and its files when done")
async def job_status(request: Request, job_id: str) -> dict:
    return job_body(found(request, job_id))


@router.get("/{job_id}/files/{name}", response_class=Response, summary="One of a job's files",
            responses={200: {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
                             "description": "The file."}})
async def job_file(request: Request, job_id: str, name: str) -> Response:
    job = found(request, job_id)
    if name not in job.files:
        raise ServiceProblem("not-found", "the job has no such file")
    return file_response(job.files[name], name, inline=name.endswith(".pdf"))


@router.get("/{job_id}/archive", response_class=Response, summary="Every file of a job in one ZIP",
            responses={200: {"content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
                             "description": "The ZIP (a batch's holds report.csv and report.json)."}})
async def job_archive(request: Request, job_id: str) -> Response:
    job = found(request, job_id)
    if not job.files:
        raise ServiceProblem("not-found", "the job has no files")
    return file_response(zip_bytes(job.files), f"{job.kind}-results.zip")


@router.get("/{job_id}/pages/{number}", response_class=Response, summary="A PNG preview of a page of the amended plan",
            responses={200: {"content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
                             "description": "The page as PNG."}})
async def job_page(request: Request, job_id: str, number: int) -> Response:
    job = found(request, job_id)
    if not 1 <= number <= len(job.pages):
        raise ServiceProblem("not-found", "the job has no such page")
    return Response(job.pages[number - 1], media_type="image/png", headers={"Cache-Control": "no-store"})


def static_text(name: str) -> str:
    return resources.files("ehcpdocs.server").joinpath("static", name).read_text(encoding="utf-8")


@page_router.get("/", response_class=HTMLResponse)
async def index() -> HTMLResponse:
    return HTMLResponse(static_text("index.html"), headers={"Cache-Control": "no-store"})
