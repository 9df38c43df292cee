"""The grounds a council needs before it amends a plan (Leicester's rules)."""

from __future__ import annotations

from ..errors import GroundsError
from ..model.review import Review
from ..model.schoolyear import national_curriculum_year, year_group_name

TRANSFER_YEARS = {-1: "Reception", 2: "Key Stage 2", 6: "Key Stage 3", 9: "Key Stage 4", 11: "post-16"}


def year_group(review: Review) -> int:
    """The child's National Curriculum year at the meeting: the override, else from birth date."""
    if review.review.year_group is not None:
        return review.review.year_group
    return national_curriculum_year(review.child.date_of_birth, review.review.meeting_date)


def check_grounds(review: Review, name: str | None = None) -> None:
    """Refuse amendments the review's grounds do not support; the message says why."""
    if not review.amendments:
        return
    meeting = review.review
    if not meeting.reasons:
        raise GroundsError(
            "amendments need at least one ground in review.reasons "
            "(key_stage_transfer, significant_change or outcomes_achieved)", file=name,
        )
    if "significant_change" in meeting.reasons and not meeting.evidence:
        raise GroundsError(
            "significant_change needs at least one review.evidence entry (a professional report)", file=name,
        )
    if "outcomes_achieved" in meeting.reasons and not any(a.section == "E" for a in review.amendments):
        raise GroundsError("outcomes_achieved needs at least one amendment in Section E", file=name)
    if "key_stage_transfer" in meeting.reasons:
        year = year_group(review)
        if year not in TRANSFER_YEARS:
            raise GroundsError(
                f"key_stage_transfer: the child is in {year_group_name(year)} at the meeting, not a transfer year "
                "(the year before Reception, Year 2, 6, 9 or 11); set review.year_group if the child is "
                "educated out of their chronological year",
                file=name,
            )
