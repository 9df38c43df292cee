"""Amending many plans at once: pair plans with reviews, run them on an executor, report.

    from ehcpdocs import batch

    items = batch.pair_folders("plans/", "reviews/")        # or batch.read_manifest("batch.csv")
    for result in batch.run(items, "out/", workers=2):      # one result per item, as it completes
        print(result.plan_id, result.status, result.reason)

Each item goes through ``ehcpdocs.amend`` and writes the same files as ``ehcpdocs amend``
(plus the Annex 2 report when the forms module and the review allow); ``out/report.csv`` and
``out/report.json`` list every item, including plans and reviews that found no partner.
``run`` accepts any ``concurrent.futures.Executor`` (see docs/batch.md for Dask and Ray).
"""

from .executors import default_workers, process_pool
from .pairing import Batch, BatchItem, pair_folders, read_manifest
from .report import CSV_COLUMNS, REPORT_CSV, REPORT_JSON, VARYING_COLUMNS
from .running import DEFAULT_TIMEOUT, run
from .worker import (
    AMENDED,
    FAILED,
    SKIPPED,
    UNCHANGED,
    ItemOutcome,
    ItemResult,
    ItemTask,
    amend_item,
)

__all__ = [
    "AMENDED",
    "CSV_COLUMNS",
    "DEFAULT_TIMEOUT",
    "FAILED",
    "REPORT_CSV",
    "REPORT_JSON",
    "SKIPPED",
    "UNCHANGED",
    "VARYING_COLUMNS",
    "Batch",
    "BatchItem",
    "ItemOutcome",
    "ItemResult",
    "ItemTask",
    "amend_item",
    "default_workers",
    "pair_folders",
    "process_pool",
    "read_manifest",
    "run",
]
