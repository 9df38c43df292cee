"""The child's details, in every shape councils write them, and the identity check."""

from __future__ import annotations

from datetime import date

import pytest

from ehcpdocs.amend.identity import check_identity, name_matches
from ehcpdocs.errors import IdentityUnprovenError, PlanMismatchError
from ehcpdocs.model.plan import PlanDetails
from ehcpdocs.model.review import load_review
from ehcpdocs.reader.details import detail_field, find_details, split_labelled_line

from streams import cell, p, stream, table

DOB = date(2015, 4, 3)


def details_of(*content, margins=()):
    return find_details(stream(*content), [stream(*margin) for margin in margins], set())


@pytest.mark.parametrize("label, kind", [
    ("Name", "name"), ("Child's full name", "name"), ("Full name", "name"), ("First name(s)", "given_names"),
    ("Forename(s):", "given_names"), ("Given names", "given_names"), ("Other Names", "given_names"),
    ("Middle name", "middle_names"), ("Surname", "family_name"), ("Family name", "family_name"),
    ("Title & Surname", "title_surname"), ("Known as", "preferred_name"), ("Preferred name", "preferred_name"),
    ("I like to be known as", "preferred_name"), ("Date of birth", "date_of_birth"), ("D.O.B.", "date_of_birth"),
    ("DOB", "date_of_birth"), ("EHCP reference number", "reference"), ("SENAR reference", "reference"),
    ("Plan number", "reference"), ("EHC Plan Ref No", "reference"),
    ("NHS number", None), ("UPN", None), ("Name of school", None), ("Parent/carer name", None),
    ("Mother's date of birth", None), ("Social care reference", None), ("Name and role", None),
    ("Plan page number", None),
])
def test_labels(label, kind):
    assert detail_field(label) == kind


def test_a_details_table_with_label_and_value_side_by_side():
    found = details_of(table(["Forename(s)", "Amelia Rose"], ["Surname", "Hart"], ["Date of birth", "03/04/2015"],
                             ["EHCP number", "TST-1"]))
    assert (found.first_name, found.last_name, found.name, found.date_of_birth, found.reference) == (
        "Amelia Rose", "Hart", "Amelia Rose Hart", DOB, "TST-1")


def test_several_pairs_in_one_row_and_title_and_surname():
    found = details_of(table(["Title & Surname", "Miss Hart", "Date of birth", "3 Apr 2015"],
                             ["Forename(s)", "Amelia", "Known as", "Millie"]))
    assert (found.first_name, found.last_name, found.preferred_name, found.date_of_birth) == ("Amelia", "Hart", "Millie", DOB)


def test_a_columnar_table_with_labels_above_values():
    found = details_of(table(["Surname", "First name(s)", "Preferred name", "Date of birth", "EHC Plan number"],
                             ["Hart", "Amelia Rose", "Rose", "3rd April 2015", "TST-2"]))
    assert (found.first_name, found.last_name, found.preferred_name, found.date_of_birth, found.reference) == (
        "Amelia Rose", "Hart", "Rose", DOB, "TST-2")


def test_parents_tables_and_column_headings_are_not_the_child():
    found = details_of(
        p("Parent/carer details", bold=True), table(["Name", "Joanne Hart"], ["Date of birth", "01/01/1985"]),
        p("These people helped me to write this plan:"), table(["Name", "Role", "Service"], ["Dr Okafor", "EP", "EPS"]),
        table(["Child's name", "Amelia Hart"], ["Date of birth", "2015-04-03"]),
    )
    assert (found.name, found.date_of_birth) == ("Amelia Hart", DOB)


def test_details_on_one_line_in_the_page_header():
    found = details_of(p("Section A: Views"), margins=[[p("Name: Amelia Hart   DOB: 03.04.2015   Ref: TST-3")]])
    assert (found.name, found.date_of_birth, found.reference) == ("Amelia Hart", DOB, "TST-3")


@pytest.mark.parametrize("line, pairs", [
    ("Name: Amelia Hart DOB: 03.04.2015 Ref: TST-3", [("Name", "Amelia Hart"), ("DOB", "03.04.2015"), ("Ref", "TST-3")]),
    ("Child's name: Amelia Hart | Date of birth: 3 April 2015", [("Child's name", "Amelia Hart"), ("Date of birth", "3 April 2015")]),
])
def test_labelled_lines(line, pairs):
    assert split_labelled_line(line) == pairs


