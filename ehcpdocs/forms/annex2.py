"""The annual review report ("Annex 2") rendered from review data.

``render_annex2`` checks the fields a portal marks as mandatory (child, date of birth, setting,
meeting date, recommendation) and lists every missing one at once; computes the child's National
Curriculum year and the key dates; lists the proposed amendments section by section (from the
amendment summary of ``ehcpdocs.amend`` when a plan or summary is given, else from the review's
amendments); and renders the ``annex2.docx`` template.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from ..amend.grounds import check_grounds, year_group
from ..errors import GroundsError, ReviewDataError
from ..model.annex2 import DECISION_LABELS, PROGRESS_LABELS
from ..model.plan import SECTION_LETTERS
from ..model.review import Review, problems_of, read_object
from ..model.schoolyear import national_curriculum_year, year_group_name
from .dates import ReviewDates, long_date, review_dates
from .output import RenderedForm
from .render import check_text, render_template
from .templates import ANNEX2, TemplatesArg, find_template

NOT_RECORDED = "Not recorded"
PREPARING_FOR_ADULTHOOD_FROM = 9

# (JSON path, how to reach it in plain data) of the fields Annex 2 cannot be sent without.
MANDATORY_FIELDS = (
    ("$.child.first_name", ("child", "first_name")),
    ("$.child.last_name", ("child", "last_name")),
    ("$.child.date_of_birth", ("child", "date_of_birth")),
    ("$.setting.name", ("setting", "name")),
    ("$.review.meeting_date", ("review", "meeting_date")),
    ("$.recommendation.decision", ("recommendation", "decision")),
)
MANDATORY_MESSAGE = "is mandatory for the annual review report (Annex 2)"


def missing_mandatory(data: Any) -> list[tuple[str, str]]:
    """The mandatory Annex 2 fields absent or empty in plain review data."""
    problems = []
    for path, keys in MANDATORY_FIELDS:
        value: Any = data
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append((path, MANDATORY_MESSAGE))
    return problems


def load_annex2_review(source: Any, name: str | None = None) -> Review:
    """A review fit for Annex 2: schema problems, missing mandatory fields and text a Word
    document cannot hold, all reported together."""
    if isinstance(source, Review):
        data = source.model_dump(mode="json")
        problems = missing_mandatory(data) + check_text(data)
        if problems:
            raise ReviewDataError("cannot make the annual review report", problems=problems, file=name)
        return source
    data, name = read_object(source, name, "plan_id, child, review and the report fields")
    problems = missing_mandatory(data)
    try:
        review = Review.model_validate(data)
    except ValidationError as exc:
        mandatory_paths = {path for path, _ in problems}
        problems += [(path, message) for path, message in problems_of(exc) if path not in mandatory_paths]
        review = None
    reported = {path for path, _ in problems}
    problems += [(path, message) for path, message in check_text(data) if path not in reported]
    if problems or review is None:
        raise ReviewDataError("cannot make the annual review report", problems=problems, file=name)
    return review


def or_not_recorded(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return NOT_RECORDED
    return str(value)


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def quote(text: str, limit: int = 60) -> str:
    """Plan text shown in a one-line description, shortened."""
    text = " ".join(text.split())
    return "'" + (text if len(text) <= limit else text[: limit - 1] + "…") + "'"


def describe_amendment(amendment: Any) -> str:
    """A one-line description of an amendment as the review gives it (no plan needed)."""
    op = amendment.op
    if op == "replace":
        return f"Replace {quote(amendment.old)} with {quote(amendment.new)}"
    if op == "revise":
        return f"Revise the paragraph {quote(amendment.paragraph)}"
    if op == "insert":
        return f"Add a paragraph: {quote(amendment.new)}"
    if op == "delete":
        return f"Remove the paragraph {quote(amendment.paragraph)}"
    if op == "delete_row":
        return f"Remove the table row {quote(amendment.row)}"
    if op == "add_row":
        return f"Add a table row: {quote(' | '.join(amendment.cells))}"
    if op == "revise_row":
        return f"Revise the table row {quote(amendment.row)}: {quote(' | '.join(amendment.cells))}"
    if op == "rewrite":
        return "Rewrite the section"
    return f"{op} amendment"


def section_key(letter: str) -> float:
    """Plan order of a section letter; 'H' (H1 and H2 together) sorts just before H1."""
    if letter == "H":
        return SECTION_LETTERS.index("H1") - 0.5
    return SECTION_LETTERS.index(letter) if letter in SECTION_LETTERS else len(SECTION_LETTERS)


def changes_of(review: Review, summary: dict | None) -> list[dict]:
    """Each change as {section, description}: from the amendment summary when there is one."""
    if summary is not None:
        return [{"section": c["section"], "description": c["description"]} for c in summary.get("changes", [])]
    return [{"section": a.section, "description": describe_amendment(a)} for a in review.amendments]


def changes_by_section(changes: list[dict]) -> list[dict]:
    """One row per section in plan order, its changes one per line."""
    grouped: dict[str, list[str]] = {}
    for change in changes:
        grouped.setdefault(change["section"], []).append(change["description"])
    return [
        {"section": letter, "changes": "\n".join(grouped[letter])}
        for letter in sorted(grouped, key=section_key)
    ]


def summary_for(review: Review, plan: Any) -> dict:
    """The amendment summary of applying the review to the plan."""
    from ..api import amend

    return amend(plan, review).summary


def is_amending(review: Review) -> bool:
    """Whether the review leads to amending the plan: its recommendation, else its amendments."""
    if review.recommendation is not None:
        return review.recommendation.decision == "amend"
    return bool(review.amendments)


def key_date_rows(dates: ReviewDates) -> list[dict]:
    """The rows of the key dates table."""
    rows = [
        {"label": "Review meeting", "date": long_date(dates.meeting), "note": ""},
        {"label": "Report to the local authority", "date": long_date(dates.report_due), "note": "2 weeks after the meeting"},
        {"label": "Local authority decision", "date": long_date(dates.decision_due), "note": "4 weeks after the meeting"},
    ]
    if dates.notice is not None:
        rows.append({
            "label": "Notice of proposed amendments sent",
            "date": long_date(dates.notice),
            "note": "assumed: the decision due date (the latest permitted)" if dates.notice_assumed else "",
        })
        rows.append({
            "label": "Representations close",
            "date": long_date(dates.representations_close),
            "note": "15 days after the notice",
        })
        rows.append({
            "label": "Final amended plan issued",
            "date": long_date(dates.final_plan_due),
            "note": "8 weeks after the notice",
        })
    if dates.transfer_deadline is not None:
        rows.append({
            "label": f"Phase transfer to {dates.transfer_to}",
            "date": long_date(dates.transfer_deadline),
            "note": "amended plan naming the new school or college" + (
                " (post-16 deadline)" if dates.transfer_deadline.month == 3 else ""
            ),
        })
    return rows


def warnings_for(review: Review, year: int, dates: ReviewDates) -> list[str]:
    """Inconsistencies the report's reader should see; none of them stops the report."""
    warnings = []
    decision = review.recommendation.decision if review.recommendation else None
    if decision == "amend" and not review.amendments:
        warnings.append("the recommendation is to amend the plan, but the review lists no amendments")
    if decision in ("maintain", "cease") and review.amendments:
        warnings.append(f"the recommendation is to {decision} the plan, but the review lists amendments")
    if decision == "amend":
        try:
            check_grounds(review)
        except GroundsError as error:
            warnings.append(f"the council's grounds for amending are not met: {error.message}")
    if year >= PREPARING_FOR_ADULTHOOD_FROM and review.preparing_for_adulthood is None:
        warnings.append(f"preparing for adulthood is not recorded ({year_group_name(year)}: expected from Year 9)")
    if dates.transfer_deadline and dates.final_plan_due and dates.final_plan_due > dates.transfer_deadline:
        warnings.append(
            f"the final plan would be due on {long_date(dates.final_plan_due)}, after the phase transfer deadline of "
            f"{long_date(dates.transfer_deadline)}: send the notice earlier"
        )
    return warnings


