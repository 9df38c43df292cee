"""Which review goes with which plan: pairing two folders by plan_id, or reading a manifest.

A plan's key is its reference (read from the plan's details), else its file name stem; a
review's key is its ``plan_id``, else its file name stem. Keys are compared without regard to
case or surrounding spaces. Plans or reviews left without a partner, and keys shared by two
files, become items that are reported rather than run, so nothing is silently ignored.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import InputError
from ..reader.profiles import load_profile, portable_layout
from .executors import ExecutorSlot
from .scheduler import Scheduler
from .worker import DEFAULT_TIMEOUT, ItemTimedOut, time_limit

PLAN_SUFFIXES = (".docx", ".doc", ".docm")
REVIEW_SUFFIXES = (".json", ".yaml", ".yml")

NO_REVIEW = "no review for this plan"
NO_PLAN = "no plan for this review"


@dataclass(frozen=True)
class BatchItem:
    """One unit of work: a plan and its review, or a reason it cannot be run.

    ``problem`` is set for items that are reported without being run: ``unpaired`` items are
    reported as skipped, other problems (a key shared by two files) as failed.
    """

    plan_id: str
    plan: Path | None
    review: Path | None
    problem: str | None = None
    unpaired: bool = False

    @property
    def runnable(self) -> bool:
        return self.problem is None and self.plan is not None and self.review is not None


@dataclass
class Batch:
    """The items of a batch, in a stable order (by plan_id, then file names)."""

    items: list[BatchItem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.items.sort(key=item_order)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[BatchItem]:
        return iter(self.items)

    @property
    def runnable(self) -> list[BatchItem]:
        return [item for item in self.items if item.runnable]

    @property
    def unpaired(self) -> list[BatchItem]:
        return [item for item in self.items if item.unpaired]


def item_order(item: BatchItem) -> tuple[str, str, str]:
    return (fold(item.plan_id), item.plan.name if item.plan else "", item.review.name if item.review else "")


def fold(key: str) -> str:
    return " ".join(key.split()).casefold()


def plan_files(folder: Path) -> list[Path]:
    """The Word files directly in a folder, leaving out Word's '~$' lock files and hidden files."""
    return sorted(
        path for path in Path(folder).iterdir()
        if path.is_file() and path.suffix.lower() in PLAN_SUFFIXES and not path.name.startswith(("~$", "."))
    )


def review_files(folder: Path) -> list[Path]:
    """The review data files (JSON or YAML) directly in a folder."""
    return sorted(
        path for path in Path(folder).iterdir()
        if path.is_file() and path.suffix.lower() in REVIEW_SUFFIXES and not path.name.startswith(".")
    )


def plan_reference(source: Path | bytes, timeout: float | None = None, layout: str | None = None,
                   name: str | None = None) -> str | None:
    """The reference a plan gives in its details, or None if it has none or cannot be read in time.

    ``source`` is the plan's path or bytes. Runs in a worker during pairing; a plan that cannot
    be read is paired by its file name and its problem is reported when the item runs.
    """
    from ..api import read_plan_details

    try:
        with time_limit(timeout):
            reference = read_plan_details(source, name=name, layout=layout).reference
    except (Exception, ItemTimedOut):  # any failure is reported later, by the item itself
        return None
    return reference.strip() if reference and reference.strip() else None


def reference_task(task: tuple[Path, bytes | None, float | None, str | None]) -> tuple[Path, str | None]:
    """``plan_reference`` as an executor task: (path, its bytes, time limit, layout) in, (path,
    reference) out. The bytes travel, so a worker need not see the caller's disk."""
    path, data, timeout, layout = task
    return path, plan_reference(data, timeout, layout, path.name) if data is not None else None


def plan_bytes(path: Path) -> bytes | None:
    """A plan's bytes for pairing, or None when it cannot be read (the item reports why)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def review_plan_id(path: Path) -> str | None:
    """The ``plan_id`` a review file names, read leniently (the schema is checked when it runs)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError):
        return None
    plan_id = data.get("plan_id") if isinstance(data, dict) else None
    return plan_id.strip() if isinstance(plan_id, str) and plan_id.strip() else None


def read_plan_references(paths: list[Path], executor: Executor | None,
                         timeout: float | None = DEFAULT_TIMEOUT, layout: str | None = None) -> list[str | None]:
    """Each plan's reference, read on the executor when one is given (else here, one by one).

    A plan whose reading crashes its worker or passes the time limit is paired by file name; the
    item then reports the problem when it runs.
    """
    if executor is None:
        return [plan_reference(path, timeout, layout) for path in paths]
    profile = load_profile(layout)
    scheduler = Scheduler(ExecutorSlot(executor, None), reference_task,
                          lambda path: (path, plan_bytes(path), timeout, profile), timeout,
                          failure=lambda path, reason, seconds: (path, None))
    found = dict(scheduler.results(deque(paths)))
    return [found.get(path) for path in paths]


