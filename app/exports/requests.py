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
from ..dicom.policy import Policy
from ..errors import Conflict
from ..models import Job
from ..identity import IdentityKeys
from ..ontology import Ontology
from ..profiles import ProfileLibrary
from ..sealed import Sealer
from ..text.engine import ReportDeidentifier
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
    db.write(lambda session: record(session, actor=actor, action="cohort.export.download",
                                    object_type="cohort_request", object_id=request_id))
    return export_path(data_dir, request_id).with_suffix(".zip")


def export_request(db: Database, sealer: Sealer, request_id: int, *, actor: str, library: ProfileLibrary,
                   ontology: Ontology, keys: IdentityKeys, data_dir: Path,
                   progress: Callable[[int, int], None] | None = None) -> ExportSummary:
    """Export an approved (or interrupted) request to its package; the request ends ready, or failed."""
    request = db.write(lambda session: _start(session, request_id, actor))
    try:
        profile = library.get(request["profile_name"])
        # The export uses exactly what the reviewer approved: another profile or ontology is refused, not used.
        if (profile.version, profile.hash) != (request["profile_version"], request["profile_hash"]):
            raise Conflict(f"profile {profile.name} has changed since the request was approved; submit it again")
        if ontology.version != request["ontology_version"]:
            raise Conflict("the ontology has changed since the request was approved; submit it again")
        engines = Engines.for_profile(Policy(profile), keys, ReportDeidentifier(profile, keys), ontology)
        # A package already there is one a killed run had renamed into place but not yet marked ready.
        plan = ExportPlan(parse_definition(json.loads(request["definition"])), export_path(data_dir, request_id),
                          tuple(request["outputs"]), 0, zip=True, replace=True)
        summary = export_cohort(db, sealer, plan, engines, progress)
    except ExportInProgress:
        raise  # the same job handed out twice (a broker's redelivery): the run that holds the work goes on
    except BaseException:
        # A failed request is not resumed: its work folder goes (a killed run never gets here, and resumes).
        shutil.rmtree(work_folder(export_path(data_dir, request_id)), ignore_errors=True)
        db.write(lambda session: move(session, get_request(session, request_id), "failed", actor=actor))
        raise
    db.write(lambda session: move(session, get_request(session, request_id), "ready", actor=actor))
    return summary


def _start(session, request_id: int, actor: str) -> dict:
    request = get_request(session, request_id)
    if request.state != "exporting":  # a resumed job finds it exporting already
        move(session, request, "exporting", actor=actor)
    return {column: getattr(request, column) for column in ("profile_name", "profile_version", "profile_hash",
                                                            "ontology_version", "definition", "outputs")}