def annex2_context(review: Review, changes: list[dict], dates: ReviewDates, year: int) -> dict[str, Any]:
    """Everything the Annex 2 template may use (listed in docs/forms.md)."""
    child = review.child
    chronological = national_curriculum_year(child.date_of_birth, review.review.meeting_date)
    year_note = ""
    if year != chronological:
        year_note = f" (set in the review; the chronological year is {year_group_name(chronological)})"
    attendance = review.attendance
    exclusions = NOT_RECORDED
    if attendance is not None and (attendance.fixed_term_exclusions is not None or attendance.permanent_exclusion):
        parts = [f"{attendance.fixed_term_exclusions or 0} suspension(s)"]
        if attendance.days_excluded is not None:
            parts.append(f"{attendance.days_excluded:g} day(s) in total")
        if attendance.permanent_exclusion:
            parts.append("permanently excluded")
        exclusions = ", ".join(parts)
    pfa = review.preparing_for_adulthood
    recommendation = review.recommendation
    amendments = changes_by_section(changes)
    if amendments:
        amendments_note = f"{len(changes)} change(s) in {len(amendments)} section(s)."
    else:
        amendments_note = "No amendments are proposed."
        amendments = [{"section": "", "changes": "None"}]
    return {
        "plan_id": review.plan_id,
        "child_name": f"{child.first_name} {child.last_name}",
        "first_name": child.first_name,
        "last_name": child.last_name,
        "date_of_birth": long_date(child.date_of_birth),
        "year_group": year_group_name(year),
        "year_group_note": year_note,
        "meeting_date": long_date(review.review.meeting_date),
        "setting_name": review.setting.name if review.setting else NOT_RECORDED,
        "setting_type": or_not_recorded(review.setting.type if review.setting else None),
        "setting_urn": or_not_recorded(review.setting.urn if review.setting else None),
        "attendance": (
            f"{attendance.percentage:g}%" if attendance is not None and attendance.percentage is not None else NOT_RECORDED
        ),
        "exclusions": exclusions,
        "attendance_notes": or_not_recorded(attendance.notes if attendance else None),
        "participants": [
            {
                "role": p.role,
                "name": p.name,
                "invited": yes_no(p.invited),
                "attended": yes_no(p.attended),
                "report_requested": yes_no(p.report_requested),
                "report_received": yes_no(p.report_received) if p.report_requested else "n/a",
            }
            for p in review.participants
        ] or [{"role": NOT_RECORDED, "name": "", "invited": "", "attended": "", "report_requested": "", "report_received": ""}],
        "child_views": or_not_recorded(review.views.child if review.views else None),
        "parent_views": or_not_recorded(review.views.parents if review.views else None),
        "outcomes": [
            {"outcome": o.outcome, "progress": PROGRESS_LABELS[o.progress], "evidence": or_not_recorded(o.evidence)}
            for o in review.outcomes_progress
        ] or [{"outcome": NOT_RECORDED, "progress": "", "evidence": ""}],
        "preparing_for_adulthood": (
            {
                "employment": or_not_recorded(pfa.employment),
                "independent_living": or_not_recorded(pfa.independent_living),
                "community_inclusion": or_not_recorded(pfa.community_inclusion),
                "health": or_not_recorded(pfa.health),
            }
            if pfa is not None else None
        ),
        "preparing_for_adulthood_note": (
            f"Not applicable: preparing for adulthood is discussed from Year 9 ({year_group_name(year)} at the meeting)."
            if year < PREPARING_FOR_ADULTHOOD_FROM else NOT_RECORDED
        ),
        "recommendation": DECISION_LABELS[recommendation.decision] if recommendation else NOT_RECORDED,
        "recommendation_grounds": or_not_recorded(recommendation.grounds if recommendation else None),
        "recommendation_evidence": (
            "\n".join(recommendation.evidence) if recommendation and recommendation.evidence else NOT_RECORDED
        ),
        "amendments_note": amendments_note,
        "amendments": amendments,
        "key_dates": key_date_rows(dates),
    }


