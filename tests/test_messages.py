"""Every error message is one line of at most 300 characters, naming the file, section and
amendment; long quoted input is cut with '…', and line breaks and control characters in it never
reach the message."""

from __future__ import annotations

import inspect
import json
import re

import pytest
from click.testing import CliRunner

import ehcpdocs.errors as errors
from builders import review_for, sample_plan, sample_review
from ehcpdocs.api import amend
from ehcpdocs.cli import cli
from ehcpdocs.errors import (
    MAX_MESSAGE,
    AnchorNotFoundError,
    EhcpDocsError,
    PlanMismatchError,
    ReviewDataError,
    TemplateError,
    one_line,
    quote,
)

UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
HUGE = "word " * 20_000
MULTILINE = "first line\nsecond line\r\nthird\x07bell\x1b[31mred\u2028sep\ud800"
LONG_NAME = "Review for Zoë " + "x" * 400 + " final version.json"


def assert_one_line(message: str) -> None:
    assert len(message) <= MAX_MESSAGE, (len(message), message[:400])
    assert not UNPRINTABLE.search(message), repr(message)
    message.encode("utf-8")  # printable on any terminal: no lone surrogates


def every_error_class():
    return [value for value in vars(errors).values()
            if inspect.isclass(value) and issubclass(value, EhcpDocsError)]


def make(cls, message: str, file: str | None):
    if issubclass(cls, PlanMismatchError):
        return cls(message, field="name", file=file)
    if issubclass(cls, ReviewDataError):
        return cls(message, problems=[("$.amendments[3].new", message), ("$.child", message)], file=file)
    if issubclass(cls, TemplateError):
        return cls(message, template=file, variable="child")
    return cls(message, file=file)


@pytest.mark.parametrize("cls", every_error_class(), ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("message, file", [
    (f"anchor {quote(HUGE)} is not in the section", LONG_NAME),
    (f"anchor '{HUGE}' is not in the section", LONG_NAME),
    (f"anchor '{MULTILINE}' is not in the section", "plan\n.docx"),
    (HUGE, None),
    (MULTILINE * 50, "a\x00b.docx"),
], ids=["quoted", "huge-quote", "multiline", "huge-message", "control-file"])
def test_every_error_type_gives_one_short_line(cls, message, file):
    error = make(cls, message, file)
    text = str(error)
    assert_one_line(text)
    if file and cls is not TemplateError:
        assert text.startswith(one_line(file)[:20].strip()), "the file is named first"


def test_a_long_quote_is_cut_but_what_follows_it_is_kept():
    error = AnchorNotFoundError(f"old text '{HUGE}' is not in the section", index=3, section="B", file=LONG_NAME)
    text = str(error)
    assert_one_line(text)
    assert "amendment 3: section B: old text 'word word" in text
    assert "…' is not in the section" in text
    assert text.startswith("Review for Zoë xxx") and "…" in text.split(":")[0] and text.split(":")[0].endswith(".json")


def test_apostrophes_are_not_taken_for_quotes():
    error = EhcpDocsError("the child's plan " + "a" * 400 + " ends here")
    text = str(error)
    assert text.startswith("the child's plan aaa") and text.endswith("…") and len(text) == MAX_MESSAGE


def test_short_messages_are_unchanged():
    error = AnchorNotFoundError("old text '15 minutes' is not in the section", index=1, section="B", file="r.json")
    assert str(error) == "r.json: amendment 1: section B: old text '15 minutes' is not in the section"


def test_huge_and_multiline_anchors_in_a_real_amendment(simple_plan):
    for anchor in (HUGE, MULTILINE.replace("\x07", "").replace("\x1b", "").replace("\ud800", ""), "Zoë\n\nloves"):
        review = review_for([{"op": "replace", "section": "B", "old": anchor, "new": "x"}])
        with pytest.raises(AnchorNotFoundError) as caught:
            amend(simple_plan, review, review_name=LONG_NAME)
        text = str(caught.value)
        assert_one_line(text)
        assert "amendment 0" in text and "section B" in text


def test_control_characters_in_new_text_name_the_amendment(simple_plan):
    review = review_for([{"op": "replace", "section": "B", "old": "15", "new": "20\x07 minutes"},
                         {"op": "replace", "section": "B", "old": "a", "new": "lone \ud800 surrogate"}])
    with pytest.raises(ReviewDataError) as caught:
        amend(simple_plan, review, review_name="r.json")
    paths = dict(caught.value.problems)
    assert "U+0007" in paths["$.amendments[0].new"]
    assert "surrogate" in paths["$.amendments[1].new"]
    assert_one_line(str(caught.value))


def test_the_cli_prints_one_line_for_a_huge_anchor_and_a_long_file_name(tmp_path):
    review = sample_review("LCC-EHCP-1001")
    review["amendments"][0]["old"] = HUGE + "\nsecond line"
    path = tmp_path / ("r" * 200 + ".json")
    path.write_text(json.dumps(review), encoding="utf-8")
    result = CliRunner().invoke(cli, ["amend", str(sample_plan("LCC-EHCP-1001")), str(path), "-o", str(tmp_path / "out"),
                                      "--no-pdf"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert_one_line(lines[0].removeprefix("error: "))


def test_problem_paths_with_odd_keys_are_short(simple_plan):
    review = review_for([])
    review["x" * 5000 + "\n"] = 1
    with pytest.raises(ReviewDataError) as caught:
        amend(simple_plan, review)
    ((path, message),) = caught.value.problems
    assert len(path) < 60 and "\n" not in path and message == "is not a field of the review format"
    assert_one_line(str(caught.value))
