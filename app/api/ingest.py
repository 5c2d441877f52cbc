"""POST /ingest: index DICOM folders or report files on the server, as a background job."""
from __future__ import annotations

from typing import Literal

from flask import g, jsonify
from pydantic import BaseModel, Field

from .. import services
from ..ingest.jobs import ingest_job
from ..models import Role
from . import bp
from .operations import operation


class IngestRequest(BaseModel):
    """Files and folders, as paths on the server, to index."""

    kind: Literal["dicom", "reports"]
    paths: list[str] = Field(min_length=1, max_length=1000)
    workers: int = Field(default=1, ge=1, le=64)


class IngestAccepted(BaseModel):
    """The job that runs the ingest; follow it at GET /jobs/ID."""

    job_id: int
    kind: str


@operation(bp, "/ingest", "POST", summary="Index DICOM files or reports into the archive index (a job)",
           tag="ingest", roles=(Role.PIPELINE.value, Role.ADMIN.value), body=IngestRequest,
           response=IngestAccepted, errors=(400,), status=202)
def ingest(body: IngestRequest):
    """Start an ingest job and return its id (202)."""
    svc = services()
    kind, params = ingest_job(svc.sealer(), body.kind, body.paths, body.workers)
    job_id = svc.submit_job(kind, params, actor=g.principal.actor)
    return jsonify({"job_id": job_id, "kind": kind}), 202
