"""A coordinator's session in a real browser: upload, read, download, and a refused file."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdf
import pytest

REPO = Path(__file__).resolve().parents[2]
PLAN = REPO / "samples" / "plans" / "LCC-EHCP-1001.docx"
REVIEW = REPO / "samples" / "reviews" / "LCC-EHCP-1001.json"
pytestmark = pytest.mark.browser


def test_amend_a_plan_see_its_sections_and_download_it(page, shots):
    page.set_input_files("#plan", str(PLAN))
    page.set_input_files("#review", str(REVIEW))
    page.get_by_role("button", name="Read and amend").click()
    page.wait_for_selector("#files a", timeout=120_000)
    assert "the plan is amended" in page.locator("#status").inner_text()
    sections = page.get_by_role("table", name="Sections found in the plan")
    letters = sections.locator("tbody tr td:first-child").all_inner_texts()
    assert letters[:4] == ["A", "B", "C", "D"] and "K" in letters
    assert "Reference: LCC-EHCP-1001" in page.locator("#details").inner_text()
    assert "Identity check: possible" in page.locator("#details").inner_text()
    assert "Sections amended: A, B" in page.locator("#amend-summary").inner_text()
    assert page.locator(".alert").count() >= 3  # the Section F alerts
    assert page.evaluate("document.activeElement.id") == "results-heading"
    previews = page.locator(".pages img")
    if previews.count():
        previews.first.scroll_into_view_if_needed()  # the previews load lazily
        page.wait_for_function("document.querySelector('.pages img').naturalWidth > 0")
    else:
        assert page.locator("object.pdf").count() == 1
    page.screenshot(path=str(shots / "amended.png"), full_page=False)

    with page.expect_download() as download:
        page.get_by_role("link", name="LCC-EHCP-1001.final.docx").click()
    final = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert any("communication and interaction needs" in paragraph.text for paragraph in final.paragraphs)
    assert download.value.suggested_filename == "LCC-EHCP-1001.final.docx"

    with page.expect_download() as download:
        page.get_by_role("link", name="LCC-EHCP-1001.amended.pdf").click()
    reader = pypdf.PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert len(reader.pages) >= 2
    assert "communication and interaction" in " ".join(page_.extract_text() for page_ in reader.pages)


def test_a_file_that_is_not_a_plan_shows_the_error(page, shots, tmp_path):
    bad = tmp_path / "minutes.docx"
    bad.write_text("not a Word file")
    page.set_input_files("#plan", str(bad))
    page.get_by_role("button", name="Read and amend").click()
    alert = page.get_by_role("alert")
    alert.wait_for(timeout=60_000)
    assert alert.inner_text().startswith("There is a problem: minutes.docx: is not a Word .docx document")
    assert page.evaluate("document.activeElement.id") == "error"
    assert page.locator("#results").is_hidden()
    page.screenshot(path=str(shots / "error.png"))


def test_submitting_without_a_plan_says_so_and_moves_focus_to_it(page):
    page.keyboard.press("Tab")  # the skip link first
    assert page.evaluate("document.activeElement.className") == "skip"
    page.get_by_role("button", name="Read and amend").press("Enter")
    assert "choose the plan" in page.get_by_role("alert").inner_text()
    assert page.evaluate("document.activeElement.id") == "plan"


def test_a_batch_shows_progress_and_its_report(page, shots, tmp_path):
    import zipfile

    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for plan_id in ("LCC-EHCP-1001", "SCC-EHCP-2002"):
            zipped.write(REPO / "samples" / "plans" / f"{plan_id}.docx", f"{plan_id}.docx")
            zipped.write(REPO / "samples" / "reviews" / f"{plan_id}.json", f"{plan_id}.json")
    page.set_input_files("#archive", str(archive))
    page.get_by_role("button", name="Run the batch").click()
    page.wait_for_selector("text=Batch done", timeout=180_000)
    rows = page.get_by_role("table", name="Batch items").locator("tbody tr")
    assert rows.count() == 2
    assert page.get_by_role("link", name="report.csv").count() == 1
    page.screenshot(path=str(shots / "batch.png"), full_page=True)


def test_the_interactive_docs_render_without_a_cdn(page, server, shots):
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=60_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/amend" in paths and "/api/v1/sections" in paths
    page.screenshot(path=str(shots / "docs.png"))
