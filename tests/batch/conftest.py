"""Fixtures for the batch tests: one generated batch of fictional plans, copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from batchhelpers import write_fictional_batch

BATCH_SIZE = 6


@pytest.fixture(scope="session")
def generated_batch(tmp_path_factory) -> Path:
    """Six fictional plans (two of each layout) in plans/ and their reviews in reviews/."""
    root = tmp_path_factory.mktemp("generated")
    write_fictional_batch(root / "plans", root / "reviews", BATCH_SIZE)
    return root


@pytest.fixture
def batch_dirs(generated_batch: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the generated plans and reviews, free to be changed by the test."""
    plans, reviews = tmp_path / "plans", tmp_path / "reviews"
    shutil.copytree(generated_batch / "plans", plans)
    shutil.copytree(generated_batch / "reviews", reviews)
    return plans, reviews
