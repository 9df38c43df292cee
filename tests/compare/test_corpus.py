"""The comparison on every pair of the shared corpus: the redline reads back as both versions."""

from __future__ import annotations

import pytest

from builders import WC_PAIRS
from comparehelpers import corpus_pairs, marked_characters, plain_text, without
from ehcpdocs.texttools.diff import word_diff
from ehcpdocs.compare import check, compare_documents, finalise
from ehcpdocs.docx.finalise import accept_all
from ehcpdocs.docx.reject import reject_all

PAIRS = corpus_pairs()


def read(name: str) -> bytes:
    return (WC_PAIRS / name).read_bytes()


@pytest.mark.parametrize("markup", ["bold-strike", "tribunal"])
@pytest.mark.parametrize("test_id,old,new", PAIRS, ids=[p[0] for p in PAIRS])
def test_marked_redline_reads_back_as_new_and_old(test_id, old, new, markup):
    old_docx, new_docx = read(old), read(new)
    result = compare_documents(old_docx, new_docx, markup=markup, party="agreed")
    assert without(result.redline_docx, "deleted") == plain_text(new_docx)
    assert without(result.redline_docx, "added") == plain_text(old_docx)


@pytest.mark.parametrize("test_id,old,new", PAIRS, ids=[p[0] for p in PAIRS])
def test_tracked_redline_accepts_to_new_and_rejects_to_old(test_id, old, new):
    old_docx, new_docx = read(old), read(new)
    redline = compare_documents(old_docx, new_docx, markup="tracked").redline_docx
    assert plain_text(accept_all(redline)) == plain_text(new_docx)
    assert plain_text(reject_all(redline)) == plain_text(old_docx)


@pytest.mark.parametrize("test_id,old,new", PAIRS, ids=[p[0] for p in PAIRS])
def test_marked_characters_stay_close_to_a_word_diff(test_id, old, new):
    old_docx, new_docx = read(old), read(new)
    redline = compare_documents(old_docx, new_docx).redline_docx
    old_text, new_text = "\n".join(plain_text(old_docx)), "\n".join(plain_text(new_docx))
    reference = sum(len(edit.text.strip()) for edit in word_diff(old_text, new_text) if edit.op != "equal")
    marked = marked_characters(redline)
    assert marked <= max(2 * reference, reference + 40), (marked, reference)


def test_comparing_a_document_with_itself_marks_nothing():
    docx = read("WC002-Unmodified.docx")
    result = compare_documents(docx, docx)
    assert result.identical
    assert marked_characters(result.redline_docx) == 0
    assert result.summary["changes"] == []


def test_the_redline_is_deterministic():
    old_docx, new_docx = read("WC024-Table-Before.docx"), read("WC024-Table-After2.docx")
    for markup in ("bold-strike", "tracked", "tribunal"):
        assert compare_documents(old_docx, new_docx, markup=markup).redline_docx == \
            compare_documents(old_docx, new_docx, markup=markup).redline_docx


@pytest.mark.parametrize("markup", ["bold-strike", "tracked"])
@pytest.mark.parametrize("test_id,old,new", PAIRS, ids=[p[0] for p in PAIRS])
def test_a_redline_checks_clean_and_finalises_to_new(test_id, old, new, markup):
    old_docx, new_docx = read(old), read(new)
    redline = compare_documents(old_docx, new_docx, markup=markup).redline_docx
    result = check(old_docx, redline)
    assert result.clean, result.issues
    assert plain_text(finalise(redline, against=old_docx).final_docx) == plain_text(new_docx)
