"""Where a batch runs: the local process pool, a Dask cluster or a Ray cluster, named by a string.

``open_executor("dask://host:8786")`` connects to a Dask scheduler, ``"dask"`` starts a local
Dask cluster, ``"ray"`` joins (or starts) a local Ray instance and ``"ray://host:10001"`` a
remote one, ``"process"`` (or None) is the default process pool. Dask and Ray are optional
extras; a missing one, or a scheduler that cannot be reached, is an ``ExecutorUnavailableError``
that says what to do. Items travel as bytes, so the cluster's workers need ehcpdocs installed
but none of the caller's files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..errors import ExecutorUnavailableError
from .executors import default_workers, process_pool

CONNECT_TIMEOUT = 10.0
ENGINES = ("process", "dask", "ray")


@dataclass(frozen=True)
class EngineSpec:
    """A parsed ``--executor`` value: the engine and its address (None: local)."""

    engine: str
    address: str | None = None

    @property
    def label(self) -> str:
        return f"{self.engine}://{self.address}" if self.address else self.engine


def parse_executor(spec: str | None, dask_scheduler: str | None = None) -> EngineSpec:
    """``process``, ``dask``, ``dask://HOST:PORT``, ``ray`` or ``ray://HOST:PORT`` as an ``EngineSpec``.

    ``dask_scheduler`` (an address, with or without ``tcp://``) stands for ``dask://ADDRESS``.
    """
    if dask_scheduler:
        if spec is not None:
            raise ExecutorUnavailableError("give --executor or --dask-scheduler, not both")
        return EngineSpec("dask", dask_scheduler.strip().removeprefix("dask://"))
    if spec is None:
        return EngineSpec("process")
    engine, _, address = spec.strip().partition("://")
    engine = engine.lower()
    if engine not in ENGINES or (engine == "process" and address):
        raise ExecutorUnavailableError(
            f"unknown executor {spec!r}: use process, dask, dask://HOST:PORT, ray or ray://HOST:PORT")
    return EngineSpec(engine, address or None)


def missing_extra(engine: str, module: str) -> ExecutorUnavailableError:
    return ExecutorUnavailableError(
        f"the {engine} executor needs the {module!r} package: pip install 'ehcpdocs[{engine}]'")


@contextmanager
def open_executor(spec: EngineSpec, workers: int | None = None) -> Iterator[tuple[Executor, int]]:
    """The executor for ``spec`` and how many items to keep running on it; closed on exit.

    ``workers`` caps the items in flight; by default it is the engine's worker slots (Dask's
    worker threads, Ray's CPUs, the pool's processes).
    """
    if spec.engine == "process":
        pool = process_pool(workers)
        try:
            yield pool, workers or default_workers()
        finally:
            pool.shutdown(wait=True)
    elif spec.engine == "dask":
        with dask_executor(spec, workers) as opened:
            yield opened
    else:
        with ray_executor(spec, workers) as opened:
            yield opened


@contextmanager
def dask_executor(spec: EngineSpec, workers: int | None) -> Iterator[tuple[Executor, int]]:
    """A ``distributed`` client's executor: a scheduler at ``spec.address``, else a local cluster."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise missing_extra("dask", "distributed") from None
    cluster = None
    try:
        if spec.address:
            address = spec.address if "://" in spec.address else f"tcp://{spec.address}"
            client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        else:
            cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                                   dashboard_address=":0")
            client = Client(cluster, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ExecutorUnavailableError(
            f"cannot reach the Dask scheduler at {spec.address or 'the local cluster'} "
            f"({type(exc).__name__}: {' '.join(str(exc).split())[:160]})") from None
    try:
        slots = sum(client.nthreads().values()) or 1
        # pure=False: every item is its own task, never merged with another by hashing its bytes.
        yield client.get_executor(pure=False), workers or slots
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def call(function: Any, *args: Any) -> Any:
    """What a Ray task runs: the submitted call."""
    return function(*args)


class RayExecutor(Executor):
    """A ``concurrent.futures`` executor running each submitted call as a Ray task of one CPU."""

    def __init__(self, ray: Any) -> None:
        self.remote_call = ray.remote(num_cpus=1, max_retries=0)(call)

    def submit(self, function, /, *args, **kwargs) -> Future:
        if kwargs:
            raise TypeError("RayExecutor.submit takes positional arguments only")
        return self.remote_call.remote(function, *args).future()


@contextmanager
def ray_executor(spec: EngineSpec, workers: int | None) -> Iterator[tuple[Executor, int]]:
    """A Ray executor: ``ray.init`` on ``ray://ADDRESS``, else the local (or RAY_ADDRESS) instance."""
    try:
        import ray
    except ImportError:
        raise missing_extra("ray", "ray") from None
    try:
        if spec.address:
            ray.init(address=f"ray://{spec.address}", log_to_driver=False)
        elif os.environ.get("RAY_ADDRESS"):  # an existing cluster: it has its own CPUs
            ray.init(log_to_driver=False)
        else:
            ray.init(num_cpus=workers or None, log_to_driver=False, include_dashboard=False)
    except Exception as exc:  # Ray raises ConnectionError, RuntimeError or ValueError here: all mean "cannot use it"
        raise ExecutorUnavailableError(
            f"cannot reach the Ray cluster at {spec.address or 'the local machine'} "
            f"({type(exc).__name__}: {' '.join(str(exc).split())[:160]})") from None
    try:
        slots = int(ray.cluster_resources().get("CPU", 1)) or 1
        yield RayExecutor(ray), workers or slots
    finally:
        ray.shutdown()
