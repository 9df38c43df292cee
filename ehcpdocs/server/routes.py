"""The API: one endpoint per library function a portal needs, under ``/api/v1``.

Documents come in as multipart uploads; one file comes back as itself, several as a ZIP
(see docs/server.md for why), JSON reports as JSON, and every refusal as problem+json.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import PurePath
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from .. import forms
from ..errors import one_line
from .models import CheckReport, Problem, SectionsReport
from .problems import PROBLEM_TYPE
from .responses import ZIP_RESPONSE, file_response, zip_response

Markup = Literal["bold-strike", "tracked", "tribunal"]
Party = Literal["la", "parent", "agreed"]
PROBLEMS = {status: {"model": Problem, "content": {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                     "description": description}
            for status, description in ((400, "The body is not well-formed multipart form data (code invalid-form)."),
                                        (401, "No valid bearer token (when EHCPDOCS_TOKEN is set)."),
                                        (413, "The upload is over the size limit."),
                                        (422, "The input is refused: the CLI's one-line message and a stable code."),
                                        (503, "Every worker is busy, or the service is starting or stopping."),
                                        (504, "The work passed the time limit; its worker was replaced."))}

router = APIRouter(prefix="/api/v1", responses=PROBLEMS)

PlanFile = Annotated[UploadFile, File(description="The plan (.docx).")]
ReviewFile = Annotated[UploadFile, File(description="The review data (.json, or .yaml); schema at /api/v1/schemas/review.")]
LayoutField = Annotated[str | None, Form(description="A shipped layout profile's name (see `ehcpdocs layouts`).")]
NoPdf = Annotated[bool, Form(description="Leave out the PDFs.")]
NoticeDate = Annotated[date | None, Form(description="The date the notice is sent (YYYY-MM-DD).")]


async def upload(file: UploadFile | None) -> tuple[bytes | None, str | None]:
    """An upload's bytes and its file name (the last part only, on one line), as messages use it."""
    if file is None:
        return None, None
    name = one_line(PurePath((file.filename or "").replace("\\", "/")).name) or None
    return await file.read(), name


async def work(request: Request, job: str, **payload):
    """Run a job in the worker pool under the service's time limit."""
    state = request.app.state
    return await state.pool.run(job, payload, state.settings.time_limit)


@router.get("/schemas/{kind}", tags=["schemas"], summary="The JSON Schema of review or referral data",
            response_model=dict, responses={200: {"description": "A JSON Schema (draft 2020-12)."}})
async def schema(kind: Literal["review", "referral"]) -> dict:
    return forms.review_schema() if kind == "review" else forms.referral_schema()


@router.post("/sections", tags=["plans"], response_model=SectionsReport,
             summary="What the reader found in a plan (ehcpdocs sections --json)")
async def sections(request: Request, plan: PlanFile, layout: LayoutField = None) -> dict:
    data, name = await upload(plan)
    return await work(request, "sections", plan=data, plan_name=name, layout=layout)


@router.post("/amend", tags=["plans"], response_class=Response, responses={200: ZIP_RESPONSE},
             summary="Amend a plan from a review: marked-up and final DOCX and PDF, and the summary")
async def amend(request: Request, plan: PlanFile, review: ReviewFile,
                markup: Annotated[Markup, Form()] = "bold-strike",
                party: Annotated[Party | None, Form(description="With tribunal markup: whose changes.")] = None,
                layout: LayoutField = None, no_pdf: NoPdf = False,
                no_identity_check: Annotated[bool, Form(description="Amend even when the plan's name or date of "
                                                        "birth cannot be read (recorded as skipped).")] = False) -> Response:
    """The ZIP holds `<plan_id>.amended.docx`, `.final.docx`, their PDFs and `<plan_id>.summary.json`,
    exactly as `ehcpdocs amend` writes them (only the summary when no amendment is required)."""
    plan_data, plan_name = await upload(plan)
    review_data, review_name = await upload(review)
    done = await work(request, "amend", plan=plan_data, review=review_data, plan_name=plan_name,
                      review_name=review_name, markup=markup, party=party, layout=layout,
                      check_identity=not no_identity_check, pdf=not no_pdf)
    return zip_response(done["files"], done["plan_id"])


@router.post("/pdf", tags=["documents"], response_class=Response,
             responses={200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                              "description": "The PDF."}},
             summary="Render a Word document as PDF (ehcpdocs pdf)")
async def pdf(request: Request, document: Annotated[UploadFile, File(description="A Word document (.docx).")],
              title: Annotated[str | None, Form(description="PDF title when the document has none.")] = None) -> Response:
    """Renderer warnings come back in the `X-Ehcpdocs-Warnings` header (a JSON list)."""
    data, name = await upload(document)
    done = await work(request, "pdf", docx=data, name=name, title=title)
    response = file_response(done["pdf"], PurePath(name or "document").stem + ".pdf")
    response.headers["X-Ehcpdocs-Pages"] = str(done["pages"])
    response.headers["X-Ehcpdocs-Warnings"] = json.dumps(done["warnings"], ensure_ascii=True)
    return response


@router.post("/annex2", tags=["forms"], response_class=Response, responses={200: ZIP_RESPONSE},
             summary="The annual review report (Annex 2) from a review")
async def annex2(request: Request, review: ReviewFile,
                 plan: Annotated[UploadFile | None, File(description="The plan: list the amendments as applied to it.")] = None,
                 notice_date: NoticeDate = None, no_pdf: NoPdf = False) -> Response:
    review_data, review_name = await upload(review)
    plan_data, plan_name = await upload(plan)
    done = await work(request, "annex2", review=review_data, review_name=review_name, plan=plan_data,
                      plan_name=plan_name, notice_date=notice_date, pdf=not no_pdf)
    return forms_zip(done)


