"""The public view of a job: state, progress, counts and PHI-free errors (the API and `jobs show` print it)."""
from __future__ import annotations

from ..models import Job


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
