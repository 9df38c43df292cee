"""The notice of proposed amendments: what goes to the family with the marked-up plan.

It lists the sections amended with a one-line description of each change, states plainly what
changes in Section F (special educational provision) — the cuts the amendment engine flags in
``summary["alerts"]`` first, then every Section F change in full, since shortened descriptions
can hide a cut — and gives the date representations close and how to respond.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..amend.grounds import year_group
from ..errors import InputError, ReviewDataError
from ..model.review import Review, load_review, source_label
from .annex2 import section_key
from .dates import decision_due, final_plan_due, long_date, representations_close
from .output import RenderedForm
from .render import check_text, render_template
from .templates import NOTICE, TemplatesArg, find_template

YOUNG_PERSON_FROM_YEAR = 12  # over compulsory school age: the notice goes to the young person


def full_quote(text: str) -> str:
    return "‘" + " ".join(text.split()) + "’"


def plain_provision_change(amendment: Any) -> str:
    """What one Section F amendment does, in full, for a family to read."""
    op = amendment.op
    if op == "replace":
        return f"{full_quote(amendment.old)} changes to {full_quote(amendment.new)}."
    if op == "revise":
        return f"The provision starting {full_quote(amendment.paragraph)} is reworded to: {full_quote(amendment.new)}."
    if op == "insert":
        return f"New provision is added: {full_quote(amendment.new)}."
    if op == "delete":
        return f"Provision is removed: the paragraph containing {full_quote(amendment.paragraph)}."
    if op == "delete_row":
        return f"Provision is removed: the table row containing {full_quote(amendment.row)}."
    if op == "add_row":
        return f"New provision is added: {full_quote(' | '.join(amendment.cells))}."
    if op == "revise_row":
        return f"The provision {full_quote(amendment.row)} now reads: {full_quote(' | '.join(amendment.cells))}."
    if op == "rewrite":
        return "The whole of Section F is rewritten: read it in full in the plan that comes with this notice."
    return f"A {op} change."


def alert_line(alert: dict) -> str:
    """A provision cut flagged by the amendment engine, stated plainly.

    The engine's message starts with an excerpt of the provision ('Weekly: frequency reduced
    ...'); the before and after texts are quoted in full instead.
    """
    message = str(alert.get("message") or alert.get("kind") or "provision reduced").strip()
    before, after = alert.get("before"), alert.get("after")
    prefix, separator, rest = message.partition(": ")
    if separator and before and str(before).startswith(prefix.rstrip("…")):
        message = rest
    line = message[:1].upper() + message[1:]
    if before and after:
        line += f" ({full_quote(str(before))} becomes {full_quote(str(after))})"
    elif before:
        line += f" ({full_quote(str(before))} is removed)"
    return line + "."


def provision_lines(review: Review, summary: dict, *, young_person: bool = False) -> tuple[str, list[str]]:
    """The Section F paragraph and its bullet lines."""
    alerts = [a for a in summary.get("alerts") or [] if str(a.get("section", "F")).upper() == "F"]
    lines = ["Please check: " + alert_line(alert) for alert in alerts]
    f_changes = [c for c in summary.get("changes", []) if c.get("section") == "F"]
    for change in f_changes:
        index = change.get("index")
        if isinstance(index, int) and 0 <= index < len(review.amendments):
            lines.append(plain_provision_change(review.amendments[index]))
        else:
            lines.append(change["description"] + ".")
    receiver = "you receive" if young_person else "your child receives"
    if alerts:
        intro = (
            f"Some of these changes may reduce or remove provision {receiver}. Please look carefully at the "
            "points marked “Please check” and at every change to Section F below."
        )
    elif f_changes:
        intro = f"Section F changes in {len(f_changes)} place(s):"
    else:
        intro = "Section F (special educational provision) is not changed."
    return intro, lines


def notice_changes(summary: dict) -> list[dict]:
    """The table of changes: section and one-line description, in plan order."""
    changes = sorted(summary.get("changes", []), key=lambda c: (section_key(c["section"]), c.get("index", 0)))
    return [{"section": c["section"], "description": c["description"]} for c in changes]


def notice_context(review: Review, summary: dict, notice: date) -> dict[str, Any]:
    """Everything the notice template may use (listed in docs/forms.md)."""
    child = review.child
    child_name = f"{child.first_name} {child.last_name}"
    young_person = year_group(review) >= YOUNG_PERSON_FROM_YEAR
    intro, lines = provision_lines(review, summary, young_person=young_person)
    return {
        "plan_id": review.plan_id,
        "child_name": child_name,
        "first_name": child.first_name,
        "date_of_birth": long_date(child.date_of_birth),
        "addressee": child_name if young_person else f"the parents or carers of {child_name}",
        "meeting_date": long_date(review.review.meeting_date),
        "notice_date": long_date(notice),
        "representations_close": long_date(representations_close(notice)),
        "final_plan_due": long_date(final_plan_due(notice)),
        "sections_amended": ", ".join(summary.get("sections_amended", [])),
        "changes": notice_changes(summary),
        "provision_summary": intro,
        "provision_changes": lines,
    }


def resolve_notice_date(review: Review, notice_date: date | None) -> date:
    """The argument, else the review's notice_date, else the LA decision due date."""
    return notice_date or review.notice_date or decision_due(review.review.meeting_date)


def render_notice(
    review: Any,
    plan: Any = None,
    *,
    templates: TemplatesArg = None,
    notice_date: date | None = None,
    summary: dict | None = None,
    review_name: str | None = None,
) -> RenderedForm:
    """The notice of proposed amendments as DOCX (``.docx``) and PDF (``.pdf``, made when asked for).

    ``review`` is a path, JSON text, a dict or a ``Review``; the changes come from ``summary``
    (an ``ehcpdocs.amend`` summary) when given, else from amending ``plan``. ``notice_date``
    defaults to the review's ``notice_date``, else the LA decision due date (meeting + 4 weeks).
    """
    review_name = source_label(review, review_name)
    model = load_review(review, review_name)
    text_problems = check_text(model.model_dump(mode="json"))
    if text_problems:
        raise ReviewDataError("holds characters a Word document cannot store", problems=text_problems, file=review_name)
    if summary is None:
        if plan is None:
            raise InputError("a notice of proposed amendments needs the plan (or an amendment summary)", file=review_name)
        from ..api import amend

        summary = amend(plan, model, review_name=review_name).summary
    if not summary.get("changes"):
        raise InputError("the review proposes no amendments, so there is nothing to give notice of", file=review_name)
    notice = resolve_notice_date(model, notice_date)
    context = notice_context(model, summary, notice)
    docx = render_template(
        find_template(NOTICE, templates),
        context,
        title=f"Notice of proposed amendments {model.plan_id}",
        dated=notice,
    )
    warnings = []
    if notice < model.review.meeting_date:
        warnings.append("the notice date is before the review meeting")
    elif notice > decision_due(model.review.meeting_date):
        warnings.append(
            f"the notice date is after the LA decision due date ({long_date(decision_due(model.review.meeting_date))})"
        )
    return RenderedForm(
        stem=f"{model.plan_id}.notice",
        title=f"Notice of proposed amendments {model.plan_id}",
        docx=docx,
        warnings=warnings,
        details={
            "notice_date": notice,
            "representations_close": representations_close(notice),
            "final_plan_due": final_plan_due(notice),
            "provision_changes": context["provision_changes"],
        },
    )
