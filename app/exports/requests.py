"""Run the export of an approved cohort request with exactly what was approved, moving the request along."""
from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from ..cohorts.definition import parse_definition
from ..cohorts.requests import get_request, move
from ..db import Database
from ..dicom.policy import Policy
from ..errors import Conflict
from ..identity import IdentityKeys
from ..ontology import Ontology
from ..profiles import ProfileLibrary
from ..sealed import Sealer
from ..text.engine import ReportDeidentifier
from .package import Engines, ExportPlan, ExportSummary, export_cohort


def export_path(data_dir: Path, request_id: int) -> Path:
    """Return where a request's package (folder; `.zip` beside it) is written."""
    return data_dir / "exports" / f"request-{request_id}"


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
        destination = export_path(data_dir, request_id)
        _clear(destination)  # an interrupted run is done again from the start: its data files come out identical
        plan = ExportPlan(parse_definition(json.loads(request["definition"])), destination,
                          tuple(request["outputs"]), 0, zip=True)
        summary = export_cohort(db, sealer, plan, engines, progress)
    except BaseException:
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


def _clear(destination: Path) -> None:
    shutil.rmtree(destination, ignore_errors=True)
    destination.with_suffix(".zip").unlink(missing_ok=True)
