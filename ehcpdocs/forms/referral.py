"""The summary of a referral to SEND support services.

``render_referral`` refuses a referral (``ReviewDataError`` listing every problem at once) when
the data fails the schema — no parental consent, not exactly one team, yes/no answers missing,
no names when the referral was discussed with SEND Services professionals — or when an attached
document is password-protected, encrypted or unreadable. Missing additional information does not
refuse it: the summary says which items are supplied and warns about the rest, because the
service returns referrals without them; the information must then be back within 90 days.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import ReviewDataError
from ..model.referral import CHECKLIST, MAX_ATTACHMENTS, Referral, load_referral
from ..model.review import is_path, source_label
from ..model.schoolyear import national_curriculum_year, year_group_name
from .attachments import AttachmentInfo, human_size, inspect_attachment
from .dates import long_date, referral_return_by
from .output import RenderedForm
from .render import check_text, render_template
from .templates import REFERRAL, TemplatesArg, find_template

NOT_GIVEN = "Not given"
TEAM_LABELS = {
    "Learning communication and interaction": "Learning, communication and interaction",
    "Social emotional and mental health": "Social, emotional and mental health",
}
STATUS_LABELS = {"supplied": "Supplied", "not_applicable": "Not applicable", "not_supplied": "Missing"}
SAFE_STEM = re.compile(r"[^A-Za-z0-9_-]+")


def attachment_checks(data: Any, base: Path) -> tuple[list[AttachmentInfo | None], list[tuple[str, str]]]:
    """Inspect every attachment the plain data names: (info per entry, problems by JSON path)."""
    entries = data.get("attachments") if isinstance(data, dict) else None
    if not isinstance(entries, list) or len(entries) > MAX_ATTACHMENTS:
        return [], []  # too many is the schema's error; none is opened
    infos: list[AttachmentInfo | None] = []
    problems = []
    for index, entry in enumerate(entries):
        path = entry.get("path") if isinstance(entry, dict) else None
        if not isinstance(path, str) or not path.strip():
            infos.append(None)
            continue
        info = inspect_attachment(base / path, name=path)
        infos.append(info)
        if info.problem:
            problems.append((f"$.attachments[{index}].path", f"{path} {info.problem}"))
    return infos, problems


def checklist_rows(referral: Referral) -> tuple[list[dict], list[str]]:
    """The checklist rows of the summary and the labels of the items not supplied.

    An item counts as supplied when marked so or when an attachment says it covers it.
    """
    covered: dict[str, list[str]] = {}
    for attachment in referral.attachments:
        for key in attachment.covers:
            covered.setdefault(key, []).append(attachment.path)
    rows, missing = [], []
    for key, label in CHECKLIST.items():
        item = getattr(referral.additional_information, key)
        status = item.status if item is not None else "not_supplied"
        if status == "not_supplied" and key in covered:
            status = "supplied"
        details = [item.details] if item is not None and item.details else []
        if key in covered:
            details.append("Attached: " + ", ".join(Path(path).name for path in covered[key]))
        if status == "not_supplied":
            missing.append(label)
        rows.append({
            "key": key,
            "label": label,
            "status": STATUS_LABELS[status],
            "details": "\n".join(details) if details else ("" if status != "supplied" else "Supplied (no details given)"),
        })
    return rows, missing


def or_not_given(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return NOT_GIVEN
    return str(value)


def referral_context(
    referral: Referral, infos: list[AttachmentInfo | None], submitted: date, rows: list[dict], warnings: list[str],
    missing: list[str],
) -> dict[str, Any]:
    """Everything the referral template may use (listed in docs/forms.md)."""
    request = referral.request
    permissions = referral.permissions
    child = referral.child
    year = child.year_group if child.year_group is not None else national_curriculum_year(child.date_of_birth, submitted)
    if missing:
        status = f"Likely to be returned: {len(missing)} item(s) of additional information missing"
    else:
        status = "Complete: every item of additional information is supplied or not applicable"
    consent = "Recorded"
    if permissions.consent_given_by:
        consent += f", given by {permissions.consent_given_by}"
    if permissions.consent_date:
        consent += f" on {long_date(permissions.consent_date)}"
    attachments = []
    for attachment, info in zip(referral.attachments, infos):
        attachments.append({
            "name": Path(attachment.path).name,
            "type": info.kind if info else "",
            "size": human_size(info.size) if info else "",
            "pages": str(info.pages) if info and info.pages is not None else (info.note or "-") if info else "",
            "description": attachment.description or "",
        })
    reference = referral.reference or NOT_GIVEN
    return {
        "reference": reference,
        "status": status,
        "team": TEAM_LABELS.get(request.team, request.team),
        "traded_work": request.traded_work.capitalize(),
        "discussed": (
            "Yes, with " + "; ".join(name for name in request.send_services_professionals if name.strip())
            if request.discussed_with_send_services == "yes" else "No"
        ),
        "submitted": long_date(submitted),
        "return_by": long_date(referral_return_by(submitted)),
        "consent": consent,
        "information_sharing": "Yes" if permissions.information_sharing else "No",
        "consent_notes": or_not_given(permissions.notes),
        "child_name": f"{child.first_name} {child.last_name}",
        "child": {
            "first_name": child.first_name,
            "last_name": child.last_name,
            "preferred_name": or_not_given(child.preferred_name),
            "date_of_birth": long_date(child.date_of_birth),
            "year_group": year_group_name(year),
            "gender": or_not_given(child.gender),
            "upn": or_not_given(child.upn),
            "address": or_not_given(child.address),
            "first_language": or_not_given(child.first_language),
            "sen_status": or_not_given(child.sen_status),
        },
        "parents": [
            {
                "name": parent.name,
                "relationship": parent.relationship,
                "contact": "\n".join(part for part in (parent.address, parent.phone, parent.email) if part) or NOT_GIVEN,
                "parental_responsibility": "Yes" if parent.parental_responsibility else "No",
            }
            for parent in referral.parental_responsibility
        ],
        "school": {
            key: or_not_given(getattr(referral.school, key))
            for key in ("name", "type", "urn", "address", "phone", "headteacher", "sendco")
        },
        "information": {
            key: or_not_given(getattr(referral.information, key))
            for key in ("reason", "strengths", "needs", "support_so_far", "hoped_outcomes", "child_views", "parent_views")
        },
        "referrer": {key: or_not_given(getattr(referral.referrer, key)) for key in ("name", "role", "email", "phone")},
        "checklist": rows,
        "attachments_note": (
            f"{len(attachments)} document(s) attached; none is password-protected." if attachments else "No documents attached."
        ),
        "attachments": attachments or [{"name": "None", "type": "", "size": "", "pages": "", "description": ""}],
        "summary": or_not_given(referral.summary),
        "warnings": warnings,
    }


def referral_stem(referral: Referral, name: str | None) -> str:
    if referral.reference:
        return f"{referral.reference}.referral"
    if name:
        stem = SAFE_STEM.sub("-", Path(name).stem).strip("-")
        if stem:
            return f"{stem}.referral"
    return "referral"


def render_referral(
    referral: Any,
    *,
    templates: TemplatesArg = None,
    base_dir: str | os.PathLike | None = None,
    today: date | None = None,
    referral_name: str | None = None,
) -> RenderedForm:
    """The referral summary as DOCX (``.docx``) and PDF (``.pdf``, made when asked for).

    ``referral`` is a path (JSON or YAML), JSON text, a dict or a ``Referral``. Attachment paths
    are relative to ``base_dir``: by default the referral file's folder, or the working folder
    for data not read from a file. The submission date is the referral's ``submitted``, else
    ``today`` (default: the current date). Raises ``ReviewDataError`` listing every problem
    when the referral is refused; ``.warnings`` lists what would get it returned.
    """
    from_file = is_path(referral)
    referral_name = source_label(referral, referral_name)
    if base_dir is None:
        base_dir = Path(referral).resolve().parent if from_file else Path.cwd()
    model, problems, data = load_referral(referral, referral_name)
    infos, attachment_problems = attachment_checks(data, Path(base_dir))
    reported = {path for path, _ in problems}
    problems = problems + attachment_problems + [item for item in check_text(data) if item[0] not in reported]
    submitted = (model.submitted if model is not None else None) or today or date.today()
    if model is not None and model.child.date_of_birth > submitted:
        problems.append(("$.child.date_of_birth", f"is after the date of submission ({submitted.isoformat()})"))
    if problems or model is None:
        raise ReviewDataError("the referral is refused", problems=problems, file=referral_name)
    rows, missing = checklist_rows(model)
    warnings = [f"not supplied: {label}" for label in missing]
    if not model.permissions.information_sharing:
        warnings.append("consent to share information is not recorded")
    for attachment, info in zip(model.attachments, infos):
        if info is not None and info.note and info.pages is None and "not recognised" in info.note:
            warnings.append(f"{attachment.path}: {info.note}")
    context = referral_context(model, infos, submitted, rows, warnings, missing)
    stem = referral_stem(model, referral_name)
    title = f"SEND support services referral {model.reference or ''}".strip()
    docx = render_template(find_template(REFERRAL, templates), context, title=title, dated=submitted)
    return RenderedForm(
        stem=stem,
        title=title,
        docx=docx,
        warnings=warnings,
        details={
            "submitted": submitted,
            "return_by": referral_return_by(submitted),
            "missing": missing,
            "attachments": [info for info in infos if info is not None],
            "status": context["status"],
        },
    )
