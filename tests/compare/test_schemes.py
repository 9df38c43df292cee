"""The tracked and tribunal markup schemes, on amended plans and on comparisons."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

import readback
from builders import SAMPLE_IDS, sample_plan, sample_review
from comparehelpers import plain_text, without
from ehcpdocs import EhcpDocsError, amend, compare_documents
from ehcpdocs.docx.finalise import accept_all
from ehcpdocs.docx.reject import reject_all

W = readback.W


@pytest.mark.parametrize("plan_id", SAMPLE_IDS)
def test_tracked_amendments_accept_to_the_final_plan_and_reject_to_the_original(plan_id):
    result = amend(sample_plan(plan_id), sample_review(plan_id), markup="tracked")
    assert plain_text(accept_all(result.amended_docx)) == plain_text(result.final_docx)
    assert plain_text(reject_all(result.amended_docx)) == plain_text(sample_plan(plan_id).read_bytes())


def test_tracked_revisions_are_well_formed():
    result = amend(sample_plan("LCC-EHCP-1001"), sample_review("LCC-EHCP-1001"), markup="tracked")
    root = readback.document_root(result.amended_docx)
    marks = list(root.iter(W + "ins", W + "del"))
    assert marks
    ids = [mark.get(W + "id") for mark in marks]
    assert len(ids) == len(set(ids)), "every revision has its own id"
    assert {mark.get(W + "author") for mark in marks} == {"ehcpdocs"}
    assert {mark.get(W + "date") for mark in marks} == {"2000-01-01T00:00:00Z"}
    for deletion in root.iter(W + "del"):
        if deletion.getparent().tag != W + "rPr" and deletion.getparent().tag != W + "trPr":
            assert deletion.find(f".//{W}t") is None, "deleted text is w:delText"
    for mark_holder in root.iter(W + "rPr"):
        children = [child.tag for child in mark_holder]
        for tag in (W + "ins", W + "del"):
            if tag in children:
                assert children.index(tag) <= 1, "revision marks come first in a paragraph mark's properties"
    assert any(True for _ in root.iter(W + "trPr")) and any(
        trpr.find(W + "ins") is not None for trpr in root.iter(W + "trPr")
    ), "an added row is marked in its row properties"


def test_tracked_date_and_author_can_be_given():
    old, new = sample_plan("LCC-EHCP-1001").read_bytes(), amend(sample_plan("LCC-EHCP-1001"), sample_review("LCC-EHCP-1001")).final_docx
    redline = compare_documents(old, new, markup="tracked", date="2026-03-01T09:00:00Z", author="SEN team").redline_docx
    root = readback.document_root(redline)
    assert {m.get(W + "date") for m in root.iter(W + "ins", W + "del")} == {"2026-03-01T09:00:00Z"}
    assert {m.get(W + "author") for m in root.iter(W + "ins", W + "del")} == {"SEN team"}


LOOKS = {"la": ("i",), "parent": ("b",), "agreed": ("u",)}


@pytest.mark.parametrize("party", ["la", "parent", "agreed"])
def test_tribunal_key_per_party(party):
    result = amend(sample_plan("SCC-EHCP-2002"), sample_review("SCC-EHCP-2002"), markup="tribunal", party=party)
    original = sample_plan("SCC-EHCP-2002").read_bytes()
    assert without(result.amended_docx, "deleted") == plain_text(result.final_docx)
    assert without(result.amended_docx, "added") == plain_text(original)
    root = readback.document_root(result.amended_docx)
    tag = {"la": "LA", "parent": "Parent", "agreed": "Agreed"}[party]
    additions = deletions = 0
    for run in root.iter(W + "r"):
        rpr = run.find(W + "rPr")
        style = rpr.find(W + "rStyle").get(W + "val") if rpr is not None and rpr.find(W + "rStyle") is not None else ""
        if style.startswith("EhcpAddition"):
            assert style.startswith("EhcpAddition" + tag)
            assert all(rpr.find(W + look) is not None for look in LOOKS[party])
            assert rpr.find(W + "strike") is None
            additions += 1
        elif style.startswith("EhcpDeletion"):
            assert style.startswith("EhcpDeletion" + tag)
            assert rpr.find(W + "strike") is not None
            assert all(rpr.find(W + look) is not None for look in LOOKS[party])
            deletions += 1
    assert additions and deletions
    if party == "agreed":
        assert all(u.get(W + "val") == "single" for u in root.iter(W + "u") if u.getparent().find(W + "rStyle") is not None
                   and u.getparent().find(W + "rStyle").get(W + "val", "").startswith("Ehcp"))


def test_unknown_party_or_scheme_is_a_clear_error():
    with pytest.raises(EhcpDocsError, match="party"):
        amend(sample_plan("SCC-EHCP-2002"), sample_review("SCC-EHCP-2002"), markup="tribunal", party="judge")
    with pytest.raises(EhcpDocsError, match="markup scheme"):
        amend(sample_plan("SCC-EHCP-2002"), sample_review("SCC-EHCP-2002"), markup="purple")


def test_styles_for_the_marks_are_defined():
    result = amend(sample_plan("PCC-EHCP-3003"), sample_review("PCC-EHCP-3003"), markup="tribunal", party="la")
    with zipfile.ZipFile(io.BytesIO(result.amended_docx)) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
    ids = {style.get(W + "styleId") for style in styles.iter(W + "style")}
    assert any(i.startswith("EhcpAdditionLA") for i in ids) and any(i.startswith("EhcpDeletionLA") for i in ids)


def test_revision_dates_are_checked_and_completed():
    from ehcpdocs.docx.tracked import revision_date

    assert revision_date(None) == "2000-01-01T00:00:00Z"
    assert revision_date("2026-03-01") == "2026-03-01T00:00:00Z"
    assert revision_date("2026-03-01T09:30") == "2026-03-01T09:30:00Z"
    assert revision_date("2026-03-01T09:30:15+01:00") == "2026-03-01T09:30:15+01:00"
    with pytest.raises(EhcpDocsError, match="ISO 8601"):
        revision_date("next Tuesday")
