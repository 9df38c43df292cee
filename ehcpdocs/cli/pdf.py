"""``ehcpdocs pdf FILE.docx -o FILE.pdf``: render a Word document to PDF."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from ..errors import OutputError
from ..pdf import ENGINES, render_pdf
from .common import handle_errors


def write_atomically(path: Path, data: bytes) -> None:
    """Write bytes through a temporary file in the same folder, then rename it into place."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"cannot write to folder {directory} ({exc.strerror})", file=path.name) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise OutputError(f"cannot be written ({exc.strerror})", file=path.name) from None


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
