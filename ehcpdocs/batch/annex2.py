"""The Annex 2 hook: a batch also writes the annual review report where it can.

The report is written for an item when the forms module (``ehcpdocs.forms.annex2``) is
installed and the review carries any of the Annex 2 fields. A review that starts the report
but leaves out a mandatory field fails its item, with every missing field named, rather than
going out without its report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

ANNEX2_FIELDS = (
    "setting", "attendance", "participants", "views", "outcomes_progress", "recommendation",
    "preparing_for_adulthood",
)


def annex2_renderer() -> Callable[..., Any] | None:
    """``ehcpdocs.forms.annex2.render_annex2`` when the forms module is present, else None."""
    try:
        from ..forms.annex2 import render_annex2
    except ImportError:
        return None
    return render_annex2


def annex2_available() -> bool:
    return annex2_renderer() is not None


def has_annex2_fields(data: Any) -> bool:
    """Whether plain review data fills in any part of the Annex 2 report."""
    return isinstance(data, dict) and any(data.get(name) not in (None, [], {}, "") for name in ANNEX2_FIELDS)


def annex2_outputs(review: Path, summary: dict, *, pdf: bool) -> dict[str, bytes]:
    """The Annex 2 files (``<plan_id>.annex2.docx`` and ``.pdf``) for a review, or none."""
    render = annex2_renderer()
    if render is None:
        return {}
    from ..model.review import read_data

    if not has_annex2_fields(read_data(review, review.name)):
        return {}
    form = render(review, summary=summary, review_name=review.name)
    return form.files(pdf=pdf)
