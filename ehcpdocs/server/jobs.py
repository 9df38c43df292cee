"""The work the service does, as functions a worker process runs on plain data.

Each takes documents as bytes with the names they were uploaded under (for messages, as the
CLI names files) and returns plain data: file names mapped to bytes, summaries as dicts.
Nothing here writes a file except ``preview_pages``, inside a temporary folder it removes.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from .. import api, forms
from ..compare import check as check_documents
from ..compare import compare_documents, finalise as finalise_document
from ..errors import EhcpDocsError, InputError, ReviewDataError
from ..model.review import decode_text
from ..pdf import render_pdf

PREVIEW_DPI = 60
PREVIEW_SECONDS = 60


def warm_up() -> None:
    """Import what the first job would, so a worker's first request is not slower."""
    from .. import pdf  # noqa: F401


def review_data(raw: bytes, name: str | None) -> Any:
    """Review or referral data from an upload: JSON, or YAML when the name says so."""
    yaml_hint = bool(name) and PurePath(name).suffix.lower() in (".yaml", ".yml")
    return decode_text(raw, name, yaml_hint=yaml_hint)


def named(error: EhcpDocsError, name: str | None) -> EhcpDocsError:
    return error.with_file(name)


def sections(plan: bytes, plan_name: str | None = None, layout: str | None = None) -> dict:
    """What the reader found in a plan (``ehcpdocs sections --json``)."""
    return api.plan_report(api.read_plan(plan, name=plan_name, layout=layout))


def amend(plan: bytes, review: bytes, plan_name: str | None = None, review_name: str | None = None,
          markup: str = "bold-strike", party: str | None = None, layout: str | None = None,
          check_identity: bool = True, pdf: bool = True) -> dict:
    """``ehcpdocs amend``: the files it writes, and the summary."""
    result = api.amend(plan, review_data(review, review_name), markup=markup, party=party, plan_name=plan_name,
                       review_name=review_name, layout=layout, check_identity=check_identity)
    return {"plan_id": result.plan_id, "summary": result.summary, "files": result.files(pdf=pdf)}


def amend_for_page(plan: bytes, review: bytes | None, plan_name: str | None = None, review_name: str | None = None,
                   markup: str = "bold-strike", layout: str | None = None, check_identity: bool = True,
                   preview_pages: int = 30) -> dict:
    """What the web page shows: the reading, and with a review the amendment and page previews."""
    report = sections(plan, plan_name, layout)
    if review is None:
        return {"report": report, "files": {}, "pages": [], "summary": None, "plan_id": report["details_found"]["reference"]}
    done = amend(plan, review, plan_name, review_name, markup=markup, layout=layout,
                 check_identity=check_identity, pdf=True)
    pdf_name = f"{done['plan_id']}.amended.pdf"
    pages = preview_pages_of(done["files"][pdf_name], preview_pages) if pdf_name in done["files"] else []
    return {"report": report, **done, "pages": pages}


