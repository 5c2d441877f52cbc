"""The two executors: a thread pool inside the service, or Celery workers fed through Redis."""
from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy import select

from ..config import Settings
from ..db import Database
from ..models import UNFINISHED_STATES, Job
from .runner import run_job

log = logging.getLogger(__name__)


class InProcessExecutor:
    """Runs jobs on a thread pool; unfinished jobs are resumed when the service starts."""

    name = "inprocess"

    def __init__(self, db: Database, settings: Settings):
        self.db, self.settings = db, settings
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def submit(self, job_id: int) -> Future:
        """Queue a job on the pool."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.settings.inprocess_workers, thread_name_prefix="cleanroom-job")
        return self._pool.submit(run_job, self.db, self.settings, job_id)

    def resume_unfinished(self) -> list[int]:
        """Resubmit queued and interrupted jobs of this executor; return their ids."""
        with self.db.session() as session:
            ids = list(session.scalars(
                select(Job.id).where(Job.state.in_(UNFINISHED_STATES), Job.executor == self.name).order_by(Job.id)
            ))
        for job_id in ids:
            self.submit(job_id)
        if ids:
            log.info("resumed %d unfinished job(s)", len(ids))
        return ids

    def check(self) -> dict:
        """Report this executor's health."""
        return {"executor": self.name, "ok": True}

    def shutdown(self) -> None:
        """Wait for running jobs and stop the pool."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)


class CeleryExecutor:
    """Sends job ids to Celery workers (`cleanroom worker`) through the broker."""

    name = "celery"

    def __init__(self, db: Database, settings: Settings):
        from .celery_app import make_celery

        self.db, self.settings = db, settings
        self.celery = make_celery(settings)

    def submit(self, job_id: int) -> None:
        """Publish the job id to the queue."""
        from .celery_app import RUN_JOB_TASK

        self.celery.send_task(RUN_JOB_TASK, args=[job_id], queue=self.settings.celery_queue)

    def resume_unfinished(self) -> list[int]:
        """Nothing to do: the broker keeps unacknowledged tasks and redelivers them."""
        return []

    def check(self) -> dict:
        """Report whether the broker answers."""
        try:
            with self.celery.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            return {"executor": self.name, "ok": True}
        except Exception as exc:  # kombu raises many transport-specific types
            return {"executor": self.name, "ok": False, "error": type(exc).__name__}

    def shutdown(self) -> None:
        """Nothing held locally."""


def make_executor(db: Database, settings: Settings):
    """Return the executor the settings ask for."""
    cls = CeleryExecutor if settings.job_executor == "celery" else InProcessExecutor
    return cls(db, settings)