def test_phrases_my_name_is_and_a_reference_in_the_footer():
    found = details_of(p("My name is Ruby-Mae Okafor"), p("I like to be known as Ruby"),
                       table(["Date of birth", "7/3/17"]),
                       margins=[[p("Ruby-Mae Okafor – Education, Health and Care Plan – EHCP ref PCC-EHCP-0042")]])
    assert (found.name, found.preferred_name, found.date_of_birth, found.reference) == (
        "Ruby-Mae Okafor", "Ruby", date(2017, 3, 7), "PCC-EHCP-0042")


def test_two_different_dates_of_birth_are_a_problem_the_same_one_twice_is_not():
    same = details_of(table(["Name", "Amelia Hart"], ["Date of birth", "03/04/2015"]),
                      margins=[[p("DOB: 3rd April 2015")]])
    assert same.problems == []
    differ = details_of(table(["Name", "Amelia Hart"], ["Date of birth", "03/04/2015"]),
                        margins=[[p("DOB: 04/03/2015")]])
    assert differ.problems and "two different dates of birth" in differ.problems[0]


def review(first="Amelia", last="Hart", dob="2015-04-03", plan_id="TST-1"):
    return load_review({"plan_id": plan_id, "child": {"first_name": first, "last_name": last, "date_of_birth": dob},
                        "review": {"meeting_date": "2026-10-12", "reasons": []}, "amendments": []})


def plan_details(**fields):
    values = {"first_name": "Amelia Rose", "last_name": "Hart", "date_of_birth": DOB,
              "date_of_birth_text": "03/04/2015", "reference": "TST-1"}
    values.update(fields)
    if "name" not in values:
        values["name"] = " ".join(x for x in (values["first_name"], values["last_name"]) if x)
    return PlanDetails(**values)


@pytest.mark.parametrize("first, last", [
    ("Amelia", "Hart"), ("AMELIA", "hart"), ("Amelia Rose", "Hart"), ("Amelia Rose Jane", "Hart"), ("Amélia", "Hart"),
])
def test_names_match_ignoring_case_accents_and_middle_names(first, last):
    check_identity(plan_details(), review(first, last))


def test_hyphens_and_spaces_in_family_names_match():
    check_identity(plan_details(last_name="Whitlock-Hart"), review("Amelia", "Whitlock Hart"))
    check_identity(plan_details(last_name="O'Connell"), review("Amelia", "OConnell"))


@pytest.mark.parametrize("written", ["Amelia Rose Hart", "HART, Amelia", "HART Amelia Rose", "Miss Amelia Hart"])
def test_a_full_name_matches_either_way_round(written):
    from ehcpdocs.reader.details import strip_titles

    assert name_matches(PlanDetails(name=strip_titles(written)), "Amelia", "Hart")


@pytest.mark.parametrize("first, last, dob, field", [
    ("Barnaby", "Hart", "2015-04-03", "first_name"),
    ("Amelia", "Harte", "2015-04-03", "last_name"),
    ("Amelia", "Hart", "2015-03-04", "date_of_birth"),
])
def test_another_childs_review_is_refused(first, last, dob, field):
    with pytest.raises(PlanMismatchError) as raised:
        check_identity(plan_details(), review(first, last, dob))
    assert raised.value.field == field
    assert "Barnaby" not in str(raised.value) and "Harte" not in str(raised.value)


@pytest.mark.parametrize("missing, field", [
    ({"date_of_birth": None, "date_of_birth_text": None}, "date_of_birth"),
    ({"date_of_birth": None, "date_of_birth_text": "the third of April"}, "date_of_birth"),
    ({"first_name": None, "last_name": None, "name": None}, "name"),
])
def test_details_that_cannot_be_read_fail_closed(missing, field):
    with pytest.raises(IdentityUnprovenError) as raised:
        check_identity(plan_details(**missing), review())
    assert raised.value.field == field
    assert "--no-identity-check" in str(raised.value)


def test_two_dates_of_birth_fail_closed():
    details = plan_details()
    details.problems.append("the plan gives two different dates of birth (table 1, row 2 and page header or footer)")
    with pytest.raises(IdentityUnprovenError, match="two different dates of birth"):
        check_identity(details, review())
