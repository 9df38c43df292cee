"""Pairing plans with reviews: by reference, by file name, unpaired both ways, manifests."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import docx
import pytest

from ehcpdocs.batch import pair_folders, pairing, read_manifest
from ehcpdocs.batch.pairing import NO_PLAN, NO_REVIEW
from ehcpdocs.errors import InputError


def by_id(batch) -> dict[str, list]:
    found: dict[str, list] = {}
    for item in batch:
        found.setdefault(item.plan_id, []).append(item)
    return found


def plan_without_reference(path: Path) -> None:
    document = docx.Document()
    document.add_heading("Section A: Views, interests and aspirations", 1)
    document.add_paragraph("Likes drawing.")
    document.save(path)


def test_pairs_by_the_plans_reference_whatever_the_file_is_called(batch_dirs):
    plans, reviews = batch_dirs
    (plans / "TST-EHCP-0000.docx").rename(plans / "plan from the portal (1).docx")
    items = by_id(pair_folders(plans, reviews))
    [item] = items["TST-EHCP-0000"]
    assert item.runnable
    assert item.plan.name == "plan from the portal (1).docx"
    assert item.review.name == "TST-EHCP-0000.json"
    assert len([i for i in items.values() if i[0].runnable]) == 6


def test_pairs_by_file_name_when_the_plan_has_no_reference(batch_dirs):
    plans, reviews = batch_dirs
    plan_without_reference(plans / "NOREF-1.docx")
    review = json.loads((reviews / "TST-EHCP-0001.json").read_text())
    review["plan_id"] = "NOREF-1"
    (reviews / "any name.json").write_text(json.dumps(review))
    [item] = by_id(pair_folders(plans, reviews))["NOREF-1"]
    assert item.runnable and item.plan.name == "NOREF-1.docx" and item.review.name == "any name.json"


def test_keys_are_compared_without_case_or_spaces(batch_dirs):
    plans, reviews = batch_dirs
    review = json.loads((reviews / "TST-EHCP-0001.json").read_text())
    (reviews / "TST-EHCP-0001.json").unlink()
    review["plan_id"] = "tst-ehcp-0001"
    (reviews / "lower.json").write_text(json.dumps(review))
    batch = pair_folders(plans, reviews)
    assert all(item.runnable for item in batch) and len(batch) == 6


def test_unpaired_plans_and_reviews_are_listed_not_ignored(batch_dirs):
    plans, reviews = batch_dirs
    (reviews / "TST-EHCP-0004.json").unlink()
    (plans / "TST-EHCP-0005.docx").unlink()
    items = by_id(pair_folders(plans, reviews))
    [no_review] = items["TST-EHCP-0004"]
    [no_plan] = items["TST-EHCP-0005"]
    assert (no_review.unpaired, no_review.problem, no_review.review) == (True, NO_REVIEW, None)
    assert (no_plan.unpaired, no_plan.problem, no_plan.plan) == (True, NO_PLAN, None)
    assert sum(item.runnable for group in items.values() for item in group) == 4


def test_a_plan_id_given_twice_fails_every_file_that_has_it(batch_dirs):
    plans, reviews = batch_dirs
    (reviews / "copy.json").write_bytes((reviews / "TST-EHCP-0003.json").read_bytes())
    items = by_id(pair_folders(plans, reviews))["TST-EHCP-0003"]
    assert len(items) == 3
    assert all(not item.runnable and not item.unpaired for item in items)
    assert "2 reviews have the plan_id TST-EHCP-0003" in items[0].problem


def test_unreadable_plans_and_reviews_pair_by_file_name(batch_dirs):
    plans, reviews = batch_dirs
    (plans / "BROKEN-7.docx").write_bytes(b"not a zip at all")
    (reviews / "BROKEN-7.json").write_text("{ this is not json")
    [item] = by_id(pair_folders(plans, reviews))["BROKEN-7"]
    assert item.runnable


def test_word_lock_files_and_other_files_are_not_plans(batch_dirs):
    plans, reviews = batch_dirs
    (plans / "~$TST-EHCP-0000.docx").write_bytes(b"lock")
    (plans / "notes.txt").write_text("hello")
    (reviews / "README.md").write_text("hello")
    assert len(pair_folders(plans, reviews)) == 6


def test_pairing_reads_references_on_an_executor(batch_dirs):
    plans, reviews = batch_dirs
    with ThreadPoolExecutor(2) as pool:
        assert [i.plan_id for i in pair_folders(plans, reviews, executor=pool)] == [
            i.plan_id for i in pair_folders(plans, reviews)]


def test_a_missing_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="plans folder does not exist"):
        pair_folders(tmp_path / "nope", tmp_path)


def test_manifest_with_header_and_relative_paths(batch_dirs, tmp_path):
    plans, reviews = batch_dirs
    manifest = tmp_path / "batch.csv"
    manifest.write_text(
        "review,plan\n"
        "reviews/TST-EHCP-0001.json,plans/TST-EHCP-0001.docx\n"
        f"{reviews / 'TST-EHCP-0002.json'},{plans / 'TST-EHCP-0002.docx'}\n"
        ",plans/TST-EHCP-0003.docx\n"
    )
    items = by_id(read_manifest(manifest))
    assert items["TST-EHCP-0001"][0].runnable and items["TST-EHCP-0002"][0].runnable
    assert items["TST-EHCP-0001"][0].plan == plans / "TST-EHCP-0001.docx"
    assert items["TST-EHCP-0003"][0].problem == NO_REVIEW


def test_manifest_without_header_names_items_by_plan_id_else_the_plans_file_name(batch_dirs, tmp_path):
    plans, reviews = batch_dirs
    manifest = tmp_path / "batch.csv"
    manifest.write_text(f"{plans / 'TST-EHCP-0001.docx'},{reviews / 'TST-EHCP-0001.json'}\n"
                        f"{plans / 'TST-EHCP-0002.docx'},{tmp_path / 'missing.json'}\n")
    items = by_id(read_manifest(manifest))
    assert set(items) == {"TST-EHCP-0001", "TST-EHCP-0002"}
    assert items["TST-EHCP-0002"][0].runnable  # the missing review is reported when the item runs


def test_manifest_rows_need_two_columns(tmp_path):
    manifest = tmp_path / "batch.csv"
    manifest.write_text("just-one-column.docx\n")
    with pytest.raises(InputError, match="two columns"):
        read_manifest(manifest)


def crash_on_0002(source, timeout=None, layout=None, name=None):
    if name == "TST-EHCP-0002.docx":
        os._exit(70)
    return original_plan_reference(source, timeout, layout, name)


def hang_on_0002(source, timeout=None, layout=None, name=None):
    if name == "TST-EHCP-0002.docx":
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        time.sleep(30)
    return original_plan_reference(source, timeout, layout, name)


original_plan_reference = pairing.plan_reference


@pytest.mark.parametrize("misbehaviour", [crash_on_0002, hang_on_0002])
def test_a_plan_that_crashes_or_hangs_its_reader_is_paired_by_file_name_and_the_rest_by_reference(
        batch_dirs, monkeypatch, misbehaviour):
    plans, reviews = batch_dirs
    (plans / "TST-EHCP-0004.docx").rename(plans / "renamed.docx")
    monkeypatch.setattr(pairing, "plan_reference", misbehaviour)
    started = time.monotonic()
    # fork, so that the workers see the patched reader
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        items = by_id(pair_folders(plans, reviews, executor=pool, timeout=1))
    assert time.monotonic() - started < 15
    assert all(group[0].runnable for group in items.values()) and len(items) == 6
    assert items["TST-EHCP-0004"][0].plan.name == "renamed.docx"
