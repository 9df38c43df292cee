"""The service's limits and options, from the command line or the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..batch import default_workers
from ..errors import EhcpDocsError

MiB = 2**20


@dataclass(frozen=True)
class Settings:
    """What one running service allows.

    ``max_upload_bytes`` bounds a request body (413 past it); ``time_limit`` is the seconds one
    request's work may take in a worker before the worker is killed and replaced (504);
    ``workers`` is the number of worker processes; ``queue`` how many requests may wait for
    a free worker before the service answers 503; ``token`` (``EHCPDOCS_TOKEN``) turns on
    bearer-token auth for every ``/api`` route; ``job_ttl`` and ``job_store_bytes`` bound the
    results the web page's jobs keep in memory; ``batch_items`` bounds one batch upload.
    """

    workers: int = 0
    time_limit: float = 120.0
    max_upload_bytes: int = 50 * MiB
    queue: int = 0
    token: str | None = None
    job_ttl: float = 30 * 60.0
    job_store_bytes: int = 512 * MiB
    batch_items: int = 200
    preview_pages: int = 30

    @property
    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else default_workers()

    @property
    def queue_limit(self) -> int:
        return self.queue if self.queue > 0 else 8 * self.worker_count

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "Settings":
        """Settings from ``EHCPDOCS_*`` variables, then ``overrides`` (None values ignored)."""
        env = os.environ if environ is None else environ
        values: dict = {}
        numbers = {
            "workers": ("EHCPDOCS_WORKERS", int),
            "time_limit": ("EHCPDOCS_TIME_LIMIT", float),
            "max_upload_bytes": ("EHCPDOCS_MAX_UPLOAD_MB", lambda text: int(float(text) * MiB)),
            "queue": ("EHCPDOCS_QUEUE", int),
            "job_ttl": ("EHCPDOCS_JOB_TTL", float),
            "batch_items": ("EHCPDOCS_BATCH_ITEMS", int),
        }
        for field_name, (variable, convert) in numbers.items():
            text = env.get(variable)
            if text:
                try:
                    values[field_name] = convert(text)
                except ValueError:
                    raise EhcpDocsError(f"{variable} must be a number, not {text!r}") from None
        token = env.get("EHCPDOCS_TOKEN")
        if token:
            values["token"] = token
        values.update({key: value for key, value in overrides.items() if value is not None})
        settings = cls(**values)
        if settings.time_limit <= 0 or settings.max_upload_bytes <= 0:
            raise EhcpDocsError("the time limit and the upload limit must be above zero")
        return settings
