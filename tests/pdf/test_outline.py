"""The PDF outline of plans whose sections are interleaved in area-of-need tables."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from ehcpdocs.pdf import render_pdf
from fixtures.councils import fixture


def outline_entries(pdf: bytes) -> list[tuple[str, int]]:
    """Top-level bookmarks as (title, page index), in order."""
    reader = PdfReader(io.BytesIO(pdf))
    return [(entry.title, reader.get_destination_page_number(entry)) for entry in reader.outline
            if not isinstance(entry, list)]


def letter_of(title: str) -> str:
    return title.split(":")[0].removeprefix("Section ").strip()


@pytest.mark.parametrize("name", ["surrey", "essex", "north_yorkshire"])
def test_sections_in_area_of_need_tables_are_in_the_outline(name):
    # Surrey: rows "Needs (Section B)", "Outcomes (Section E)", "Provision (Section F)" in four
    # area tables; Essex: "Outcome (Section E)" first; North Yorkshire: E and F rows.
    built = fixture(name)
    entries = outline_entries(render_pdf(built.docx).pdf)
    letters = [letter_of(title) for title, _page in entries]
    assert set(built.letters) <= set(letters), (set(built.letters) - set(letters), letters)
    # Marked once at the first label, not once per area table.
    for letter in set(letters) - {letter for letter, _text in built.headings}:
        assert letters.count(letter) == 1, letters
    # Pages never run backwards: every bookmark points into the document in reading order.
    pages = [page for _title, page in entries]
    assert pages == sorted(pages)


def test_surrey_needs_outcomes_and_provision_lead_to_the_first_area_table():
    built = fixture("surrey")
    entries = dict((letter_of(title), (title, page)) for title, page in reversed(outline_entries(render_pdf(built.docx).pdf)))
    assert entries["B"][0] == "Section B: Needs"
    assert entries["E"][0] == "Section E: Outcomes"
    # B, E and F of the first table come before C, which follows the tables.
    assert entries["B"][1] <= entries["E"][1] <= entries["F"][1] <= entries["C"][1]
