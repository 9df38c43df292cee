"""The library's entry points: read a plan, amend it from a review.

Functions take a path, bytes or a binary file for documents, and a path, dict or ``Review``
for review data. They write no files and keep no global state, so a portal backend may call
them from many threads at once; ``write_outputs`` is the one place that writes files.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .amend.grounds import check_grounds
from .amend.identity import check_identity as check_review_identity
from .amend.identity import unprovable
from .amend.ops import apply_amendments
from .model.edits import EditScript
from .amend.summary import summarise
from .docx.markup import BoldStrike, Final
from .docx.tracked import Tracked, Tribunal, make_scheme
from .docx.output import write_document
from .docx.package import Source, open_package, source_name
from .docx.reading import PlanDocument, read_details, read_plan_document
from .errors import EhcpDocsError
from .fileio import write_files_atomically
from .model.plan import Plan, PlanDetails
from .model.review import load_review, source_label
from .reader.profiles import load_profile, shipped_layouts, suggest_profile

MARKUP_SCHEMES = {"bold-strike": BoldStrike, "tracked": Tracked, "tribunal": Tribunal}


def read_plan(source: Source, *, name: str | None = None, layout: Any = None) -> Plan:
    """The sections (A to K) and details of a Word plan. ``layout`` is a layout profile for a
    template the built-in rules cannot read: a YAML path, a shipped profile's name, a dict or
    a ``LayoutProfile``."""
    return read_plan_document(open_package(source, name), layout=load_profile(layout)).plan


def read_plan_details(source: Source, *, name: str | None = None, layout: Any = None) -> PlanDetails:
    """Whose plan this is (reference, name, date of birth): for pairing plans with reviews."""
    return read_details(open_package(source, name), load_profile(layout))


def suggest_layout(source: Source, *, name: str | None = None, layout: Any = None) -> str:
    """A starting layout profile (YAML text) for the template a plan is written in, from what
    the reader finds in it (with ``layout``, as that profile reads it)."""
    plan = read_plan_document(open_package(source, name), require_sections=False, layout=load_profile(layout)).plan
    label = Path(plan.file).stem if plan.file else "plan"
    return suggest_profile(plan, f"layout of {label}")


def list_layouts() -> dict[str, str]:
    """The layout profiles that ship with ehcpdocs: name (to pass as ``layout``) -> what it is for."""
    return {name: load_profile(path).name for name, path in shipped_layouts().items()}


def open_plan(source: Source, *, name: str | None = None, layout: Any = None) -> PlanDocument:
    """A plan with the handles the writers need (for the comparison and forms modules)."""
    return read_plan_document(open_package(source, name), layout=load_profile(layout))


def plan_report(plan: Plan) -> dict:
    """What the reader found in a plan, as plain JSON data (what ``ehcpdocs sections --json``
    prints): sections, confidence, headings used, lines set aside, the details found (never
    their values but the reference) and whether the identity check can run."""
    details = plan.details
    gap = unprovable(details)
    return {
        "file": plan.file,
        "layout": plan.layout,
        "confidence": plan.confidence,
        "confidence_notes": plan.confidence_notes,
        "sections": [
            {"section": letter, "title": section.title, "paragraphs": section.paragraph_count,
             "tables": len(section.tables), "rows": len(section.rows), "where": section.heading_where}
            for letter, section in plan.sections.items()
        ],
        "missing": plan.missing,
        "headings": [{"section": h.section, "where": h.where, "evidence": list(h.evidence), "text": h.text}
                     for h in plan.headings],
        "set_aside": [{"where": item.where, "reason": item.reason, "text": item.text} for item in plan.set_aside],
        "details_found": {
            "reference": details.reference,
            "name": bool(details.name or details.first_name or details.last_name),
            "date_of_birth": bool(details.date_of_birth),
            "where": dict(details.found),
            "problems": list(details.problems),
        },
        "identity_check": "possible" if gap is None else f"not possible: {gap[1]}",
    }


@dataclass
class AmendResult:
    """What ``amend`` produces. ``amended_docx`` and ``final_docx`` are None when the review
    asks for no amendment; the PDFs are rendered when first asked for."""

    plan_id: str
    summary: dict
    amended_docx: bytes | None = None
    final_docx: bytes | None = None
    script: EditScript | None = field(default=None, repr=False)

    @property
    def amended(self) -> bool:
        return self.amended_docx is not None

    @property
    def amended_title(self) -> str:
        """The marked-up plan's PDF title."""
        return f"{self.plan_id} proposed amendments"

    @cached_property
    def amended_pdf(self) -> bytes | None:
        """The marked-up plan as PDF."""
        return render_pdf(self.amended_docx, self.amended_title)

    @cached_property
    def final_pdf(self) -> bytes | None:
        """The final plan as PDF."""
        return render_pdf(self.final_docx, f"{self.plan_id} final plan")

    def files(self, *, pdf: bool = True) -> dict[str, bytes]:
        """Output file names and contents, as ``amend`` writes them."""
        files: dict[str, bytes] = {}
        if self.amended:
            files[f"{self.plan_id}.amended.docx"] = self.amended_docx
            files[f"{self.plan_id}.final.docx"] = self.final_docx
            if pdf:
                files[f"{self.plan_id}.amended.pdf"] = self.amended_pdf
                files[f"{self.plan_id}.final.pdf"] = self.final_pdf
        files[f"{self.plan_id}.summary.json"] = summary_bytes(self.summary)
        return files