def preview_pages_of(pdf: bytes, limit: int) -> list[bytes]:
    """The first ``limit`` pages as PNG, by poppler's pdftoppm; none when it is not installed."""
    program = shutil.which("pdftoppm")
    if program is None:
        return []
    with tempfile.TemporaryDirectory(prefix="ehcpdocs-preview-") as folder:
        source = Path(folder) / "plan.pdf"
        source.write_bytes(pdf)
        try:
            subprocess.run([program, "-png", "-r", str(PREVIEW_DPI), "-f", "1", "-l", str(limit),
                            str(source), str(Path(folder) / "page")],
                           check=True, capture_output=True, timeout=PREVIEW_SECONDS)
        except (subprocess.SubprocessError, OSError):
            return []
        pages = sorted(Path(folder).glob("page-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))
        return [page.read_bytes() for page in pages]


def to_pdf(docx: bytes, name: str | None = None, title: str | None = None) -> dict:
    """``ehcpdocs pdf``: the PDF, its page count and the renderer's warnings."""
    try:
        result = render_pdf(docx, title=title)
    except EhcpDocsError as error:
        raise named(error, name)
    return {"pdf": result.pdf, "pages": result.pages, "warnings": list(result.warnings)}


def annex2(review: bytes, review_name: str | None = None, plan: bytes | None = None, plan_name: str | None = None,
           notice_date: date | None = None, pdf: bool = True) -> dict:
    """``ehcpdocs annex2``: the annual review report."""
    plan_source = None if plan is None else io.BytesIO(plan)
    if plan_source is not None:
        plan_source.name = plan_name or "plan.docx"
    form = forms.render_annex2(review_data(review, review_name), notice_date=notice_date,
                               plan=plan_source, review_name=review_name)
    return {"files": form.files(pdf=pdf), "warnings": list(form.warnings)}


def notice(review: bytes, plan: bytes, review_name: str | None = None, plan_name: str | None = None,
           notice_date: date | None = None, pdf: bool = True, pack: bool = False) -> dict:
    """``ehcpdocs notice`` (``--no-pack``), or with ``pack`` the notice and the consultation pack."""
    data = review_data(review, review_name)
    plan_source = io.BytesIO(plan)
    plan_source.name = plan_name or "plan.docx"
    if pack:
        result = forms.consultation_pack(data, plan_source, notice_date=notice_date, review_name=review_name)
    else:
        result = forms.render_notice(data, plan_source, notice_date=notice_date, review_name=review_name)
    return {"files": result.files(pdf=pdf), "warnings": list(result.warnings)}


def referral(referral_bytes: bytes, referral_name: str | None = None, attachments: dict[str, bytes] | None = None,
             pdf: bool = True, today: date | None = None) -> dict:
    """``ehcpdocs referral``: the attachments the data names are the files uploaded with it,
    matched by file name, in a temporary folder removed afterwards."""
    data = review_data(referral_bytes, referral_name)
    attachments = attachments or {}
    with tempfile.TemporaryDirectory(prefix="ehcpdocs-referral-") as folder:
        for name, content in attachments.items():
            (Path(folder) / name).write_bytes(content)
        if isinstance(data, dict) and isinstance(data.get("attachments"), list):
            for entry in data["attachments"]:
                if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                    entry["path"] = PurePath(entry["path"].replace("\\", "/")).name
        form = forms.render_referral(data, base_dir=folder, today=today, referral_name=referral_name)
        files = form.files(pdf=pdf)
    return {"files": files, "warnings": list(form.warnings), "status": str(form.details.get("status", ""))}


def compare(old: bytes, new: bytes, old_name: str | None = None, new_name: str | None = None,
            markup: str = "bold-strike", party: str | None = None, revision_date: str | None = None,
            pdf: bool = False) -> dict:
    """``ehcpdocs compare``: the redline, its PDF when asked for, and the summary."""
    result = compare_documents(old, new, markup=markup, party=party, date=revision_date,
                               old_name=old_name, new_name=new_name)
    files = {"redline.docx": result.redline_docx}
    if pdf:
        files["redline.pdf"] = result.redline_pdf
    files["summary.json"] = summary_json(result.summary)
    return {"files": files, "summary": result.summary}


def check(original: bytes, marked: bytes, original_name: str | None = None, marked_name: str | None = None,
          sections_wanted: list[str] | None = None) -> dict:
    """``ehcpdocs check --json``: every unmarked change."""
    result = check_documents(original, marked, sections=sections_wanted, original_name=original_name,
                             marked_name=marked_name)
    return {"clean": result.clean, **result.summary}


def finalise(marked: bytes, against: bytes | None = None, marked_name: str | None = None,
             against_name: str | None = None) -> dict:
    """``ehcpdocs finalise``: the clean document and what was done."""
    result = finalise_document(marked, against, marked_name=marked_name, against_name=against_name)
    return {"files": {"final.docx": result.final_docx, "summary.json": summary_json(result.summary)},
            "summary": result.summary}


def batch(archive: bytes, archive_name: str | None = None, markup: str = "bold-strike", layout: str | None = None,
          check_identity: bool = True, pdf: bool = True, item_seconds: float | None = None,
          max_items: int = 200, progress: Any = None) -> dict:
    """A ZIP of plans (.docx) and reviews (.json, .yaml) run as ``ehcpdocs batch``.

    The files are unpacked by name alone (folders inside the ZIP are ignored) into a temporary
    folder, paired and run there by ``ehcpdocs.batch``; every output file and the batch report
    come back as bytes and the folder is removed. ``progress(done, total)`` is called as
    items finish.
    """
    from .. import batch as batching

    with tempfile.TemporaryDirectory(prefix="ehcpdocs-batch-") as folder:
        plans, reviews, out = (Path(folder) / part for part in ("plans", "reviews", "out"))
        plans.mkdir()
        reviews.mkdir()
        unpack_batch(archive, archive_name, plans, reviews, max_items)
        items = list(batching.pair_folders(plans, reviews, layout=layout))
        total = len(items)
        if progress:
            progress(0, total)
        results = []
        runner = batching.run(items, out, workers=1, pdf=pdf, markup=markup, timeout=item_seconds,
                              layout=layout, check_identity=check_identity)
        try:
            for done, result in enumerate(runner, start=1):
                results.append({"plan_id": result.plan_id, "status": result.status, "reason": result.reason})
                if progress:
                    progress(done, total)
        finally:
            runner.close()  # stops the batch's own pool when the service stops it early
        files = {path.relative_to(out).as_posix(): path.read_bytes()
                 for path in sorted(out.rglob("*")) if path.is_file() and not path.name.startswith(".")}
    return {"files": files, "items": results}


class BatchStopped(Exception):
    """Raised by a batch's progress callback to stop it (the service is shutting down)."""


BATCH_PLAN_SUFFIXES = (".docx",)
BATCH_REVIEW_SUFFIXES = (".json", ".yaml", ".yml")
MAX_BATCH_MEMBER = 50 * 2**20


def unpack_batch(archive: bytes, archive_name: str | None, plans: Path, reviews: Path, max_items: int) -> None:
    """Plans and reviews out of a batch ZIP, by file name, within the size and count limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
            members = [info for info in zipped.infolist() if not info.is_dir()]
            wanted = []
            for info in members:
                name = PurePath(info.filename.replace("\\", "/")).name
                if name.startswith((".", "~$")) or "__MACOSX" in info.filename:
                    continue
                suffix = PurePath(name).suffix.lower()
                if suffix in BATCH_PLAN_SUFFIXES:
                    wanted.append((info, plans / name))
                elif suffix in BATCH_REVIEW_SUFFIXES:
                    wanted.append((info, reviews / name))
            if not wanted:
                raise InputError("the ZIP holds no plans (.docx) or reviews (.json, .yaml)", file=archive_name)
            if len(wanted) > 2 * max_items:
                raise InputError(f"the ZIP holds more than {max_items} plans and reviews", file=archive_name)
            seen: set[Path] = set()
            for info, target in wanted:
                if target in seen:
                    raise InputError(f"the ZIP holds two files named {target.name!r}", file=archive_name)
                if info.file_size > MAX_BATCH_MEMBER:
                    raise InputError(f"{target.name!r} in the ZIP is over {MAX_BATCH_MEMBER // 2**20} MiB",
                                     file=archive_name)
                seen.add(target)
                target.write_bytes(zipped.read(info))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError):
        raise InputError("is not a ZIP file that can be read", file=archive_name) from None


def summary_json(summary: dict) -> bytes:
    return (json.dumps(summary, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


JOBS = {
    "sections": sections,
    "amend": amend,
    "amend_for_page": amend_for_page,
    "pdf": to_pdf,
    "annex2": annex2,
    "notice": notice,
    "referral": referral,
    "compare": compare,
    "check": check,
    "finalise": finalise,
}

__all__ = ["JOBS", "ReviewDataError"]
