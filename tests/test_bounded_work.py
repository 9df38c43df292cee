"""Bounded work: the word diff falls back to sentences, then to the whole paragraph, past a budget
of steps that depends only on its input; amending with huge or random text finishes quickly and
gives exactly the text asked for."""

from __future__ import annotations

import random
import time

import pytest

from builders import sample_plan, sample_review
from ehcpdocs import amend
from ehcpdocs.compare.diff import piece_chunks
from ehcpdocs.texttools import diff
from ehcpdocs.texttools.diff import DiffBudget, new_text, old_text, sentences, tokens, word_diff
from readback import paragraphs, text_without

SAFETY_NET_SECONDS = 60  # a generous bound; the real figures are a few seconds (see the report)
OLD = "I like it when my teacher shows me the plan for the day"


def random_words(size: int, seed: int) -> str:
    rnd = random.Random(seed)
    words, length = [], 0
    while length < size:
        word = "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(1, 9)))
        words.append(word + (". " if rnd.random() < 0.08 else " "))
        length += len(words[-1])
    return "Zz" + "".join(words).strip() + "."


def random_unicode(size: int, seed: int) -> str:
    """Printable text from the whole of Unicode: no control characters, surrogates or U+FFFE/F."""
    rnd = random.Random(seed)
    out = []
    while len(out) < size:
        code = rnd.randint(0x20, 0x3FFFF)
        if 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF) or code in (0x2028, 0x2029):
            continue
        out.append(chr(code))
    return "Ж" + "".join(out).strip() + "Ж"


def revise_review(new: str) -> dict:
    review = sample_review("LCC-EHCP-1001")
    review["review"]["reasons"] = ["significant_change"]
    review["amendments"] = [{"op": "revise", "section": "A", "paragraph": OLD, "new": new}]
    return review


def final_lines(docx: bytes) -> list[str]:
    return ["".join(text for text, *_ in runs) for runs in paragraphs(docx)]


@pytest.mark.parametrize("kind", ["5MB-words", "random-unicode"])
def test_amend_with_huge_or_random_text_is_quick_and_exact(kind):
    new = random_words(5_000_000, 1) if kind == "5MB-words" else random_unicode(1_000_000, 2)
    started = time.perf_counter()
    result = amend(sample_plan("LCC-EHCP-1001"), revise_review(new))
    final = result.final_docx
    seconds = time.perf_counter() - started
    assert seconds < SAFETY_NET_SECONDS
    lines = final_lines(final)
    assert new in lines, "the final plan holds exactly the new text"
    assert not any(OLD in line for line in lines)
    assert new in text_without(result.amended_docx, "deleted")
    assert any(OLD in line for line in text_without(result.amended_docx, "added"))
    assert result.summary["sections_amended"] == ["A"]


def test_many_huge_paragraphs_share_one_budget():
    """Each diff has its budget, and all of one review's diffs share another: a review revising
    many paragraphs with unrelated text costs a bounded total."""
    shared = DiffBudget(diff.WORD_BUDGET)
    texts = [" ".join(f"w{seed}x{k}" for k in range(1500)) for seed in range(8)]
    left = []
    started = time.perf_counter()
    for old, new in zip(texts, texts[1:]):
        left.append(shared.left)
        edits = word_diff(old, new, shared)
        assert old_text(edits) == old and new_text(edits) == new
    assert left[0] == diff.WORD_BUDGET and all(value <= 0 for value in left[1:]), "spent by the first diff"
    assert time.perf_counter() - started < SAFETY_NET_SECONDS


def test_past_the_word_budget_sentences_are_diffed(monkeypatch):
    old = "Alpha one. Beta stays here. Gamma three."
    new = "Alpha uno. Beta stays here. Gamma tres."
    assert [(e.op, e.text) for e in word_diff(old, new)][:3] == [("equal", "Alpha "), ("delete", "one"), ("insert", "uno")]
    monkeypatch.setattr(diff, "WORD_BUDGET", 0)
    edits = word_diff(old, new)
    assert old_text(edits) == old and new_text(edits) == new
    assert [(e.op, e.text) for e in edits] == [
        ("equal", "Alpha "), ("delete", "one. "), ("insert", "uno. "), ("equal", "Beta stays here. "),
        ("delete", "Gamma three"), ("insert", "Gamma tres"), ("equal", "."),
    ]


