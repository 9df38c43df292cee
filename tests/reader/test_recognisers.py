"""Each recogniser of the reader on a block stream written by hand: contents lists, headings,
boundaries, and the walk that assigns sections."""

from __future__ import annotations

from ehcpdocs.reader import read_stream
from ehcpdocs.reader.boundaries import END, GROUP, PROFILE, find_boundaries
from ehcpdocs.reader.contents import find_contents
from ehcpdocs.reader.headings import find_headings

from streams import cell, h, owners, p, stream, table, texts_of

LETTERS = ["A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K"]


def body_sections(*letters, bold=False):
    """Headings and one paragraph for each letter."""
    out = []
    for letter in letters:
        out.append(p(f"Section {letter}: Title of {letter}", bold=True) if bold else h(f"Section {letter}: Title of {letter}"))
        out.append(p(f"Content of section {letter}."))
    return out


# -- contents ---------------------------------------------------------------------------------

def test_a_toc_field_and_toc_styles_are_contents():
    s = stream(p("Contents", bold=True), p("Section A Views\t3", toc=True), p("Section B Needs\t4", toc=True),
               *body_sections("A", "B"))
    found = find_contents(s)
    assert texts_of(s, found.blocks) == ["Contents", "Section A Views\t3", "Section B Needs\t4"]


def test_lines_with_dot_leaders_and_page_numbers_are_contents():
    s = stream(p("Section A Views ........ 3"), p("Section B Needs ........ 5"), p("Total hours 25"),
               *body_sections("A", "B"))
    assert texts_of(s, find_contents(s).blocks) == ["Section A Views ........ 3", "Section B Needs ........ 5"]


def test_a_plain_list_of_sections_named_again_later_is_contents():
    listing = [p(f"Section {letter}: Title of {letter}") for letter in "ABCD"]
    s = stream(*listing, *body_sections("A", "B", "C", "D"))
    assert len(find_contents(s).blocks) == 4


def test_consecutive_headings_not_named_again_are_not_contents():
    s = stream(h("Section H1: Social care provision under the CSDPA"), h("Section H2: Other social care provision"),
               h("Section I: Placement"), p("Brookfield School."))
    assert find_contents(s).blocks == set()


def test_a_table_listing_the_sections_is_contents():
    listing = table(["Section label", "What the section must include"],
                    *[[f"SECTION {letter}", f"The {word} of the child."] for letter, word in
                      (("A", "views"), ("B", "special educational needs"), ("C", "health needs"))])
    s = stream(listing, *body_sections("A", "B", "C"))
    found = find_contents(s)
    assert found.tables == {1}


def test_area_of_need_tables_repeating_letters_are_not_contents():
    def area(name):
        return table([cell(name, span=2)], ["Outcome (Section E)", f"{name}: by July 2027 she will read a book."],
                     ["Needs (Section B)", f"{name}: she reads slowly."], ["Provision (Section F)", f"{name}: daily reading."])
    s = stream(area("Communication"), area("Learning"), area("Sensory"))
    assert find_contents(s).tables == set()


# -- headings ---------------------------------------------------------------------------------

def test_headings_need_the_word_section_or_emphasis_and_a_fitting_title():
    s = stream(p("A. Reading is hard for her."), p("A. Views and aspirations", bold=True), p("B. Trains", bold=True),
               p("Section C: Health needs"))
    found = find_headings(s, set())
    assert sorted((heading.section, s.blocks[index].text) for index, heading in found.accepted.items()) == [
        ("A", "A. Views and aspirations"), ("C", "Section C: Health needs")]
    reasons = {item.text: item.reason for item in found.rejected}
    assert "not set out as a heading" in reasons["A. Reading is hard for her."]
    assert "does not read like Section B" in reasons["B. Trains"]


def test_a_heading_style_convention_beats_a_bold_line():
    s = stream(*body_sections("A", "B", "C", "D"), p("E. Outcomes for the family", bold=True))
    found = find_headings(s, set())
    assert "E" not in {heading.section for heading in found.accepted.values()}
    assert any("heading styles" in item.reason for item in found.rejected)


def test_a_bare_label_takes_the_next_line_or_cell_as_its_title():
    s = stream(p("Section A", bold=True), p("My Profile", bold=True), p("I like trains."),
               table([cell("Section B", shaded=True), cell("My special educational needs")], ["I read slowly.", ""]))
    found = find_headings(s, set())
    titles = {heading.section: (heading.title, texts_of(s, heading.title_blocks)) for heading in found.accepted.values()}
    assert titles == {"A": ("My Profile", ["My Profile"]), "B": ("My special educational needs", ["My special educational needs"])}


def test_contents_entries_never_start_a_section():
    s = stream(p("Section A Views\t3", toc=True), h("Section A: Views"))
    found = find_headings(s, find_contents(s).blocks)
    assert [s.blocks[index].text for index in found.accepted] == ["Section A: Views"]


# -- boundaries -------------------------------------------------------------------------------

def test_group_titles_profile_pages_and_end_matter():
    s = stream(p("This is me", bold=True), p("I love horses."), *body_sections("A", "B", "C"),
               p("Part 2: Needs", bold=True), p("Strengths, Difficulties and Outcomes", bold=True),
               p("Signed on behalf of the council:"), p("Provision"))
    headings = find_headings(s, set())
    found = find_boundaries(s, headings, set())
    assert {s.blocks[index].text: kind for index, kind in found.items()} == {
        "This is me": PROFILE, "Part 2: Needs": GROUP, "Strengths, Difficulties and Outcomes": GROUP,
        "Signed on behalf of the council:": END}


