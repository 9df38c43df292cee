"""Safe, deterministic rendering: data is text (escaping), control characters are refused,
undefined variables and sandbox escapes are TemplateErrors, and a templates folder overrides."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import docx
from pypdf import PdfReader
import pytest
from click.testing import CliRunner
from formhelpers import FULL_REVIEW, PLAN, REPO, complete_referral, docx_text, flat, full_review, pdf_text

from ehcpdocs.cli.main import cli
from ehcpdocs.errors import EhcpDocsError, ReviewDataError, TemplateError
from ehcpdocs.forms import render_annex2, render_notice, render_referral
from ehcpdocs.forms.templates import TEMPLATE_NAMES, find_template

TRICKY = "O'Brien & <Sons> {{ x }}"
MORE_TRICKY = "{_{ y }_} {% if z %} </w:t> &amp; ]]>"


def write_template(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


@pytest.fixture(scope="module")
def tricky_annex2():
    data = full_review()
    data["setting"]["name"] = TRICKY
    data["views"]["child"] = MORE_TRICKY
    data["participants"][0]["name"] = TRICKY
    return render_annex2(data)


def test_tricky_text_round_trips_exactly_into_the_docx(tricky_annex2):
    document = docx.Document(io.BytesIO(tricky_annex2.docx))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert TRICKY in cells
    assert MORE_TRICKY in [p.text for p in document.paragraphs]


def test_tricky_text_round_trips_into_the_pdf(tricky_annex2):
    text = pdf_text(tricky_annex2.pdf)
    assert TRICKY in text
    assert flat(MORE_TRICKY) in flat(text)


def test_tricky_text_in_the_referral_summary():
    data = complete_referral()
    data["school"]["name"] = TRICKY
    form = render_referral(data, base_dir=REPO / "samples" / "referrals")
    assert TRICKY in docx_text(form.docx)
    assert TRICKY in pdf_text(form.pdf)


def test_line_breaks_and_tabs_in_data_stay_line_breaks_and_tabs():
    data = full_review()
    data["views"]["parents"] = "First line\r\nSecond line\tafter a tab"
    text = docx_text(render_annex2(data).docx)
    assert "First line\nSecond line\tafter a tab" in text


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x0b", "\x1b", "\ufffe"])
def test_control_characters_are_refused_naming_the_field(character):
    data = full_review()
    data["views"]["parents"] = f"before{character}after"
    data["participants"][2]["role"] = f"x{character}"
    with pytest.raises(ReviewDataError) as caught:
        render_annex2(data)
    paths = [path for path, _ in caught.value.problems]
    assert sorted(paths) == ["$.participants[2].role", "$.views.parents"]
    assert f"U+{ord(character):04X}" in str(caught.value)


def test_control_characters_refused_in_the_notice_and_the_referral():
    data = full_review()
    data["child"]["first_name"] = "Zo\x01ë"
    with pytest.raises(ReviewDataError) as caught:
        render_notice(data, PLAN)
    assert caught.value.problems[0][0] == "$.child.first_name"
    referral = complete_referral()
    referral["information"]["needs"] = "a\x02b"
    with pytest.raises(ReviewDataError) as caught:
        render_referral(referral, base_dir=REPO / "samples" / "referrals")
    assert ("$.information.needs" in [path for path, _ in caught.value.problems])


def test_undefined_variable_names_the_variable_and_the_template(tmp_path):
    write_template(tmp_path / "annex2.docx", "Report for {{ child_name }}", "{{ nonexistent }}")
    with pytest.raises(TemplateError) as caught:
        render_annex2(full_review(), templates=tmp_path)
    error = caught.value
    assert error.variable == "nonexistent"
    assert error.template == "annex2.docx"
    assert "nonexistent" in str(error) and "annex2.docx" in str(error) and str(tmp_path) in str(error)
    assert "child_name" in str(error)  # lists what the template may use


def test_undefined_attribute_is_named(tmp_path):
    write_template(tmp_path / "referral.docx", "{{ school.motto }}")
    with pytest.raises(TemplateError) as caught:
        render_referral(complete_referral(), templates=tmp_path, base_dir=REPO / "samples" / "referrals")
    assert caught.value.variable == "motto"


@pytest.mark.parametrize(
    "tag",
    [
        "{{ plan_id.__class__.__mro__ }}",
        "{{ child_name.format.__globals__ }}",
        "{{ cycler.__init__.__globals__ }}",
    ],
)
def test_the_sandbox_refuses_python_internals(tmp_path, tag):
    write_template(tmp_path / "annex2.docx", tag)
    with pytest.raises(TemplateError):
        render_annex2(full_review(), templates=tmp_path)


def test_template_syntax_error_is_a_template_error(tmp_path):
    write_template(tmp_path / "annex2.docx", "{% if child_name %} never closed")
    with pytest.raises(TemplateError) as caught:
        render_annex2(full_review(), templates=tmp_path)
    assert caught.value.template == "annex2.docx"


def test_a_broken_template_file_is_a_template_error(tmp_path):
    (tmp_path / "annex2.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(TemplateError):
        render_annex2(full_review(), templates=tmp_path)


def test_templates_folder_overrides_and_falls_back(tmp_path):
    write_template(tmp_path / "annex2.docx", "Lowmoor City Council: review of {{ child_name }} at {{ setting_name }}")
    form = render_annex2(full_review(), templates=tmp_path)
    assert "Lowmoor City Council: review of Zoë Nguyễn at Lowmoor Brook Primary School" in docx_text(form.docx)
    assert find_template("notice.docx", tmp_path).origin == "packaged"
    assert find_template("annex2.docx", tmp_path).origin == str(tmp_path)


def test_missing_templates_folder_is_an_error(tmp_path):
    with pytest.raises(TemplateError):
        render_annex2(full_review(), templates=tmp_path / "missing")


def test_templates_option_on_the_command_line(tmp_path):
    folder = tmp_path / "council"
    folder.mkdir()
    write_template(folder / "annex2.docx", "Our own wording for {{ plan_id }}")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["annex2", str(FULL_REVIEW), "-o", str(out), "--templates", str(folder), "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert "Our own wording for LCC-EHCP-1001" in docx_text((out / "LCC-EHCP-1001.annex2.docx").read_bytes())
    assert not (out / "LCC-EHCP-1001.annex2.pdf").exists()


def test_undefined_variable_on_the_command_line_exits_1(tmp_path):
    write_template(tmp_path / "annex2.docx", "{{ nonexistent }}")
    result = CliRunner().invoke(cli, ["annex2", str(FULL_REVIEW), "-o", str(tmp_path / "out"), "--templates", str(tmp_path)])
    assert result.exit_code == 1
    assert "nonexistent" in result.output and "annex2.docx" in result.output


def test_same_input_gives_the_same_bytes():
    first = render_annex2(full_review())
    second = render_annex2(full_review())
    assert first.docx == second.docx
    assert first.pdf == second.pdf


def test_errors_are_ehcpdocs_errors_only(tmp_path):
    write_template(tmp_path / "annex2.docx", "{{ 1 / 0 }}")
    with pytest.raises(EhcpDocsError):
        render_annex2(full_review(), templates=tmp_path)


def test_packaged_templates_are_ordinary_word_documents():
    for name in TEMPLATE_NAMES:
        source = find_template(name)
        assert source.origin == "packaged"
        document = docx.Document(io.BytesIO(source.data))
        assert any("{{" in p.text for p in document.paragraphs) or document.tables


def test_make_templates_rebuilds_the_committed_templates(tmp_path):
    committed = {name: (REPO / "templates" / name).read_bytes() for name in TEMPLATE_NAMES}
    script = (REPO / "templates" / "make_templates.py").read_text(encoding="utf-8")
    copy = tmp_path / "make_templates.py"
    copy.write_text(script.replace('sys.path.insert(0, str(HERE.parent))', f'sys.path.insert(0, {str(REPO)!r})'), encoding="utf-8")
    subprocess.run([sys.executable, str(copy)], check=True, capture_output=True)
    for name, data in committed.items():
        assert (tmp_path / name).read_bytes() == data, f"templates/{name} is stale: run templates/make_templates.py"


def test_every_rendered_form_reopens_and_is_deterministic(tmp_path):
    import yaml

    from ehcpdocs.forms import consultation_pack

    review_yaml = tmp_path / "review.yaml"
    review_yaml.write_text(yaml.safe_dump(full_review(), allow_unicode=True), encoding="utf-8")
    pack = consultation_pack(review_yaml, PLAN)
    forms = [pack.notice, pack.annex2, render_referral(REPO / "samples" / "referrals" / "returned.json")]
    for form in forms:
        assert docx.Document(io.BytesIO(form.docx)).paragraphs
        assert len(PdfReader(io.BytesIO(form.pdf)).pages) >= 1
    assert docx.Document(io.BytesIO(pack.docx)).sections
    assert len(PdfReader(io.BytesIO(pack.pdf)).pages) >= 3
    again = consultation_pack(review_yaml, PLAN)
    assert (again.notice.docx, again.annex2.docx, again.notice.pdf) == (pack.notice.docx, pack.annex2.docx, pack.notice.pdf)
