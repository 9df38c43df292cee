"""A school's referral to SEND support services: the JSON (or YAML) contract.

The sections follow the referral form: permissions for referral and information sharing; the
child or young person's details; parental responsibility; school or setting details; information
about the child or young person; referrer details; additional information; summary. ``request``
says which team the referral is for, whether it is traded work and whether it was discussed with
SEND Services professionals. Rules that refuse a referral (no parental consent, no team, no names
when it was discussed) are schema rules, so every problem is reported at once with its JSON path.
"""

from __future__ import annotations

import unicodedata
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .fields import Line, PlanDate, Prose, field_problem
from .review import problems_of, read_object

TEAMS = (
    "Early years support",
    "City psychology service",
    "Hearing support",
    "Learning communication and interaction",
    "Social emotional and mental health",
    "Vision support",
)
Team = Literal[
    "Early years support",
    "City psychology service",
    "Hearing support",
    "Learning communication and interaction",
    "Social emotional and mental health",
    "Vision support",
]
YesNo = Literal["yes", "no"]
ChecklistStatus = Literal["supplied", "not_applicable", "not_supplied"]
ChecklistKey = Literal[
    "exclusions",
    "physical_interventions",
    "pupil_tracking_data",
    "iep_or_provision_map",
    "interventions",
    "external_agency_reports",
    "review_minutes",
    "school_assessment",
    "attendance_and_exclusion_data",
    "behaviour_records",
]

# The additional information a referral should include where relevant, in the form's order.
CHECKLIST = {
    "exclusions": "Exclusions",
    "physical_interventions": "Physical interventions",
    "pupil_tracking_data": "Pupil tracking data (EYFS progress check / Foundation Stage Profile where applicable)",
    "iep_or_provision_map": "Individual Education Plan or provision map",
    "interventions": "Interventions, with dates and outcomes",
    "external_agency_reports": "External agency reports, including diagnosis",
    "review_minutes": "Minutes of reviews and other meetings",
    "school_assessment": "School assessment (standardised tests, checklists, observations)",
    "attendance_and_exclusion_data": "Attendance and exclusion data",
    "behaviour_records": "Behaviour records",
}

MAX_ATTACHMENTS = 100  # a referral sends a handful; each is opened and checked


def fold(text: str) -> str:
    """Text compared without case, accents, punctuation or a trailing 'team' ('&' reads 'and')."""
    text = text.replace("&", " and ")
    letters = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in letters.casefold()).split()
    if words and words[-1] == "team":
        words = words[:-1]
    return " ".join(words)


TEAM_BY_FOLDED = {fold(team): team for team in TEAMS}


class FormModel(BaseModel):
    """Base for referral data: unknown keys are errors, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, allow_inf_nan=False)


def yes_or_no(value: Any) -> Any:
    """'yes' / 'no' from a boolean or any capitalisation."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.strip().casefold() in ("yes", "no"):
        return value.strip().casefold()
    return value


class Request(FormModel):
    """Which team the referral is for, whether it is traded work, and who it was discussed with."""

    team: Team = Field(description="exactly one of: " + "; ".join(TEAMS))
    traded_work: YesNo = Field(description="whether this is a request for traded (paid-for) work")
    discussed_with_send_services: YesNo = Field(
        description="whether the referral was discussed and agreed with SEND Services professionals"
    )
    send_services_professionals: list[Line] = Field(
        default_factory=list, description="names of the professionals it was discussed with (required when yes)"
    )

    @field_validator("team", mode="before")
    @classmethod
    def _one_team(cls, value: Any) -> Any:
        if isinstance(value, list):
            if len(value) != 1:
                raise ValueError(f"must be exactly one team, not {len(value)}: one of {'; '.join(TEAMS)}")
            value = value[0]
        if isinstance(value, str):
            team = TEAM_BY_FOLDED.get(fold(value))
            if team is None:
                raise ValueError(f"must be one of: {'; '.join(TEAMS)}")
            return team
        return value

    @field_validator("traded_work", "discussed_with_send_services", mode="before")
    @classmethod
    def _yes_no(cls, value: Any) -> Any:
        return yes_or_no(value)

    @model_validator(mode="after")
    def _names_when_discussed(self) -> "Request":
        names = [name for name in self.send_services_professionals if name.strip()]
        if self.discussed_with_send_services == "yes" and not names:
            raise ValueError(
                "send_services_professionals: give the names of the SEND Services professionals the referral "
                "was discussed with"
            )
        return self


class Permissions(FormModel):
    """Parental consent to the referral and to sharing information."""

    parental_consent: bool = Field(description="must be true: a referral needs parental consent")
    consent_given_by: Line | None = None
    consent_date: PlanDate | None = None
    information_sharing: bool = Field(default=False, description="consent to share information with the service")
    notes: Prose | None = None

    @field_validator("parental_consent")
    @classmethod
    def _consent_recorded(cls, value: bool) -> bool:
        if not value:
            raise ValueError("must be recorded: a referral without parental consent is refused")
        return value


