"""The Annex 2 hook: a batch also writes the annual review report where it can.

The report is written for an item when the review carries any of the Annex 2 fields. A review that starts the report
but leaves out a mandatory field fails its item, with every missing field named, rather than
going out without its report.
"""

from __future__ import annotations

from typing import Any

from ..forms.annex2 import render_annex2

ANNEX2_FIELDS = (
    "setting", "attendance", "participants", "views", "outcomes_progress", "recommendation",
    "preparing_for_adulthood",
)


def has_annex2_fields(data: Any) -> bool:
    """Whether plain review data fills in any part of the Annex 2 report."""
    return isinstance(data, dict) and any(data.get(name) not in (None, [], {}, "") for name in ANNEX2_FIELDS)


def annex2_outputs(review: Any, review_name: str, summary: dict, *, pdf: bool) -> dict[str, bytes]:
    """The Annex 2 files (``<plan_id>.annex2.docx`` and ``.pdf``) for a review's decoded data, or none."""
    if not has_annex2_fields(review):
        return {}
    form = render_annex2(review, summary=summary, review_name=review_name)
    return form.files(pdf=pdf)
