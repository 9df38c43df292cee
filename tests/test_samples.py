"""The sample generator is deterministic and the committed samples are what it generates."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
import zipfile
from pathlib import Path

import pytest

from ehcpdocs.model.review import load_review

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def load_generator():
    """samples/make_samples.py as a module (samples/ is not a package)."""
    if "make_samples" in sys.modules:
        return sys.modules["make_samples"]
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return load_generator()


@pytest.fixture(scope="module")
def fresh(generator):
    return generator.sample_files()


def zip_members(data: bytes) -> list[tuple[str, bytes]]:
    """A .docx's members in order, with their contents."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [(name, package.read(name)) for name in package.namelist()]


def test_generation_is_deterministic(generator, fresh):
    assert generator.sample_files() == fresh


def test_committed_samples_match_a_fresh_generation(fresh):
    for relative, data in fresh.items():
        committed = (SAMPLES / relative).read_bytes()
        if relative.endswith(".docx"):
            assert zip_members(committed) == zip_members(data), f"{relative} is stale: run python samples/make_samples.py"
        else:
            assert committed == data, f"{relative} is stale: run python samples/make_samples.py"
    # reviews/full/ holds the hand-written Annex 2 review; everything else is generated
    on_disk = {
        str(p.relative_to(SAMPLES)) for folder in ("plans", "reviews") for p in (SAMPLES / folder).rglob("*")
        if p.is_file() and "full" not in p.relative_to(SAMPLES).parts
    }
    assert on_disk == set(fresh), "samples/plans or samples/reviews hold files the generator does not make"


def test_zip_entries_have_fixed_timestamps(fresh):
    for relative, data in fresh.items():
        if relative.endswith(".docx"):
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                assert package.namelist()[0] == "[Content_Types].xml"
                assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_every_review_is_valid_and_names_its_plan(fresh):
    for relative, data in fresh.items():
        if relative.endswith(".json"):
            review = load_review(json.loads(data))
            assert review.plan_id == Path(relative).stem
            assert f"plans/{review.plan_id}.docx" in fresh


def test_each_review_uses_every_op_and_cuts_section_f(fresh):
    ops = {"replace", "revise", "insert", "delete", "delete_row", "add_row", "revise_row", "rewrite"}
    for relative, data in fresh.items():
        if relative.startswith("reviews/") and "/unchanged/" not in relative and relative.count("/") == 1:
            review = json.loads(data)
            assert {a["op"] for a in review["amendments"]} == ops
            f_text = json.dumps([a for a in review["amendments"] if a["section"] == "F"], ensure_ascii=False)
            assert "as appropriate" in f_text and "20 hours per week" in f_text


def test_unchanged_review_has_no_amendments(fresh):
    review = load_review(json.loads(fresh["reviews/unchanged/LCC-EHCP-1001.json"]))
    assert review.amendments == []


@pytest.mark.parametrize("layout", ["heading-styles", "table-boxes", "area-of-need"])
def test_generated_children_get_checked_reviews_at_scale(generator, layout):
    seed = 17
    child = generator.fictional_child(seed)
    plan_id = f"BENCH-{seed:04d}"
    small = generator.make_plan(layout, plan_id, child, seed=seed)
    scaled = generator.make_plan(layout, plan_id, child, seed=seed, pages=20)
    assert len(scaled) > len(small)
    assert generator.make_plan(layout, plan_id, child, seed=seed, pages=20) == scaled
    review = generator.make_review(layout, plan_id, child, seed=seed, pages=20)
    assert "key_stage_transfer" in review["review"]["reasons"]


def test_fictional_children_are_distinct_and_in_transfer_years(generator):
    children = [generator.fictional_child(seed) for seed in range(500)]
    assert len({(c["first_name"], c["last_name"], c["date_of_birth"]) for c in children}) == 500
    for seed in range(0, 500, 7):
        reasons, year = generator.grounds(children[seed], generator.meeting_date_for(seed), amends_outcomes=True)
        assert "key_stage_transfer" in reasons, (seed, year)


def test_unknown_layout_and_bad_plan_id_are_refused(generator):
    child = generator.fictional_child(1)
    with pytest.raises(ValueError):
        generator.make_plan("landscape", "X-1", child)
    with pytest.raises(ValueError):
        generator.make_plan("heading-styles", "bad id/1", child)
