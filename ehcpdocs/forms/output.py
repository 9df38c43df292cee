"""What rendering a form gives back: the DOCX now, the PDF when first asked for."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .render import docx_to_pdf


@dataclass
class RenderedForm:
    """One rendered form.

    ``stem`` names the output files (``<stem>.docx``, ``<stem>.pdf``); ``title`` is the
    document title; ``warnings`` are things the reader should know that do not stop the form;
    ``details`` holds the computed facts the form shows (dates, statuses) for callers and tests.
    """

    stem: str
    title: str
    docx: bytes
    warnings: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def pdf(self) -> bytes:
        """The form as PDF, through ehcpdocs' own renderer."""
        return docx_to_pdf(self.docx, title=self.title)

    def files(self, *, pdf: bool = True) -> dict[str, bytes]:
        """Output file names and contents."""
        files = {f"{self.stem}.docx": self.docx}
        if pdf:
            files[f"{self.stem}.pdf"] = self.pdf
        return files
