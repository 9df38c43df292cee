"""Commands that render forms: ``annex2``, ``notice``, ``referral``, and ``schema``."""

from __future__ import annotations

import functools
import json
import sys
from datetime import date
from pathlib import Path

import click

from .. import forms
from ..errors import ReviewDataError
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
    "--notice-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
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
            where = f"{error.file}: " if error.file else ""
            click.echo(f"error: {where}{error.message.split(':')[0]} ({len(error.problems)} problem(s)):", err=True)
            for path, message in error.problems:
                click.echo(f"  {path}: {message}" if path else f"  {message}", err=True)
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
