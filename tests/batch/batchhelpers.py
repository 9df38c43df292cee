"""Helpers for the batch tests: generated fictional plans, and item functions that misbehave.

The item functions live in this module (not in a test file) so that a process pool's workers
can find them by name.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

from ehcpdocs.batch import ItemResult, ItemTask, amend_item

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "samples") not in sys.path:
    sys.path.insert(0, str(ROOT / "samples"))

import make_samples

CRASH_ID = "TST-EHCP-0002"
SLOW_ID = "TST-EHCP-0003"


def plan_id_for(index: int) -> str:
    return f"TST-EHCP-{index:04d}"


def write_fictional_batch(plans_dir: Path, reviews_dir: Path, count: int, *, first: int = 0) -> list[str]:
    """Generate ``count`` fictional plans and their reviews (three layouts in turn); returns plan_ids."""
    plans_dir.mkdir(parents=True, exist_ok=True)
    reviews_dir.mkdir(parents=True, exist_ok=True)
    plan_ids = []
    for index in range(first, first + count):
        plan_id = plan_id_for(index)
        layout = make_samples.LAYOUTS[index % len(make_samples.LAYOUTS)]
        child = make_samples.fictional_child(index)
        (plans_dir / f"{plan_id}.docx").write_bytes(make_samples.make_plan(layout, plan_id, child, seed=index))
        review = make_samples.make_review(layout, plan_id, child, seed=index, check=False)
        (reviews_dir / f"{plan_id}.json").write_text(json.dumps(review, indent=2, ensure_ascii=False), encoding="utf-8")
        plan_ids.append(plan_id)
    return plan_ids


def crash_on_crash_id(task: ItemTask) -> ItemResult:
    """Kills its worker process outright for CRASH_ID, as a segfault or the OOM killer would."""
    if task.plan_id == CRASH_ID:
        os._exit(70)
    return amend_item(task)


def crash_always(task: ItemTask) -> ItemResult:
    os._exit(70)


def sleep_on_slow_id(task: ItemTask) -> ItemResult:
    """Hangs (interruptibly) for SLOW_ID."""
    if task.plan_id == SLOW_ID:
        time.sleep(30)
    return amend_item(task)


def hang_ignoring_alarm_on_slow_id(task: ItemTask) -> ItemResult:
    """Hangs for SLOW_ID in a way the worker's own timer cannot stop (as stuck C code would)."""
    if task.plan_id == SLOW_ID:
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        time.sleep(30)
    return amend_item(task)


def sleep_briefly_on_slow_id(task: ItemTask) -> ItemResult:
    """Hangs for SLOW_ID for a few seconds (long enough to pass a short limit, short enough for a thread)."""
    if task.plan_id == SLOW_ID:
        time.sleep(3)
    return amend_item(task)


def raise_on_crash_id(task: ItemTask) -> ItemResult:
    if task.plan_id == CRASH_ID:
        raise RuntimeError("a bug")
    return amend_item(task)
