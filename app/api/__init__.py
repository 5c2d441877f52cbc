"""The `/api/v1` JSON blueprint for pipelines: thin translation from HTTP to engine calls.

Authentication is a bearer token; every operation declares its roles and its
OpenAPI description with `@operation`. No engine logic lives here.
"""
from __future__ import annotations

from flask import Blueprint, Flask, g, request

from ..current_services import services
from ..auth.access import access_of, decide
from ..auth.accounts import principal_for_header
from ..request_limits import refuse_oversized_body
from .errors import api_error, register_error_handlers

bp = Blueprint("api", __name__, url_prefix="/api/v1")
register_error_handlers(bp)


@bp.before_request
def authenticate_and_authorise():
    """Resolve the bearer token and refuse the call unless the view's declaration allows it."""
    from flask import current_app

    view = current_app.view_functions.get(request.endpoint)
    g.principal = _principal_from_header()
    status = decide(access_of(view), g.principal.role if g.principal else None)
    if status == 401:
        return api_error(401, "unauthenticated", "a valid bearer token is required")
    if status == 403:
        return api_error(403, "forbidden", "your role may not call this endpoint")
    refuse_oversized_body()
    return None


def _principal_from_header():
    with services().db.session() as session:
        return principal_for_header(session, request.headers.get("Authorization", ""))


def init_app(app: Flask) -> None:
    """Register the API blueprint (its JSON error handlers come with it)."""
    # Importing a module registers its routes.
    from . import (audit_log, cohort_requests, cohorts, deid, deid_text, health, ingest, jobs,  # noqa: F401
                   ontology, openapi, profiles)

    app.register_blueprint(bp)
