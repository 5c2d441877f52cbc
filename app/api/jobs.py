"""Job status for pipelines: GET /jobs/ID."""
from __future__ import annotations

from flask import g, jsonify

from .. import services
from ..auth.access import EVERYONE
from ..errors import NotFound
from ..models import Job, Role
from . import bp
from .operations import operation
from .params import MAX_ID


def job_summary(job: Job) -> dict:
    """Return the public view of a job: state, progress, counts and PHI-free errors."""
    return {
        "id": job.id, "kind": job.kind, "state": job.state, "executor": job.executor,
        "progress": {"done": job.progress_done, "total": job.progress_total},
        "counts": job.counts, "errors": job.errors, "attempts": job.attempts,
        "created_at": job.created_at.isoformat() if job.created_at else None,
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


@operation(bp, "/jobs/<int:job_id>", "GET", summary="A job's state, progress and counts", tag="jobs",
           roles=EVERYONE, errors=(404,))
def get_job(job_id: int):
    """Return a job the caller created (reviewers and admins see every job)."""
    if job_id > MAX_ID:
        raise NotFound(f"no job {job_id}")
    with services().db.session() as session:
        job = session.get(Job, job_id)
        own = job is not None and job.created_by == g.principal.actor
        if job is None or not (own or g.principal.role in (Role.REVIEWER.value, Role.ADMIN.value)):
            raise NotFound(f"no job {job_id}")
        return jsonify(job_summary(job))
