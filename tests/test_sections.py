"""Finding sections A to K in every council layout, and the plan's details."""

from __future__ import annotations

from datetime import date

import docx
import pytest

from ehcpdocs import read_plan
from ehcpdocs.docx.package import open_package
from ehcpdocs.docx.reading import read_plan_document, section_headings
from ehcpdocs.reader.details import detail_field
from ehcpdocs.reader.grammar import label_letter, parse_heading
from ehcpdocs.errors import EhcpDocsError, PlanStructureError
from ehcpdocs.model.dates import parse_date

from builders import SAMPLES, SAMPLE_IDS, WC_PAIRS, WILD, bold_paragraph, docx_bytes, sample_plan, shade

ALL = ["A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K"]


@pytest.mark.parametrize("plan_id", SAMPLE_IDS)
def test_samples_have_every_section_and_details(plan_id):
    plan = read_plan(sample_plan(plan_id))
    assert sorted(plan.sections) == sorted(ALL)
    assert plan.details.reference == plan_id
    assert plan.details.name and plan.details.date_of_birth is not None


def test_out_of_order_sections_keep_document_order():
    plan = read_plan(sample_plan("SCC-EHCP-2002"))
    assert plan.letters == ["A", "B", "C", "D", "I", "J", "E", "F", "G", "K", "H1", "H2"]


def test_area_of_need_tables_interleave_b_e_f():
    plan = read_plan(sample_plan("PCC-EHCP-3003"))
    for letter in "BEF":
        assert len(plan.sections[letter].tables) == 4, letter
    needs = plan.sections["B"].text
    provision = plan.sections["F"].text
    assert "Provision (Section F)" not in provision
    assert needs and provision and needs != provision


@pytest.mark.parametrize("heading", [
    "Section A: Views, interests and aspirations",
    "Section A – Views, interests and aspirations",
    "A. Views, interests and aspirations",
    "A - Views, interests and aspirations",
    "Section A",
    "SECTION A: VIEWS",
])
@pytest.mark.parametrize("as_style", [True, False])
def test_heading_wordings_as_style_or_bold(heading, as_style):
    document = docx.Document()
    if as_style:
        document.add_heading(heading, 1)
    else:
        bold_paragraph(document, heading)
    document.add_paragraph("Zoë likes trains.")
    plan = read_plan(docx_bytes(document))
    assert list(plan.sections) == ["A"]
    assert plan.sections["A"].text == "Zoë likes trains."


def test_plain_lettered_paragraph_is_not_a_heading():
    document = docx.Document()
    document.add_heading("Section B: Needs", 1)
    document.add_paragraph("A. Reading is difficult for Zoë at present.")
    document.add_paragraph("I like trains.")
    plan = read_plan(docx_bytes(document))
    assert list(plan.sections) == ["B"]
    assert len(plan.sections["B"].places) == 2


def test_title_in_shaded_cell_and_one_cell_title_box():
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    title = table.cell(0, 0).merge(table.cell(0, 1))
    title.text = "Section B – Special educational needs"
    shade(title)
    table.cell(1, 0).text = "Communication"
    table.cell(1, 1).text = "Zoë needs visual prompts."
    table.cell(2, 0).text = "Learning"
    table.cell(2, 1).text = "Zoë reads below age level."
    box = document.add_table(rows=1, cols=1)
    box.cell(0, 0).text = "Section D – Social care needs"
    document.add_paragraph("No social care needs.")
    plan = read_plan(docx_bytes(document))
    assert plan.letters == ["B", "D"]
    assert len(plan.sections["B"].rows) == 2
    assert "Zoë reads below age level." in plan.sections["B"].text
    assert "Special educational needs" not in plan.sections["B"].text
    assert plan.sections["D"].text == "No social care needs."


def test_sub_parts_and_h_block():
    document = docx.Document()
    document.add_heading("Section A: All about me", 1)
    document.add_heading("A1 About me", 2)
    document.add_paragraph("History text.")
    document.add_heading("A2 My views", 2)
    document.add_paragraph("Views text.")
    document.add_heading("Section H: Social care provision", 1)
    document.add_heading("H1: Provision under section 2 of the Chronically Sick and Disabled Persons Act 1970", 2)
    document.add_paragraph("H1 text.")
    document.add_heading("H2: Other social care provision", 2)
    document.add_paragraph("H2 text.")
    plan = read_plan(docx_bytes(document))
    assert plan.letters == ["A", "H1", "H2"]
    assert "History text." in plan.sections["A"].text and "Views text." in plan.sections["A"].text
    assert plan.sections["H1"].text == "H1 text."
    assert plan.sections["H2"].text == "H2 text."
    assert plan.section("H").text == "H1 text.\nH2 text."


def test_single_h_block_serves_h1_and_h2():
    document = docx.Document()
    document.add_heading("Section H: Social care provision", 1)
    document.add_paragraph("Short breaks twice a month.")
    plan = read_plan(docx_bytes(document))
    assert plan.section("H1").text == "Short breaks twice a month."
    assert plan.section("H2").text == "Short breaks twice a month."


def test_column_labelled_table():
    document = docx.Document()
    document.add_heading("Section A: Views", 1)
    document.add_paragraph("Views.")
    table = document.add_table(rows=2, cols=3)
    for c, text in enumerate(("Needs (Section B)", "Outcomes (Section E)", "Provision (Section F)")):
        table.cell(0, c).text = text
    for c, text in enumerate(("Reading is hard", "Read a book", "Daily reading")):
        table.cell(1, c).text = text
    plan = read_plan(docx_bytes(document))
    assert plan.sections["B"].text == "Reading is hard"
    assert plan.sections["E"].text == "Read a book"
    assert plan.sections["F"].text == "Daily reading"
    assert plan.sections["A"].text == "Views."


