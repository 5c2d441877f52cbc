"""What a running job handler sees: its parameters, services and ways to report progress."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..config import Settings
from ..db import Database
from ..models import Job

PROGRESS_INTERVAL_S = 0.5


class JobFailed(Exception):
    """Raised by a handler to fail its job with a code and a PHI-free message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class JobContext:
    """Handed to a job handler; progress and counts are written to the job row as it goes."""

    job_id: int
    params: dict
    checkpoint: dict
    db: Database
    settings: Settings
    counts: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    _done: int = 0
    _total: int | None = None
    _last_flush: float = 0.0

    def progress(self, done: int, total: int | None = None) -> None:
        """Record progress; persisted at most twice a second."""
        self._done, self._total = done, total if total is not None else self._total
        if time.monotonic() - self._last_flush >= PROGRESS_INTERVAL_S:
            self.flush()

    def count(self, name: str, n: int = 1) -> None:
        """Add `n` to the named counter (files_in, quarantined, ...)."""
        self.counts[name] = self.counts.get(name, 0) + n

    def error(self, code: str, message: str) -> None:
        """Record a non-fatal, PHI-free error against the job."""
        self.errors.append({"code": code, "message": message})

    def save_checkpoint(self, data: dict) -> None:
        """Persist resume data now, so a restarted job can skip finished work."""
        self.checkpoint = dict(data)
        self.flush()

    def flush(self) -> None:
        """Write progress, counts, errors and checkpoint to the job row."""
        with self.db.session() as session:
            job = session.get(Job, self.job_id)
            job.progress_done, job.progress_total = self._done, self._total
            job.counts, job.errors, job.checkpoint = dict(self.counts), list(self.errors), dict(self.checkpoint)
        self._last_flush = time.monotonic()
