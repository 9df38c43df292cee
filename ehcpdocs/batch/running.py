"""Running a batch: ``run`` yields one ``ItemResult`` per item as it completes.

Items are submitted a few at a time (one per worker, plus one waiting). Each item's plan and
review are read here as it is submitted and travel to the worker as bytes; its files come back as
bytes and are written here (``delivery``), so workers need no shared disk, and memory holds only
the items in flight however long the batch. A bad plan is that item's failure; so is a worker
that crashes or passes the time limit, after which the batch goes on (on a fresh pool, when the
pool broke).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..api import scheme_for
from ..errors import OutputError
from ..reader.profiles import load_profile, portable_layout
from .delivery import read_task, settle
from .executors import ExecutorSlot, ExecutorSpec
from .pairing import BatchItem, fold
from .report import Report, read_previous_report
from .resume import claim_output_folder, completed_earlier, remove_partial_files
from .scheduler import Scheduler
from .worker import (
    DEFAULT_TIMEOUT,
    FAILED,
    SKIPPED,
    ItemOutcome,
    ItemResult,
    ItemTask,
    amend_item,
)

ItemFunction = Callable[[ItemTask], ItemOutcome]


def run(
    batch: Iterable[BatchItem],
    outdir: str | Path,
    *,
    executor: ExecutorSpec = None,
    workers: int | None = None,
    pdf: bool = True,
    markup: str = "bold-strike",
    timeout: float | None = DEFAULT_TIMEOUT,
    resume: bool = False,
    annex2: bool = True,
    layout: str | Path | None = None,
    check_identity: bool = True,
    item_function: ItemFunction = amend_item,
) -> Iterator[ItemResult]:
    """Amend every item of ``batch`` into ``outdir``, yielding each item's result as it completes.

    ``batch`` is a ``Batch`` from ``pair_folders`` or ``read_manifest`` (or any iterable of
    ``BatchItem``). ``executor`` is any ``concurrent.futures.Executor`` (a Dask or Ray one too),
    a callable that returns one, or None for a process pool with one worker per core.
    ``workers`` caps how many items run at once (default: the executor's size). ``timeout`` is
    each item's time limit in seconds (None for none). With ``resume``, items an earlier run in
    ``outdir`` completed, and whose inputs and outputs are unchanged, are not done again.
    ``annex2`` also writes the Annex 2 review report where the forms module and the review's
    data allow. ``layout`` is a layout profile (a YAML path or a shipped profile's name) for
    every plan; ``check_identity=False`` amends plans whose name or date of birth cannot be
    read, and the report says the check was skipped. ``item_function`` replaces the per-item
    work (for tests and special jobs): it takes an ``ItemTask`` and returns an ``ItemOutcome``.

    Workers get each item's inputs as bytes and send its files back as bytes; only this process
    reads the inputs and writes ``outdir``, so an executor's workers need not share its disk.

    ``report.csv`` and ``report.json`` in ``outdir`` are rewritten as items finish. Nothing
    happens until the generator is iterated; closing it early stops the run cleanly.
    """
    scheme_for(markup)  # an unknown scheme is one error now, not one per item
    layout = portable_layout(layout)  # a bad profile is one error now, not one per item
    outdir = Path(outdir)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder ({exc.strerror})", file=str(outdir)) from None
    with claim_output_folder(outdir):
        yield from run_in_folder(list(batch), outdir, executor=executor, workers=workers, pdf=pdf, markup=markup,
                                 timeout=timeout, resume=resume, annex2=annex2, item_function=item_function,
                                 layout=layout, check_identity=check_identity)


def run_in_folder(items: list[BatchItem], outdir: Path, *, executor: ExecutorSpec, workers: int | None, pdf: bool,
                  markup: str, timeout: float | None, resume: bool, annex2: bool,
                  item_function: ItemFunction, layout: str | None = None,
                  check_identity: bool = True) -> Iterator[ItemResult]:
    """``run`` once the output folder is held: resume, run what is left, keep the report."""
    options = {"pdf": pdf, "markup": markup, "annex2": bool(annex2)}
    if layout is not None:
        options["layout"] = layout
    if not check_identity:
        options["identity_check"] = "skipped"
    report = Report(outdir, options, total=len(items))
    earlier = read_previous_report(outdir, options) if resume else {}
    remove_partial_files(outdir)

    task_options = dict(pdf=pdf, markup=markup, timeout=timeout, annex2=options["annex2"],
                        layout=load_profile(layout), check_identity=check_identity)

    def make_task(item: BatchItem) -> ItemTask:
        return read_task(item, **task_options)

    try:
        todo: deque[BatchItem] = deque()
        for item in items:
            result = not_run(item) if not item.runnable else completed_earlier(earlier.get(item_key(item)), item, outdir)
            if result is None:
                todo.append(item)
                continue
            report.add(result)
            yield result
        if todo:
            scheduler = Scheduler(ExecutorSlot(executor, workers), item_function, make_task, timeout,
                                  failure=failed_item)
            for returned in scheduler.results(todo):
                result = settle(outdir, returned)
                report.add(result)
                yield result
    finally:
        report.write(force=True)


def item_key(item: BatchItem) -> tuple[str, str, str]:
    return (fold(item.plan_id), item.plan.name if item.plan else "", item.review.name if item.review else "")


def not_run(item: BatchItem) -> ItemResult:
    """The result of an item that cannot be run: unpaired (skipped) or a shared plan_id (failed)."""
    return ItemResult(
        plan_id=item.plan_id,
        status=SKIPPED if item.unpaired else FAILED,
        reason=item.problem or "",
        log_reason=item.problem if item.unpaired else "more than one plan or review has this plan_id",
        plan_file=item.plan.name if item.plan else "",
        review_file=item.review.name if item.review else "",
    )


def failed_item(item: BatchItem, reason: str, seconds: float) -> ItemResult:
    """A failure the parent observed (a crash, a time-out); ``settle`` removes the item's files.

    An item abandoned past its time limit may still finish on its worker: its files come back
    to nobody and are never written.
    """
    return ItemResult(plan_id=item.plan_id, status=FAILED, reason=reason, log_reason=reason,
                      plan_file=item.plan.name, review_file=item.review.name, seconds=seconds)
