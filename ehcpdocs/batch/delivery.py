"""The caller's side of an item: its inputs read into a task, and what comes back written.

Workers may run on other machines (Dask, Ray) that share none of the caller's disk, so only the
caller touches files: it reads an item's plan and review when the item is handed out (never the
whole batch at once), and writes the files a worker sends back, all of an item's files or none,
then reads them back to check them against the hashes the report will list. Nothing is ever
reported as written that is not on the caller's disk as reported.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ..docx.package import MAX_PACKAGE_BYTES
from ..errors import DocumentTooLargeError, EhcpDocsError, InputError, OutputError, ReviewDataError
from ..fileio import write_files_atomically
from ..model.review import MAX_DATA_BYTES
from .pairing import BatchItem
from .resume import file_sha256
from .scheduler import Unsubmittable
from .worker import (
    DONE_STATUSES,
    FAILED,
    OUTPUT_SUFFIXES,
    ItemOutcome,
    ItemResult,
    ItemTask,
    failure,
    reason_without_file,
    remove_item_files,
    sha256,
)

NOT_INTACT = "the output files did not arrive intact from the worker; run the batch again with --resume"
NOT_WRITTEN = "the output files were not written intact (the disk changed them); check the disk and run again"
BAD_NAMES = "the worker returned files that are not this plan's outputs"


def read_limited(path: Path, limit: int, too_large: type[InputError], what: str) -> bytes:
    """A file's bytes, refusing (before reading) one larger than the library would accept."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise too_large(f"is {size // 2**20} MB, over the {limit // 2**20} MB limit for {what}", file=path.name)
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file=path.name) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", file=path.name) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", file=path.name) from None


def read_task(item: BatchItem, **options: Any) -> ItemTask:
    """The task of ``item``: its plan and review read now, as bytes, with the batch's options.

    Raises ``Unsubmittable`` (carrying the item's failure) when either cannot be read.
    """
    try:
        plan_bytes = read_limited(item.plan, MAX_PACKAGE_BYTES, DocumentTooLargeError, "a plan")
        review_bytes = read_limited(item.review, MAX_DATA_BYTES, ReviewDataError, "a review")
    except EhcpDocsError as error:
        base = ItemResult(plan_id=item.plan_id, status=FAILED, plan_file=item.plan.name, review_file=item.review.name)
        raise Unsubmittable(failure(base, str(error), reason_without_file(error))) from None
    return ItemTask(plan_id=item.plan_id, plan_name=item.plan.name, review_name=item.review.name,
                    plan_bytes=plan_bytes, review_bytes=review_bytes, **options)


def as_outcome(returned: ItemOutcome | ItemResult) -> ItemOutcome:
    """An item function's return value as an outcome (a bare result brings no files)."""
    return returned if isinstance(returned, ItemOutcome) else ItemOutcome(returned)


def settle(outdir: Path, returned: ItemOutcome | ItemResult) -> ItemResult:
    """Write an item's files into ``outdir`` and return its report row, checked against the disk.

    A failed item's files from an earlier run are removed. A done item's files are written
    atomically (all or none), its files from an earlier run that it no longer has are removed,
    and each file is read back: if any differs from the hash in the row, none stays and the
    item fails.
    """
    outcome = as_outcome(returned)
    result = outcome.result
    if result.status not in DONE_STATUSES:
        remove_item_files(outdir, result.plan_id)
        return result
    files = dict(sorted(outcome.files.items()))
    allowed = {result.plan_id + suffix for suffix in OUTPUT_SUFFIXES}
    if not set(files) <= allowed:
        return dropped(outdir, result, BAD_NAMES)
    if {name: sha256(data) for name, data in files.items()} != result.outputs:
        return dropped(outdir, result, NOT_INTACT)
    try:
        write_files_atomically(outdir, files)
    except OutputError as error:
        return dropped(outdir, result, str(error), reason_without_file(error))
    remove_item_files(outdir, result.plan_id, keep=set(files))
    if any(file_sha256(Path(outdir) / name) != digest for name, digest in result.outputs.items()):
        return dropped(outdir, result, NOT_WRITTEN)
    return result


def dropped(outdir: Path, result: ItemResult, reason: str, log_reason: str | None = None) -> ItemResult:
    """The item fails and none of its files stay, so the folder matches the report."""
    remove_item_files(outdir, result.plan_id)
    return replace(failure(result, reason, log_reason), outputs={})