def test_no_sections_is_a_clear_error():
    document = docx.Document()
    document.add_paragraph("A letter, not a plan.")
    with pytest.raises(PlanStructureError, match="no EHCP sections"):
        read_plan(docx_bytes(document), name="letter.docx")


def test_details_from_split_name_rows():
    document = docx.Document()
    table = document.add_table(rows=4, cols=2)
    for r, (label, value) in enumerate((("First name(s)", "Zoë"), ("Surname", "Example"),
                                        ("D.O.B.", "02/05/2016"), ("EHCP reference number", "TST-1"))):
        table.cell(r, 0).text = label
        table.cell(r, 1).text = value
    document.add_heading("Section A: Views", 1)
    document.add_paragraph("x")
    details = read_plan(docx_bytes(document)).details
    assert (details.first_name, details.last_name, details.reference) == ("Zoë", "Example", "TST-1")
    assert details.date_of_birth == date(2016, 5, 2)


@pytest.mark.parametrize("text", ["2 May 2016", "02/05/2016", "2nd May 2016", "2016-05-02", "02.05.2016",
                                  "Monday 2 May 2016", "2 Sept 2016".replace("Sept 2016", "May 2016"), "May 2, 2016", "02-05-16"])
def test_dates_in_common_formats(text):
    assert parse_date(text) == date(2016, 5, 2)


def test_heading_and_label_parsing():
    assert parse_heading("Section B – Special educational needs").letter == "B"
    assert parse_heading("Sections B, E and F: needs") is None
    assert parse_heading("Cognition and learning") is None
    assert label_letter("Needs (Section B)") == "B"
    assert label_letter("Provision (Section F)") == "F"
    assert label_letter("Speech therapy weekly") is None
    assert detail_field("Child's name") == "name"
    assert detail_field("Preferred name") == "preferred_name"
    assert detail_field("NHS number") is None
    assert detail_field("Plan reference") == "reference"


@pytest.mark.parametrize("plan_id", SAMPLE_IDS)
def test_quick_details_read_agrees_with_the_full_read(plan_id):
    from ehcpdocs.api import read_plan_details

    assert read_plan_details(sample_plan(plan_id)) == read_plan(sample_plan(plan_id)).details


def _heading_paths(headings: dict) -> dict:
    return {paragraph.getroottree().getpath(paragraph): found for paragraph, found in headings.items()}


def test_the_pdf_outline_bookmarks_the_headings_and_every_section_the_plan_reader_finds():
    # A document the reader finds fewer than three sections in keeps its ordinary outline. A
    # section first met in a label cell (an area-of-need table) is marked there, once.
    from fixtures.councils import all_fixtures

    sources = [path.read_bytes() for path in
               sorted(SAMPLES.glob("plans/*.docx")) + sorted(WILD.glob("*.docx")) + sorted(WC_PAIRS.glob("*.docx"))]
    sources += [built.docx for built in all_fixtures()]
    compared, differing = 0, []
    for number, data in enumerate(sources):
        try:
            package = open_package(data)
            document = read_plan_document(package, require_sections=False)
        except EhcpDocsError:
            continue  # unreadable files are test_corpus's business
        part = package.styles_part()
        outline = section_headings(package.xml(package.main_part), package.xml(part) if part else None)
        is_plan = len(document.plan.sections) >= 3
        expected = _heading_paths(document.headings if is_plan else {})
        found = _heading_paths(outline)
        compared += 1
        headings_kept = all(found.get(path) == mark for path, mark in expected.items())
        letters = {letter for letter, _title in outline.values()}
        # ('H' can head H1 and H2 and own nothing itself: its heading stays in the outline.)
        # Labels count when headings name three sections or more (else a form listing changes
        # by section in a table would read as a plan): then every section is in the outline.
        headed = {letter for letter, _title in document.headings.values()}
        if not is_plan:
            every_section = not letters
        elif len(headed) >= 3:
            every_section = letters >= set(document.plan.sections)
        else:
            every_section = found == expected
        extras = [found[path][0] for path in found if path not in expected]
        if not (headings_kept and every_section and len(extras) == len(set(extras))):
            differing.append(number)
    assert compared >= 110
    assert differing == []


def test_the_pdf_outline_reads_title_rows_and_nested_tables_as_the_reader_does():
    document = docx.Document()
    document.add_paragraph("Education, Health and Care Plan")
    table = document.add_table(rows=4, cols=2)
    table.cell(0, 0).text = "Section A: The views, interests and aspirations of the child"
    table.cell(1, 0).text = "Zoë enjoys drawing."
    table.cell(1, 1).text = "She wants to be a vet."
    table.cell(2, 0).text = "Section B: Special educational needs"
    table.cell(2, 1).text = "Not a title row: its second cell has text"
    table.cell(3, 0).text = "Section C: Health needs"
    outer = document.add_table(rows=2, cols=1)
    inner = outer.cell(1, 0).add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "Section D: Social care needs"
    inner.cell(1, 0).text = "None known."
    outer.cell(0, 0).text = "Section E: Outcomes"
    package = open_package(docx_bytes(document))
    reader = read_plan_document(package, require_sections=False)
    part = package.styles_part()
    quick = section_headings(package.xml(package.main_part), package.xml(part) if part else None)
    assert sorted(letter for letter, _title in reader.headings.values()) == ["A", "C", "D", "E"]
    # B's row is labelled, not headed: the outline marks B at its label cell.
    labelled = {path: mark for path, mark in _heading_paths(quick).items() if path not in _heading_paths(reader.headings)}
    assert list(labelled.values()) == [("B", "Special educational needs")]
    assert {path: mark for path, mark in _heading_paths(quick).items() if path not in labelled} == _heading_paths(reader.headings)
