"""The engines a batch runs on, by name: the local process pool, a Dask cluster, a Ray cluster.

``open_engine("dask://scheduler:8786")`` connects and returns an ``Engine``: the
``concurrent.futures.Executor`` that ``batch.run`` takes, how many items to keep in flight, and
how to let go of it. Items travel to the workers as bytes and their files come back as bytes
(see ``worker``), so the cluster's workers need ehcpdocs installed but never the caller's disk.

    process             the default: a process pool on this machine, one worker per core
    dask://HOST:PORT    a Dask distributed scheduler (``pip install 'ehcpdocs[dask]'``);
                        tcp:// and tls:// addresses are taken as they are
    ray                 Ray: the cluster in RAY_ADDRESS, else a local one (``'ehcpdocs[ray]'``)
    ray://HOST:PORT     a Ray cluster through Ray Client
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass

from ..errors import ExecutorError
from .executors import kill_workers, process_pool

CONNECT_SECONDS = 10
DASK_SCHEMES = ("dask://", "tcp://", "tls://")


@dataclass
class Engine:
    """A batch engine in use: its executor, the items to keep in flight, and how to close it."""

    kind: str
    executor: Executor
    workers: int | None
    close: Callable[[], None]
    interrupt: Callable[[], None]
    local_files: bool  # whether workers see this machine's files (the pairing may run on them)


def open_engine(spec: str | None, workers: int | None = None, *, connect_seconds: float = CONNECT_SECONDS) -> Engine:
    """Start or connect to the engine ``spec`` names (see the module docstring); ``workers`` caps
    the items in flight (default: the engine's worker slots). Raises ``ExecutorError`` when the
    engine's extra is missing or its scheduler cannot be reached within ``connect_seconds``."""
    spec = (spec or "process").strip()
    if spec == "process":
        pool = process_pool(workers)
        return Engine("process", pool, workers, lambda: pool.shutdown(wait=True), lambda: kill_workers(pool), True)
    if spec.startswith(DASK_SCHEMES):
        return open_dask(spec, workers, connect_seconds)
    if spec == "ray" or spec.startswith("ray://"):
        return open_ray(None if spec == "ray" else spec, workers)
    raise ExecutorError(f"unknown executor '{spec}' (use process, dask://HOST:PORT, ray or ray://HOST:PORT)")


def dask_address(spec: str) -> str:
    """The scheduler address Dask takes: dask://HOST:PORT is tcp://HOST:PORT."""
    return "tcp://" + spec[len("dask://"):] if spec.startswith("dask://") else spec


def open_dask(spec: str, workers: int | None, connect_seconds: float) -> Engine:
    try:
        from distributed import Client
    except ImportError:
        raise ExecutorError("the Dask engine is not installed (pip install 'ehcpdocs[dask]')") from None
    address = dask_address(spec)
    try:
        client = Client(address, timeout=connect_seconds, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise ExecutorError(f"cannot reach the Dask scheduler at {address} ({type(error).__name__})") from None
    try:
        slots = sum(client.nthreads().values()) or None
    except Exception:  # a scheduler that answers but cannot list its workers: keep the caller's cap
        slots = None
    return Engine("dask", client.get_executor(), workers or slots, client.close, client.close, False)


def open_ray(address: str | None, workers: int | None) -> Engine:
    try:
        import ray
    except ImportError:
        raise ExecutorError("the Ray engine is not installed (pip install 'ehcpdocs[ray]')") from None
    try:
        ray.init(address=address, ignore_reinit_error=True, log_to_driver=False, include_dashboard=False)
    except Exception as error:  # Ray raises ConnectionError, RuntimeError and its own types
        where = f" at {address}" if address else ""
        raise ExecutorError(f"cannot start or reach the Ray cluster{where} ({type(error).__name__})") from None
    slots = int(ray.cluster_resources().get("CPU", 0)) or None
    return Engine("ray", RayExecutor(ray), workers or slots, ray.shutdown, ray.shutdown, False)


def call(function, *args, **kwargs):
    """What a Ray task runs: the submitted function (pickled by reference, as a process pool does)."""
    return function(*args, **kwargs)


class RayExecutor(Executor):
    """``concurrent.futures`` on Ray: each ``submit`` is one Ray task, its reference a ``Future``."""

    def __init__(self, ray_module) -> None:
        self.ray = ray_module
        self.remote_call = ray_module.remote(call)

    def submit(self, fn, /, *args, **kwargs) -> Future:
        return self.remote_call.remote(fn, *args, **kwargs).future()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to release per executor: ``Engine.close`` disconnects from the cluster."""
