"""Compare two versions of any Word document: the redline and its summary.

``compare(old, new)`` returns the redline's bytes; ``compare_documents`` returns a
``CompareResult`` with the summary (counts, each change, Section F alerts for plans, and what
the comparison does not look at) and the PDF on demand. This module decides what is compared
with what; reading the documents and writing the redline are the Word layer's
(``docx.comparison_input``, ``docx.redline``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..docx.comparison_input import load_document
from ..docx.flatten import unit_texts
from ..docx.package import Source
from ..docx.redline import Redline
from ..docx.tracked import make_scheme
from ..errors import EhcpDocsError
from .engine import DEFAULT_BUDGET_SECONDS, compare_units
from .report import describe


@dataclass
class CompareResult:
    """The redline (.docx bytes) and what it shows, as a summary dict."""

    redline_docx: bytes
    summary: dict

    @property
    def identical(self) -> bool:
        return self.summary["status"] == "identical"

    @cached_property
    def redline_pdf(self) -> bytes:
        """The redline as PDF (rendered when first asked for)."""
        from ..pdf import to_pdf

        return to_pdf(self.redline_docx, title="comparison")


def compare_documents(
    old: Source,
    new: Source,
    *,
    markup: str = "bold-strike",
    party: str | None = None,
    date: str | None = None,
    author: str | None = None,
    old_name: str | None = None,
    new_name: str | None = None,
    budget_seconds: float = DEFAULT_BUDGET_SECONDS,
) -> CompareResult:
    """Mark every difference between OLD and NEW on NEW's formatting; see ``docs/compare.md``.

    ``markup`` is 'bold-strike' (default), 'tracked' or 'tribunal' (with ``party`` 'la',
    'parent' or 'agreed'); ``date`` and ``author`` label tracked changes. Word diffs share a
    time budget of ``budget_seconds``: past it, changed paragraphs are marked whole, and the
    summary says so.
    """
    scheme = make_scheme(markup, party=party, date=date, author=author)
    if markup == "final":
        raise EhcpDocsError("a comparison needs a markup scheme that shows changes, not 'final'")
    before = load_document(old, old_name)
    after = load_document(new, new_name)
    comparison = compare_units(unit_texts(before.flat), unit_texts(after.flat), budget_seconds=budget_seconds)
    redline = Redline(scheme, before, after)
    redline.mark_body(comparison)
    box_comparison = None
    if redline.has_boxes:
        box_comparison = compare_units(unit_texts(redline.old_boxes), unit_texts(redline.new_boxes),
                                       budget_seconds=budget_seconds, order=redline.box_order())
        redline.mark_boxes(box_comparison)
    summary = describe(comparison, before, after, redline.notes, markup=markup, boxes=box_comparison,
                       box_units=(redline.old_boxes, redline.new_boxes))
    return CompareResult(redline_docx=redline.docx(), summary=summary)


def compare(old: Source, new: Source, **options) -> bytes:
    """The redline of OLD against NEW as .docx bytes (options as ``compare_documents``)."""
    return compare_documents(old, new, **options).redline_docx