def render_pdf(docx: bytes | None, title: str) -> bytes | None:
    if docx is None:
        return None
    return to_pdf(docx, title=title)


def to_pdf(docx: Source, *, engine: str = "native", title: str | None = None, author: str | None = None,
           timeout: float = 60) -> bytes:
    """A Word document (path, bytes or binary file) as PDF bytes, from ehcpdocs' own renderer
    (or an installed LibreOffice with ``engine="libreoffice"``)."""
    from .pdf import to_pdf as render

    return render(docx, engine=engine, title=title, author=author, timeout=timeout)


def summary_bytes(summary: dict) -> bytes:
    """The summary as stable, readable JSON."""
    return (json.dumps(summary, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


def amend(
    plan: Source,
    review: Any,
    *,
    markup: str = "bold-strike",
    party: str | None = None,
    plan_name: str | None = None,
    review_name: str | None = None,
    layout: Any = None,
    check_identity: bool = True,
) -> AmendResult:
    """Apply a review's amendments to a plan: the marked-up plan, the final plan and a summary.

    ``markup`` is 'bold-strike', 'tracked' or 'tribunal'; ``party`` ('la', 'parent', 'agreed')
    picks the tribunal key; ``layout`` is a layout profile (see ``read_plan``). The review
    must be proven to be this plan's child's (reference, name and date of birth); a plan
    whose name or date of birth cannot be read is refused unless ``check_identity=False``
    (what it does show must still match), and the summary's ``identity_check`` says
    'skipped' when that let it through. Nothing is returned half-done: any problem raises an
    ``EhcpDocsError`` naming the file, the section and the amendment.
    """
    plan_name = plan_name or source_name(plan)
    review_name = source_label(review, review_name)
    review_model = load_review(review, review_name)
    check_grounds(review_model, review_name)
    document = read_plan_document(open_package(plan, plan_name), layout=load_profile(layout))
    identity = check_review_identity(document.plan.details, review_model, plan_name, require=check_identity)
    if not review_model.amendments:
        summary = summarise(EditScript(), review_model.plan_id)
        summary["message"] = "no amendment required"
        summary["identity_check"] = identity
        return AmendResult(plan_id=review_model.plan_id, summary=summary)
    try:
        script = apply_amendments(document.plan, review_model.amendments, document.heading_keys)
    except EhcpDocsError as error:
        error.with_file(review_name)
        raise
    warnings = []
    if script.empty:
        warnings.append("the amendments leave the plan's text as it was")
    if identity == "skipped":
        warnings.append("the identity check was skipped: the plan's name or date of birth could not be read, "
                        "so nothing proved the review is this plan's child's")
    summary = summarise(script, review_model.plan_id, warnings, document.plan)
    summary["identity_check"] = identity
    scheme = scheme_for(markup, party)
    amended_docx = write_document(document, script, scheme)
    final_docx = write_document(document, script, Final(), in_place=True)
    return AmendResult(
        plan_id=review_model.plan_id,
        summary=summary,
        amended_docx=amended_docx,
        final_docx=final_docx,
        script=script,
    )


def scheme_for(markup: str, party: str | None = None):
    """The markup scheme by name; ``party`` (la, parent, agreed) is for the tribunal scheme."""
    if markup not in MARKUP_SCHEMES:
        raise EhcpDocsError(
            f"unknown markup scheme {markup!r}; choose from {', '.join(MARKUP_SCHEMES)}"
        )
    return make_scheme(markup, party=party)


def write_outputs(result: AmendResult, outdir: str | os.PathLike, *, pdf: bool = True) -> list[Path]:
    """Write a result's files into a folder, all or nothing; returns the paths written."""
    return write_files_atomically(Path(outdir), result.files(pdf=pdf))
