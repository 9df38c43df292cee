"""Results the web page's jobs keep in memory until downloaded or expired; never on disk.

A job is an amendment (or a reading) or a batch. Its id is a random token, so only whoever
started it can fetch its files; results expire after ``ttl`` seconds, and the oldest are
dropped when the store is over its byte budget.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

RUNNING, DONE, FAILED = "running", "done", "failed"


@dataclass
class Job:
    """One job's progress and, when done, its files and what the page shows."""

    id: str
    kind: str
    status: str = RUNNING
    created: float = field(default_factory=time.monotonic)
    done: int = 0
    total: int = 0
    result: dict[str, Any] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    pages: list[bytes] = field(default_factory=list)
    problem: dict[str, Any] | None = None

    @property
    def size(self) -> int:
        return sum(len(data) for data in self.files.values()) + sum(len(page) for page in self.pages)


class JobStore:
    """Jobs by id, bounded in time and bytes."""

    def __init__(self, ttl: float, max_bytes: int) -> None:
        self.ttl = ttl
        self.max_bytes = max_bytes
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()

    def new(self, kind: str) -> Job:
        job = Job(id=secrets.token_urlsafe(18), kind=kind)
        with self.lock:
            self.expire()
            self.jobs[job.id] = job
        return job

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            self.expire()
            return self.jobs.get(job_id)

    def finished(self, job: Job) -> None:
        """Make room for a job that has just finished, dropping the oldest finished ones."""
        with self.lock:
            total = sum(item.size for item in self.jobs.values())
            for old in sorted(self.jobs.values(), key=lambda item: item.created):
                if total <= self.max_bytes or old is job:
                    break
                if old.status != RUNNING:
                    total -= old.size
                    del self.jobs[old.id]

    def expire(self) -> None:
        now = time.monotonic()
        for job_id in [key for key, job in self.jobs.items() if job.status != RUNNING and now - job.created > self.ttl]:
            del self.jobs[job_id]

    def clear(self) -> None:
        with self.lock:
            self.jobs.clear()
