"""The grounds a council needs before it amends a plan (Leicester's rules), and the check that
a review belongs to the plan it is applied to."""

from __future__ import annotations

import unicodedata

from ..errors import GroundsError, PlanMismatchError
from ..model.plan import PlanDetails
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


def fold(text: str) -> str:
    """Text compared without case, accents or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in letters.casefold()).split())


def check_identity(details: PlanDetails, review: Review, name: str | None = None) -> None:
    """The plan's reference, name and date of birth, where it shows them, must be the review's.

    Messages name the field, never the values: they are personal data.
    """
    if details.reference and fold(details.reference) != fold(review.plan_id):
        raise PlanMismatchError(
            f"the plan's reference does not match the review's plan_id {review.plan_id}", field="reference", file=name,
        )
    child = review.child
    if details.first_name and fold(details.first_name) != fold(child.first_name):
        raise PlanMismatchError("the child's first name in the plan differs from the review's", field="first_name", file=name)
    if details.last_name and fold(details.last_name) != fold(child.last_name):
        raise PlanMismatchError("the child's last name in the plan differs from the review's", field="last_name", file=name)
    if details.name and not (details.first_name or details.last_name):
        words = set(fold(details.name).split())
        wanted = set(fold(child.first_name).split()) | set(fold(child.last_name).split())
        if not wanted <= words:
            raise PlanMismatchError("the child's name in the plan differs from the review's", field="name", file=name)
    if details.date_of_birth_text:
        if details.date_of_birth is None:
            raise PlanMismatchError(
                "the plan's date of birth cannot be read as a date, so the plan cannot be checked against the review",
                field="date_of_birth", file=name,
            )
        if details.date_of_birth != child.date_of_birth:
            raise PlanMismatchError(
                "the child's date of birth in the plan differs from the review's", field="date_of_birth", file=name,
            )
