"""Job status for pipelines: GET /jobs/ID."""
from __future__ import annotations

from flask import g, jsonify

from ..current_services import services
from ..auth.access import EVERYONE
from ..errors import NotFound
from ..models import Job, Role
from ..request_params import MAX_ID
from . import bp
from .operations import operation


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
        return jsonify(job.summary())
