"""Paths to the samples and the shared corpus, and small builders of test plans and reviews."""

from __future__ import annotations

import io
import json
from pathlib import Path

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
CORPUS = REPO.parent / "shared" / "corpus"
WILD = CORPUS / "wild"
WC_PAIRS = CORPUS / "wc_pairs"

SAMPLE_IDS = ["LCC-EHCP-1001", "SCC-EHCP-2002", "PCC-EHCP-3003"]


def sample_plan(plan_id: str) -> Path:
    return SAMPLES / "plans" / f"{plan_id}.docx"


def sample_review(plan_id: str) -> dict:
    return json.loads((SAMPLES / "reviews" / f"{plan_id}.json").read_text(encoding="utf-8"))


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def details_table(document, name="Zoë Example", dob="2 May 2016", reference="TST-EHCP-0001"):
    table = document.add_table(rows=3, cols=2)
    for index, (label, value) in enumerate((("Name", name), ("Date of birth", dob), ("Plan reference", reference))):
        table.cell(index, 0).text = label
        table.cell(index, 1).text = value
    return table


def bold_paragraph(document, text):
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = True
    return paragraph


def shade(cell, fill="D9E2F3"):
    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def review_for(amendments, *, reasons=("significant_change",), evidence=("EP report, 1 September 2026",),
               plan_id="TST-EHCP-0001", first="Zoë", last="Example", dob="2016-05-02", year_group=None):
    review = {
        "plan_id": plan_id,
        "child": {"first_name": first, "last_name": last, "date_of_birth": dob},
        "review": {"meeting_date": "2026-10-12", "reasons": list(reasons), "evidence": list(evidence)},
        "amendments": list(amendments),
    }
    if year_group is not None:
        review["review"]["year_group"] = year_group
    return review
