"""GET /health: database, job backend and version, without authentication."""
from __future__ import annotations

from flask import jsonify
from pydantic import BaseModel

from ..current_services import services
from ..health import service_health
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
    report = service_health(services())
    response = jsonify(report)
    response.status_code = 200 if report["status"] == "ok" else 503
    return response