def render_annex2(
    review: Any,
    *,
    templates: TemplatesArg = None,
    notice_date: date | None = None,
    plan: Any = None,
    summary: dict | None = None,
    review_name: str | None = None,
) -> RenderedForm:
    """The annual review report (Annex 2) as DOCX (``.docx``) and PDF (``.pdf``, made when asked for).

    ``review`` is a path (JSON or YAML), JSON text, a dict or a ``Review``. The proposed
    amendments come from ``summary`` (an ``ehcpdocs.amend`` summary) when given, else from
    amending ``plan`` when given, else from the review's own amendments. ``notice_date`` (else
    the review's ``notice_date``, else the LA decision due date) dates the amendment deadlines.
    ``templates`` is a folder of templates overriding the packaged ones.
    Raises ``ReviewDataError`` listing every missing mandatory field and schema problem.
    """
    model = load_annex2_review(review, review_name)
    if summary is None and plan is not None:
        summary = summary_for(model, plan)
    year = year_group(model)
    dates = review_dates(
        model.review.meeting_date, year, amending=is_amending(model), notice=notice_date or model.notice_date
    )
    changes = changes_of(model, summary)
    context = annex2_context(model, changes, dates, year)
    docx = render_template(
        find_template(ANNEX2, templates),
        context,
        title=f"Annual review report {model.plan_id}",
        dated=model.review.meeting_date,
    )
    return RenderedForm(
        stem=f"{model.plan_id}.annex2",
        title=f"Annual review report {model.plan_id}",
        docx=docx,
        warnings=warnings_for(model, year, dates),
        details={"dates": dates, "year_group": year, "changes": changes},
    )
