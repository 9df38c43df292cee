"""Review, Annex 2 and referral data that cannot be used is a ReviewDataError naming its JSON path:
control characters, lone surrogates, deep nesting, NaN and Infinity, huge numbers, unknown ops
and sections, dates out of range or in the wrong order. Never a RecursionError, ValueError or
OverflowError."""

from __future__ import annotations

import json
from datetime import date

import pytest

from builders import sample_review
from ehcpdocs.errors import ReviewDataError
from ehcpdocs.forms import render_annex2, render_referral
from ehcpdocs.forms.dates import referral_return_by, review_dates, transfer_deadline
from ehcpdocs.model.referral import load_referral
from ehcpdocs.model.review import load_review
from ehcpdocs.model.schoolyear import national_curriculum_year, school_year_start
from forms.formhelpers import REFERRALS, complete_referral, full_review


def problems(source, loader=load_review) -> dict[str, str]:
    with pytest.raises(ReviewDataError) as caught:
        loader(source)
    assert len(str(caught.value)) <= 300
    return dict(caught.value.problems)


def review() -> dict:
    return sample_review("LCC-EHCP-1001")


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\ud800", "\udfff", "\ufffe", "\uffff"])
def test_control_characters_and_surrogates_in_new_text_name_the_amendment(char):
    data = review()
    data["amendments"][3]["new"] = f"Sleep has improved{char} a lot."
    found = problems(data)
    assert list(found) == ["$.amendments[3].new"]
    expected = "surrogate" if "\ud800" <= char <= "\udfff" else f"U+{ord(char):04X}"
    assert expected in found["$.amendments[3].new"]


def test_every_text_field_is_checked():
    data = review()
    data["amendments"][0]["old"] = "a\x01b"
    data["child"]["first_name"] = "Zo\x08ë"
    data["review"]["evidence"][1] = "report\x00"
    data["amendments"].append({"op": "add_row", "section": "F", "after": "x", "cells": ["ok", "bad\x02"]})
    found = problems(data)
    assert {"$.amendments[0].old", "$.child.first_name", "$.review.evidence[1]",
            f"$.amendments[{len(data['amendments']) - 1}].cells[1]"} <= set(found)


def test_tab_and_line_breaks_are_allowed():
    data = review()
    data["amendments"][3]["new"] = "One\tcolumn\nnext line\r\nWindows line\rold Mac line"
    assert load_review(data).amendments[3].new.startswith("One\tcolumn")


@pytest.mark.parametrize("text", ["[" * 100_000, '{"plan_id": ' + "[" * 100_000, '{"a": ' * 50_000])
def test_deeply_nested_json_is_refused(text, tmp_path):
    for source in (text, text.encode(), ):
        assert problems_or_message(source)
    path = tmp_path / "deep.json"
    path.write_text(text)
    assert "nested too deeply" in problems_or_message(path)
    if text.startswith("[" * 10):
        yaml_path = tmp_path / "deep.yaml"
        yaml_path.write_text(text)
        assert problems_or_message(yaml_path)


def problems_or_message(source) -> str:
    with pytest.raises(ReviewDataError) as caught:
        load_review(source)
    return str(caught.value)


def test_deeply_nested_python_data_is_refused():
    deep = []
    for _ in range(100_000):
        deep = [deep]
    data = review()
    data["review"]["evidence"] = deep
    assert "$.review.evidence[0]" in problems(data)
    loop = {}
    loop["loop"] = loop
    data = review()
    data["child"] = loop
    assert "$.child.loop" in problems(data)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e999", "9" * 5000, "1" + "0" * 400])
def test_nan_infinity_and_huge_numbers(value):
    text = json.dumps(review()).replace('"year_group": 6', f'"year_group": {value}')
    assert "year_group" in text
    with pytest.raises(ReviewDataError) as caught:
        load_review(text)
    found = dict(caught.value.problems)
    assert found == {} or set(found) == {"$.review.year_group"}
    assert len(str(caught.value)) <= 300


@pytest.mark.parametrize("field, value", [("percentage", float("nan")), ("days_excluded", float("inf")),
                                           ("fixed_term_exclusions", 10**400)])
def test_annex2_numbers(field, value):
    data = full_review()
    data["attendance"][field] = value
    assert f"$.attendance.{field}" in problems(data, render_annex2)


def test_unknown_ops_and_sections_name_their_path():
    data = review()
    data["amendments"][1]["op"] = "frobnicate" * 1000
    data["amendments"][2]["section"] = "Section Z"
    del data["amendments"][4]["op"]
    found = problems(data)
    assert "is not one of" in found["$.amendments[1]"] and len(found["$.amendments[1]"]) < 200
    assert "$.amendments[2].section" in found
    assert "has no op" in found["$.amendments[4]"]


@pytest.mark.parametrize("field, value", [
    ("meeting_date", "0001-01-01"), ("meeting_date", "9999-12-31"), ("meeting_date", "1899-12-31"),
    ("meeting_date", "2200-01-01"),
])
def test_meeting_dates_out_of_range(field, value):
    data = review()
    data["review"][field] = value
    assert "must be between" in problems(data)[f"$.review.{field}"]


def test_dates_of_birth_after_the_meeting_and_out_of_range():
    data = review()
    data["child"]["date_of_birth"] = "2027-01-01"
    assert "after the review meeting" in problems(data)["$.child.date_of_birth"]
    data["child"]["date_of_birth"] = "0001-01-01"
    assert "must be between" in problems(data)["$.child.date_of_birth"]
    data = review()
    data["notice_date"] = "9999-12-31"
    assert "$.notice_date" in problems(data)


