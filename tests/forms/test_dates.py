"""Statutory dates, year groups around 31 August / 1 September, leap-day births, and the dates the
rendered Annex 2 shows."""

from __future__ import annotations

from datetime import date

import pytest
from formhelpers import docx_text, full_review

from ehcpdocs.forms import render_annex2
from ehcpdocs.forms.dates import (
    decision_due,
    final_plan_due,
    long_date,
    referral_return_by,
    report_due,
    representations_close,
    review_dates,
    transfer_deadline,
)
from ehcpdocs.model.schoolyear import national_curriculum_year


def test_review_deadlines_count_from_the_meeting():
    meeting = date(2026, 10, 12)
    assert report_due(meeting) == date(2026, 10, 26)
    assert decision_due(meeting) == date(2026, 11, 9)


def test_amendment_deadlines_count_from_the_notice():
    notice = date(2026, 11, 9)
    assert representations_close(notice) == date(2026, 11, 24)
    assert final_plan_due(notice) == date(2027, 1, 4)


def test_deadlines_cross_month_and_leap_year_ends():
    assert report_due(date(2027, 12, 25)) == date(2028, 1, 8)
    assert representations_close(date(2028, 2, 20)) == date(2028, 3, 6)  # 2028 is a leap year
    assert representations_close(date(2027, 2, 20)) == date(2027, 3, 7)
    assert decision_due(date(2028, 2, 1)) == date(2028, 2, 29)


def test_notice_defaults_to_the_decision_due_date():
    dates = review_dates(date(2026, 10, 12), 6, amending=True)
    assert dates.notice == date(2026, 11, 9) and dates.notice_assumed
    assert dates.representations_close == date(2026, 11, 24)
    assert dates.final_plan_due == date(2027, 1, 4)
    given = review_dates(date(2026, 10, 12), 6, amending=True, notice=date(2026, 10, 30))
    assert given.notice == date(2026, 10, 30) and not given.notice_assumed
    assert given.representations_close == date(2026, 11, 14)
    assert given.final_plan_due == date(2026, 12, 25)


def test_no_amendment_dates_when_the_plan_is_not_amended():
    dates = review_dates(date(2026, 10, 12), 4, amending=False)
    assert dates.notice is None and dates.representations_close is None and dates.final_plan_due is None
    assert dates.transfer_deadline is None


@pytest.mark.parametrize(
    ("year_group", "meeting", "deadline"),
    [
        (6, date(2026, 10, 12), date(2027, 2, 15)),  # autumn term: deadline in the next calendar year
        (6, date(2027, 1, 20), date(2027, 2, 15)),  # spring term: same calendar year
        (6, date(2027, 7, 20), date(2027, 2, 15)),  # summer term: the deadline has passed
        (2, date(2026, 11, 3), date(2027, 2, 15)),
        (9, date(2026, 11, 3), date(2027, 2, 15)),
        (-1, date(2026, 11, 3), date(2027, 2, 15)),  # nursery into Reception
        (11, date(2026, 9, 29), date(2027, 3, 31)),  # into post-16: 31 March
        (11, date(2026, 9, 1), date(2027, 3, 31)),  # first day of the school year
        (11, date(2026, 8, 31), date(2026, 3, 31)),  # last day of the previous school year
    ],
)
def test_phase_transfer_deadline(year_group, meeting, deadline):
    assert transfer_deadline(year_group, meeting) == deadline


@pytest.mark.parametrize("year_group", [0, 1, 3, 4, 5, 7, 8, 10, 12, 13])
def test_no_transfer_deadline_outside_transfer_years(year_group):
    assert transfer_deadline(year_group, date(2026, 10, 12)) is None


@pytest.mark.parametrize(
    ("born", "on", "year"),
    [
        (date(2016, 8, 31), date(2026, 10, 12), 6),  # oldest-summer boundary: 31 August is the last day
        (date(2016, 9, 1), date(2026, 10, 12), 5),  # 1 September starts the next cohort
        (date(2016, 5, 2), date(2026, 8, 31), 5),  # meeting on the last day of the school year
        (date(2016, 5, 2), date(2026, 9, 1), 6),  # meeting on the first day of the next
        (date(2016, 2, 29), date(2020, 9, 1), 0),  # leap-day birth: Reception at 4
        (date(2016, 2, 29), date(2021, 2, 28), 0),  # before the (missing) birthday in a non-leap year
        (date(2016, 2, 29), date(2026, 10, 12), 6),
        (date(2015, 3, 1), date(2026, 10, 12), 7),
    ],
)
def test_national_curriculum_year_boundaries(born, on, year):
    assert national_curriculum_year(born, on) == year


def test_referral_information_due_90_days_after_submission():
    assert referral_return_by(date(2026, 11, 2)) == date(2027, 1, 31)
    assert referral_return_by(date(2027, 12, 15)) == date(2028, 3, 14)


def test_long_date_is_written_as_in_a_letter():
    assert long_date(date(2027, 2, 5)) == "5 February 2027"
    assert long_date(None) == ""


def annex2_for(date_of_birth: str, meeting: str, year_group=None, notice=None):
    data = full_review()
    data["child"]["date_of_birth"] = date_of_birth
    data["review"]["meeting_date"] = meeting
    data["review"]["year_group"] = year_group
    data["review"]["reasons"] = []
    data["amendments"] = [{"op": "replace", "section": "F", "old": "25 hours", "new": "20 hours"}]
    if notice:
        data["notice_date"] = notice
    return render_annex2(data)


def test_annex2_shows_every_key_date():
    form = annex2_for("2016-05-02", "2026-10-12")
    text = docx_text(form.docx)
    for expected in ("26 October 2026", "9 November 2026", "24 November 2026", "4 January 2027", "15 February 2027"):
        assert expected in text
    assert "assumed: the decision due date" in text
    assert form.details["year_group"] == 6


def test_annex2_notice_date_from_the_review_and_from_the_argument():
    form = annex2_for("2016-05-02", "2026-10-12", notice="2026-10-30")
    assert form.details["dates"].final_plan_due == date(2026, 12, 25)
    form = render_annex2(full_review(), notice_date=date(2026, 11, 2))
    assert form.details["dates"].representations_close == date(2026, 11, 17)


def test_annex2_year_group_boundary_and_leap_day():
    assert annex2_for("2016-08-31", "2026-10-12").details["year_group"] == 6
    assert annex2_for("2016-09-01", "2026-10-12").details["year_group"] == 5
    assert annex2_for("2016-09-01", "2026-10-12").details["dates"].transfer_deadline is None
    leap = annex2_for("2016-02-29", "2026-10-12")
    assert leap.details["year_group"] == 6
    assert "29 February 2016" in docx_text(leap.docx)


def test_annex2_year_group_override_is_shown_with_the_chronological_year():
    form = annex2_for("2016-08-20", "2026-10-12", year_group=5)
    text = docx_text(form.docx)
    assert "Year 5 (set in the review; the chronological year is Year 6)" in text
    assert form.details["dates"].transfer_deadline is None


def test_post_16_transfer_in_annex2():
    form = annex2_for("2011-03-09", "2026-09-29")
    assert form.details["year_group"] == 11
    assert "31 March 2027" in docx_text(form.docx)
