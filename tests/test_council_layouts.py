"""Plans laid out like published council templates (tests/fixtures/councils): every section
found exactly, every paragraph given to the right section (or to none), the child's details
read exactly, every kind of amendment landing in the right place, and a review carrying
another child's name or date of birth refused with nothing written."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import docx
import pytest
from click.testing import CliRunner

import ehcpdocs
from ehcpdocs.cli import cli
from ehcpdocs.docx.package import open_package
from ehcpdocs.docx.reading import read_plan_document
from ehcpdocs.docx.text import paragraph_text
from ehcpdocs.errors import PlanMismatchError
from ehcpdocs.reader.profiles import load_profile, shipped_layouts

from fixtures.councils import fixture, layout_names

NAMES = layout_names()


def collapse(text: str) -> str:
    return " ".join(text.split())


def read(built, layout=None):
    return read_plan_document(open_package(built.docx, f"{built.key}.docx"), layout=layout)


def reader_owners(document) -> dict[str, set]:
    """Each paragraph text -> the owners the reader gave it (a set: texts may repeat)."""
    owner = {place.key: letter for letter, section in document.plan.sections.items() for place in section.places}
    found: dict[str, set] = {}
    for key, element in enumerate(document.paragraphs):
        text = collapse(paragraph_text(element))
        if text:
            found.setdefault(text, set()).add(owner.get(key))
    return found


def expected_letters(built) -> set[str]:
    letters = set(built.letters)
    if "H" in letters and "H" not in built.owners.values() and letters & {"H1", "H2"}:
        letters.discard("H")
    return letters


def ownership_problems(built, document) -> list[str]:
    found = reader_owners(document)
    problems = []
    for text, owner in built.owners.items():
        got = found.get(text)
        if got is None:
            problems.append(f"not read at all: {text[:70]!r}")
        elif got != {owner}:
            problems.append(f"{owner!s:>4} expected, {'/'.join(sorted(str(x) for x in got))} found: {text[:70]!r}")
    return problems


def test_there_are_at_least_ten_council_layouts():
    councils = {fixture(name).council for name in NAMES}
    assert len(councils) >= 10, sorted(councils)


@pytest.mark.parametrize("name", NAMES)
def test_sections_are_found_exactly(name):
    built = fixture(name)
    document = read(built)
    problems = ownership_problems(built, document)
    assert problems == [], f"{built.council}: {len(problems)} paragraphs misread:\n" + "\n".join(problems)
    assert set(document.plan.sections) == expected_letters(built)


@pytest.mark.parametrize("name", NAMES)
def test_details_are_read_exactly(name):
    built = fixture(name)
    details = read(built).plan.details
    wanted = built.details
    assert details.reference == wanted.reference
    assert details.date_of_birth == wanted.date_of_birth
    assert details.problems == []
    if wanted.given_names or wanted.family_name:
        assert collapse(details.first_name or "") == collapse(wanted.given_names or "")
        assert collapse(details.last_name or "") == collapse(wanted.family_name or "")
    else:
        assert collapse(details.name or "") == collapse(wanted.name)
    if wanted.preferred_name:
        assert details.preferred_name == wanted.preferred_name


def review(built, amendments, **child):
    person = {**built.review_child(), **child}
    return {
        "plan_id": built.plan_id if built.details.reference else built.key.replace("_", "-"),
        "child": person,
        "review": {"meeting_date": "2026-10-12", "reasons": ["significant_change"],
                   "evidence": ["Educational Psychology report, 1 September 2026"]},
        "amendments": amendments,
    }


WORD = re.compile(r"[A-Za-z]{5,}")


def unique_word(text: str, others: list[str]) -> str | None:
    """A word of ``text`` found in no other paragraph of the section, to replace."""
    for word in WORD.findall(text):
        if text.count(word) == 1 and not any(word in other for other in others):
            return word
    return None


def replaceable_word(document) -> tuple[str, str]:
    """A section and a word that occurs once in it."""
    for letter in document.plan.sections:
        texts = section_texts(document, letter)
        for text in texts:
            word = unique_word(text, [other for other in texts if other is not text])
            if word:
                return letter, word
    raise AssertionError("no word occurs once in any section")


def section_texts(document, letter: str) -> list[str]:
    return [place.text for place in document.plan.sections[letter].places if place.text.strip()]


def final_owners(result) -> dict[str, set]:
    return reader_owners(read_plan_document(open_package(result.final_docx, "final.docx")))


@pytest.mark.parametrize("name", NAMES)
def test_a_word_replaced_in_every_section_lands_in_that_section(name):
    built = fixture(name)
    document = read(built)
    amendments, expected = [], []
    for letter in document.plan.sections:
        texts = section_texts(document, letter)
        for text in texts:
            word = unique_word(text, [other for other in texts if other is not text])
            if word:
                amendments.append({"op": "replace", "section": letter, "old": word, "new": word.upper() + "X"})
                expected.append((letter, collapse(text).replace(word, word.upper() + "X", 1)))
                break
    assert len(amendments) >= 8
    result = ehcpdocs.amend(built.docx, review(built, amendments), plan_name=f"{built.key}.docx")
    owners = final_owners(result)
    for letter, text in expected:
        assert owners.get(text) == {letter}, (letter, text[:80])


@pytest.mark.parametrize("name", NAMES)
def test_insert_revise_and_delete_land_in_the_right_section(name):
    built = fixture(name)
    document = read(built)
    prose = [letter for letter in document.plan.sections if section_texts(document, letter)]
    letter = prose[0]
    texts = section_texts(document, letter)
    first = texts[0]
    amendments = [{"op": "insert", "section": letter, "after": first[:60], "new": "An inserted paragraph for the test."}]
    target = texts[-1] if len(texts) > 1 else None
    if target is not None and target != first:
        amendments.append({"op": "revise", "section": letter, "paragraph": target[:60], "new": target + " Revised."})
    result = ehcpdocs.amend(built.docx, review(built, amendments), plan_name=f"{built.key}.docx")
    owners = final_owners(result)
    assert owners.get("An inserted paragraph for the test.") == {letter}
    if target is not None and target != first:
        assert owners.get(collapse(target + " Revised.")) == {letter}


@pytest.mark.parametrize("name", NAMES)
def test_rewriting_a_prose_section_leaves_every_other_paragraph_alone(name):
    built = fixture(name)
    document = read(built)
    candidates = [letter for letter, section in document.plan.sections.items()
                  if section.places and not section.rows and len(section_texts(document, letter)) >= 1]
    if not candidates:
        pytest.skip("no prose section without tables")
    letter = candidates[0]
    texts = section_texts(document, letter)
    new = "\n\n".join(texts[:-1] + ["A rewritten closing paragraph."])
    result = ehcpdocs.amend(built.docx, review(built, [{"op": "rewrite", "section": letter, "new": new}]),
                            plan_name=f"{built.key}.docx")
    marked = docx.Document(io.BytesIO(result.amended_docx))
    struck = {collapse("".join(run.text for run in p.runs if run.font.strike)) for p in _all_paragraphs(marked)}
    struck.discard("")
    assert struck <= {collapse(texts[-1])} | {collapse(word) for text in texts for word in text.split()} or all(
        any(piece in collapse(text) for text in texts) for piece in struck), struck
    owners = final_owners(result)
    assert owners.get("A rewritten closing paragraph.") == {letter}
    for text, owner in built.owners.items():
        if owner != letter and text not in texts:
            assert text in owners, f"{text[:60]!r} vanished"


def _all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        yield from _table_paragraphs(table)


def _table_paragraphs(table):
    for row in table.rows:
        for cell in row.cells:
            yield from cell.paragraphs
            for inner in cell.tables:
                yield from _table_paragraphs(inner)


@pytest.mark.parametrize("name", NAMES)
def test_row_operations_land_in_the_right_table(name):
    built = fixture(name)
    document = read(built)
    for letter, section in document.plan.sections.items():
        rows = [row for row in section.rows if sum(1 for text in row.texts if text.strip()) >= 2
                and len(section.places) > 0]
        for row in rows:
            place_cells = [keys for keys in row.cells if any(key in {p.key for p in section.places} for key in keys)]
            if len(place_cells) != len(row.cells):
                continue
            anchor = collapse(" ".join(row.texts))
            others = [collapse(" ".join(other.texts)) for other in section.rows if other.key != row.key]
            snippet = next((collapse(text) for text in row.texts if len(text) > 12 and not any(collapse(text) in o for o in others)), None)
            if snippet is None:
                continue
            cells = [f"New cell {number} for the test" for number in range(1, len(row.cells) + 1)]
            amendments = [{"op": "add_row", "section": letter, "after": snippet[:60], "cells": cells}]
            result = ehcpdocs.amend(built.docx, review(built, amendments), plan_name=f"{built.key}.docx")
            owners = final_owners(result)
            assert owners.get("New cell 1 for the test") == {letter}, (letter, anchor[:60])
            return
    pytest.skip("no table row with every cell owned by its section")


def other_date(day: date) -> str:
    return (day + timedelta(days=40)).isoformat()


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("wrong", ["date_of_birth", "last_name", "first_name"])
def test_a_review_for_another_child_is_refused_and_writes_nothing(name, wrong, tmp_path):
    built = fixture(name)
    document = read(built)
    letter, word = replaceable_word(document)
    child = {"date_of_birth": other_date(built.details.date_of_birth), "last_name": "Quennell-Ashdown",
             "first_name": "Barnaby"}
    data = review(built, [{"op": "replace", "section": letter, "old": word, "new": word + "s"}], **{wrong: child[wrong]})
    with pytest.raises(PlanMismatchError):
        ehcpdocs.amend(built.docx, data)
    plan_path = tmp_path / f"{built.key}.docx"
    plan_path.write_bytes(built.docx)
    review_path = tmp_path / "review.json"
    import json
    review_path.write_text(json.dumps(data), encoding="utf-8")
    outdir = tmp_path / "out"
    outcome = CliRunner().invoke(cli, ["amend", str(plan_path), str(review_path), "-o", str(outdir), "--no-pdf"])
    assert outcome.exit_code == 1, outcome.output
    assert not outdir.exists() or not any(outdir.iterdir())


@pytest.mark.parametrize("name", NAMES)
def test_the_right_child_with_name_variants_is_accepted(name):
    built = fixture(name)
    document = read(built)
    letter, word = replaceable_word(document)
    child = built.review_child()
    variants = [
        {},
        {"first_name": child["first_name"].upper(), "last_name": child["last_name"].lower()},
        {"first_name": f"{child['first_name']} Tamsin"},
        {"last_name": child["last_name"].replace("-", " ")},
    ]
    for variant in variants:
        data = review(built, [{"op": "replace", "section": letter, "old": word, "new": word + "s"}], **variant)
        result = ehcpdocs.amend(built.docx, data)
        assert result.amended, variant


@pytest.mark.parametrize("name", NAMES)
def test_the_shipped_profile_reads_the_same(name):
    built = fixture(name)
    shipped = shipped_layouts()
    if built.key not in shipped:
        pytest.fail(f"no shipped layout profile for {built.key}")
    document = read(built, load_profile(built.key))
    problems = ownership_problems(built, document)
    assert problems == [], "\n".join(problems)
    assert document.plan.layout


@pytest.mark.parametrize("name", NAMES)
def test_text_in_no_section_cannot_be_amended(name):
    from ehcpdocs.amend.ops import apply_amendments
    from ehcpdocs.errors import AnchorNotFoundError
    from ehcpdocs.model.review import Delete

    built = fixture(name)
    document = read(built)
    inside = [text for text, owner in built.owners.items() if owner is not None]
    outside = [text for text, owner in built.owners.items()
               if owner is None and len(text) > 3 and not any(text in owned for owned in inside)]
    assert len(outside) >= 10
    for text in outside:
        for letter in document.plan.sections:
            with pytest.raises(AnchorNotFoundError):
                apply_amendments(document.plan, [Delete(op="delete", section=letter, paragraph=text)])
