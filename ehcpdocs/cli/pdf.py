"""``ehcpdocs pdf FILE.docx -o FILE.pdf``: render a Word document to PDF."""

from __future__ import annotations

from pathlib import Path

import click

from ..fileio import write_atomically
from ..pdf import ENGINES, render_pdf
from .common import handle_errors


@click.command("pdf")
@click.argument("docx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="PDF file to write (default: the input name with .pdf).")
@click.option("--engine", type=click.Choice(ENGINES), default="native", show_default=True,
              help="native (bundled fonts, no external programs) or libreoffice (needs soffice).")
@click.option("--title", default=None, help="PDF title when the document has none.")
@click.option("--author", default=None, help="PDF author.")
@click.option("--timeout", type=float, default=60, show_default=True, help="Seconds before giving up.")
@handle_errors
def pdf_command(docx: Path, output: Path | None, engine: str, title: str | None, author: str | None, timeout: float) -> None:
    """Render a Word .docx (such as an EHCP) to PDF."""
    result = render_pdf(docx, engine=engine, title=title, author=author, timeout=timeout)
    target = output or docx.with_suffix(".pdf")
    write_atomically(target, result.pdf)
    for message in result.warnings:
        click.echo(f"warning: {message}", err=True)
    click.echo(f"{target} ({result.pages} pages)")