def test_the_date_range_edges_still_give_every_due_date():
    for meeting, born in ((date(2199, 12, 31), date(2188, 1, 1)), (date(1900, 1, 1), date(1900, 1, 1))):
        dates = review_dates(meeting, 6, amending=True)
        assert dates.final_plan_due > meeting and dates.transfer_deadline is not None
        national_curriculum_year(born, meeting)
    data = full_review()
    data["review"]["meeting_date"] = "2199-12-31"
    data["notice_date"] = "2199-12-31"
    data["child"]["date_of_birth"] = "2188-09-01"
    data["review"]["year_group"] = 6
    assert render_annex2(data).docx


def test_the_calendar_helpers_never_overflow():
    assert national_curriculum_year(date(9999, 12, 31), date(1, 1, 1)) < 0
    assert national_curriculum_year(date(1, 1, 1), date(9999, 12, 31)) > 14
    with pytest.raises(ReviewDataError):
        review_dates(date(9999, 12, 31), 6, amending=True)
    with pytest.raises(ReviewDataError):
        transfer_deadline(6, date(9999, 10, 1))
    with pytest.raises(ReviewDataError):
        referral_return_by(date(9999, 12, 1))
    with pytest.raises(ValueError, match="before year 1"):
        school_year_start(date(1, 1, 1))


def referral_problems(data) -> dict[str, str]:
    with pytest.raises(ReviewDataError) as caught:
        render_referral(data, base_dir=REFERRALS)
    assert len(str(caught.value)) <= 300
    return dict(caught.value.problems)


def test_referral_text_and_dates():
    data = complete_referral()
    data["information"]["reason"] = "needs\x1bhelp"
    data["child"]["address"] = "1 Street\ud800"
    data["permissions"]["consent_date"] = "0001-01-01"
    with pytest.raises(ReviewDataError) as caught:
        render_referral(data, base_dir=REFERRALS)
    listed = caught.value.problems
    found = dict(listed)
    assert "U+001B" in found["$.information.reason"]
    assert "surrogate" in found["$.child.address"]
    assert "must be between" in found["$.permissions.consent_date"]
    assert [path for path, _ in listed].count("$.information.reason") == 1, "reported once"
    data = complete_referral()
    data["submitted"] = "2026-11-02"
    data["child"]["date_of_birth"] = "2027-03-14"
    assert "after the date of submission" in referral_problems(data)["$.child.date_of_birth"]


def test_referral_born_after_today_when_not_submitted():
    data = complete_referral()
    del data["submitted"]
    data["child"]["date_of_birth"] = "2030-01-01"
    with pytest.raises(ReviewDataError) as caught:
        render_referral(data, base_dir=REFERRALS, today=date(2026, 11, 2))
    assert "$.child.date_of_birth" in dict(caught.value.problems)


def test_referral_deep_nesting_and_nan():
    with pytest.raises(ReviewDataError):
        load_referral("{" + '"a": [' * 100_000)
    deep = []
    for _ in range(100_000):
        deep = [deep]
    data = complete_referral()
    data["summary"] = deep
    assert "$.summary" in referral_problems(data)
    data = complete_referral()
    data["child"]["year_group"] = float("nan")
    assert "$.child.year_group" in referral_problems(data)


def test_an_attachment_path_with_a_nul_is_a_problem_not_a_crash():
    data = complete_referral()
    data["attachments"][0]["path"] = "report\x00.pdf"
    assert "$.attachments[0].path" in referral_problems(data)


def test_form_fields_have_a_length_limit():
    data = complete_referral()
    data["child"]["sen_status"] = "é" * 5_000_000
    data["information"]["reason"] = "x" * 50_001
    found = referral_problems(data)
    assert found["$.child.sen_status"] == "is 5000000 characters long; at most 1000 are allowed"
    assert "at most 50000" in found["$.information.reason"]
    review = full_review()
    review["views"]["parents"] = "y" * 60_000
    assert "$.views.parents" in problems(review, render_annex2)
    amendment = sample_review("LCC-EHCP-1001")
    amendment["amendments"][3]["new"] = "z" * 5_000_000  # an amendment's new text is not a form field
    assert load_review(amendment).amendments[3].new


def test_yaml_aliases_and_data_that_holds_itself_cost_no_more_than_their_size(tmp_path):
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 10) + "]" for k in range(1, 9)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(levels) + "\nplan_id: LCC-EHCP-1001\n")
    assert "$.a8" in problems(bomb, render_annex2)
    loop = full_review()
    loop["views"]["loop"] = loop["views"]
    assert "$.views.loop" in problems(loop, render_annex2)


def test_millions_of_line_breaks_are_refused():
    data = review()
    data["amendments"].append({"op": "add_row", "section": "F", "after": "x", "cells": ["ok", "\n" * 5_000_000]})
    found = problems(data)
    assert "at most 20000" in found[f"$.amendments[{len(data['amendments']) - 1}].cells[1]"]
    data = review()
    data["amendments"][6]["new"] = "\n\n".join(f"Paragraph {k}." for k in range(5_000))
    assert load_review(data)


def test_referral_with_too_many_attachments_is_refused_before_any_is_opened(monkeypatch):
    import ehcpdocs.forms.referral as referral_module

    opened = []
    monkeypatch.setattr(referral_module, "inspect_attachment", lambda *a, **k: opened.append(a))
    data = complete_referral()
    data["attachments"] = data["attachments"][:1] * 101
    problems = referral_problems(data)
    assert "at most 100" in problems["$.attachments"]
    assert opened == []