class ChildDetails(FormModel):
    """The child or young person."""

    first_name: Line = Field(min_length=1)
    last_name: Line = Field(min_length=1)
    preferred_name: Line | None = None
    date_of_birth: PlanDate
    gender: Line | None = None
    upn: Line | None = Field(default=None, pattern=r"^[A-Z]\d{11}[0-9A-Z]$", description="unique pupil number")
    address: Line | None = None
    first_language: Line | None = None
    sen_status: Line | None = Field(default=None, description="e.g. SEN support, EHC plan")
    year_group: int | None = Field(default=None, ge=-3, le=14, description="override when out of chronological year")


class ParentCarer(FormModel):
    """Someone with parental responsibility, or a carer."""

    name: Line = Field(min_length=1)
    relationship: Line = Field(min_length=1)
    address: Line | None = None
    phone: Line | None = None
    email: Line | None = None
    parental_responsibility: bool = True


class School(FormModel):
    """The school or setting making the referral."""

    name: Line = Field(min_length=1)
    type: Line | None = None
    urn: Line | None = Field(default=None, pattern=r"^\d{6,7}$")
    address: Line | None = None
    phone: Line | None = None
    headteacher: Line | None = None
    sendco: Line | None = None


class Information(FormModel):
    """What the school knows about the child or young person and why it refers."""

    reason: Prose = Field(min_length=1, description="the reason for the referral")
    strengths: Prose | None = None
    needs: Prose | None = None
    support_so_far: Prose | None = Field(default=None, description="support and interventions under the graduated approach")
    hoped_outcomes: Prose | None = None
    child_views: Prose | None = None
    parent_views: Prose | None = None


class Referrer(FormModel):
    """The member of staff making the referral."""

    name: Line = Field(min_length=1)
    role: Line = Field(min_length=1)
    email: Line | None = None
    phone: Line | None = None


class ChecklistItem(FormModel):
    """One kind of additional information: supplied, not applicable, or not supplied."""

    status: ChecklistStatus
    details: Prose | None = None


class AdditionalInformation(FormModel):
    """The additional-information checklist; an item left out counts as not supplied."""

    exclusions: ChecklistItem | None = None
    physical_interventions: ChecklistItem | None = None
    pupil_tracking_data: ChecklistItem | None = None
    iep_or_provision_map: ChecklistItem | None = None
    interventions: ChecklistItem | None = None
    external_agency_reports: ChecklistItem | None = None
    review_minutes: ChecklistItem | None = None
    school_assessment: ChecklistItem | None = None
    attendance_and_exclusion_data: ChecklistItem | None = None
    behaviour_records: ChecklistItem | None = None


class Attachment(FormModel):
    """A document sent with the referral: a path relative to the referral file's folder."""

    path: Line = Field(min_length=1)
    description: Prose | None = None
    covers: list[ChecklistKey] = Field(default_factory=list, description="the checklist items this document supplies")


class Referral(FormModel):
    """One referral to SEND support services."""

    reference: Line | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{1,80}$", description="names the output files")
    submitted: PlanDate | None = Field(default=None, description="date of submission (default: today)")
    request: Request
    permissions: Permissions
    child: ChildDetails
    parental_responsibility: list[ParentCarer] = Field(min_length=1)
    school: School
    information: Information
    referrer: Referrer
    additional_information: AdditionalInformation = Field(default_factory=AdditionalInformation)
    attachments: list[Attachment] = Field(default_factory=list, max_length=MAX_ATTACHMENTS)
    summary: Prose | None = None

    @model_validator(mode="after")
    def _born_before_submission(self) -> "Referral":
        if self.submitted is not None and self.child.date_of_birth > self.submitted:
            raise field_problem("child.date_of_birth", "is after the date of submission (submitted)")
        return self


def referral_problems(error: ValidationError) -> list[tuple[str, str]]:
    """Schema problems by JSON path, with the model-level rule placed on its own field."""
    problems = []
    for path, message in problems_of(error):
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        if message.startswith("send_services_professionals: "):
            path = f"{path}.send_services_professionals"
            message = message[len("send_services_professionals: "):]
        if message == "is not a field of the review format":
            message = "is not a field of the referral format"
        problems.append((path, message))
    return problems


def load_referral(source: Any, name: str | None = None) -> tuple[Referral | None, list[tuple[str, str]], Any]:
    """Validate referral data: (the referral or None, every schema problem, the plain data).

    The plain data is returned so that checks outside the schema (the attachments) can still
    run when the schema fails, and every problem is reported at once.
    """
    if isinstance(source, Referral):
        return source, [], source.model_dump(mode="json")
    data, name = read_object(source, name, "the sections of a referral")
    try:
        return Referral.model_validate(data), [], data
    except ValidationError as exc:
        return None, referral_problems(exc), data
