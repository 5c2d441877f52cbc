"""GET /health: database, job backend and version, without authentication."""
from __future__ import annotations

from flask import jsonify
from pydantic import BaseModel

from .. import services
from ..errors import ConfigError
from ..version import software_version
from . import bp
from .operations import operation


class Health(BaseModel):
    """Service health."""

    status: str
    version: str
    database: dict
    jobs: dict


@operation(bp, "/health", "GET", summary="Service health: database, job backend, version", tag="meta",
           roles=None, response=Health)
def health():
    """Report whether the database and job backend answer."""
    svc = services()
    try:
        svc.db.check_reachable()
        database = {"ok": True, "backend": svc.db.engine.dialect.name, "revision": svc.db.current_revision(),
                    "expected_revision": svc.db.head_revision()}
        database["ok"] = database["revision"] == database["expected_revision"]
    except ConfigError:
        database = {"ok": False, "backend": svc.db.engine.dialect.name, "error": "unreachable"}
    jobs = svc.executor.check()
    ok = database["ok"] and jobs["ok"]
    response = jsonify({"status": "ok" if ok else "degraded", "version": software_version(),
                        "database": database, "jobs": jobs})
    response.status_code = 200 if ok else 503
    return response
