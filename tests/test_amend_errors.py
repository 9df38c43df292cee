"""Bad reviews and mismatched plans: typed errors that say which amendment, section and anchor."""

from __future__ import annotations

import pytest

from ehcpdocs.api import amend
from ehcpdocs.errors import (
    AmendmentError,
    AnchorAmbiguousError,
    AnchorNotFoundError,
    GroundsError,
    PlanMismatchError,
    ReviewDataError,
    UnsupportedAmendmentError,
)

from builders import review_for, sample_plan, sample_review


def test_anchor_not_found_names_index_section_and_anchor(simple_plan):
    review = review_for([
        {"op": "replace", "section": "B", "old": "15 minutes", "new": "20 minutes"},
        {"op": "replace", "section": "B", "old": "an hour a day", "new": "two hours"},
    ])
    with pytest.raises(AnchorNotFoundError) as caught:
        amend(simple_plan, review, review_name="review.json")
    message = str(caught.value)
    assert caught.value.index == 1 and caught.value.section == "B"
    assert "review.json" in message and "amendment 1" in message and "section B" in message and "an hour a day" in message


def test_ambiguous_anchor(simple_plan):
    with pytest.raises(AnchorAmbiguousError, match="matches 2 table rows"):
        amend(simple_plan, review_for([{"op": "delete_row", "section": "F", "row": "Weekly"}]))
    with pytest.raises(AnchorAmbiguousError, match="occurs 2 times"):
        amend(simple_plan, review_for([{"op": "replace", "section": "F", "old": "Weekly", "new": "Daily"}]))


def test_text_in_another_section_does_not_match(simple_plan):
    with pytest.raises(AnchorNotFoundError):
        amend(simple_plan, review_for([{"op": "replace", "section": "A", "old": "15 minutes", "new": "x"}]))


def test_missing_section(simple_plan):
    with pytest.raises(AmendmentError, match="section G is not in this plan"):
        amend(simple_plan, review_for([{"op": "replace", "section": "G", "old": "x", "new": "y"}]))


def test_wrong_number_of_cells(simple_plan):
    with pytest.raises(UnsupportedAmendmentError, match="3 cells but the amendment gives 2"):
        amend(simple_plan, review_for([{"op": "add_row", "section": "F", "after": "Speech therapy", "cells": ["a", "b"]}]))


def test_rewrite_refuses_a_section_with_tables(simple_plan):
    with pytest.raises(UnsupportedAmendmentError, match="holds tables"):
        amend(simple_plan, review_for([{"op": "rewrite", "section": "E", "new": "x"}], reasons=["outcomes_achieved"]))


@pytest.mark.parametrize("reasons, evidence, amendments, message", [
    ([], [], [{"op": "replace", "section": "B", "old": "15", "new": "20"}], "at least one ground"),
    (["significant_change"], [], [{"op": "replace", "section": "B", "old": "15", "new": "20"}], "evidence"),
    (["outcomes_achieved"], [], [{"op": "replace", "section": "B", "old": "15", "new": "20"}], "Section E"),
    (["key_stage_transfer"], [], [{"op": "replace", "section": "B", "old": "15", "new": "20"}], "Year 5"),
])
def test_grounds(simple_plan, reasons, evidence, amendments, message):
    review = review_for(amendments, reasons=reasons, evidence=evidence, dob="2017-05-02", )
    with pytest.raises(GroundsError, match=message):
        amend(simple_plan, review)


def test_key_stage_transfer_uses_the_year_group_override(simple_plan):
    review = review_for([{"op": "replace", "section": "B", "old": "15", "new": "20"}],
                        reasons=["key_stage_transfer"], evidence=[], year_group=6)
    assert amend(simple_plan, review).amended


@pytest.mark.parametrize("change, field", [
    ({"plan_id": "TST-EHCP-9999"}, "reference"),
    ({"first": "Amara"}, "name"),
    ({"dob": "2016-05-03"}, "date_of_birth"),
])
def test_review_for_another_child_is_refused(simple_plan, change, field):
    review = review_for([{"op": "replace", "section": "B", "old": "15", "new": "20"}], **change)
    with pytest.raises(PlanMismatchError) as caught:
        amend(simple_plan, review)
    assert caught.value.field == field
    assert "Amara" not in str(caught.value) and "2016-05-03" not in str(caught.value)


def test_plan_id_must_be_safe_for_file_names(simple_plan):
    with pytest.raises(ReviewDataError) as caught:
        amend(simple_plan, review_for([], plan_id="../../etc/passwd"))
    assert caught.value.problems[0][0] == "$.plan_id"


def test_every_schema_problem_is_listed_with_its_path(simple_plan):
    review = review_for([
        {"op": "replace", "section": "Z", "old": "a", "new": "b"},
        {"op": "transmogrify", "section": "A"},
    ])
    review["child"]["date_of_birth"] = "not a date"
    review["colour"] = "blue"
    with pytest.raises(ReviewDataError) as caught:
        amend(simple_plan, review, review_name="r.json")
    paths = [path for path, _ in caught.value.problems]
    assert "$.child.date_of_birth" in paths
    assert "$.amendments[0].section" in paths
    assert "$.amendments[1]" in paths or "$.amendments[1].op" in paths
    assert "$.colour" in paths
    assert str(caught.value).startswith("r.json: ")


def test_invalid_json_names_line_and_column(tmp_path, simple_plan):
    path = tmp_path / "review.json"
    path.write_text('{"plan_id": "x",\n  oops}', encoding="utf-8")
    with pytest.raises(ReviewDataError, match=r"review.json: is not valid JSON \(line 2"):
        amend(simple_plan, path)


def test_sample_reviews_refuse_other_plans():
    with pytest.raises(PlanMismatchError):
        amend(sample_plan("SCC-EHCP-2002"), sample_review("LCC-EHCP-1001"))
