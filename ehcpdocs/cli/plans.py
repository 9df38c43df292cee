"""Commands on one plan: ``sections`` (what was found) and ``amend`` (apply a review)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .. import api
from .common import handle_errors


@click.command("sections")
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the sections as JSON.")
@handle_errors
def sections_command(plan: Path, as_json: bool) -> None:
    """Show the sections found in PLAN.docx: letter, title, paragraphs, tables and where.

    Use it to check that a new council template is read correctly.
    """
    found = api.read_plan(plan)
    rows = []
    for letter, section in found.sections.items():
        rows.append({
            "section": letter,
            "title": section.title,
            "paragraphs": section.paragraph_count,
            "tables": len(section.tables),
            "rows": len(section.rows),
            "where": section.heading_where,
        })
    missing = found.missing
    details = found.details
    if as_json:
        click.echo(json.dumps({
            "file": plan.name,
            "sections": rows,
            "missing": missing,
            "details_found": {
                "reference": details.reference,
                "name": bool(details.name),
                "date_of_birth": bool(details.date_of_birth_text),
            },
        }, indent=2))
        return
    click.echo(f"{plan.name}: {len(rows)} sections")
    click.echo(f"{'section':<8} {'paragraphs':>10} {'tables':>6} {'rows':>5}  where / title")
    for row in rows:
        title = row["title"] or "(no title)"
        click.echo(f"{row['section']:<8} {row['paragraphs']:>10} {row['tables']:>6} {row['rows']:>5}  {row['where']}: {title}")
    if missing:
        click.echo(f"missing: {', '.join(missing)}")
    click.echo(
        "details: reference " + (details.reference or "not found")
        + ", name " + ("found" if details.name else "not found")
        + ", date of birth " + ("found" if details.date_of_birth_text else "not found")
    )


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
@handle_errors
def amend_command(plan: Path, review: Path, outdir: Path, no_pdf: bool, markup: str, party: str | None) -> None:
    """Amend PLAN.docx with the amendments in REVIEW.json (or .yaml).

    Writes OUTDIR/<plan_id>.amended.docx (struck deletions, bold additions),
    OUTDIR/<plan_id>.final.docx (clean), their PDFs, and OUTDIR/<plan_id>.summary.json.
    Exit 0 on success, 1 on invalid input, 2 on usage errors.
    """
    result = api.amend(plan, review, markup=markup, party=party)
    written = api.write_outputs(result, outdir, pdf=not no_pdf)
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
