"""Commands on one plan: ``sections`` (what was found), ``amend`` (apply a review) and
``layouts`` (the layout profiles that ship with ehcpdocs)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .. import api
from .common import handle_errors

LAYOUT_HELP = ("A layout profile for a template the built-in rules cannot read: a YAML file, or the name "
               "of a shipped profile (see 'ehcpdocs layouts').")
MAX_SET_ASIDE_SHOWN = 25


def layout_option(command):
    return click.option("--layout", "layout", metavar="FILE|NAME", default=None, help=LAYOUT_HELP)(command)


def where_found(details, kind: str) -> str:
    where = details.found.get(kind)
    return f" ({where})" if where else ""


@click.command("sections")
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print what was found as JSON.")
@layout_option
@click.option("--suggest-layout", is_flag=True,
              help="Print a starting layout profile (YAML) for this plan's template instead; it quotes the "
                   "plan's headings, so check it for names before sharing it.")
@handle_errors
def sections_command(plan: Path, as_json: bool, layout: str | None, suggest_layout: bool) -> None:
    """Show the sections found in PLAN.docx: letter, title, paragraphs, tables, rows and where;
    how sure the reading is; the lines set aside (contents lists, group titles, end matter,
    lines that look like headings but were not used); and whether the child's details can be
    read for the identity check.

    Use it to check a new council template. If it is not read right, save the output of
    --suggest-layout as a .yaml file, correct it, and pass it as --layout to every command.
    """
    if suggest_layout:
        click.echo(api.suggest_layout(plan, layout=layout), nl=False)
        return
    found = api.read_plan(plan, layout=layout)
    report = api.plan_report(found)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    layout_note = f", layout profile '{found.layout}'" if found.layout else ""
    click.echo(f"{plan.name}: {len(report['sections'])} sections, confidence {found.confidence}{layout_note}")
    for note in found.confidence_notes:
        click.echo(f"  {note}")
    click.echo(f"{'section':<8} {'paragraphs':>10} {'tables':>6} {'rows':>5}  where / title")
    for row in report["sections"]:
        title = row["title"] or "(no title)"
        click.echo(f"{row['section']:<8} {row['paragraphs']:>10} {row['tables']:>6} {row['rows']:>5}  {row['where']}: {title}")
    if found.missing:
        click.echo(f"missing: {', '.join(found.missing)}")
    details = found.details
    click.echo(
        "details: reference " + (details.reference or "not found") + where_found(details, "reference")
        + ", name " + ("found" if report["details_found"]["name"] else "not found")
        + where_found(details, "given_names" if "given_names" in details.found else "name")
        + ", date of birth " + ("found" if details.date_of_birth else "not found") + where_found(details, "date_of_birth")
    )
    for problem in details.problems:
        click.echo(f"  {problem}")
    click.echo(f"identity check: {report['identity_check']}")
    echo_set_aside(found.set_aside)


def echo_set_aside(set_aside) -> None:
    """The lines in no section, contents lists summed up in one line."""
    contents = [item for item in set_aside if item.reason == "contents list"]
    others = [item for item in set_aside if item.reason != "contents list"]
    if not set_aside:
        return
    click.echo("set aside (in no section):")
    if contents:
        click.echo(f"  contents list: {len(contents)} lines, from {contents[0].where} to {contents[-1].where}")
    for item in others[:MAX_SET_ASIDE_SHOWN]:
        text = item.text if len(item.text) <= 70 else item.text[:69] + "…"
        click.echo(f"  {item.where}: {item.reason}: {text}")
    if len(others) > MAX_SET_ASIDE_SHOWN:
        click.echo(f"  ... and {len(others) - MAX_SET_ASIDE_SHOWN} more (--json lists them all)")


@click.command("layouts")
@handle_errors
def layouts_command() -> None:
    """List the layout profiles that ship with ehcpdocs: pass a name to --layout."""
    for name, description in api.list_layouts().items():
        click.echo(f"{name:<18} {description}")


@click.command("amend")
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("review", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the outputs (created if missing).")
@click.option("--no-pdf", is_flag=True, help="Write the Word documents and summary only.")
@click.option("--markup", type=click.Choice(sorted(api.MARKUP_SCHEMES)), default="bold-strike", show_default=True,
              help="How amendments are shown in the marked-up plan.")
@click.option("--party", type=click.Choice(["la", "parent", "agreed"]), default=None,
              help="With --markup tribunal: whose changes these are (LA italic, parent bold, agreed underlined).")
@layout_option
@click.option("--no-identity-check", is_flag=True,
              help="Amend even when the plan's name or date of birth cannot be read (what it does show must "
                   "still match; the summary records the check as skipped).")
@handle_errors
def amend_command(plan: Path, review: Path, outdir: Path, no_pdf: bool, markup: str, party: str | None,
                  layout: str | None, no_identity_check: bool) -> None:
    """Amend PLAN.docx with the amendments in REVIEW.json (or .yaml).

    Writes OUTDIR/<plan_id>.amended.docx (struck deletions, bold additions),
    OUTDIR/<plan_id>.final.docx (clean), their PDFs, and OUTDIR/<plan_id>.summary.json.
    The review must be this plan's child's: the plan's reference, name and date of birth are
    checked, and a plan whose name or date of birth cannot be read is refused unless
    --no-identity-check is given (details it does show must still match). Exit 0 on success, 1 on invalid input, 2 on usage errors.
    """
    result = api.amend(plan, review, markup=markup, party=party, layout=layout,
                       check_identity=not no_identity_check)
    written = api.write_outputs(result, outdir, pdf=not no_pdf)
    if result.summary.get("identity_check") == "skipped":
        click.echo(f"{result.plan_id}: the identity check was skipped: the plan's name or date of birth "
                   "could not be read (--no-identity-check)", err=True)
    if not result.amended:
        click.echo(f"{result.plan_id}: no amendment required; no plan documents written ({written[0]})")
        return
    summary = result.summary
    click.echo(
        f"{result.plan_id}: sections amended {', '.join(summary['sections_amended'])}; "
        f"{summary['words_added']} words added, {summary['words_removed']} removed"
    )
    for path in written:
        click.echo(f"  {path}")
