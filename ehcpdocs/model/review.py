"""Annual review data: the JSON (or YAML) contract between a review and the amendment engine.

``Review`` is the whole file; ``Amendment`` is one of the operations, told apart by ``op``.
``load_review`` accepts a path, JSON text or bytes, a dict or a ``Review`` and reports every
schema problem at once with its JSON path. Whatever the input, the answer is a ``Review`` or a
``ReviewDataError``: text holding control characters (other than tab and line breaks) or lone
surrogates, NaN and Infinity, numbers and dates out of range (``model.fields``), a child born
after the meeting, data nested thousands of levels deep and files over ``MAX_DATA_BYTES`` are
all schema problems, never a ``RecursionError`` or ``ValueError``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import ReviewDataError, quote
from .fields import Line, PlanDate, Prose, Text, field_problem, problem_location
from .annex2 import Attendance, OutcomeProgress, Participant, PreparingForAdulthood, Recommendation, Setting, Views

MAX_DATA_BYTES = 64 * 2**20  # a review or referral file; a 5 MB text is well inside it
TOO_DEEP = "it is nested too deeply (lists or objects inside each other thousands of levels down)"
PLAN_ID_PATTERN = r"^[A-Za-z0-9_-]{1,80}$"
SECTION_NAMES = ("A", "B", "C", "D", "E", "F", "G", "H", "H1", "H2", "I", "J", "K")

Ground = Literal["key_stage_transfer", "significant_change", "outcomes_achieved"]


class Strict(BaseModel):
    """Base for the review models: unknown keys are errors, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, allow_inf_nan=False)


class Child(Strict):
    """Whose plan this is."""

    first_name: Line = Field(min_length=1)
    last_name: Line = Field(min_length=1)
    date_of_birth: PlanDate


class ReviewMeeting(Strict):
    """The review meeting and the grounds for amending the plan."""

    meeting_date: PlanDate
    reasons: list[Ground] = Field(default_factory=list)
    evidence: list[Prose] = Field(default_factory=list)
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
    old: Text = Field(min_length=1)
    new: Text


class Revise(AmendmentBase):
    """Give one paragraph's whole new text; the engine works out what changed."""

    op: Literal["revise"]
    paragraph: Text = Field(min_length=1)
    new: Text


class Insert(AmendmentBase):
    """Add a paragraph after the one holding ``after``."""

    op: Literal["insert"]
    after: Text = Field(min_length=1)
    new: Text = Field(min_length=1)


class Delete(AmendmentBase):
    """Strike the paragraph holding ``paragraph``."""

    op: Literal["delete"]
    paragraph: Text = Field(min_length=1)


class DeleteRow(AmendmentBase):
    """Strike the table row holding ``row``."""

    op: Literal["delete_row"]
    row: Text = Field(min_length=1)


class AddRow(AmendmentBase):
    """Add a table row after the row holding ``after``, one text per cell."""

    op: Literal["add_row"]
    after: Text = Field(min_length=1)
    cells: list[Text] = Field(min_length=1)


class ReviseRow(AmendmentBase):
    """Give new text for each cell of the row holding ``row``; each cell is diffed."""

    op: Literal["revise_row"]
    row: Text = Field(min_length=1)
    cells: list[Text] = Field(min_length=1)


class Rewrite(AmendmentBase):
    """Give the section's whole new text, paragraphs separated by a blank line."""

    op: Literal["rewrite"]
    new: Text


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
    notice_date: PlanDate | None = Field(
        default=None, description="when the LA sends the notice of proposed amendments (default: the decision due date)"
    )

    @model_validator(mode="after")
    def _born_before_the_meeting(self) -> "Review":
        if self.child.date_of_birth > self.review.meeting_date:
            raise field_problem("child.date_of_birth", "is after the review meeting (review.meeting_date)")
        return self


def json_path(location: tuple[Any, ...]) -> str:
    """A pydantic error location as a JSON path: ``$.amendments[2].section``."""
    path = "$"
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part in ("replace", "revise", "insert", "delete", "delete_row", "add_row", "revise_row", "rewrite"):
            continue  # the discriminator's branch name adds nothing for a reader
        else:
            name = str(part)
            path += f".{name}" if len(name) <= 40 and name.isprintable() else f".{quote(name, 40)}"
    return path


def problems_of(error: ValidationError) -> list[tuple[str, str]]:
    """Every problem in a validation error as (JSON path, message)."""
    problems = []
    for item in error.errors(include_url=False, include_input=False):
        message = item["msg"]
        if item["type"] == "string_pattern_mismatch" and item["loc"][-1:] == ("plan_id",):
            message = "may hold only letters, digits, '-' and '_' (it becomes part of file names)"
        elif item["type"] == "extra_forbidden":
            message = "is not a field of the review format"
        elif item["type"] == "string_unicode":
            message = "holds a lone surrogate (half of a UTF-16 pair, not a character), which a Word document cannot store"
        elif item["type"] == "union_tag_invalid":
            message = f"op {quote(str(item['ctx']['tag']), 40)} is not one of {item['ctx']['expected_tags']}"
        elif item["type"] == "union_tag_not_found":
            message = "has no op (one of replace, revise, insert, delete, delete_row, add_row, revise_row, rewrite)"
        problems.append((json_path(problem_location(item)), message))
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
            if path.stat().st_size > MAX_DATA_BYTES:
                raise ReviewDataError(f"is larger than {MAX_DATA_BYTES // 2**20} MiB", file=name)
            raw = path.read_bytes()
        except FileNotFoundError:
            raise ReviewDataError("file not found", file=name) from None
        except OSError as exc:
            raise ReviewDataError(f"cannot be read ({exc.strerror})", file=name) from None
        except ValueError:  # a NUL in the path
            raise ReviewDataError("is not a usable file name", file=name) from None
        return decode_text(raw, name, yaml_hint=path.suffix.lower() in (".yaml", ".yml"))
    if isinstance(source, (bytes, bytearray, str)):
        return decode_text(source, name, yaml_hint=False)
    return source


def decode_text(raw: bytes | bytearray | str, name: str | None, *, yaml_hint: bool) -> Any:
    """JSON, or YAML when the file says so (at most ``MAX_DATA_BYTES``, so memory stays bounded)."""
    if len(raw) > MAX_DATA_BYTES:
        raise ReviewDataError(f"is larger than {MAX_DATA_BYTES // 2**20} MiB", file=name)
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
        except RecursionError:
            raise ReviewDataError(f"is not usable YAML: {TOO_DEEP}", file=name) from None
        except ValueError as exc:
            raise ReviewDataError(f"is not usable YAML: {exc}".split(";")[0], file=name) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReviewDataError(
            f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})", file=name
        ) from None
    except RecursionError:
        raise ReviewDataError(f"is not usable JSON: {TOO_DEEP}", file=name) from None
    except ValueError as exc:  # an integer too long to convert (Python's 4300-digit limit)
        raise ReviewDataError(f"is not usable JSON: {exc}".split(";")[0], file=name) from None


def load_review(source: Any, name: str | None = None) -> Review:
    """A ``Review`` from a path (JSON or YAML), JSON text or bytes, a dict, or a ``Review``."""
    if isinstance(source, Review):
        return source
    data, name = read_object(source, name, "plan_id, child, review and amendments")
    try:
        return Review.model_validate(data)
    except ValidationError as exc:
        raise ReviewDataError("is not valid review data", problems=problems_of(exc), file=name) from None
