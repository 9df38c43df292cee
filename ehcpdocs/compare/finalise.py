"""Finalise a returned, marked-up plan: accept its markup and give back the clean document.

Struck text goes, additions become normal weight, tracked changes are accepted. Bold is the
hard part: in a marked plan, new words are bold, but plans have bold of their own. With the
original (``against``), bold the original already had stays bold and all other bold is taken
as an addition. Without it, only ehcpdocs' own marks (its ``EhcpAddition*`` / ``EhcpDeletion*``
styles and tracked changes) are trusted: hand-made bold is left as it is and listed as
ambiguous, for a person to look at.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..docx.finalise import accept_markup
from ..docx.flatten import flatten, pieces
from ..docx.package import Source, open_package
from ..docx.sections import styles_part
from ..docx.styles import StyleSheet
from ..docx.write import package_bytes
from ..docx.xml import serialize_xml, w
from ..errors import NotWordDocumentError
from .api import load
from .diff import piece_diff
from .pairing import pair_documents, paragraph_pairs

CONTEXT_WORDS = 8


@dataclass
class FinaliseResult:
    """The final document and what finalising did: counts, and ambiguous bold (if any)."""

    final_docx: bytes
    summary: dict = field(default_factory=dict)

    @property
    def ambiguous(self) -> list[dict]:
        return self.summary.get("ambiguous", [])


def shorten(text: str) -> str:
    words = text.split()
    return " ".join(words[:CONTEXT_WORDS]) + (" …" if len(words) > CONTEXT_WORDS else "")


def stylesheet(package) -> StyleSheet:
    name = styles_part(package)
    return StyleSheet(package.xml(name) if name else None)


def bold_map(original_paragraph, marked_paragraph, original_styles, marked_styles) -> dict:
    """For each hand-bold run of a marked paragraph: keep its bold (True) or not (False)."""
    marked = pieces(marked_paragraph, marked_styles)
    decisions = {}
    if original_paragraph is None:
        for piece in marked:
            if piece.direct_bold and piece.mark is None:
                decisions[piece.run] = False  # a paragraph that is not in the original: all new
        return decisions
    original = pieces(original_paragraph, original_styles)
    original_text = "".join(piece.text for piece in original)
    original_bold = [piece.bold for piece in original for _ in piece.text]
    view = [piece for piece in marked if piece.mark != "addition"]
    view_text = "".join(piece.text for piece in view)
    mapped: list[int | None] = []
    old_position = 0
    for edit in piece_diff([original_text], [view_text]):
        if edit.op == "equal":
            mapped.extend(range(old_position, old_position + len(edit.text)))
            old_position += len(edit.text)
        elif edit.op == "delete":
            old_position += len(edit.text)
        else:
            mapped.extend([None] * len(edit.text))
    offset = 0
    for piece in view:
        span = range(offset, offset + len(piece.text))
        offset += len(piece.text)
        if not (piece.direct_bold and piece.mark is None):
            continue
        decisions[piece.run] = all(
            mapped[k] is not None and original_bold[mapped[k]]
            for k in span
            if not view_text[k].isspace()
        )
    return decisions


def finalise(marked: Source, against: Source | None = None, *, marked_name: str | None = None,
             against_name: str | None = None) -> FinaliseResult:
    """Accept the markup of a returned plan (see the module docstring)."""
    marked_side = load_raw(marked, marked_name)
    package, root = marked_side
    styles = stylesheet(package)
    keep_bold = None
    if against is not None:
        original = load(against, against_name)
        original_styles = stylesheet(original.package)
        marked_flat = flatten(root)
        keep_bold = {}
        for pair in paragraph_pairs(pair_documents(original.flat, marked_flat, styles), original.flat, marked_flat):
            if pair.marked is not None:
                keep_bold.update(bold_map(pair.original, pair.marked, original_styles, styles))
    order = {paragraph: index for index, paragraph in enumerate(root.iter(w("p")), start=1)}
    report = accept_markup(root, styles, keep_bold)
    parts = dict(package.parts)
    parts[package.main_part] = serialize_xml(root, package.parts[package.main_part])
    grouped: dict = {}
    for paragraph, text in report.ambiguous:
        grouped.setdefault(paragraph, []).append(" ".join(text.split()))
    ambiguous = [
        {"where": f"paragraph {order.get(paragraph, 0)}", "text": " … ".join(shorten(t) for t in texts)}
        for paragraph, texts in grouped.items()
    ]
    summary = {
        "status": "finalised",
        "against_original": against is not None,
        "tracked_changes_accepted": report.revisions_accepted,
        "deletions_removed": report.deletions_removed,
        "hand_struck_removed": report.hand_struck_removed,
        "additions_accepted": report.additions_accepted,
        "bold_removed": report.bold_removed,
        "paragraphs_removed": report.paragraphs_removed,
        "rows_removed": report.rows_removed,
        "ambiguous": ambiguous,
    }
    if ambiguous:
        summary["message"] = (
            f"{len(ambiguous)} paragraphs hold bold that ehcpdocs did not make, left bold: it may be new "
            "wording or the plan's own emphasis; finalise with --against ORIGINAL.docx to decide it"
        )
    return FinaliseResult(final_docx=package_bytes(parts), summary=summary)


def load_raw(source: Source, name: str | None):
    """A package and its main part's tree, as they are (tracked changes not yet accepted)."""
    package = open_package(source, name)
    root = package.xml(package.main_part)
    if root is None or root.find(w("body")) is None:
        raise NotWordDocumentError("has no document body", file=package.name)
    return package, root
