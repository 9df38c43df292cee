"""Section F provision alerts: cuts to hours, frequency, provision, and vague wording."""

from __future__ import annotations

import pytest

from builders import SAMPLE_IDS, sample_plan, sample_review
from ehcpdocs import amend
from ehcpdocs.amend.alerts import ProvisionChange, frequency, provision_alerts


def kinds(before: str, after: str, kind: str = "changed", section: str = "F") -> list[str]:
    return [alert["kind"] for alert in provision_alerts([ProvisionChange(section, kind, before, after)])]


@pytest.mark.parametrize("before,after", [
    ("25 hours per week of adult support", "20 hours per week of adult support"),
    ("3 sessions of 30 minutes per half term", "2 sessions of 30 minutes per half term"),
    ("45 minutes each session", "30 minutes each session"),
    ("1 hour a week", "30 minutes a week"),
])
def test_lowered_quantities_are_alerts(before, after):
    assert "hours_reduced" in kinds(before, after)


@pytest.mark.parametrize("before,after", [
    ("Speech and language therapy weekly", "Speech and language therapy termly"),
    ("Daily reading with an adult", "Weekly reading with an adult"),
    ("Twice a week, 30 minutes", "Once a week, 30 minutes"),
    ("Weekly check-in", "Half-termly check-in"),
    ("Weekly check-in", "Monthly check-in"),
    ("weekly review", "reviewed annually"),
])
def test_reduced_frequencies_are_alerts(before, after):
    assert "frequency_reduced" in kinds(before, after)


def test_more_provision_raises_nothing():
    assert kinds("20 hours per week, termly", "25 hours per week, weekly") == []
    assert kinds("Once a week", "Twice a week") == []


def test_vague_wording_added_is_an_alert_but_wording_already_there_is_not():
    assert kinds("Weekly, 30 minutes", "Weekly, 30 minutes, as appropriate") == ["vague_wording"]
    assert kinds("Access to a quiet room", "Access to a quiet room at lunch") == []
    assert "vague_wording" in kinds("", "Regular opportunities to practise, where possible", kind="added")


def test_provision_removed_and_other_sections():
    assert kinds("Weekly speech and language therapy", "", kind="removed") == ["provision_removed"]
    assert kinds("25 hours", "20 hours", section="B") == []


def test_the_message_names_the_provision_in_plain_words():
    alert = provision_alerts([ProvisionChange("F", "changed", "Weekly, 30 minutes", "Termly, 30 minutes",
                                              label="Speech and language therapy")])[0]
    assert alert["message"] == "Speech and language therapy: frequency reduced from weekly to termly"
    assert alert["before"] == "Weekly, 30 minutes" and alert["after"] == "Termly, 30 minutes"
    assert alert["section"] == "F"


def test_frequency_reads_words_and_counts():
    assert frequency("three times a week")[1] == 3.0
    assert frequency("every half term")[0] == "every half term"
    assert frequency("no frequency here") is None


@pytest.mark.parametrize("plan_id", SAMPLE_IDS)
def test_the_sample_reviews_f_cuts_are_at_the_top_of_the_summary(plan_id):
    result = amend(sample_plan(plan_id), sample_review(plan_id))
    assert list(result.summary)[0] == "alerts"
    found = {alert["kind"] for alert in result.summary["alerts"]}
    assert {"hours_reduced", "frequency_reduced", "vague_wording"} <= found
    messages = " ".join(alert["message"] for alert in result.summary["alerts"])
    assert "Emotional literacy support (ELSA) sessions: frequency reduced from weekly to termly" in messages
    assert "from 25 hours to 20 hours" in messages


def test_a_long_provision_text_is_read_for_alerts_up_to_its_bound():
    from ehcpdocs.amend.alerts import MAX_READ_CHARS, ProvisionChange, alerts_for

    filler = " and further detail" * (MAX_READ_CHARS // 10)
    cut = alerts_for(ProvisionChange("F", "changed", "5 hours weekly" + filler, "2 hours weekly" + filler))
    assert [alert["kind"] for alert in cut] == ["hours_reduced"]
    beyond = alerts_for(ProvisionChange("F", "changed", filler + " 5 hours", filler + " 2 hours"))
    assert beyond == [], "amounts past the bound are not read"
