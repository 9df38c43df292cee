"""Layout profiles: validated, matched, applied, suggested."""

from __future__ import annotations

import pytest
import yaml

from ehcpdocs.errors import LayoutProfileError
from ehcpdocs.model.plan import Plan, PlanDetails
from ehcpdocs.reader import read_stream
from ehcpdocs.reader.profiles import Pattern, load_profile, shipped_layouts, suggest_profile

from streams import owners, p, stream, table


def test_patterns_match_whole_words_at_the_start_case_and_quotes_ignored():
    pattern = Pattern("All about me")
    assert pattern.matches("ALL ABOUT ME:") and pattern.matches("All about me – Zoë") and pattern.matches("All  about me")
    assert not pattern.matches("All about meals") and not pattern.matches("This is all about me")
    assert Pattern("re:^support (needed|required)").matches("Support needed in school")
    assert Pattern("What’s important").matches("What's important to me")


def test_a_profile_reads_a_template_with_no_section_letters():
    profile = load_profile({
        "name": "Anyshire", "builtin": False,
        "sections": {"A": ["All about me"], "B": ["My needs"], "F": ["Support I need"]},
        "ignore": ["Our promise to you"], "details": {"date_of_birth": ["Birthday"], "given_names": ["Called"]},
    })
    s = stream(p("All about me", bold=True), p("I like trains."), p("My needs", bold=True), p("I read slowly."),
               p("Our promise to you", bold=True), p("We will listen."),
               table(["Support I need", "Daily reading with an adult."]), table(["Birthday", "3 April 2015"]))
    reading = read_stream(s, profile=profile)
    assert owners(s, reading) == {
        "All about me": None, "I like trains.": "A", "My needs": None, "I read slowly.": "B",
        "Our promise to you": None, "We will listen.": None, "Support I need": None,
        "Daily reading with an adult.": "F", "Birthday": None, "3 April 2015": None}
    assert str(reading.details.date_of_birth) == "2015-04-03"


@pytest.mark.parametrize("data, problem", [
    ({"sections": {"Z": ["x"]}}, "unknown section 'Z'"),
    ({"sections": {"A": [""]}}, "non-empty"),
    ({"sections": {"A": ["re:(unclosed"]}}, "not a valid regular expression"),
    ({"details": {"shoe_size": ["x"]}}, "unknown detail"),
    ({"colour": "blue"}, "colour"),
    ({"builtin": "perhaps"}, "builtin"),
])
def test_a_bad_profile_is_one_clear_error_listing_the_problem(data, problem):
    with pytest.raises(LayoutProfileError, match="invalid layout profile") as raised:
        load_profile(data)
    assert problem in str(raised.value)


def test_profile_files_bad_yaml_and_missing_files(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sections: [unclosed", encoding="utf-8")
    with pytest.raises(LayoutProfileError, match="bad.yaml: the profile is not valid YAML at line 1"):
        load_profile(bad)
    with pytest.raises(LayoutProfileError, match="no such layout profile"):
        load_profile(tmp_path / "missing.yaml")
    good = tmp_path / "good.yaml"
    good.write_text("name: Mine\nsections:\n  A: [All about me]\n", encoding="utf-8")
    assert load_profile(good).sections == {"A": ["All about me"]}


def test_every_shipped_profile_loads():
    shipped = shipped_layouts()
    assert len(shipped) >= 10
    for name in shipped:
        assert load_profile(name).name


def test_a_suggested_profile_loads_and_reads_the_plan_the_same(tmp_path):
    s = stream(p("Contents"), p("Section A Views ....... 2"), p("Section A: Views", bold=True), p("I like trains."),
               p("Part 2: Needs", bold=True), p("Section B: Special educational needs", bold=True), p("Reads slowly."),
               table(["Child's name", "Amelia Hart"], ["Date of birth", "3 April 2015"]))
    reading = read_stream(s)
    plan = Plan(sections=reading.sections, details=reading.details, headings=reading.found, set_aside=reading.set_aside)
    text = suggest_profile(plan, "Anyshire")
    profile = load_profile(yaml.safe_load(text))
    assert profile.sections == {"A": ["Section A: Views"], "B": ["Section B: Special educational needs"]}
    assert profile.ignore == ["Part 2"]
    assert profile.details == {"name": ["Child's name"], "date_of_birth": ["Date of birth"]}
    assert "Amelia" not in text and "Hart" not in text
    assert owners(s, read_stream(s, profile=profile)) == owners(s, reading)
