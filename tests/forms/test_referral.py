"""The referral summary: each validation rule, the checklist, attachment checks on real encrypted
files, the 90-day date, the schema command and the exit codes."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date

import pytest
from click.testing import CliRunner
from formhelpers import ENCRYPTED_DOCX, REFERRALS, complete_referral, docx_text, pdf_text
from pypdf import PdfReader, PdfWriter

from ehcpdocs.cli.main import cli
from ehcpdocs.errors import ReviewDataError
from ehcpdocs.forms import referral_schema, render_referral, review_schema
from ehcpdocs.forms.attachments import inspect_attachment
from ehcpdocs.model.referral import TEAMS


def refused_paths(data, base=REFERRALS) -> list[str]:
    with pytest.raises(ReviewDataError) as caught:
        render_referral(data, base_dir=base)
    return [path for path, _ in caught.value.problems]


def make_pdf(path, *, password: str | None = None, pages: int = 2):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    with open(path, "wb") as stream:
        writer.write(stream)
    return path


@pytest.fixture(scope="module")
def complete_form():
    return render_referral(REFERRALS / "complete.json")


def test_complete_referral_renders_without_warnings(complete_form):
    assert complete_form.warnings == []
    assert complete_form.stem == "REF-LBP-2026-014.referral"
    text = docx_text(complete_form.docx)
    for heading in (
        "1. Permissions for referral and information sharing", "2. Child or young person's details",
        "3. Parental responsibility", "4. School or setting details", "5. Information about the child or young person",
        "6. Referrer details", "7. Additional information", "8. Summary",
    ):
        assert heading in text
    assert "Learning, communication and interaction" in text
    assert "Yes, with Ms Joanna Whitlock" in text
    assert "Complete: every item of additional information is supplied or not applicable" in text


def test_submission_and_return_by_dates(complete_form):
    assert complete_form.details["submitted"] == date(2026, 11, 2)
    assert complete_form.details["return_by"] == date(2027, 1, 31)
    assert "31 January 2027" in docx_text(complete_form.docx)
    assert "31 January 2027" in pdf_text(complete_form.pdf)


def test_submission_date_defaults_to_today():
    data = complete_referral()
    del data["submitted"]
    form = render_referral(data, base_dir=REFERRALS, today=date(2027, 3, 1))
    assert form.details["return_by"] == date(2027, 5, 30)


def test_attachments_listed_with_type_size_and_pages(complete_form):
    infos = {info.name: info for info in complete_form.details["attachments"]}
    assert infos["attachments/provision-map.pdf"].kind == "PDF"
    assert infos["attachments/provision-map.pdf"].pages == 2
    assert infos["attachments/school-assessment.docx"].kind == "Word document"
    assert infos["attachments/attendance-and-behaviour.pdf"].size == (REFERRALS / "attachments" / "attendance-and-behaviour.pdf").stat().st_size
    text = docx_text(complete_form.docx)
    assert "provision-map.pdf" in text and "school-assessment.docx" in text and "KB" in text


def test_returned_referral_warns_about_each_missing_item():
    form = render_referral(REFERRALS / "returned.json")
    assert len(form.details["missing"]) == 7
    assert all(w.startswith("not supplied: ") for w in form.warnings)
    assert "Behaviour records" in form.details["missing"]
    text = docx_text(form.docx)
    assert "Likely to be returned: 7 item(s) of additional information missing" in text
    assert "Missing" in text


def test_an_attachment_covering_an_item_supplies_it():
    data = complete_referral()
    data["additional_information"] = {}
    form = render_referral(data, base_dir=REFERRALS)
    assert set(form.details["missing"]) == {
        "Exclusions", "Physical interventions", "External agency reports, including diagnosis",
    }


@pytest.mark.parametrize("team", TEAMS)
def test_each_team_is_accepted(team):
    data = complete_referral()
    data["request"]["team"] = team
    assert team.split()[0] in docx_text(render_referral(data, base_dir=REFERRALS).docx)


@pytest.mark.parametrize("spelling", ["Learning, communication and interaction team", "learning communication & interaction"])
def test_team_spellings_are_normalised(spelling):
    data = complete_referral()
    data["request"]["team"] = spelling
    render_referral(data, base_dir=REFERRALS)


@pytest.mark.parametrize("team", ["Speech therapy", ["Hearing support", "Vision support"], [], None, ""])
def test_not_exactly_one_known_team_is_refused(team):
    data = complete_referral()
    data["request"]["team"] = team
    assert refused_paths(data) == ["$.request.team"]


@pytest.mark.parametrize("field", ["traded_work", "discussed_with_send_services"])
@pytest.mark.parametrize("value", [None, "maybe"])
def test_yes_no_answers_are_required(field, value):
    data = complete_referral()
    if value is None:
        del data["request"][field]
    else:
        data["request"][field] = value
    assert f"$.request.{field}" in refused_paths(data)


def test_yes_no_accepts_booleans_and_capitals():
    data = complete_referral()
    data["request"]["traded_work"] = True
    data["request"]["discussed_with_send_services"] = "No"
    data["request"]["send_services_professionals"] = []
    text = docx_text(render_referral(data, base_dir=REFERRALS).docx)
    assert "Request for traded work\nYes" in text


def test_discussed_needs_the_professionals_names():
    data = complete_referral()
    data["request"]["send_services_professionals"] = ["  "]
    assert refused_paths(data) == ["$.request.send_services_professionals"]


@pytest.mark.parametrize("consent", [False, None])
def test_no_parental_consent_is_refused(consent):
    data = complete_referral()
    if consent is None:
        del data["permissions"]["parental_consent"]
    else:
        data["permissions"]["parental_consent"] = consent
    assert refused_paths(data) == ["$.permissions.parental_consent"]


def test_every_problem_is_reported_at_once(tmp_path):
    data = complete_referral()
    data["request"]["team"] = "Everyone"
    data["permissions"]["parental_consent"] = False
    data["parental_responsibility"] = []
    data["child"]["upn"] = "123"
    data["attachments"].append({"path": "attachments/missing.pdf"})
    data["typo"] = "x"
    paths = refused_paths(data)
    assert set(paths) == {
        "$.request.team", "$.permissions.parental_consent", "$.parental_responsibility", "$.child.upn",
        "$.typo", "$.attachments[3].path",
    }


def test_encrypted_pdf_attachment_is_refused_by_name(tmp_path):
    shutil.copytree(REFERRALS / "attachments", tmp_path / "attachments")
    make_pdf(tmp_path / "attachments" / "locked.pdf", password="pw")
    data = complete_referral()
    data["attachments"].append({"path": "attachments/locked.pdf", "description": "Locked"})
    with pytest.raises(ReviewDataError) as caught:
        render_referral(data, base_dir=tmp_path)
    assert caught.value.problems == [
        ("$.attachments[3].path", "attachments/locked.pdf is a password-protected or encrypted PDF; send it without a password"),
    ]


def test_encrypted_word_attachment_is_refused_by_name(tmp_path):
    info = inspect_attachment(ENCRYPTED_DOCX)
    assert info.problem and "password-protected or encrypted Word document" in info.problem
    data = complete_referral()
    data["attachments"] = [{"path": str(ENCRYPTED_DOCX)}]
    assert refused_paths(data) == ["$.attachments[0].path"]


def test_unreadable_attachments_are_problems(tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\nthis is not a PDF body")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    (tmp_path / "fake.png").write_bytes(b"not an image")
    (tmp_path / "folder.pdf").mkdir()
    for name, expected in (
        ("empty.pdf", "is empty"), ("broken.pdf", "cannot be read as a PDF"), ("broken.docx", "damaged"),
        ("fake.png", "not a readable PNG image"), ("folder.pdf", "is a folder"), ("absent.xlsx", "is not found"),
    ):
        info = inspect_attachment(tmp_path / name)
        assert info.problem and expected in info.problem, (name, info)


def test_readable_attachments_of_other_types(tmp_path):
    make_pdf(tmp_path / "ok.pdf", pages=3)
    (tmp_path / "notes.txt").write_text("notes", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    assert inspect_attachment(tmp_path / "ok.pdf").pages == 3
    assert inspect_attachment(tmp_path / "notes.txt").problem is None
    assert inspect_attachment(tmp_path / "photo.png").kind == "PNG image"


def test_referral_pdf_reopens(complete_form):
    assert len(PdfReader(io.BytesIO(complete_form.pdf)).pages) >= 2


def test_schemas_are_json_schemas():
    for schema in (review_schema(), referral_schema()):
        assert schema["$schema"].startswith("https://json-schema.org/")
        assert schema["type"] == "object"
        json.dumps(schema)
    assert "team" in json.dumps(referral_schema()["$defs"]["Request"])
    assert {"setting", "recommendation", "participants", "outcomes_progress"} <= set(review_schema()["properties"])


def test_schema_command(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["schema", "referral"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "ehcpdocs SEND support services referral"
    result = runner.invoke(cli, ["schema", "review", "-o", str(tmp_path / "review.schema.json")])
    assert result.exit_code == 0
    assert "amendments" in json.loads((tmp_path / "review.schema.json").read_text(encoding="utf-8"))["properties"]
    assert runner.invoke(cli, ["schema", "plan"]).exit_code == 2


def test_referral_command_exit_codes(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(cli, ["referral", str(REFERRALS / "returned.json"), "-o", str(tmp_path / "out")])
    assert ok.exit_code == 0, ok.output
    assert "warning: not supplied: Behaviour records" in ok.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["REF-LBP-2026-015.referral.docx", "REF-LBP-2026-015.referral.pdf"]
    data = complete_referral()
    data["permissions"]["parental_consent"] = False
    data["request"]["team"] = ["Hearing support", "Vision support"]
    path = tmp_path / "refused.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    shutil.copytree(REFERRALS / "attachments", tmp_path / "attachments")
    refused = runner.invoke(cli, ["referral", str(path), "-o", str(tmp_path / "refused")])
    assert refused.exit_code == 1
    assert "$.permissions.parental_consent: must be recorded" in refused.output
    assert "$.request.team: must be exactly one team" in refused.output
    assert not (tmp_path / "refused").exists()


def test_make_referral_samples_rebuilds_the_committed_samples(tmp_path):
    import subprocess
    import sys

    from formhelpers import REPO

    script = (REFERRALS / "make_referral_samples.py").read_text(encoding="utf-8")
    copy = tmp_path / "make_referral_samples.py"
    copy.write_text(
        script.replace("sys.path.insert(0, str(HERE.parent.parent))", f"sys.path.insert(0, {str(REPO)!r})"), encoding="utf-8"
    )
    subprocess.run([sys.executable, str(copy)], check=True, capture_output=True)
    for made in [tmp_path / "complete.json", tmp_path / "returned.json", *(tmp_path / "attachments").iterdir()]:
        committed = REFERRALS / made.relative_to(tmp_path)
        assert made.read_bytes() == committed.read_bytes(), f"{committed} is stale: run make_referral_samples.py"


@pytest.mark.parametrize("name, build, kind", [
    ("minutes.doc", "word_97", "Word 97-2003 document"),
    ("tracking.xls", "excel_97", "Excel 97-2003 workbook"),
    ("slides.ppt", "powerpoint_97", "PowerPoint 97-2003 presentation"),
])
def test_password_protected_office_97_attachments_are_refused(tmp_path, name, build, kind):
    import olebuilder

    (tmp_path / name).write_bytes(getattr(olebuilder, build)(encrypted=True))
    locked = inspect_attachment(tmp_path / name)
    assert locked.problem and f"password-protected or encrypted {kind}" in locked.problem, locked
    (tmp_path / name).write_bytes(getattr(olebuilder, build)(encrypted=False))
    readable = inspect_attachment(tmp_path / name)
    assert readable.problem is None and "older Office format" in readable.note, readable


def test_the_referral_summary_pdf_is_tagged(complete_form):
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(complete_form.pdf)) as document:
        root = document.Root
        assert root.MarkInfo.Marked is True and str(root.Lang)
        assert root.StructTreeRoot.K.S == pikepdf.Name.Document
        title = str(document.docinfo.Title)
        assert title and not title.endswith(".docx")
        roles = set()
        stack = [root.StructTreeRoot.K]
        while stack:
            elem = stack.pop()
            roles.add(str(elem.S))
            kids = elem.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    stack.append(kid)
        assert "/Table" in roles and "/TH" in roles
