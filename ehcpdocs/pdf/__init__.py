"""DOCX to PDF: ``to_pdf`` and ``render_pdf``.

The native engine lays the document out with reportlab and the bundled fonts (no external
programs); ``engine="libreoffice"`` converts through an installed ``soffice`` instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ehcpdocs.docx.package import Source, open_package

from ..errors import RenderError

__all__ = ["PdfResult", "render_pdf", "to_pdf", "ENGINES"]

ENGINES = ("native", "libreoffice")


@dataclass(frozen=True)
class PdfResult:
    """A rendered PDF, the warnings raised while rendering it, and its page count."""

    pdf: bytes
    warnings: list[str] = field(default_factory=list)
    pages: int = 0


def render_pdf(
    docx: Source,
    *,
    engine: str = "native",
    title: str | None = None,
    author: str | None = None,
    timeout: float = 60,
    page_numbers: tuple[int, int] | None = None,
    tagged: bool = True,
) -> PdfResult:
    """Render a .docx (path, bytes or binary file) to PDF, with warnings and page count.

    ``title`` is used when the document's own properties have none; ``author`` overrides the
    document's creator. ``timeout`` (seconds) bounds the work of either engine.
    ``page_numbers=(first, total)`` (native engine) numbers the pages from ``first`` of
    ``total`` in page-number fields, for a document printed as part of a larger one.
    ``tagged`` (native engine, the default) writes a tagged PDF: structure tree, language, title
    and XMP metadata for screen readers (PDF/UA-1, see docs/pdf.md). Raises the
    reader's ``DocumentError`` subclasses for unreadable files, ``RenderError`` when a PDF
    cannot be produced and ``EngineUnavailableError`` when LibreOffice is asked for but missing.
    """
    if engine not in ENGINES:
        raise RenderError(f"unknown PDF engine '{engine}' (choose native or libreoffice)")
    package = open_package(docx)
    if engine == "libreoffice":
        from .soffice import convert_with_soffice

        pdf = convert_with_soffice(package, timeout=timeout)
        return PdfResult(pdf=pdf, warnings=[], pages=count_pages(pdf))
    from .layout import render_native

    pdf, warnings, pages = render_native(package, title=title, author=author, timeout=timeout,
                                         page_numbers=page_numbers, tagged=tagged)
    return PdfResult(pdf=pdf, warnings=warnings, pages=pages)


def to_pdf(
    docx: Source,
    *,
    engine: str = "native",
    title: str | None = None,
    author: str | None = None,
    timeout: float = 60,
) -> bytes:
    """The PDF bytes of a .docx (see ``render_pdf`` for the arguments and errors)."""
    return render_pdf(docx, engine=engine, title=title, author=author, timeout=timeout).pdf


def count_pages(pdf: bytes) -> int:
    """The number of pages of a PDF (0 when it cannot be read)."""
    import io

    try:
        from pypdf import PdfReader

        return len(PdfReader(io.BytesIO(pdf)).pages)
    except Exception:  # pypdf raises its own error types for odd files; the count is informative
        return 0
