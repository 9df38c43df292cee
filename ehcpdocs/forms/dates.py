"""Statutory dates of the annual review and of a referral.

SEND Regulations 2014: the school sends the review report within 2 weeks of the meeting
(reg 20(7)); the local authority decides within 4 weeks of the meeting (reg 20(10)); when it
amends, it sends the notice of proposed amendments, allows at least 15 days for representations
(reg 22(2)) and issues the final plan within 8 weeks of sending the notice (reg 22(3)). A child
moving between phases must have the amended plan by 15 February of the transfer year, or by
31 March for a move into post-16 education (reg 18). Leicester deletes a returned referral when
the missing information has not come back within 90 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..amend.grounds import TRANSFER_YEARS
from ..errors import ReviewDataError
from ..model.schoolyear import school_year_start_year

REPORT_DUE_AFTER = timedelta(weeks=2)
DECISION_DUE_AFTER = timedelta(weeks=4)
REPRESENTATIONS_PERIOD = timedelta(days=15)
FINAL_PLAN_DUE_AFTER = timedelta(weeks=8)
REFERRAL_RETURN_PERIOD = timedelta(days=90)

POST_16_YEAR = 11
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def later(day: date, period: timedelta, what: str) -> date:
    """``day`` + ``period``; a date too late for the calendar (after 31 December 9999) is a
    ``ReviewDataError`` naming it (validated review data, from 1900 to 2199, never is)."""
    try:
        return day + period
    except OverflowError:
        raise ReviewDataError(f"the {what} date {day.isoformat()} is too late to count the due dates from") from None


def report_due(meeting: date) -> date:
    """When the school's review report must reach the local authority: meeting + 2 weeks."""
    return later(meeting, REPORT_DUE_AFTER, "meeting")


def decision_due(meeting: date) -> date:
    """When the local authority must decide to maintain, amend or cease: meeting + 4 weeks."""
    return later(meeting, DECISION_DUE_AFTER, "meeting")


def representations_close(notice: date) -> date:
    """The last day for the family's representations: 15 days after the notice is sent."""
    return later(notice, REPRESENTATIONS_PERIOD, "notice")


def final_plan_due(notice: date) -> date:
    """When the amended plan must be issued: 8 weeks after the notice is sent."""
    return later(notice, FINAL_PLAN_DUE_AFTER, "notice")


def transfer_deadline(year_group: int, meeting: date) -> date | None:
    """The phase-transfer deadline, or None when the child is not in a transfer year.

    The transfer happens in the September that ends the school year of the meeting, so the
    deadline falls in that school year's second calendar year: 15 February, or 31 March for a
    move from Year 11 into post-16.
    """
    if year_group not in TRANSFER_YEARS:
        return None
    transfer_year = school_year_start_year(meeting) + 1
    if transfer_year > date.max.year:
        raise ReviewDataError(f"the meeting date {meeting.isoformat()} is too late to count the transfer deadline from")
    if year_group == POST_16_YEAR:
        return date(transfer_year, 3, 31)
    return date(transfer_year, 2, 15)


def referral_return_by(submitted: date) -> date:
    """When a returned referral's missing information must be back: 90 days after submission."""
    return later(submitted, REFERRAL_RETURN_PERIOD, "submission")


@dataclass(frozen=True)
class ReviewDates:
    """The key dates of one annual review.

    ``notice`` is the date the notice of proposed amendments is sent; when the review does not
    give it, it is the decision due date (the latest the law allows), so the dates that follow
    from it are the latest permitted. The amendment dates are None when the plan is not amended.
    """

    meeting: date
    report_due: date
    decision_due: date
    notice: date | None
    notice_assumed: bool
    representations_close: date | None
    final_plan_due: date | None
    transfer_deadline: date | None
    transfer_to: str | None


def review_dates(meeting: date, year_group: int, *, amending: bool, notice: date | None = None) -> ReviewDates:
    """Every key date of a review held on ``meeting`` for a child in ``year_group``."""
    decision = decision_due(meeting)
    notice_date = (notice or decision) if amending else None
    return ReviewDates(
        meeting=meeting,
        report_due=report_due(meeting),
        decision_due=decision,
        notice=notice_date,
        notice_assumed=amending and notice is None,
        representations_close=representations_close(notice_date) if notice_date else None,
        final_plan_due=final_plan_due(notice_date) if notice_date else None,
        transfer_deadline=transfer_deadline(year_group, meeting),
        transfer_to=TRANSFER_YEARS.get(year_group),
    )


def long_date(value: date | None) -> str:
    """A date as written in a letter: '12 October 2026' ('' for None)."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
