"""Annual review data: the JSON (or YAML) contract between a review and the amendment engine.

``Review`` is the whole file; ``Amendment`` is one of the operations, told apart by ``op``.
``load_review`` accepts a path, JSON text or bytes, a dict or a ``Review`` and reports every
schema problem at once with its JSON path.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import ReviewDataError
from .annex2 import Attendance, OutcomeProgress, Participant, PreparingForAdulthood, Recommendation, Setting, Views

PLAN_ID_PATTERN = r"^[A-Za-z0-9_-]{1,80}$"
SECTION_NAMES = ("A", "B", "C", "D", "E", "F", "G", "H", "H1", "H2", "I", "J", "K")

Ground = Literal["key_stage_transfer", "significant_change", "outcomes_achieved"]


class Strict(BaseModel):
    """Base for the review models: unknown keys are errors, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Child(Strict):
    """Whose plan this is."""

    first_name: str = Field(min_length=1)
    last_name: str = Field(min_length=1)
    date_of_birth: date


class ReviewMeeting(Strict):
    """The review meeting and the grounds for amending the plan."""

    meeting_date: date
    reasons: list[Ground] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    year_group: int | None = Field(default=None, ge=-3, le=14)


class AmendmentBase(Strict):
    """What every amendment has: the section it changes."""

    section: str

    @field_validator("section", mode="before")
    @classmethod
    def _normalise_section(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        letter = re.sub(r"^\s*section\s+", "", value.strip(), flags=re.IGNORECASE).upper()
        if letter not in SECTION_NAMES:
            raise ValueError(f"must be one of {', '.join(SECTION_NAMES)}")
        return letter


class Replace(AmendmentBase):
    """Replace text that occurs exactly once in the section."""

    op: Literal["replace"]
    old: str = Field(min_length=1)
    new: str


class Revise(AmendmentBase):
    """Give one paragraph's whole new text; the engine works out what changed."""

    op: Literal["revise"]
    paragraph: str = Field(min_length=1)
    new: str


class Insert(AmendmentBase):
    """Add a paragraph after the one holding ``after``."""

    op: Literal["insert"]
    after: str = Field(min_length=1)
    new: str = Field(min_length=1)


class Delete(AmendmentBase):
    """Strike the paragraph holding ``paragraph``."""

    op: Literal["delete"]
    paragraph: str = Field(min_length=1)


class DeleteRow(AmendmentBase):
    """Strike the table row holding ``row``."""

    op: Literal["delete_row"]
    row: str = Field(min_length=1)


class AddRow(AmendmentBase):
    """Add a table row after the row holding ``after``, one text per cell."""

    op: Literal["add_row"]
    after: str = Field(min_length=1)
    cells: list[str] = Field(min_length=1)


class ReviseRow(AmendmentBase):
    """Give new text for each cell of the row holding ``row``; each cell is diffed."""

    op: Literal["revise_row"]
    row: str = Field(min_length=1)
    cells: list[str] = Field(min_length=1)


class Rewrite(AmendmentBase):
    """Give the section's whole new text, paragraphs separated by a blank line."""

    op: Literal["rewrite"]
    new: str


Amendment = Annotated[
    Union[Replace, Revise, Insert, Delete, DeleteRow, AddRow, ReviseRow, Rewrite],
    Field(discriminator="op"),
]


class Review(Strict):
    """One annual review: whose plan, the meeting, and the amendments to make."""

    plan_id: str = Field(pattern=PLAN_ID_PATTERN)
    child: Child
    review: ReviewMeeting
    amendments: list[Amendment] = Field(default_factory=list)
    # The annual review report (Annex 2): optional here, checked by ehcpdocs.forms.annex2.
    setting: Setting | None = None
    attendance: Attendance | None = None
    participants: list[Participant] = Field(default_factory=list)
    views: Views | None = None
    outcomes_progress: list[OutcomeProgress] = Field(default_factory=list)
    recommendation: Recommendation | None = None
    preparing_for_adulthood: PreparingForAdulthood | None = None
    notice_date: date | None = Field(
        default=None, description="when the LA sends the notice of proposed amendments (default: the decision due date)"
    )


def json_path(location: tuple[Any, ...]) -> str:
    """A pydantic error location as a JSON path: ``$.amendments[2].section``."""
    path = "$"
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part in ("replace", "revise", "insert", "delete", "delete_row", "add_row", "revise_row", "rewrite"):
            continue  # the discriminator's branch name adds nothing for a reader
        else:
            path += f".{part}"
    return path


def problems_of(error: ValidationError) -> list[tuple[str, str]]:
    """Every problem in a validation error as (JSON path, message)."""
    problems = []
    for item in error.errors():
        message = item["msg"]
        if item["type"] == "string_pattern_mismatch" and item["loc"][-1:] == ("plan_id",):
            message = "may hold only letters, digits, '-' and '_' (it becomes part of file names)"
        elif item["type"] == "extra_forbidden":
            message = "is not a field of the review format"
        problems.append((json_path(tuple(item["loc"])), message))
    return problems


def is_path(source: Any) -> bool:
    """True for a file path; a string starting with '{' is JSON text, not a path."""
    return isinstance(source, os.PathLike) or (isinstance(source, str) and not source.lstrip().startswith("{"))


def source_label(source: Any, name: str | None = None) -> str | None:
    """The name messages use for a data source: the given name, else a path's file name."""
    return name or (Path(source).name if is_path(source) else None)


def read_object(source: Any, name: str | None, expected: str) -> tuple[dict, str | None]:
    """A source's data as a JSON object, with the label messages use for it.

    ``expected`` says what the object should hold, for the error when it is not an object.
    """
    name = source_label(source, name)
    data = read_data(source, name)
    if not isinstance(data, dict):
        raise ReviewDataError(f"must be a JSON object with {expected}", file=name)
    return data, name


def read_data(source: Any, name: str | None) -> Any:
    """Decode a review or referral source into plain data (JSON or YAML)."""
    if is_path(source):
        path = Path(source)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise ReviewDataError("file not found", file=name) from None
        except OSError as exc:
            raise ReviewDataError(f"cannot be read ({exc.strerror})", file=name) from None
        return decode_text(raw, name, yaml_hint=path.suffix.lower() in (".yaml", ".yml"))
    if isinstance(source, (bytes, bytearray, str)):
        return decode_text(source, name, yaml_hint=False)
    return source


def decode_text(raw: bytes | bytearray | str, name: str | None, *, yaml_hint: bool) -> Any:
    """JSON, or YAML when the file says so."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, (bytes, bytearray)) else raw
    except UnicodeDecodeError:
        raise ReviewDataError("is not UTF-8 text", file=name) from None
    if yaml_hint:
        import yaml

        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ReviewDataError(f"is not valid YAML ({exc})".replace("\n", " "), file=name) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReviewDataError(
            f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})", file=name
        ) from None


def load_review(source: Any, name: str | None = None) -> Review:
    """A ``Review`` from a path (JSON or YAML), JSON text or bytes, a dict, or a ``Review``."""
    if isinstance(source, Review):
        return source
    data, name = read_object(source, name, "plan_id, child, review and amendments")
    try:
        return Review.model_validate(data)
    except ValidationError as exc:
        raise ReviewDataError("is not valid review data", problems=problems_of(exc), file=name) from None
