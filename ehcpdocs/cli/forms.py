"""Commands that render forms: ``annex2``, ``notice``, ``referral``, and ``schema``."""

from __future__ import annotations

import functools
import json
import sys
from datetime import date
from pathlib import Path

import click

from .. import forms
from ..errors import EhcpDocsError, ReviewDataError
from ..fileio import write_atomically, write_files_atomically
from .common import EXIT_INVALID, handle_errors

OUTDIR = click.option(
    "-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), required=True,
    help="Folder for the outputs (created if missing).",
)
TEMPLATES = click.option(
    "--templates", "templates", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
    help="Folder of Word templates that override the packaged ones (annex2.docx, notice.docx, referral.docx).",
)
NO_PDF = click.option("--no-pdf", is_flag=True, help="Write the Word documents only.")
NOTICE_DATE = click.option(
    "--notice-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
    help="Date the notice of proposed amendments is sent (YYYY-MM-DD); default: the review's notice_date, "
    "else the LA decision due date (meeting + 4 weeks).",
)


def list_problems(command):
    """A refused input is listed one problem per line (then exit 1), so none is missed."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ReviewDataError as error:
            if not error.problems:
                raise
            listed = "; ".join(f"{path}: {message}" if path else message for path, message in error.problems)
            headline = EhcpDocsError(error.message.removesuffix(f": {listed}"), file=error.file)
            click.echo(f"error: {headline} ({len(error.problems)} problem(s)):", err=True)
            for path, message in error.problems:
                click.echo(f"  {EhcpDocsError(f'{path}: {message}' if path else message)}", err=True)
            sys.exit(EXIT_INVALID)

    return wrapper


def report(written: list[Path], warnings: list[str]) -> None:
    for path in written:
        click.echo(f"  {path}")
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


def as_date(value) -> date | None:
    return value.date() if value is not None else None


@click.command("annex2")
@click.argument("review", type=click.Path(dir_okay=False, path_type=Path))
@OUTDIR
@click.option("--plan", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The plan (.docx): list the amendments as the amendment engine applies them to it.")
@TEMPLATES
@NO_PDF
@NOTICE_DATE
@handle_errors
@list_problems
def annex2_command(review: Path, outdir: Path, plan: Path | None, templates: Path | None, no_pdf: bool,
                   notice_date) -> None:
    """Render the annual review report (Annex 2) from REVIEW.json (or .yaml).

    Writes OUTDIR/<plan_id>.annex2.docx and .pdf. The review must give the mandatory fields
    (child, date of birth, setting.name, review.meeting_date, recommendation.decision); every
    missing one is listed. Exit 0 when rendered, 1 when refused.
    """
    form = forms.render_annex2(review, templates=templates, notice_date=as_date(notice_date), plan=plan)
    written = write_files_atomically(outdir, form.files(pdf=not no_pdf))
    click.echo(f"{form.stem}: annual review report written")
    report(written, form.warnings)


@click.command("notice")
@click.argument("review", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@OUTDIR
@TEMPLATES
@NO_PDF
@NOTICE_DATE
@click.option("--pack/--no-pack", default=True, show_default=True,
              help="Also write the consultation pack (notice, marked-up plan and Annex 2 in one PDF and one "
              "Word document); the pack needs the Annex 2 mandatory fields in the review.")
@handle_errors
@list_problems
def notice_command(review: Path, plan: Path, outdir: Path, templates: Path | None, no_pdf: bool, notice_date,
                   pack: bool) -> None:
    """Render the notice of proposed amendments for REVIEW.json applied to PLAN.docx.

    Writes OUTDIR/<plan_id>.notice.docx and .pdf: the sections amended with a one-line
    description of each change, the Section F changes stated plainly, the date representations
    close and how to respond. With --pack (the default) also writes
    OUTDIR/<plan_id>.consultation-pack.pdf (bookmarked) and .docx: the notice, the marked-up
    plan and the annual review report together. Exit 0 when rendered, 1 when refused.
    """
    if pack:
        try:
            result = forms.consultation_pack(review, plan, templates=templates, notice_date=as_date(notice_date))
        except ReviewDataError:
            click.echo("note: the consultation pack holds the annual review report, which needs the Annex 2 "
                       "fields; use --no-pack to write the notice alone", err=True)
            raise
        files, stem, warnings = result.files(pdf=not no_pdf), result.stem, result.warnings
    else:
        form = forms.render_notice(review, plan, templates=templates, notice_date=as_date(notice_date))
        files, stem, warnings = form.files(pdf=not no_pdf), form.stem, form.warnings
    written = write_files_atomically(outdir, files)
    click.echo(f"{stem}: written")
    report(written, warnings)


@click.command("referral")
@click.argument("referral", type=click.Path(dir_okay=False, path_type=Path))
@OUTDIR
@TEMPLATES
@NO_PDF
@handle_errors
@list_problems
def referral_command(referral: Path, outdir: Path, templates: Path | None, no_pdf: bool) -> None:
    """Render the summary of a referral to SEND support services from REFERRAL.json (or .yaml).

    Writes OUTDIR/<reference>.referral.docx and .pdf in the eight sections of the referral form.
    Refused (exit 1, every problem listed) without parental consent, without exactly one team,
    without the yes/no answers, without the professionals' names when the referral was discussed
    with them, or when an attachment is password-protected, encrypted or unreadable. Missing
    additional information is a warning (the referral would be returned), not a failure.
    """
    form = forms.render_referral(referral, templates=templates)
    written = write_files_atomically(outdir, form.files(pdf=not no_pdf))
    click.echo(f"{form.stem}: {form.details['status']}")
    report(written, form.warnings)


@click.command("schema")
@click.argument("kind", type=click.Choice(["review", "referral"]))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the schema to this file instead of printing it.")
@handle_errors
def schema_command(kind: str, output: Path | None) -> None:
    """Print the JSON Schema of review data or of a referral (KIND: review or referral)."""
    schema = forms.review_schema() if kind == "review" else forms.referral_schema()
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text.encode("utf-8"))
        click.echo(f"  {output}")
