"""The word-level diff: minimal, on whole words, keeping unchanged text exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ehcpdocs.texttools.align import align
from ehcpdocs.texttools.diff import new_text, old_text, word_diff
from ehcpdocs.texttools.match import find_all


def ops(edits):
    return [(e.op, e.text) for e in edits]


def test_one_word_change_marks_one_word():
    assert ops(word_diff("needs 15 minutes of breaks", "needs 20 minutes of breaks")) == [
        ("equal", "needs "), ("delete", "15"), ("insert", "20"), ("equal", " minutes of breaks"),
    ]


def test_changes_never_split_a_word():
    edits = word_diff("The teacher shows me", "The teachers show me")
    assert ops(edits) == [("equal", "The "), ("delete", "teacher shows"), ("insert", "teachers show"), ("equal", " me")]


def test_whitespace_differences_keep_the_original():
    edits = word_diff("a\tb  c", "a b c")
    assert ops(edits) == [("equal", "a\tb  c")]


def test_identical_text_is_one_equal():
    assert ops(word_diff("same", "same")) == [("equal", "same")]
    assert word_diff("", "") == []


words = st.lists(st.sampled_from(["the", "child", "needs", "15", "20", "minutes", ",", ".", "weekly", "daily"]), max_size=25)


@settings(max_examples=200, deadline=None)
@given(words, words)
def test_diff_reconstructs_both_texts(a, b):
    old, new = " ".join(a), " ".join(b)
    edits = word_diff(old, new)
    assert old_text(edits) == old
    assert new_text(edits) == new


def test_anchor_matching_collapses_whitespace_and_quotes():
    text = "Zoë’s  needs\tare  met"
    assert find_all(text, "Zoë's needs are") == [(0, 16)]
    assert find_all(text, "absent") == []


def test_align_pairs_equal_then_similar():
    old = ["One.", "Two is here.", "Three."]
    new = ["One.", "Two is now here.", "New.", "Three."]
    assert align(old, new) == [(0, 0), (1, 1), (None, 2), (2, 3)]
