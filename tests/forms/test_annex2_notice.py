"""The annual review report, the notice of proposed amendments and the consultation pack."""

from __future__ import annotations

import io
import json
from datetime import date

import docx
import pytest
from click.testing import CliRunner
from formhelpers import FULL_REVIEW, PLAN, SAMPLES, docx_text, flat, full_review, pdf_text
from pypdf import PdfReader

import ehcpdocs
from ehcpdocs.cli.main import cli
from ehcpdocs.errors import InputError, ReviewDataError
from ehcpdocs.forms import consultation_pack, render_annex2, render_notice


@pytest.fixture(scope="module")
def pack():
    return consultation_pack(FULL_REVIEW, PLAN)


def test_full_sample_review_still_amends_its_plan():
    result = ehcpdocs.amend(PLAN, FULL_REVIEW)
    assert result.amended and "F" in result.summary["sections_amended"]


def test_annex2_holds_the_report_fields():
    form = render_annex2(FULL_REVIEW)
    text = docx_text(form.docx)
    for expected in (
        "Lowmoor Brook Primary School", "999101", "93.4%", "Dr F. Carrick", "Partly achieved",
        "Amend the plan", "I like art and Lego club", "Year 6", "12 October 2026", "2 May 2016",
        "Not applicable: preparing for adulthood is discussed from Year 9",
    ):
        assert expected in text
    assert form.stem == "LCC-EHCP-1001.annex2"
    assert form.warnings == []


def test_annex2_lists_amendments_from_the_review_alone():
    text = docx_text(render_annex2(FULL_REVIEW).docx)
    assert "Replace '25 hours per week' with '20 hours per week'" in text
    assert "14 change(s) in 10 section(s)." in text


def test_annex2_lists_amendments_from_the_amendment_summary_when_a_plan_is_given():
    form = render_annex2(FULL_REVIEW, plan=PLAN)
    text = docx_text(form.docx)
    assert "Replaced '25 hours per week' with '20 hours per week'" in text
    sections = [row["section"] for row in form.details["changes"]]
    assert set(sections) == {"A", "B", "C", "D", "E", "F", "G", "H2", "J", "K"}


def test_every_missing_mandatory_field_is_listed_at_once():
    data = full_review()
    del data["setting"]
    del data["recommendation"]
    del data["child"]["date_of_birth"]
    data["child"]["first_name"] = ""
    del data["review"]["meeting_date"]
    with pytest.raises(ReviewDataError) as caught:
        render_annex2(data)
    paths = [path for path, _ in caught.value.problems]
    assert paths[:5] == [
        "$.child.first_name", "$.child.date_of_birth", "$.setting.name", "$.review.meeting_date",
        "$.recommendation.decision",
    ]
    assert len(paths) == len(set(paths))


def test_schema_problems_come_with_the_missing_fields():
    data = full_review()
    del data["recommendation"]
    data["outcomes_progress"][0]["progress"] = "nearly"
    data["setting"]["urn"] = "12"
    data["unknown_field"] = 1
    with pytest.raises(ReviewDataError) as caught:
        render_annex2(data)
    paths = {path for path, _ in caught.value.problems}
    assert {"$.recommendation.decision", "$.outcomes_progress[0].progress", "$.setting.urn", "$.unknown_field"} <= paths


def test_preparing_for_adulthood_from_year_9():
    data = full_review()
    data["child"]["date_of_birth"] = "2013-01-17"
    data["review"]["year_group"] = None
    data["review"]["reasons"] = []
    form = render_annex2(data)
    assert form.details["year_group"] == 9
    assert any("preparing for adulthood is not recorded" in w for w in form.warnings)
    data["preparing_for_adulthood"] = {"employment": "Wants to work with animals; work experience at a farm park.",
                                       "independent_living": "Travel training to school from spring term."}
    form = render_annex2(data)
    text = docx_text(form.docx)
    assert "Wants to work with animals" in text and "Travel training" in text
    assert not any("preparing for adulthood" in w for w in form.warnings)


def test_recommendation_and_amendments_disagreeing_is_a_warning():
    data = full_review()
    data["recommendation"]["decision"] = "maintain"
    form = render_annex2(data)
    assert any("maintain" in w for w in form.warnings)
    assert form.details["dates"].notice is None
    data["recommendation"]["decision"] = "amend"
    data["amendments"] = []
    assert any("no amendments" in w for w in render_annex2(data).warnings)


def test_late_notice_past_the_transfer_deadline_is_a_warning():
    form = render_annex2(FULL_REVIEW, notice_date=date(2027, 1, 10))
    assert any("after the phase transfer deadline" in w for w in form.warnings)


def test_notice_lists_changes_and_states_section_f_plainly(pack):
    text = docx_text(pack.notice.docx)
    assert "To the parents or carers of Zoë Nguyễn" in text
    assert "Replaced '15 minutes' with '20 minutes'" in text
    checks = [line for line in text.splitlines() if line.startswith("Please check: ")]
    assert any(
        "time reduced from 25 hours to 20 hours" in line and "(‘25 hours per week’ becomes ‘20 hours per week’)." in line
        for line in checks
    )
    assert any("frequency reduced from weekly to termly" in line for line in checks)
    assert "as appropriate" in text  # the vague wording is quoted in full, not cut short
    assert "‘25 hours per week’ changes to ‘20 hours per week’." in text
    assert "24 November 2026" in text and "4 January 2027" in text


