"""The annual review report ("Annex 2"): the fields a review holds beyond its amendments.

These models are optional parts of ``Review`` (see ``model.review``): a review that only amends
a plan does not need them, and ``forms.annex2`` checks that the ones a portal marks as mandatory
(setting and recommendation, with the child, date of birth and meeting date the review always
has) are present before it renders the report.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .fields import Line, Prose

Progress = Literal["achieved", "partly_achieved", "not_achieved"]
Decision = Literal["maintain", "amend", "cease"]

PROGRESS_LABELS = {"achieved": "Achieved", "partly_achieved": "Partly achieved", "not_achieved": "Not achieved"}
DECISION_LABELS = {
    "maintain": "Maintain the plan unchanged",
    "amend": "Amend the plan",
    "cease": "Cease to maintain the plan",
}


class FormModel(BaseModel):
    """Base for form data: unknown keys are errors, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, allow_inf_nan=False)


class Setting(FormModel):
    """The school, college or early years setting the child attends."""

    name: Line = Field(min_length=1)
    type: Line | None = Field(default=None, description="e.g. mainstream primary, special school, FE college")
    urn: Line | None = Field(default=None, pattern=r"^\d{6,7}$", description="Unique Reference Number (6 or 7 digits)")


class Attendance(FormModel):
    """Attendance and exclusions over the year since the last review."""

    percentage: float | None = Field(default=None, ge=0, le=100)
    fixed_term_exclusions: int | None = Field(default=None, ge=0, le=1000, description="number of suspensions")
    days_excluded: float | None = Field(default=None, ge=0, le=366)
    permanent_exclusion: bool = False
    notes: Prose | None = None


class Participant(FormModel):
    """Someone invited to the review meeting or asked for a report."""

    role: Line = Field(min_length=1, description="e.g. Parent, SENDCo, Educational Psychologist")
    name: Line = Field(min_length=1)
    invited: bool = True
    attended: bool = False
    report_requested: bool = False
    report_received: bool = False


class Views(FormModel):
    """The views of the child or young person and of the parents or carers."""

    child: Prose | None = None
    parents: Prose | None = None


class OutcomeProgress(FormModel):
    """Progress towards one Section E outcome."""

    outcome: Prose = Field(min_length=1)
    progress: Progress
    evidence: Prose | None = None


class Recommendation(FormModel):
    """What the review recommends to the local authority, and why."""

    decision: Decision
    grounds: Prose | None = None
    evidence: list[Prose] = Field(default_factory=list)


class PreparingForAdulthood(FormModel):
    """The four preparing-for-adulthood areas, discussed from Year 9."""

    employment: Prose | None = Field(default=None, description="higher education and/or employment")
    independent_living: Prose | None = None
    community_inclusion: Prose | None = Field(default=None, description="friends, relationships and community")
    health: Prose | None = None
