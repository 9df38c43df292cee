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

from ..docx.comparison_input import load_document, load_marked, stylesheet
from ..docx.finalise import finalise_document
from ..docx.flatten import flatten, pieces
from ..docx.package import Source
from ..texttools.diff import tokens
from .diff import piece_chunks
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
    for op, old_side, new_side in piece_chunks([original_text], [view_text]):
        if op == "equal":
            # the same tokens on both sides, but whitespace compares equal whatever it is:
            # map token by token, a longer run of whitespace's extra characters to nothing
            for old_token, new_token in zip(tokens(old_side), tokens(new_side)):
                mapped.extend(old_position + k if k < len(old_token) else None for k in range(len(new_token)))
                old_position += len(old_token)
        elif op == "delete":
            old_position += len(old_side)
        else:
            mapped.extend([None] * len(new_side))
    mapped.extend([None] * (len(view_text) - len(mapped)))
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
    package, root = load_marked(marked, marked_name)
    styles = stylesheet(package)
    keep_bold = None
    if against is not None:
        original = load_document(against, against_name)
        original_styles = stylesheet(original.package)
        marked_flat = flatten(root)
        keep_bold = {}
        for pair in paragraph_pairs(pair_documents(original.flat, marked_flat, styles), original.flat, marked_flat):
            if pair.marked is not None:
                keep_bold.update(bold_map(pair.original, pair.marked, original_styles, styles))
    finalised = finalise_document(package, root, styles, keep_bold)
    report = finalised.report
    ambiguous = [
        {"where": f"paragraph {number}", "text": " … ".join(shorten(" ".join(t.split())) for t in texts)}
        for number, texts in finalised.ambiguous
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
    return FinaliseResult(final_docx=finalised.docx, summary=summary)
