"""Run the export of an approved cohort request with exactly what was approved, moving the request along."""
from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from ..audit.chain import record
from ..cohorts.definition import parse_definition
from ..cohorts.requests import get_request, move, visible_request
from ..db import Database
from ..deid.runs import ProfileRuns
from ..errors import Conflict, NotFound
from ..models import Job
from ..ontology import Ontology
from .journal import ExportInProgress, work_folder
from .package import Engines, ExportPlan, ExportSummary, export_cohort


def export_path(data_dir: Path, request_id: int) -> Path:
    """Return where a request's package (folder; `.zip` beside it) is written."""
    return data_dir / "exports" / f"request-{request_id}"


def export_status(session: Session, request_id: int, *, actor: str, sees_all: bool) -> dict:
    """Return a request the caller may see with its state and its export job's progress (None before approval)."""
    request = visible_request(session, request_id, actor=actor, sees_all=sees_all)
    job = session.get(Job, request.export_job_id) if request.export_job_id else None
    return {"request_id": request.id, "state": request.state, "definition_hash": request.definition_hash,
            "job": job.summary() if job else None}


def package_to_download(db: Database, data_dir: Path, request_id: int, *, actor: str, sees_all: bool) -> Path:
    """Return the .zip of a ready export the caller may see and audit its download (Conflict until it is ready)."""
    with db.session() as session:
        state = visible_request(session, request_id, actor=actor, sees_all=sees_all).state
    if state != "ready":
        raise Conflict(f"cohort request {request_id} is {state}; its package is not ready")
    package = export_path(data_dir, request_id).with_suffix(".zip")
    if not package.is_file():  # removed from the disk since (a clean-up): say so, never a server error
        raise NotFound(f"the package of cohort request {request_id} is no longer on the server")
    db.write(lambda session: record(session, actor=actor, action="cohort.export.download",
                                    object_type="cohort_request", object_id=request_id))
    return package


def export_request(db: Database, request_id: int, *, actor: str, runs: ProfileRuns, ontology: Ontology,
                   data_dir: Path, progress: Callable[[int, int], None] | None = None,
                   finished: Callable[[ExportSummary], None] | None = None) -> ExportSummary:
    """Export an approved (or interrupted) request to its package; the request ends ready, or failed.

    `finished` gets the summary before the request is marked ready, so whoever sees it ready sees the summary too.
    """
    request = db.write(lambda session: _start(session, request_id, actor))
    destination = export_path(data_dir, request_id)
    try:
        # The export uses exactly what the reviewer approved: another profile or ontology is refused, not used.
        if ontology.version != request["ontology_version"]:
            raise Conflict("the ontology has changed since the request was approved; submit it again")
        # A package already there is one a killed run had renamed into place but not yet marked ready.
        plan = ExportPlan(parse_definition(json.loads(request["definition"])), destination,
                          tuple(request["outputs"]), 0, zip=True, replace=True)
        summary = runs.export(
            request["profile_name"],
            lambda export: export_cohort(db, runs.sealer, plan, Engines.for_export(export, ontology), progress),
            actor=actor, approved=(request["profile_version"], request["profile_hash"]),
            details={"cohort_request": request_id})
    except ExportInProgress:
        raise  # the same job handed out twice (a broker's redelivery): the run that holds the work goes on
    except BaseException:
        # A failed request is not resumed: its work folder goes (a killed run never gets here, and resumes).
        shutil.rmtree(work_folder(destination), ignore_errors=True)
        db.write(lambda session: move(session, get_request(session, request_id), "failed", actor=actor))
        raise
    if finished is not None:
        finished(summary)
    db.write(lambda session: move(session, get_request(session, request_id), "ready", actor=actor))
    return summary


def _start(session, request_id: int, actor: str) -> dict:
    request = get_request(session, request_id)
    if request.state != "exporting":  # a resumed job finds it exporting already
        move(session, request, "exporting", actor=actor)
    return {column: getattr(request, column) for column in ("profile_name", "profile_version", "profile_hash",
                                                            "ontology_version", "definition", "outputs")}

