"""Finalising a returned plan: markup accepted, and hand-made bold decided (or reported)."""

from __future__ import annotations

import docx
import pytest

import readback
from builders import SAMPLE_IDS, docx_bytes, sample_plan, sample_review
from comparehelpers import plain_text
from ehcpdocs import amend, finalise


def bold_words(data: bytes) -> list[str]:
    return [" ".join("".join(t for t, _s, bold, _st in runs if bold).split())
            for runs in readback.paragraphs(data) if "".join(t for t, *_ in runs).strip()]


@pytest.mark.parametrize("markup", ["bold-strike", "tracked", "tribunal"])
@pytest.mark.parametrize("plan_id", SAMPLE_IDS)
def test_finalising_an_amended_plan_gives_the_final_plan(plan_id, markup):
    result = amend(sample_plan(plan_id), sample_review(plan_id), markup=markup, party="parent")
    final = finalise(result.amended_docx, against=sample_plan(plan_id))
    assert plain_text(final.final_docx) == plain_text(result.final_docx)
    assert bold_words(final.final_docx) == bold_words(result.final_docx)
    assert final.ambiguous == []
    trusted = finalise(result.amended_docx)
    assert plain_text(trusted.final_docx) == plain_text(result.final_docx)


def hand_marked_pair() -> tuple[bytes, bytes]:
    """An original with its own bold label, and a copy marked by hand (no ehcpdocs styles)."""
    def build(marked: bool) -> bytes:
        document = docx.Document()
        document.add_heading("Section F: Special educational provision", 1)
        paragraph = document.add_paragraph()
        paragraph.add_run("Important: ").bold = True
        paragraph.add_run("Speech therapy ")
        if marked:
            paragraph.add_run("weekly").font.strike = True
            paragraph.add_run(" ")
            paragraph.add_run("twice weekly").bold = True
        else:
            paragraph.add_run("weekly")
        paragraph.add_run(" with a therapist.")
        return docx_bytes(document)
    return build(False), build(True)


def test_without_the_original_hand_made_bold_is_kept_and_reported():
    original, marked = hand_marked_pair()
    result = finalise(marked)
    texts = plain_text(result.final_docx)
    assert "Important: Speech therapy twice weekly with a therapist." in texts
    reported = [item["text"] for item in result.ambiguous]
    assert reported == ["Important: … twice weekly"]
    assert "--against" in result.summary["message"]


def test_with_the_original_its_bold_stays_and_new_bold_goes():
    original, marked = hand_marked_pair()
    result = finalise(marked, against=original)
    assert result.ambiguous == []
    assert "Important: Speech therapy twice weekly with a therapist." in plain_text(result.final_docx)
    paragraph = [runs for runs in readback.paragraphs(result.final_docx) if any("therapy" in t for t, *_ in runs)][0]
    bold = {t.strip() for t, _s, b, _st in paragraph if b and t.strip()}
    assert bold == {"Important:"}
    assert result.summary["bold_removed"] == 1
    assert result.summary["hand_struck_removed"] == 1


def test_a_fully_struck_row_is_removed():
    result = amend(sample_plan("LCC-EHCP-1001"), sample_review("LCC-EHCP-1001"))
    final = finalise(result.amended_docx)
    assert final.summary["rows_removed"] >= 1
    assert plain_text(final.final_docx) == plain_text(result.final_docx)
