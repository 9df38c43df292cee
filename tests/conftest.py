"""Fixtures shared by the core tests (helpers live in builders.py, imported by name)."""

from __future__ import annotations

import docx
import pytest

from builders import details_table, docx_bytes


@pytest.fixture
def simple_plan() -> bytes:
    """A small plan with heading-style sections A, B, D, E (table), F (table) and K."""
    document = docx.Document()
    details_table(document)
    document.add_heading("Section A: Views, interests and aspirations", 1)
    paragraph = document.add_paragraph("Zoë loves drawing and ")
    paragraph.add_run("swim").italic = True
    paragraph.add_run("ming with her brother.")
    document.add_paragraph("She wants to be a vet.")
    document.add_heading("Section B – Special educational needs", 1)
    document.add_paragraph("Zoë needs 15 minutes of movement breaks twice a day.")
    document.add_paragraph("Zoë finds it hard to follow long spoken instructions.")
    document.add_heading("Section D: Social care needs", 1)
    document.add_paragraph("No social care needs are identified.")
    document.add_paragraph("The family receive support from early help.")
    document.add_heading("Section E: Outcomes", 1)
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate((("Outcome", "Steps", "Timescale"), ("Read a book alone", "Weekly reading", "July 2027"),
                              ("Write a story", "Daily writing", "July 2027"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_heading("Section F: Special educational provision", 1)
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate((("Provision", "By whom", "Frequency"), ("Speech therapy", "SALT", "Weekly"),
                              ("Social skills group", "Teaching assistant", "Weekly"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_heading("Section K: Advice and information", 1)
    document.add_paragraph("K1 Educational psychology advice, March 2025")
    document.add_paragraph("K2 Speech and language therapy advice, April 2024")
    return docx_bytes(document)
