"""Running a batch: ``run`` yields one ``ItemResult`` per item as it completes.

Items are submitted a few at a time (no more than the executor runs at once), each worker
writes its own files, and a result is only small metadata, so memory stays flat however long
the batch. A bad plan is that item's failure; so is a worker that crashes or passes the time
limit, after which the batch goes on (on a fresh pool, when the pool broke).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, wait
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from .annex2 import annex2_available
from .executors import ExecutorSlot, ExecutorSpec
from .pairing import BatchItem, fold
from .report import Report, read_previous_report
from .resume import completed_earlier, remove_partial_files
from .worker import (
    FAILED, INTERNAL_ERROR, SKIPPED, ItemResult, ItemTask, amend_item, crashed_message, remove_item_files,
    time_limit_message,
)

DEFAULT_TIMEOUT = 300.0
POLL_SECONDS = 0.2

ItemFunction = Callable[[ItemTask], ItemResult]


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
    data allow. ``item_function`` replaces the per-item work (for tests and special jobs).

    ``report.csv`` and ``report.json`` in ``outdir`` are rewritten as items finish. Nothing
    happens until the generator is iterated; closing it early stops the run cleanly.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    items = list(batch)
    options = {"pdf": pdf, "markup": markup, "annex2": bool(annex2 and annex2_available())}
    report = Report(outdir, options, total=len(items))
    earlier = read_previous_report(outdir, options) if resume else {}
    remove_partial_files(outdir)

    def make_task(item: BatchItem) -> ItemTask:
        return ItemTask(plan_id=item.plan_id, plan=item.plan, review=item.review, outdir=outdir, pdf=pdf,
                        markup=markup, timeout=timeout, annex2=options["annex2"])

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
            scheduler = Scheduler(ExecutorSlot(executor, workers), item_function, make_task, timeout, outdir)
            for result in scheduler.results(todo):
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


@dataclass
class Flight:
    """An item submitted to the executor: when, when it was seen starting, on which pool."""

    item: BatchItem
    submitted: float
    started: float | None
    generation: int
    isolated: bool


class Scheduler:
    """Keeps the executor busy with a bounded number of items and turns every outcome into a result.

    When a process pool breaks with several items in flight, nobody can say which one killed
    it: those items are run again one at a time ("isolated"), so a crash is pinned on the item
    that caused it and the others complete. An item past its time limit is failed; a process
    pool running it is killed and replaced, and its other items are run again.
    """

    def __init__(self, slot: ExecutorSlot, function: ItemFunction, make_task: Callable[[BatchItem], ItemTask],
                 timeout: float | None, outdir: Path) -> None:
        self.slot = slot
        self.function = function
        self.make_task = make_task
        self.timeout = timeout
        self.hard_limit = timeout + max(2.0, 0.1 * timeout) if timeout else None
        self.outdir = outdir
        self.in_flight: dict[Future, Flight] = {}
        self.suspects: deque[BatchItem] = deque()

    def results(self, todo: deque[BatchItem]) -> Iterator[ItemResult]:
        try:
            while todo or self.suspects or self.in_flight:
                self.fill(todo)
                done, _ = wait(list(self.in_flight), timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
                yield from self.collect(done)
                self.note_starts()
                yield from self.expire(todo)
        except BaseException:
            self.slot.abort()
            raise
        self.slot.close()

    def fill(self, todo: deque[BatchItem]) -> None:
        """Submit items until the executor is full; a suspect only ever runs alone."""
        while True:
            if self.suspects:
                if not self.in_flight:
                    self.submit(self.suspects.popleft(), isolated=True)
                return
            if not todo or len(self.in_flight) >= self.slot.size:
                return
            self.submit(todo.popleft(), isolated=False)

    def submit(self, item: BatchItem, *, isolated: bool) -> None:
        task = self.make_task(item)
        try:
            future = self.slot.get().submit(self.function, task)
        except BrokenExecutor:
            self.slot.replace(self.slot.generation)
            future = self.slot.get().submit(self.function, task)
        now = time.monotonic()
        started = None if self.slot.reports_start else now
        self.in_flight[future] = Flight(item, now, started, self.slot.generation, isolated)

    def collect(self, done: set[Future]) -> Iterator[ItemResult]:
        broken: list[Flight] = []
        for future in done:
            flight = self.in_flight.pop(future, None)
            if flight is None:
                continue
            try:
                yield future.result()
            except BrokenExecutor:
                broken.append(flight)
            except Exception as error:  # the item function itself failed, or its result could not travel
                yield self.parent_failure(flight, INTERNAL_ERROR.format(name=type(error).__name__))
        if broken:
            yield from self.after_break(broken)

    def after_break(self, broken: list[Flight]) -> Iterator[ItemResult]:
        """Every item the broken pool held is lost: fail the culprit if known, else isolate them."""
        generation = broken[0].generation
        lost = broken + self.take_flights(generation)
        self.slot.replace(generation)
        if len(lost) == 1:
            yield self.parent_failure(lost[0], crashed_message())
            return
        self.suspects.extend(flight.item for flight in lost)

    def take_flights(self, generation: int) -> list[Flight]:
        """Remove and return the items in flight on the pool of ``generation``."""
        taken = [future for future, flight in self.in_flight.items() if flight.generation == generation]
        return [self.in_flight.pop(future) for future in taken]

    def note_starts(self) -> None:
        now = time.monotonic()
        for future, flight in self.in_flight.items():
            if flight.started is None and (future.running() or future.done()):
                flight.started = now

    def expire(self, todo: deque[BatchItem]) -> Iterator[ItemResult]:
        """Fail the items past the time limit; stop them where the executor allows."""
        if not self.hard_limit:
            return
        now = time.monotonic()
        expired = [(future, flight) for future, flight in self.in_flight.items()
                   if flight.started is not None and now - flight.started > self.hard_limit and not future.done()]
        if not expired:
            return
        for future, flight in expired:
            del self.in_flight[future]
            if not future.cancel():
                # A thread cannot be stopped: if it ever finishes, its files must not stay.
                future.add_done_callback(partial(discard_late_files, self.outdir, flight.item.plan_id))
            yield self.parent_failure(flight, time_limit_message(self.timeout))
        if self.slot.can_kill:
            generation = expired[0][1].generation
            innocent = self.take_flights(generation)
            self.slot.replace(generation)
            for flight in reversed(innocent):
                (self.suspects if flight.isolated else todo).appendleft(flight.item)

    def parent_failure(self, flight: Flight, reason: str) -> ItemResult:
        """A failure the parent observed (crash, time-out): clear the item's files, report it."""
        item = flight.item
        remove_item_files(self.outdir, item.plan_id)
        result = ItemResult(plan_id=item.plan_id, status=FAILED, reason=reason, log_reason=reason,
                            plan_file=item.plan.name, review_file=item.review.name)
        return replace(result, seconds=round(time.monotonic() - (flight.started or flight.submitted), 3))


def discard_late_files(outdir: Path, plan_id: str, future: Future) -> None:
    """Remove the files of an item that finished after it was reported as past its time limit."""
    remove_item_files(outdir, plan_id)
