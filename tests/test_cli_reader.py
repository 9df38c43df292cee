"""The reader from the command line: ``sections`` (confidence, lines set aside, the identity
check, --suggest-layout, --layout), ``layouts``, and the identity check failing closed in
``amend`` and ``batch`` unless --no-identity-check is given."""

from __future__ import annotations

import csv
import json

import docx
import pytest
from click.testing import CliRunner

import ehcpdocs
from ehcpdocs.cli import cli

from builders import docx_bytes, review_for
from fixtures.councils import fixture


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def york(tmp_path):
    path = tmp_path / "york.docx"
    path.write_bytes(fixture("city_of_york").docx)
    return path


def test_sections_says_how_sure_it_is_and_what_it_set_aside(york):
    outcome = run("sections", str(york))
    assert outcome.exit_code == 0, outcome.output
    lines = outcome.output.splitlines()
    assert lines[0].startswith("york.docx: 12 sections, confidence ")
    assert "identity check: possible" in outcome.output
    assert "contents list: " in outcome.output
    assert "group title: Part 2: Information gathered by me and my family" in outcome.output
    assert "end matter: Signed on behalf of City of York Council" in outcome.output


def test_sections_json_has_every_part_of_the_reading(york):
    report = json.loads(run("sections", str(york), "--json").output)
    assert [row["section"] for row in report["sections"]][:3] == ["A", "B", "C"]
    assert report["confidence"] in ("high", "medium", "low")
    assert {"where", "reason", "text"} <= set(report["set_aside"][0])
    assert report["details_found"]["name"] and report["details_found"]["date_of_birth"]
    assert report["identity_check"] == "possible"
    assert all(heading["evidence"] for heading in report["headings"])


def test_a_suggested_layout_saved_and_passed_back_reads_the_same(york, tmp_path):
    suggested = run("sections", str(york), "--suggest-layout")
    assert suggested.exit_code == 0
    profile = tmp_path / "york.yaml"
    profile.write_text(suggested.output, encoding="utf-8")
    plain = json.loads(run("sections", str(york), "--json").output)
    with_profile = json.loads(run("sections", str(york), "--json", "--layout", str(profile)).output)
    assert with_profile["sections"] == plain["sections"]
    assert with_profile["layout"] == "layout of york"


def test_a_shipped_layout_by_name_and_the_list_of_them(york):
    listing = run("layouts")
    assert listing.exit_code == 0 and len(listing.output.splitlines()) >= 10
    assert "city_of_york" in listing.output
    outcome = run("sections", str(york), "--layout", "city_of_york")
    assert outcome.exit_code == 0 and "layout profile 'City of York Council" in outcome.output


def test_a_bad_layout_profile_is_exit_1_naming_the_file(york, tmp_path):
    profile = tmp_path / "mine.yaml"
    profile.write_text("sections:\n  Q: [Views]\n", encoding="utf-8")
    outcome = run("sections", str(york), "--layout", str(profile))
    assert outcome.exit_code == 1
    assert "mine.yaml: invalid layout profile: sections: unknown section 'Q'" in outcome.output
    assert run("sections", str(york), "--layout", "nowhere").exit_code == 1


def plan_without_details() -> bytes:
    document = docx.Document()
    document.add_heading("Section A: Views, interests and aspirations", 1)
    document.add_paragraph("Zoë loves trains.")
    document.add_heading("Section B: Special educational needs", 1)
    document.add_paragraph("Zoë reads slowly.")
    return docx_bytes(document)


AMENDMENT = [{"op": "replace", "section": "A", "old": "trains", "new": "buses"}]


@pytest.fixture
def undetailed(tmp_path):
    plan = tmp_path / "TST-EHCP-0001.docx"
    plan.write_bytes(plan_without_details())
    review = tmp_path / "TST-EHCP-0001.json"
    review.write_text(json.dumps(review_for(AMENDMENT)), encoding="utf-8")
    return plan, review


def test_amend_refuses_a_plan_whose_details_cannot_be_read(undetailed, tmp_path):
    plan, review = undetailed
    outcome = run("amend", str(plan), str(review), "-o", str(tmp_path / "out"), "--no-pdf")
    assert outcome.exit_code == 1
    assert "date of birth could not be found" in outcome.output and "--no-identity-check" in outcome.output
    assert not (tmp_path / "out").exists()
    assert "identity check: not possible" in run("sections", str(plan)).output


def test_amend_with_no_identity_check_goes_on_and_records_it(undetailed, tmp_path):
    plan, review = undetailed
    outcome = run("amend", str(plan), str(review), "-o", str(tmp_path / "out"), "--no-pdf", "--no-identity-check")
    assert outcome.exit_code == 0, outcome.output
    assert "identity check was skipped" in outcome.output
    summary = json.loads((tmp_path / "out" / "TST-EHCP-0001.summary.json").read_text(encoding="utf-8"))
    assert summary["identity_check"] == "skipped"
    assert any("identity check was skipped" in warning for warning in summary["warnings"])


def test_the_library_fails_closed_too(undetailed):
    plan, review = undetailed
    with pytest.raises(ehcpdocs.errors.IdentityUnprovenError):
        ehcpdocs.amend(plan, review)
    assert ehcpdocs.amend(plan, review, check_identity=False).summary["identity_check"] == "skipped"
    kent = fixture("kent")
    wrong = {**review_for([]), "plan_id": kent.plan_id, "child": {**kent.review_child(), "date_of_birth": "2001-01-01"}}
    with pytest.raises(ehcpdocs.errors.PlanMismatchError):
        ehcpdocs.amend(kent.docx, wrong, check_identity=False)  # what can be read must still match
    right = {**review_for([]), "plan_id": kent.plan_id, "child": kent.review_child()}
    assert ehcpdocs.amend(kent.docx, right, check_identity=False).summary["identity_check"] == "passed"


def test_batch_fails_such_a_plan_unless_told_and_the_report_says_so(undetailed, tmp_path):
    plan, review = undetailed
    plans, reviews = tmp_path / "plans", tmp_path / "reviews"
    plans.mkdir()
    reviews.mkdir()
    plan.rename(plans / plan.name)
    review.rename(reviews / review.name)
    refused = run("batch", str(plans), str(reviews), "-o", str(tmp_path / "out1"), "--no-pdf", "--workers", "1")
    assert refused.exit_code == 1
    rows = list(csv.DictReader((tmp_path / "out1" / "report.csv").open(encoding="utf-8")))
    assert rows[0]["status"] == "failed" and "date of birth could not be found" in rows[0]["reason"]
    allowed = run("batch", str(plans), str(reviews), "-o", str(tmp_path / "out2"), "--no-pdf", "--workers", "1",
                  "--no-identity-check")
    assert allowed.exit_code == 0, allowed.output
    rows = list(csv.DictReader((tmp_path / "out2" / "report.csv").open(encoding="utf-8")))
    assert rows[0]["status"] == "amended" and rows[0]["identity_check"] == "skipped"
    report = json.loads((tmp_path / "out2" / "report.json").read_text(encoding="utf-8"))
    assert report["options"]["identity_check"] == "skipped" and report["items"][0]["identity_check"] == "skipped"
