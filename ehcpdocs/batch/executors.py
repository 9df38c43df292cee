"""The executor a batch runs on: the default process pool, and replacing it when it breaks.

A ``ProcessPoolExecutor`` whose worker dies (a crash, the out-of-memory killer, or the batch
killing a hung worker) is broken for good; ``ExecutorSlot`` hands out a fresh pool of the same
size in its place and shuts down the pools it created itself, never one it was given.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from concurrent.futures import (
    BrokenExecutor,
    Executor,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
)

ExecutorSpec = Executor | Callable[[], Executor] | None


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def ignore_interrupts() -> None:
    """Worker initializer: Ctrl-C is the parent's to handle (it stops the workers itself)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def process_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """The default executor: a process pool with ``workers`` processes (one per core if None)."""
    return ProcessPoolExecutor(max_workers=workers or default_workers(), initializer=ignore_interrupts)


def executor_size(executor: Executor | None) -> int | None:
    """How many items an executor runs at once, where it says (thread and process pools do)."""
    size = getattr(executor, "_max_workers", None)
    return size if isinstance(size, int) and size > 0 else None


def kill_workers(executor: Executor) -> None:
    """Stop a process pool at once, killing items in progress; its futures become broken."""
    kill = getattr(executor, "kill_workers", None)  # Python 3.14+
    if callable(kill):
        try:
            kill()
        except Exception:  # already shut down
            pass
    else:
        # Before 3.14 the pool offers no public way to stop a hung worker.
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            try:
                process.kill()
            except (OSError, ValueError):
                pass
    executor.shutdown(wait=False, cancel_futures=True)


class ExecutorSlot:
    """The current executor of a run, with what to replace it with when it breaks.

    ``executor`` is an executor instance (used as given, never shut down here), a callable
    returning a new executor (called again after a break; those are shut down here), or None for
    the default process pool of ``workers`` processes.
    """

    def __init__(self, executor: ExecutorSpec, workers: int | None) -> None:
        self.current: Executor | None = None
        self.owned = True
        self.generation = 0
        if executor is None:
            self.factory: Callable[[], Executor] | None = lambda: process_pool(workers)
            self.size = workers or default_workers()
        elif isinstance(executor, Executor):
            self.current, self.owned = executor, False
            self.size = workers or executor_size(executor) or default_workers()
            self.factory = replacement_factory(executor, self.size)
        elif callable(executor):
            self.factory = executor
            self.size = workers or default_workers()
        else:
            raise TypeError("executor must be a concurrent.futures.Executor, a callable returning one, or None")

    def get(self) -> Executor:
        if self.current is None:
            if self.factory is None:
                raise BrokenExecutor("the executor broke and cannot be replaced")
            self.current = self.factory()
            self.owned = True
        return self.current

    @property
    def reports_start(self) -> bool:
        """Whether futures say when their item starts (``running()``), rather than only when done."""
        return isinstance(self.current, (ProcessPoolExecutor, ThreadPoolExecutor))

    @property
    def waiting_allowed(self) -> int:
        """Items that may wait in the executor's queue besides those running.

        One for a thread or process pool (whose futures tell when they start) with no idle
        workers to run it; one per worker for other executors (Dask, Ray), whose workers would
        otherwise sit idle while a result travels back, is written, and the next item's bytes
        are read and sent.
        """
        if isinstance(self.current, (ProcessPoolExecutor, ThreadPoolExecutor)):
            return 1 if (executor_size(self.current) or 0) <= self.size else 0
        return self.size

    @property
    def can_kill(self) -> bool:
        return isinstance(self.current, ProcessPoolExecutor)

    def replace(self, generation: int) -> None:
        """Discard the executor of ``generation`` (killing its workers); the next ``get`` makes a new one."""
        if generation != self.generation or self.current is None:
            return
        old, self.current = self.current, None
        self.generation += 1
        if isinstance(old, ProcessPoolExecutor):
            kill_workers(old)
        else:
            old.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Shut down the executor if this run created it, waiting for its workers to exit."""
        if self.current is not None and self.owned:
            self.current.shutdown(wait=True)
        self.current = None

    def abort(self) -> None:
        """Stop at once (Ctrl-C or an error): kill the workers of a pool this run created."""
        if self.current is not None and self.owned:
            if isinstance(self.current, ProcessPoolExecutor):
                kill_workers(self.current)
            else:
                self.current.shutdown(wait=False, cancel_futures=True)
        self.current = None


def replacement_factory(executor: Executor, size: int) -> Callable[[], Executor] | None:
    """What replaces a given executor after it breaks: a new pool of the same kind and size."""
    if isinstance(executor, ProcessPoolExecutor):
        return lambda: process_pool(size)
    if isinstance(executor, ThreadPoolExecutor):
        return lambda: ThreadPoolExecutor(max_workers=size)
    return None
