"""The words of headings and labels, on their own."""

from __future__ import annotations

import pytest

from ehcpdocs.reader.grammar import (
    is_end_matter, is_group_title, is_profile_title, label_letter, parse_heading, statutory_h, strip_page_number,
    title_fits,
)


@pytest.mark.parametrize("text, section, title, explicit, bare", [
    ("Section A: Views, interests and aspirations", "A", "Views, interests and aspirations", True, False),
    ("Section A – Views", "A", "Views", True, False),
    ("SECTION B – SPECIAL EDUCATIONAL NEEDS", "B", "SPECIAL EDUCATIONAL NEEDS", True, False),
    ("A. Views, interests", "A", "Views, interests", False, False),
    ("A - Views", "A", "Views", False, False),
    ("(A) My views", "A", "My views", False, False),
    ("A) My views", "A", "My views", False, False),
    ("Part A: All about me", "A", "All about me", True, False),
    ("Part A", "A", "", True, True),
    ("Section A", "A", "", True, True),
    ("(K) ADVICE AND INFORMATION", "K", "ADVICE AND INFORMATION", False, False),
    ("1. Section A: Views", "A", "Views", True, False),
    ("Views and aspirations (Section A)", "A", "Views and aspirations", True, False),
    ("1.3 About me – my views (Section A)", "A", "1.3 About me – my views", True, False),
    ("E Outcomes", "E", "Outcomes", False, False),
])
def test_section_headings_as_councils_write_them(text, section, title, explicit, bare):
    heading = parse_heading(text)
    assert heading is not None
    assert (heading.section, heading.title, heading.explicit, heading.bare) == (section, title, explicit, bare)


@pytest.mark.parametrize("text, section", [
    ("H1", "H1"), ("H 1", "H1"), ("H1: Social care provision", "H1"), ("H(i)", "H1"), ("H (i) Social care", "H1"),
    ("H i: Social care provision", "H1"), ("Hi", "H1"), ("Hi: Social care provision", "H1"),
    ("H2", "H2"), ("H 2 Other social care provision", "H2"), ("H(ii)", "H2"), ("H ii: Other", "H2"),
    ("Hii", "H2"), ("Hii – Other social care", "H2"), ("Section H(ii)", "H2"), ("Section H1", "H1"),
    ("H1 Social care provision under section 2 of the CSDPA", "H1"), ("Section H", "H"),
])
def test_h1_and_h2_are_told_apart_however_they_are_written(text, section):
    assert parse_heading(text).section == section


@pytest.mark.parametrize("text", [
    "Hi there", "I like trains.", "A and B", "Sections B, E and F: Needs", "Cognition and learning",
    "Part 2: Needs", "A i", "B(ii)", "A 1 reading", "(A", "",
])
def test_lines_that_are_not_one_section_heading(text):
    assert parse_heading(text) is None


def test_sub_parts_keep_their_letter():
    heading = parse_heading("A2: My views")
    assert (heading.letter, heading.sub, heading.section) == ("A", "2", "A")


@pytest.mark.parametrize("text, part", [
    ("Provision which must be made under section 2 of the Chronically Sick and Disabled Persons Act 1970", "H1"),
    ("Social care provision under section 2 of the CSDPA", "H1"),
    ("Other social care provision reasonably required", "H2"),
    ("Any other social care provision", "H2"),
    ("Social care needs", None),
])
def test_statutory_wording_of_h1_and_h2(text, part):
    assert statutory_h(text) == part


@pytest.mark.parametrize("section, title, fits", [
    ("A", "All about me", True), ("B", "My special educational needs", True), ("E", "What we want to achieve", False),
    ("E", "Outcomes", True), ("H1", "Chronically Sick and Disabled Persons Act", True), ("K", "Appendices", True),
    ("C", "Placement", False), ("F", "", True),
])
def test_titles_that_read_like_their_section(section, title, fits):
    assert title_fits(section, title) is fits


@pytest.mark.parametrize("text, letter", [
    ("Needs (Section B)", "B"), ("Provision (Section F)", "F"), ("F", "F"), ("B:", "B"), ("Section H(ii)", "H2"),
    ("Hii", "H2"), ("Section H2 social care", "H2"), ("K1", None), ("Speech therapy weekly", None),
    ("Sections B, E and F", None),
])
def test_labels_naming_a_section(text, letter):
    assert label_letter(text) == letter


@pytest.mark.parametrize("text", [
    "Part 2: Needs", "Part Two", "Provision", "Resources", "Strengths, Difficulties and Outcomes",
    "Sections B, E and F: needs, outcomes and provision", "Cognition & Learning: outcomes and provision",
])
def test_group_titles(text):
    assert is_group_title(text)


@pytest.mark.parametrize("text", ["Part A", "Special educational provision", "Needs of the child and family"])
def test_not_group_titles(text):
    assert not is_group_title(text)


def test_profile_titles_and_end_matter():
    assert is_profile_title("One page profile") and is_profile_title("This is me") and is_profile_title("All about me")
    assert not is_profile_title("About me and my family")
    assert is_end_matter("Signed on behalf of the Local Authority") and is_end_matter("Signature:")
    assert is_end_matter("Distribution list") and not is_end_matter("Signs of anxiety include")


@pytest.mark.parametrize("text, rest, paged", [
    ("Section A  Views, interests ....... 3", "Section A  Views, interests", True),
    ("Section A Views\t3", "Section A Views", True),
    ("Section B … 12", "Section B", True),
    ("Needs 15 minutes", "Needs 15 minutes", False),
    ("Reads at 7", "Reads at 7", False),
])
def test_contents_lines_lose_their_page_numbers(text, rest, paged):
    assert strip_page_number(text) == (rest, paged)
