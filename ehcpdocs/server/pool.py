"""A bounded pool of worker processes with a time limit per job.

``concurrent.futures.ProcessPoolExecutor`` cannot stop one job: a job past its limit would
hold its worker until it ended. Here each worker is a process of its own on a pipe; a job
over its time limit (or whose request went away) has its worker killed and a fresh one
started in its place, so the other jobs go on and the pool never shrinks. Waiting on the
pipes happens in threads, so the event loop never blocks on CPU work.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .problems import ServiceProblem
from .worker import READY, serve_jobs

log = logging.getLogger("ehcpdocs.server")
START_SECONDS = 120.0
STOP_SECONDS = 5.0


class WorkerDied(Exception):
    """The worker's pipe closed before it replied."""


class Worker:
    """One worker process and our end of its pipe."""

    def __init__(self, context) -> None:
        ours, theirs = context.Pipe(duplex=True)
        self.connection = ours
        self.process = context.Process(target=serve_jobs, args=(theirs,), daemon=True, name="ehcpdocs-worker")
        self.process.start()
        theirs.close()
        if not ours.poll(START_SECONDS) or ours.recv() != READY:
            self.kill()
            raise RuntimeError("a worker process did not start")

    def call(self, name: str, payload: dict) -> tuple[str, Any]:
        """Send a job and wait for its reply (blocking: run in a thread)."""
        try:
            self.connection.send((name, payload))
            return self.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            raise WorkerDied() from None

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(STOP_SECONDS)
        except (OSError, ValueError, AssertionError):
            pass
        self.connection.close()

    def stop(self) -> None:
        """Ask the worker to finish, then kill it if it does not."""
        try:
            self.connection.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(STOP_SECONDS)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(STOP_SECONDS)
        self.connection.close()


class WorkerPool:
    """``size`` worker processes; at most ``queue_limit`` jobs wait for one (503 past that)."""

    def __init__(self, size: int, queue_limit: int) -> None:
        self.size = size
        self.queue_limit = queue_limit
        self.context = multiprocessing.get_context("spawn")  # no fork of a process running threads
        self.idle: asyncio.Queue[Worker] | None = None
        self.waiting = 0
        self.busy = 0
        self.alive = 0
        self.closing = False
        self.threads = ThreadPoolExecutor(max_workers=2 * size + 2, thread_name_prefix="ehcpdocs-pool")
        self.lock = threading.Lock()
        self.replacements: set[asyncio.Task] = set()

    @property
    def ready(self) -> bool:
        return self.idle is not None and not self.closing and self.alive == self.size

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self.idle = asyncio.Queue()
        workers = await asyncio.gather(*(loop.run_in_executor(self.threads, Worker, self.context)
                                         for _ in range(self.size)))
        for worker in workers:
            self.alive += 1
            self.idle.put_nowait(worker)

    async def run(self, name: str, payload: dict, time_limit: float) -> Any:
        """Run job ``name`` in a worker; its result, or a ``ServiceProblem``."""
        if self.idle is None or self.closing:
            raise ServiceProblem("not-ready", "the service is not accepting work now")
        if self.waiting >= self.queue_limit:
            raise ServiceProblem("busy", "every worker is busy and the queue is full; try again shortly",
                                 headers={"Retry-After": "5"})
        self.waiting += 1
        try:
            worker = await asyncio.wait_for(self.idle.get(), time_limit)
        except asyncio.TimeoutError:
            raise ServiceProblem("busy", f"no worker became free within {time_limit:g} seconds",
                                 headers={"Retry-After": "5"}) from None
        finally:
            self.waiting -= 1
        loop = asyncio.get_running_loop()
        self.busy += 1
        healthy = False
        try:
            kind, value = await asyncio.wait_for(loop.run_in_executor(self.threads, worker.call, name, payload),
                                                 time_limit)
            healthy = True
        except asyncio.TimeoutError:
            log.warning("job over its time limit; worker replaced", extra={"job": name})
            raise ServiceProblem("time-limit", f"the work took longer than the {time_limit:g}-second limit") from None
        except WorkerDied:
            log.error("worker process died; replaced", extra={"job": name})
            raise ServiceProblem("worker-crashed", "the worker stopped unexpectedly (out of memory?); "
                                 "the request was not completed") from None
        finally:
            self.busy -= 1
            if healthy:
                self.idle.put_nowait(worker)
            else:  # timed out, died, or the request was cancelled: this worker's state is unknown
                self.replace(worker)
        if kind == "ok":
            return value
        if kind == "error":
            raise ServiceProblem.from_error(value["type"], value["detail"], value.get("problems"))
        log.error("internal error in a job", extra={"job": name, "error_type": value.get("type")})
        raise ServiceProblem("internal", f"internal error ({value.get('type')}); please report it")

    def replace(self, worker: Worker) -> None:
        self.alive -= 1
        loop = asyncio.get_running_loop()

        async def swap() -> None:
            await loop.run_in_executor(self.threads, worker.kill)
            if self.closing:
                return
            fresh = await loop.run_in_executor(self.threads, Worker, self.context)
            if self.closing:
                await loop.run_in_executor(self.threads, fresh.stop)
                return
            self.alive += 1
            self.idle.put_nowait(fresh)

        task = loop.create_task(swap())
        self.replacements.add(task)
        task.add_done_callback(self.replacements.discard)

    async def close(self) -> None:
        """Stop every worker (the idle ones now; replacements as they finish starting)."""
        self.closing = True
        loop = asyncio.get_running_loop()
        if self.replacements:
            await asyncio.gather(*self.replacements, return_exceptions=True)
        stops = []
        while self.idle is not None and not self.idle.empty():
            stops.append(loop.run_in_executor(self.threads, self.idle.get_nowait().stop))
        await asyncio.gather(*stops, return_exceptions=True)
        self.threads.shutdown(wait=False, cancel_futures=True)