def test_a_heading_above_the_section_headings_level_is_a_group_title():
    s = stream(*[h(f"Section {x}: Title of {x}", level=1) for x in "ABC"], h("Where I am now", level=0),
               h("More about me", level=1))
    found = find_boundaries(s, find_headings(s, set()), set())
    assert {s.blocks[index].text: kind for index, kind in found.items()} == {"Where I am now": GROUP}


# -- the walk ---------------------------------------------------------------------------------

def test_front_matter_contents_groups_and_end_matter_belong_to_no_section():
    s = stream(
        p("Education, Health and Care Plan", level=0, style="Title"),
        p("Contents", bold=True), p("Section A Views ........ 2"), p("Section B Needs ........ 3"),
        p("One page profile", bold=True), p("What people like about me: kind."),
        h("Section A: Views"), p("I like trains."),
        h("Part 2: Needs and provision", level=0),
        h("Section B: Special educational needs", level=1), p("She reads slowly."),
        p("Signed on behalf of the council"), p("A. Officer, 1 May 2026"),
    )
    assert owners(s, read_stream(s)) == {
        "Education, Health and Care Plan": None, "Contents": None, "Section A Views ........ 2": None,
        "Section B Needs ........ 3": None, "One page profile": None, "What people like about me: kind.": None,
        "Section A: Views": None, "I like trains.": "A", "Part 2: Needs and provision": None,
        "Section B: Special educational needs": None, "She reads slowly.": "B",
        "Signed on behalf of the council": None, "A. Officer, 1 May 2026": None,
    }


def test_sub_parts_and_sub_headings_directly_under_a_heading_stay_in_the_section():
    s = stream(h("Section A: All about me"), p("All about me", bold=True), p("I like trains."),
               p("A2 My views", bold=True), p("School is noisy."), h("Section B: Needs"), p("Reading."))
    assert owners(s, read_stream(s)) == {
        "Section A: All about me": None, "All about me": "A", "I like trains.": "A", "A2 My views": "A",
        "School is noisy.": "A", "Section B: Needs": None, "Reading.": "B"}


def test_section_h_block_with_sub_headings_written_every_way():
    for h1, h2 in (("H i:", "H ii:"), ("H(i)", "H(ii)"), ("Hi", "Hii"), ("H 1", "H 2"), ("H1", "H2"),
                   ("Provision which must be made under section 2 of the Chronically Sick and Disabled Persons Act 1970",
                    "Other social care provision reasonably required")):
        s = stream(h("Section H: Social care provision"), p(h1, bold=True), p("Short breaks."),
                   p(h2, bold=True), p("Family support."), h("Section I: Placement"), p("Brookfield."))
        reading = read_stream(s)
        assert owners(s, reading)["Short breaks."] == "H1", h1
        assert owners(s, reading)["Family support."] == "H2", h2
        assert "H" not in reading.sections


def test_area_of_need_tables_and_their_titles():
    s = stream(p("Sections B, E and F: needs, outcomes and provision", bold=True),
               table([cell("Communication and interaction", shaded=True, span=2)], ["Strengths", "She chats."],
                     ["Needs (Section B)", "She finds groups hard."], ["Outcomes (Section E)", "Join a group."],
                     ["Provision (Section F)", "Weekly group."]),
               h("Section C: Health needs"), p("Asthma."))
    assert owners(s, read_stream(s)) == {
        "Sections B, E and F: needs, outcomes and provision": None, "Communication and interaction": None,
        "Strengths": "B", "She chats.": "B", "Needs (Section B)": None, "She finds groups hard.": "B",
        "Outcomes (Section E)": None, "Join a group.": "E", "Provision (Section F)": None, "Weekly group.": "F",
        "Section C: Health needs": None, "Asthma.": "C"}


def test_one_cell_title_boxes_hold_their_section():
    s = stream(table([cell(p("Section A: Views", bold=True), "I like trains.", "I want to be a vet.")]),
               table([cell("Section B – Special educational needs", shaded=True)], ["Learning", "Reads slowly."]))
    assert owners(s, read_stream(s)) == {
        "Section A: Views": None, "I like trains.": "A", "I want to be a vet.": "A",
        "Section B – Special educational needs": None, "Learning": "B", "Reads slowly.": "B"}


def test_a_section_repeated_in_several_places_gathers_them_all():
    s = stream(h("Section F: Provision for communication"), p("Speech therapy weekly."),
               h("Section B: Needs"), p("Reads slowly."),
               h("Section F: Provision for learning"), p("Reading daily."))
    reading = read_stream(s)
    assert [place.text for place in reading.sections["F"].places] == ["Speech therapy weekly.", "Reading daily."]


def test_confidence_and_what_was_set_aside():
    complete = stream(*body_sections(*LETTERS))
    reading = read_stream(complete)
    assert reading.confidence == "high"
    partial = stream(*body_sections("A", "B", "C"), p("D. Trains", bold=True))
    reading = read_stream(partial)
    assert reading.confidence == "low"
    assert any(item.text == "D. Trains" and item.reason.startswith("not used") for item in reading.set_aside)
