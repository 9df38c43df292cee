"""Running items on an executor: bounded submission, time limits, and surviving crashed workers.

``Scheduler`` is the engine under ``batch.run`` (amending plans) and ``pair_folders`` (reading
plan references): it keeps no more items in flight than the executor runs at once, turns a
crash or a time-out into that item's failure, and carries on with a fresh pool when a process
pool breaks.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, wait
from dataclasses import dataclass
from typing import Any

from .executors import ExecutorSlot
from .worker import crashed_message, internal_error, time_limit_message

POLL_SECONDS = 0.2
# How Dask and Ray report a task whose worker process died (named, so neither need be installed).
CRASH_ERRORS = frozenset({"KilledWorker", "WorkerCrashedError", "NodeDiedError", "OutOfMemoryError"})


class Unsubmittable(Exception):
    """Raised by ``make_task`` for an item that cannot be sent (its inputs cannot be read):
    ``result`` is the item's result, yielded without running it."""

    def __init__(self, result: Any) -> None:
        super().__init__(str(result))
        self.result = result


@dataclass
class Flight:
    """An item submitted to the executor: when, when it was seen starting, on which pool."""

    item: Any
    submitted: float
    started: float | None
    generation: int
    isolated: bool


class Scheduler:
    """Keeps the executor busy with a bounded number of items and turns every outcome into a result.

    A thread or process pool gets one item more than it has workers, so that a worker never
    waits for the parent to hand it the next one; other executors (Dask, Ray) get two items per
    worker, since each item's bytes travel to the worker and its files back.

    ``function(make_task(item))`` runs on the executor and returns the item's result (``make_task``
    is called as the item is submitted, and may raise ``Unsubmittable`` with the result instead);
    ``failure(item, reason, seconds)`` makes the result of an item the worker could not report
    on (a crash, a time-out, an exception from ``function``); ``abandoned(item)`` is called when
    an item past its time limit cannot be stopped and may still finish later.

    When a process pool breaks with several items in flight, nobody can say which one killed
    it: those items are run again one at a time ("isolated"), so a crash is pinned on the item
    that caused it and the others complete. The same goes for items a Dask or Ray worker held
    when it died. An item past its time limit is failed; a process pool running it is killed and
    replaced, and its other items are run again.
    """

    def __init__(self, slot: ExecutorSlot, function: Callable[[Any], Any], make_task: Callable[[Any], Any],
                 timeout: float | None, failure: Callable[[Any, str, float], Any],
                 abandoned: Callable[[Any], None] | None = None) -> None:
        self.slot = slot
        self.function = function
        self.make_task = make_task
        self.timeout = timeout
        self.hard_limit = timeout + max(2.0, 0.1 * timeout) if timeout else None
        self.failure = failure
        self.abandoned = abandoned
        self.in_flight: dict[Future, Flight] = {}
        self.suspects: deque[Any] = deque()
        self.refused: list[Any] = []

    def results(self, todo: deque[Any]) -> Iterator[Any]:
        try:
            while todo or self.suspects or self.in_flight:
                self.fill(todo)
                yield from self.take_refused()
                if not self.in_flight:
                    continue
                done, _ = wait(list(self.in_flight), timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
                yield from self.collect(done)
                self.note_starts()
                yield from self.expire(todo)
        except BaseException:
            self.slot.abort()
            raise
        self.slot.close()

    def fill(self, todo: deque[Any]) -> None:
        """Submit items until the executor is full; a suspect only ever runs alone."""
        self.slot.get()
        while True:
            if self.suspects:
                if not self.in_flight:
                    self.submit(self.suspects.popleft(), isolated=True)
                return
            if not todo or len(self.in_flight) >= self.slot.size + self.slot.waiting_allowed:
                return
            self.submit(todo.popleft(), isolated=False)

    def take_refused(self) -> Iterator[Any]:
        refused, self.refused = self.refused, []
        yield from refused

    def submit(self, item: Any, *, isolated: bool) -> None:
        try:
            task = self.make_task(item)
        except Unsubmittable as refusal:
            self.refused.append(refusal.result)
            return
        try:
            future = self.slot.get().submit(self.function, task)
        except BrokenExecutor:
            self.slot.replace(self.slot.generation)
            future = self.slot.get().submit(self.function, task)
        now = time.monotonic()
        # An executor that does not say when an item starts: only the oldest ``size`` items can be running.
        started = None if self.slot.reports_start or len(self.in_flight) >= self.slot.size else now
        self.in_flight[future] = Flight(item, now, started, self.slot.generation, isolated)

    def collect(self, done: set[Future]) -> Iterator[Any]:
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
                crashed = type(error).__name__ in CRASH_ERRORS
                if crashed and not flight.isolated:
                    # A cluster fails every task its dead worker held: run each again alone to find the culprit.
                    self.suspects.append(flight.item)
                    continue
                yield self.parent_failure(flight, crashed_message() if crashed else internal_error(error))
        if broken:
            yield from self.after_break(broken)

    def after_break(self, broken: list[Flight]) -> Iterator[Any]:
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
        """Start the clock of items now running.

        Pools hand items to workers in the order submitted, and a process pool's future says
        "running" while it still waits in the queue: so only the oldest ``size`` items in flight
        can be running, and the clock of one waiting behind them starts when a worker frees up.
        Other executors (Dask, Ray) do not say: an item's clock starts when it is among the
        oldest ``size`` items in flight.
        """
        now = time.monotonic()
        reports = self.slot.reports_start
        for position, (future, flight) in enumerate(self.in_flight.items()):
            if position >= self.slot.size:
                break
            if flight.started is None and (not reports or future.running() or future.done()):
                flight.started = now

    def expire(self, todo: deque[Any]) -> Iterator[Any]:
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
            if not future.cancel() and self.abandoned is not None:
                # A thread cannot be stopped: it may still finish, after its failure was reported.
                future.add_done_callback(lambda _future, item=flight.item: self.abandoned(item))
            yield self.parent_failure(flight, time_limit_message(self.timeout))
        if self.slot.can_kill:
            generation = expired[0][1].generation
            innocent = self.take_flights(generation)
            self.slot.replace(generation)
            for flight in reversed(innocent):
                (self.suspects if flight.isolated else todo).appendleft(flight.item)

    def parent_failure(self, flight: Flight, reason: str) -> Any:
        """The result of an item whose worker could not report (a crash, a time-out)."""
        return self.failure(flight.item, reason, round(time.monotonic() - (flight.started or flight.submitted), 3))
