"""Shared helpers of the forms tests: sample data, and reading rendered DOCX and PDF back."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import docx
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
FULL_REVIEW = SAMPLES / "reviews" / "full" / "LCC-EHCP-1001.json"
PLAN = SAMPLES / "plans" / "LCC-EHCP-1001.docx"
REFERRALS = SAMPLES / "referrals"
WILD = REPO.parent / "shared" / "corpus" / "wild"
ENCRYPTED_DOCX = WILD / "poi__bug53475-password-is-pass.docx"

_FULL = json.loads(FULL_REVIEW.read_text(encoding="utf-8"))
_COMPLETE = json.loads((REFERRALS / "complete.json").read_text(encoding="utf-8"))


def full_review() -> dict:
    """A fresh copy of the full sample review (with the Annex 2 fields)."""
    return copy.deepcopy(_FULL)


def complete_referral() -> dict:
    """A fresh copy of the complete sample referral (attachment paths relative to samples/referrals)."""
    return copy.deepcopy(_COMPLETE)


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a .docx, one per line; it must reopen with python-docx."""
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    for section in document.sections:
        lines.extend(p.text for p in section.header.paragraphs)
        lines.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF; it must reopen with pypdf."""
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())