def test_past_both_budgets_the_middle_is_replaced_whole(monkeypatch):
    monkeypatch.setattr(diff, "WORD_BUDGET", 0)
    monkeypatch.setattr(diff, "SENTENCE_BUDGET", 0)
    old = "Keep this. Change one. And two. End."
    new = "Keep this. Changed one. And also two. End."
    edits = word_diff(old, new)
    assert old_text(edits) == old and new_text(edits) == new
    assert [(e.op, e.text) for e in edits] == [
        ("equal", "Keep this. "), ("delete", "Change one. And"), ("insert", "Changed one. And also"),
        ("equal", " two. End."),
    ]


def test_the_budget_counts_steps_not_seconds(monkeypatch):
    """The same input always gives the same edits, however busy the machine: no clock involved."""
    monkeypatch.setattr(diff, "WORD_BUDGET", 50_000)
    old = " ".join(f"a{k}" for k in range(500))
    new = " ".join(f"b{k}" if k % 3 else f"a{k}" for k in range(500))
    assert diff.search(tokens(old), tokens(new), diff.WORD_BUDGET) is None, "past the word budget"
    first = word_diff(old, new)
    assert all(word_diff(old, new) == first for _ in range(3))
    assert old_text(first) == old and new_text(first) == new


def test_more_distinct_tokens_than_characters_do_not_break_the_diff():
    """A diff needs one character per distinct token; past that it is coarse, not an error."""
    old = "x " * 10
    new = " ".join(f"t{k}" for k in range(600_000))
    started = time.perf_counter()
    edits = word_diff(old, new)
    assert time.perf_counter() - started < SAFETY_NET_SECONDS
    assert old_text(edits) == old and new_text(edits) == new


def test_sentences_concatenate_back():
    text = "One. Two?  Three!\nFour… five. "
    assert "".join(sentences(tokens(text))) == text
    assert sentences(tokens(text)) == ["One. ", "Two?  ", "Three!\n", "Four… ", "five. "]


def test_piece_chunks_give_both_sides_of_equal_whitespace():
    chunks = piece_chunks(["weekly  speech and\tlanguage"], ["weekly speech ", "and language"])
    assert "".join(old for _, old, _ in chunks) == "weekly  speech and\tlanguage"
    assert "".join(new for _, _, new in chunks) == "weekly speech and language"
    assert all(op == "equal" for op, _, _ in chunks)


def test_aligning_many_equal_paragraphs_is_quick():
    """difflib's matcher is quadratic on repeated items (thousands of empty paragraphs); past
    its limit the bounded diff pairs them."""
    from ehcpdocs.texttools.align import align

    for count in (5_000, 30_000):
        old, new = [""] * count + ["old end"], [""] * count + ["new end"]
        started = time.perf_counter()
        pairs = align(old, new)
        assert time.perf_counter() - started < SAFETY_NET_SECONDS
        assert pairs[:count] == [(k, k) for k in range(count)] and pairs[count:] == [(count, count)]


def test_aligning_many_long_similar_paragraphs_is_bounded():
    from ehcpdocs.texttools.align import align

    old = ["word " * 3000 + str(k) for k in range(150)]
    new = ["word " * 3000 + "z" + str(k) for k in range(150)]
    started = time.perf_counter()
    pairs = align(old, new)
    assert time.perf_counter() - started < SAFETY_NET_SECONDS
    assert sorted(i for i, _ in pairs if i is not None) == list(range(150))
    assert sorted(j for _, j in pairs if j is not None) == list(range(150))


def test_compare_and_check_of_documents_with_thousands_of_empty_paragraphs():
    import docx

    from builders import docx_bytes
    from ehcpdocs import check, compare_documents

    def built(last: str) -> bytes:
        document = docx.Document()
        for _ in range(6_000):
            document.add_paragraph("")
        document.add_paragraph(last)
        return docx_bytes(document)

    old, new = built("Weekly therapy."), built("Termly therapy.")
    started = time.perf_counter()
    assert compare_documents(old, new).summary["paragraphs_changed"] == 1
    assert not check(old, new).clean
    assert time.perf_counter() - started < SAFETY_NET_SECONDS
