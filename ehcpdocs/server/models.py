"""The JSON bodies the service answers with, as pydantic models (the OpenAPI schemas)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Problem(BaseModel):
    """An RFC 9457 problem: ``detail`` is the CLI's one-line message, ``code`` a stable name."""

    type: str = Field(description="urn:ehcpdocs:problem:<code>")
    title: str
    status: int
    detail: str = Field(description="The one-line message `ehcpdocs` prints after 'error:'.")
    code: str = Field(description="Stable error code (see docs/server.md).")
    problems: list[dict[str, str]] | None = Field(
        default=None, description="Each schema problem of review or referral data: path and message.")
    request_id: str | None = None


class Health(BaseModel):
    status: Literal["ok", "starting", "stopping"]
    workers: int = Field(description="Worker processes alive.")
    busy: int = Field(description="Worker processes running a job.")
    waiting: int = Field(description="Requests waiting for a worker.")


class SectionRow(BaseModel):
    section: str
    title: str | None
    paragraphs: int
    tables: int
    rows: int
    where: str


class HeadingRow(BaseModel):
    section: str
    where: str
    evidence: list[str]
    text: str


class SetAsideRow(BaseModel):
    where: str
    reason: str
    text: str


class DetailsFound(BaseModel):
    reference: str | None = Field(description="The plan's reference; the only detail given by value.")
    name: bool
    date_of_birth: bool
    where: dict[str, str]
    problems: list[str]


class SectionsReport(BaseModel):
    """What the reader found in a plan (``ehcpdocs sections --json``)."""

    file: str | None
    layout: str | None
    confidence: str
    confidence_notes: list[str]
    sections: list[SectionRow]
    missing: list[str]
    headings: list[HeadingRow]
    set_aside: list[SetAsideRow]
    details_found: DetailsFound
    identity_check: str = Field(description="'possible', or 'not possible: <why>'.")


class CheckReport(BaseModel):
    """``ehcpdocs check --json``: ``clean`` is false when any change is unmarked."""

    model_config = ConfigDict(extra="allow")
    clean: bool
    issues: list[dict[str, Any]]
    alerts: list[dict[str, Any]]


class JobFile(BaseModel):
    name: str
    size: int
    url: str
    media_type: str


class Job(BaseModel):
    """A web-page job: an amendment (or a reading) or a batch, its progress and its files."""

    id: str
    kind: Literal["amend", "batch"]
    status: Literal["running", "done", "failed"]
    done: int = Field(description="Batch items finished (1 for a finished amendment).")
    total: int = Field(description="Batch items in all (1 for an amendment).")
    report: SectionsReport | None = Field(default=None, description="What the reader found (amend jobs).")
    summary: dict[str, Any] | None = Field(default=None, description="The amendment summary (amend jobs).")
    items: list[dict[str, str]] | None = Field(default=None, description="Each batch item: plan_id, status, reason.")
    files: list[JobFile] = Field(default_factory=list)
    archive_url: str | None = Field(default=None, description="Every file in one ZIP.")
    pages: list[str] = Field(default_factory=list, description="PNG previews of the amended plan's pages.")
    preview_pdf_url: str | None = Field(default=None, description="The amended PDF, to embed when there are no PNGs.")
    problem: Problem | None = None