def test_notice_without_alerts_still_lists_section_f_changes():
    summary = ehcpdocs.amend(PLAN, FULL_REVIEW).summary
    summary = {**summary, "alerts": []}
    text = docx_text(render_notice(FULL_REVIEW, summary=summary).docx)
    assert "Section F changes in 3 place(s):" in text
    assert "New provision is added: ‘Social communication group (Lego-based therapy)" in text


def test_notice_goes_to_a_young_person_over_compulsory_school_age():
    data = full_review()
    data["child"]["date_of_birth"] = "2009-03-09"
    data["review"]["year_group"] = None
    summary = {"changes": [{"index": 0, "op": "replace", "section": "B", "description": "Replaced 'a' with 'b'"}]}
    text = docx_text(render_notice(data, summary=summary).docx)
    assert "To Zoë Nguyễn" in text


def test_notice_needs_amendments():
    data = full_review()
    data["amendments"] = []
    with pytest.raises(InputError):
        render_notice(data, PLAN)
    with pytest.raises(InputError):
        render_notice(FULL_REVIEW)


def test_notice_date_argument(pack):
    form = render_notice(FULL_REVIEW, notice_date=date(2026, 10, 20), summary=pack.amend_result.summary)
    assert form.details["representations_close"] == date(2026, 11, 4)
    assert form.details["final_plan_due"] == date(2026, 12, 15)
    assert "4 November 2026" in docx_text(form.docx)


def test_pack_pdf_has_a_bookmark_per_document(pack):
    reader = PdfReader(io.BytesIO(pack.pdf))
    notice_pages = len(PdfReader(io.BytesIO(pack.notice.pdf)).pages)
    plan_pages = len(PdfReader(io.BytesIO(pack.amend_result.amended_pdf)).pages)
    annex2_pages = len(PdfReader(io.BytesIO(pack.annex2.pdf)).pages)
    assert len(reader.pages) == notice_pages + plan_pages + annex2_pages
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline if not isinstance(item, list)]
    assert outline == [
        ("Notice of proposed amendments", 0),
        ("Proposed amendments to the plan (marked up)", notice_pages),
        ("Annual review report (Annex 2)", notice_pages + plan_pages),
    ]
    text = flat(pdf_text(pack.pdf))
    assert "Notice of proposed amendments" in text and "Annual review report (Annex 2)" in text


def test_pack_docx_holds_the_three_documents(pack):
    text = docx_text(pack.docx)
    assert text.index("Notice of proposed amendments") < text.index("Annual review report (Annex 2)")
    assert "20 hours per week" in text  # from the marked-up plan
    document = docx.Document(io.BytesIO(pack.docx))
    assert len(document.tables) >= 8
    headers = [section.header.paragraphs[0].text for section in document.sections]
    assert len(headers) == 3  # each document keeps its own section, header and footer
    assert headers[0].startswith("Special Educational Needs Service")
    assert headers[1].startswith("Lowmoor City Council")  # the plan's own header
    assert headers[2].startswith("Education, Health and Care Plan annual review report")


def test_pack_is_deterministic(pack):
    again = consultation_pack(FULL_REVIEW, PLAN)
    assert again.docx == pack.docx
    assert again.pdf == pack.pdf


def test_pack_annex2_uses_the_notice_date(pack):
    assert pack.annex2.details["dates"].notice == pack.notice.details["notice_date"] == date(2026, 11, 9)


def test_pack_needs_the_annex2_fields():
    with pytest.raises(ReviewDataError) as caught:
        consultation_pack(SAMPLES / "reviews" / "LCC-EHCP-1001.json", PLAN)
    assert [path for path, _ in caught.value.problems] == ["$.setting.name", "$.recommendation.decision"]


def test_annex2_command(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["annex2", str(FULL_REVIEW), "-o", str(tmp_path), "--plan", str(PLAN)])
    assert result.exit_code == 0, result.output
    assert docx.Document(str(tmp_path / "LCC-EHCP-1001.annex2.docx"))
    assert PdfReader(str(tmp_path / "LCC-EHCP-1001.annex2.pdf")).pages


def test_annex2_command_lists_every_problem_and_exits_1(tmp_path):
    data = full_review()
    del data["setting"]
    del data["recommendation"]
    path = tmp_path / "review.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["annex2", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "$.setting.name: is mandatory" in result.output
    assert "$.recommendation.decision: is mandatory" in result.output
    assert not (tmp_path / "out").exists()


def test_notice_command_writes_the_notice_and_the_pack(tmp_path):
    result = CliRunner().invoke(cli, ["notice", str(FULL_REVIEW), str(PLAN), "-o", str(tmp_path), "--notice-date", "2026-11-02"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "LCC-EHCP-1001.consultation-pack.docx", "LCC-EHCP-1001.consultation-pack.pdf",
        "LCC-EHCP-1001.notice.docx", "LCC-EHCP-1001.notice.pdf",
    ]
    assert "17 November 2026" in docx_text((tmp_path / "LCC-EHCP-1001.notice.docx").read_bytes())


def test_notice_command_without_pack_for_a_review_without_annex2_fields(tmp_path):
    review = SAMPLES / "reviews" / "LCC-EHCP-1001.json"
    runner = CliRunner()
    refused = runner.invoke(cli, ["notice", str(review), str(PLAN), "-o", str(tmp_path)])
    assert refused.exit_code == 1 and "--no-pack" in refused.output
    result = runner.invoke(cli, ["notice", str(review), str(PLAN), "-o", str(tmp_path), "--no-pack", "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["LCC-EHCP-1001.notice.docx"]


def test_amend_recommendation_without_the_councils_grounds_is_a_warning():
    data = full_review()
    data["review"]["reasons"] = []
    form = render_annex2(data)
    assert any("grounds for amending are not met" in w for w in form.warnings)
