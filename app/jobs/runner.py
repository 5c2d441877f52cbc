"""Create jobs and run one to completion: the code every executor shares."""
from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from .. import audit
from ..config import Settings
from ..db import Database
from ..errors import CleanroomError, InvalidInput
from ..models import Job, JobState, utcnow
from .context import JobContext, JobFailed
from .registry import handler_for

log = logging.getLogger(__name__)


def create_job(db: Database, kind: str, params: dict, *, actor: str, executor: str) -> int:
    """Insert a queued job (audited) and return its id; the caller hands it to an executor."""
    if handler_for(kind) is None:
        raise InvalidInput(f"unknown job kind {kind!r}")

    def insert(session: Session) -> int:
        job = Job(kind=kind, params=params, executor=executor, created_by=actor,
                  counts={}, errors=[], checkpoint={})
        session.add(job)
        session.flush()
        audit.record(session, actor=actor, action="job.create", object_type="job", object_id=job.id,
                     details={"kind": kind})
        return job.id

    return db.write(insert)


def run_job(db: Database, settings: Settings, job_id: int) -> str:
    """Run a queued or interrupted job to the end and return its final state."""
    with db.session() as session:
        job = session.get(Job, job_id)
        if job is None:
            log.warning("job %s does not exist", job_id)
            return "missing"
        if job.state not in (JobState.QUEUED.value, JobState.RUNNING.value):
            return job.state
        job.state, job.started_at, job.attempts = JobState.RUNNING.value, utcnow(), job.attempts + 1
        kind, params, checkpoint = job.kind, dict(job.params), dict(job.checkpoint or {})
        counts, errors = dict(job.counts or {}), list(job.errors or [])
    ctx = JobContext(job_id, params, checkpoint, db, settings, counts=counts, errors=errors)
    handler = handler_for(kind)
    try:
        if handler is None:
            raise JobFailed("unknown_kind", f"no handler for job kind {kind!r}")
        handler(ctx)
        state = JobState.SUCCEEDED.value
    except JobFailed as exc:
        ctx.error(exc.code, exc.message)
        state = JobState.FAILED.value
    except CleanroomError as exc:  # engine errors carry PHI-free messages meant for users
        ctx.error(type(exc).__name__, str(exc))
        state = JobState.FAILED.value
    except Exception as exc:  # a bug must fail the job, not the executor; the message may hold PHI
        log.error("job %s (%s) crashed with %s", job_id, kind, type(exc).__name__)
        ctx.error("internal", f"unexpected {type(exc).__name__}; see the service log")
        state = JobState.FAILED.value
    ctx.flush()

    def finish(session: Session) -> None:
        job = session.get(Job, job_id)
        job.state, job.finished_at = state, utcnow()
        audit.record(session, actor="system", action="job.finish", object_type="job", object_id=job_id,
                     outcome="ok" if state == JobState.SUCCEEDED.value else "failed",
                     details={"kind": kind, "counts": ctx.counts})

    db.write(finish)
    return state