@router.post("/notice", tags=["forms"], response_class=Response, responses={200: ZIP_RESPONSE},
             summary="The notice of proposed amendments (ehcpdocs notice --no-pack)")
async def notice(request: Request, review: ReviewFile, plan: PlanFile, notice_date: NoticeDate = None,
                 no_pdf: NoPdf = False) -> Response:
    return await notice_forms(request, review, plan, notice_date, no_pdf, pack=False)


@router.post("/consultation-pack", tags=["forms"], response_class=Response, responses={200: ZIP_RESPONSE},
             summary="The notice and the consultation pack (ehcpdocs notice)")
async def consultation_pack(request: Request, review: ReviewFile, plan: PlanFile, notice_date: NoticeDate = None,
                            no_pdf: NoPdf = False) -> Response:
    """The notice, and the pack: notice, marked-up plan and Annex 2 in one PDF and one Word document."""
    return await notice_forms(request, review, plan, notice_date, no_pdf, pack=True)


async def notice_forms(request: Request, review: UploadFile, plan: UploadFile, notice_date, no_pdf: bool, *,
                       pack: bool) -> Response:
    """The notice (and with ``pack`` the consultation pack) as a ZIP: what both endpoints share."""
    review_data, review_name = await upload(review)
    plan_data, plan_name = await upload(plan)
    done = await work(request, "notice", review=review_data, plan=plan_data, review_name=review_name,
                      plan_name=plan_name, notice_date=notice_date, pdf=not no_pdf, pack=pack)
    return forms_zip(done)


@router.post("/referral", tags=["forms"], response_class=Response, responses={200: ZIP_RESPONSE},
             summary="The summary of a referral to SEND support services")
async def referral(request: Request,
                   referral: Annotated[UploadFile, File(description="The referral data (.json or .yaml); "
                                                        "schema at /api/v1/schemas/referral.")],
                   attachments: Annotated[list[UploadFile] | None, File(
                       description="The documents the referral attaches, matched to its attachments' paths by file name.")] = None,
                   no_pdf: NoPdf = False) -> Response:
    data, name = await upload(referral)
    files: dict[str, bytes] = {}
    for attachment in attachments or []:
        content, attachment_name = await upload(attachment)
        if attachment_name and not attachment_name.startswith("."):
            files[attachment_name] = content
    done = await work(request, "referral", referral_bytes=data, referral_name=name, attachments=files,
                      pdf=not no_pdf)
    return forms_zip(done)


def forms_zip(done: dict) -> Response:
    """The form files, and ``warnings.json`` when there are warnings."""
    files = dict(done["files"])
    stem = next(iter(files)).rsplit(".", 1)[0]
    if done.get("warnings"):
        files["warnings.json"] = (json.dumps(done["warnings"], indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return zip_response(files, stem)


@router.post("/compare", tags=["documents"], response_class=Response, responses={200: ZIP_RESPONSE},
             summary="The redline of two versions of a Word document (ehcpdocs compare)")
async def compare(request: Request, old: Annotated[UploadFile, File(description="The earlier version (.docx).")],
                  new: Annotated[UploadFile, File(description="The later version (.docx).")],
                  markup: Annotated[Markup, Form()] = "bold-strike",
                  party: Annotated[Party | None, Form()] = None,
                  date: Annotated[str | None, Form(description="With tracked markup: the revisions' date (ISO).")] = None,
                  pdf: Annotated[bool, Form(description="Also the redline as PDF.")] = False) -> Response:
    """The ZIP holds `redline.docx`, `redline.pdf` when asked for, and `summary.json`."""
    old_data, old_name = await upload(old)
    new_data, new_name = await upload(new)
    done = await work(request, "compare", old=old_data, new=new_data, old_name=old_name, new_name=new_name,
                      markup=markup, party=party, revision_date=date, pdf=pdf)
    return zip_response(done["files"], "comparison")


@router.post("/check", tags=["documents"], response_model=CheckReport,
             summary="Every change in a returned document that is not marked (ehcpdocs check --json)")
async def check(request: Request, original: Annotated[UploadFile, File(description="The original plan (.docx).")],
                marked: Annotated[UploadFile, File(description="The returned, marked-up copy (.docx).")],
                sections: Annotated[str | None, Form(description="The sections being amended, as 'B,F'.")] = None) -> dict:
    """Answers 200 either way; `clean` is false when any change is unmarked (the CLI exits 1)."""
    original_data, original_name = await upload(original)
    marked_data, marked_name = await upload(marked)
    wanted = [part for part in sections.replace(";", ",").split(",") if part.strip()] if sections else None
    return await work(request, "check", original=original_data, marked=marked_data, original_name=original_name,
                      marked_name=marked_name, sections_wanted=wanted)


@router.post("/finalise", tags=["documents"], response_class=Response, responses={200: ZIP_RESPONSE},
             summary="Accept the markup of a returned document (ehcpdocs finalise)")
async def finalise(request: Request, marked: Annotated[UploadFile, File(description="The marked-up document (.docx).")],
                   against: Annotated[UploadFile | None, File(description="The original plan: its own bold stays bold.")] = None
                   ) -> Response:
    """The ZIP holds `final.docx` and `summary.json`."""
    marked_data, marked_name = await upload(marked)
    against_data, against_name = await upload(against)
    done = await work(request, "finalise", marked=marked_data, against=against_data, marked_name=marked_name,
                      against_name=against_name)
    return zip_response(done["files"], "final")
