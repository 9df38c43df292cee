"""Commands on two versions of a document: ``compare``, ``finalise`` and ``check``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..compare import check, compare_documents, finalise
from ..fileio import write_atomically
from .common import handle_errors

MARKUPS = ["bold-strike", "tracked", "tribunal"]
PARTIES = ["la", "parent", "agreed"]


def summary_json(summary: dict) -> bytes:
    return (json.dumps(summary, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def other_counts(summary: dict) -> str:
    """'; 1 image added, 0 removed; 2 footnotes changed' for what differs outside the text."""
    parts = []
    if summary.get("images_added") or summary.get("images_removed"):
        parts.append(f"{summary['images_added']} images added, {summary['images_removed']} removed")
    for kind in ("footnotes", "endnotes"):
        if summary.get(f"{kind}_changed"):
            parts.append(f"{summary[f'{kind}_changed']} {kind} changed")
    return "".join(f"; {part}" for part in parts)


def echo_alerts(alerts: list[dict]) -> None:
    for alert in alerts:
        click.echo(f"  ALERT ({alert['section']}): {alert['message']}")


@click.command("compare")
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The redline .docx to write.")
@click.option("--markup", type=click.Choice(MARKUPS), default="bold-strike", show_default=True,
              help="How differences are shown.")
@click.option("--party", type=click.Choice(PARTIES), default=None,
              help="With --markup tribunal: whose changes these are (LA italic, parent bold, agreed underlined).")
@click.option("--date", "revision_date", default=None, metavar="ISO-DATE",
              help="With --markup tracked: the date on every revision (default: a fixed date, so output is repeatable).")
@click.option("--pdf", is_flag=True, help="Also write the redline as PDF beside it (same name, .pdf).")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the summary as JSON to this file.")
@handle_errors
def compare_command(old: Path, new: Path, output: Path, markup: str, party: str | None, revision_date: str | None,
                    pdf: bool, summary_path: Path | None) -> None:
    """Mark every difference between OLD.docx and NEW.docx, on NEW's formatting.

    Removed words are struck through and new words bold (or tracked changes, or the Tribunal
    key), word by word; whole paragraphs, table rows and cells are marked whole. Works on any
    .docx, not only plans. Section F cuts are listed first when the documents are plans.
    Exit 0 on success, 1 on invalid input, 2 on usage errors.
    """
    result = compare_documents(old, new, markup=markup, party=party, date=revision_date)
    outputs = {output: result.redline_docx}
    if pdf:
        outputs[output.with_suffix(".pdf")] = result.redline_pdf  # rendered before anything is written
    if summary_path is not None:
        outputs[summary_path] = summary_json(result.summary)
    for path, data in outputs.items():
        write_atomically(path, data)
    written = list(outputs)
    summary = result.summary
    if result.identical:
        click.echo("no differences")
    else:
        click.echo(
            f"{summary['paragraphs_changed']} paragraphs changed, {summary['paragraphs_added']} added, "
            f"{summary['paragraphs_removed']} removed; {summary['rows_changed']} rows changed, "
            f"{summary['rows_added']} added, {summary['rows_removed']} removed; "
            f"{summary['words_added']} words added, {summary['words_removed']} removed"
            + other_counts(summary)
        )
    echo_alerts(summary["alerts"])
    for warning in summary["warnings"]:
        click.echo(f"  warning: {warning}")
    for path in written:
        click.echo(f"  {path}")


@click.command("finalise")
@click.argument("marked", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--against", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The original plan: bold it already had stays bold, all other bold is taken as new wording.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The final .docx to write.")
@click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")
@handle_errors
def finalise_command(marked: Path, against: Path | None, output: Path, as_json: bool) -> None:
    """Accept the markup of a returned MARKED.docx and write the clean final plan.

    Struck text is removed, additions become normal weight and tracked changes are accepted.
    Without --against only ehcpdocs' own marks are trusted: other bold text is kept and listed
    as ambiguous. Exit 0 on success, 1 on invalid input, 2 on usage errors.
    """
    result = finalise(marked, against)
    write_atomically(output, result.final_docx)
    summary = result.summary
    if as_json:
        click.echo(summary_json(summary).decode("utf-8"), nl=False)
        return
    click.echo(
        f"finalised: {summary['deletions_removed']} deletions removed, {summary['additions_accepted']} additions "
        f"accepted, {summary['tracked_changes_accepted']} tracked changes accepted, {summary['bold_removed']} bold "
        f"passages made normal"
    )
    for item in result.ambiguous:
        click.echo(f"  ambiguous bold ({item['where']}): {item['text']}")
    if result.ambiguous:
        click.echo(f"  {summary['message']}")
    click.echo(f"  {output}")


@click.command("check")
@click.argument("original", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("marked", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--sections", default=None, metavar="B,F",
              help="The sections being amended: changes anywhere else are reported too.")
@click.option("--json", "as_json", is_flag=True, help="Print the issues and alerts as JSON.")
@handle_errors
def check_command(original: Path, marked: Path, sections: str | None, as_json: bool) -> None:
    """Report every change in MARKED.docx that is not marked against ORIGINAL.docx.

    Text removed instead of struck, text added without bold, words altered inside, rows or
    tables removed, and edits outside the sections being amended, each with its section and a
    few words of context. Exit 0 when every change is marked, 1 when any is not (or on invalid
    input), 2 on usage errors.
    """
    wanted = [part for part in sections.replace(";", ",").split(",") if part.strip()] if sections else None
    result = check(original, marked, sections=wanted)
    if as_json:
        click.echo(summary_json(result.summary).decode("utf-8"), nl=False)
    else:
        if result.clean:
            click.echo("every change is marked")
        else:
            click.echo(f"{len(result.issues)} unmarked changes")
        for issue in result.issues:
            where = f"section {issue['section']}" if issue.get("section") else "no section"
            click.echo(f"  {where}: {issue['message']}: {issue['context']}")
        echo_alerts(result.summary["alerts"])
    if not result.clean:
        sys.exit(1)


__all__ = ["check_command", "compare_command", "finalise_command"]