def pair_folders(plans_dir: str | Path, reviews_dir: str | Path, *, executor: Executor | None = None,
                 timeout: float | None = DEFAULT_TIMEOUT, layout: str | Path | None = None) -> Batch:
    """Pair the plans in one folder with the reviews in another by plan_id.

    ``executor`` reads the plans' references in parallel (each plan is opened once for it);
    ``timeout`` limits the seconds spent on one plan, as in ``run``; ``layout`` is the layout
    profile the plans are read with.
    """
    plans_dir, reviews_dir = Path(plans_dir), Path(reviews_dir)
    for folder, what in ((plans_dir, "plans"), (reviews_dir, "reviews")):
        if not folder.is_dir():
            raise InputError(f"the {what} folder does not exist or is not a folder", file=str(folder))
    plans = plan_files(plans_dir)
    layout = portable_layout(layout)
    references = read_plan_references(plans, executor, timeout, layout)
    plan_keys = [(reference or path.stem, path) for reference, path in zip(references, plans)]
    review_keys = [(review_plan_id(path) or path.stem, path) for path in review_files(reviews_dir)]
    return Batch(pair_keys(plan_keys, review_keys))


def pair_keys(plans: Iterable[tuple[str, Path]], reviews: Iterable[tuple[str, Path]]) -> list[BatchItem]:
    """Items from keyed plans and reviews: pairs, unpaired ones, and keys given twice."""
    plans_by_key: dict[str, list[tuple[str, Path]]] = defaultdict(list)
    reviews_by_key: dict[str, list[tuple[str, Path]]] = defaultdict(list)
    for key, path in plans:
        plans_by_key[fold(key)].append((key, path))
    for key, path in reviews:
        reviews_by_key[fold(key)].append((key, path))
    items: list[BatchItem] = []
    for folded in sorted(set(plans_by_key) | set(reviews_by_key)):
        items.extend(items_for_key(plans_by_key.get(folded, []), reviews_by_key.get(folded, [])))
    return items


def items_for_key(plans: list[tuple[str, Path]], reviews: list[tuple[str, Path]]) -> list[BatchItem]:
    if len(plans) > 1 or len(reviews) > 1:
        return duplicate_items(plans, reviews)
    if plans and reviews:
        return [BatchItem(plan_id=reviews[0][0], plan=plans[0][1], review=reviews[0][1])]
    if plans:
        return [BatchItem(plan_id=plans[0][0], plan=plans[0][1], review=None, problem=NO_REVIEW, unpaired=True)]
    return [BatchItem(plan_id=reviews[0][0], plan=None, review=reviews[0][1], problem=NO_PLAN, unpaired=True)]


def duplicate_items(plans: list[tuple[str, Path]], reviews: list[tuple[str, Path]]) -> list[BatchItem]:
    """One failed item per file when a plan_id belongs to more than one plan or review."""
    key = (plans or reviews)[0][0]
    what = "plans" if len(plans) > 1 else "reviews"
    names = ", ".join(path.name for _, path in (plans if len(plans) > 1 else reviews))
    problem = f"{len(plans) if len(plans) > 1 else len(reviews)} {what} have the plan_id {key} ({names}); keep one"
    return [BatchItem(plan_id=key, plan=path, review=None, problem=problem) for _, path in plans] + [
        BatchItem(plan_id=key, plan=None, review=path, problem=problem) for _, path in reviews
    ]


MANIFEST_PLAN_HEADERS = {"plan", "plan path", "plan_path", "plan file", "plan_file"}
MANIFEST_REVIEW_HEADERS = {"review", "review path", "review_path", "review file", "review_file"}


def read_manifest(manifest: str | Path) -> Batch:
    """Items from a CSV of plan path, review path (an optional header row names the columns).

    Relative paths are relative to the manifest's folder. A row's plan_id is the review's
    ``plan_id``, else the plan's file name stem; a row with one path missing is reported as
    unpaired.
    """
    manifest = Path(manifest)
    try:
        with manifest.open(newline="", encoding="utf-8-sig") as stream:
            rows = [row for row in csv.reader(stream) if any(cell.strip() for cell in row)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"the manifest cannot be read ({exc})", file=manifest.name) from None
    plan_column, review_column, rows = manifest_columns(rows, manifest.name)
    base = manifest.parent
    keyed_plans: list[tuple[str, Path]] = []
    keyed_reviews: list[tuple[str, Path]] = []
    items: list[BatchItem] = []
    for row in rows:
        plan = cell_path(row, plan_column, base)
        review = cell_path(row, review_column, base)
        key = (review_plan_id(review) if review else None) or (plan.stem if plan else review.stem)
        if plan and review:
            keyed_plans.append((key, plan))
            keyed_reviews.append((key, review))
        elif plan:
            items.append(BatchItem(plan_id=key, plan=plan, review=None, problem=NO_REVIEW, unpaired=True))
        else:
            items.append(BatchItem(plan_id=key, plan=None, review=review, problem=NO_PLAN, unpaired=True))
    return Batch(items + pair_keys(keyed_plans, keyed_reviews))


def manifest_columns(rows: list[list[str]], name: str) -> tuple[int, int, list[list[str]]]:
    """The plan and review column positions, and the data rows (without a header row)."""
    if not rows:
        raise InputError("the manifest has no rows", file=name)
    header = [cell.strip().casefold() for cell in rows[0]]
    plan_column = next((i for i, cell in enumerate(header) if cell in MANIFEST_PLAN_HEADERS), None)
    review_column = next((i for i, cell in enumerate(header) if cell in MANIFEST_REVIEW_HEADERS), None)
    if plan_column is not None and review_column is not None:
        return plan_column, review_column, rows[1:]
    if any(len(row) < 2 for row in rows):
        raise InputError("every manifest row needs two columns: plan path, review path", file=name)
    return 0, 1, rows


def cell_path(row: list[str], column: int, base: Path) -> Path | None:
    value = row[column].strip() if column < len(row) else ""
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path

