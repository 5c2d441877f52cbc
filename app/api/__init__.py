"""The `/api/v1` JSON blueprint for pipelines: thin translation from HTTP to engine calls.

Authentication is a bearer token; every operation declares its roles and its
OpenAPI description with `@operation`. No engine logic lives here.
"""
from __future__ import annotations

from flask import Blueprint, Flask, g, request

from .. import services
from ..auth.access import access_of, decide
from ..auth.accounts import principal_for_token
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
    return None


def _principal_from_header():
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    with services().db.session() as session:
        return principal_for_token(session, secret.strip())


def init_app(app: Flask) -> None:
    """Register the API blueprint and its JSON error handlers."""
    # Importing the modules registers their routes.
    from . import (audit_log, deid, deid_text, health, ingest, jobs, ontology, openapi,  # noqa: F401
                   profiles)

    app.register_blueprint(bp)

    # Unknown URLs and methods never reach the blueprint, so the app answers them: JSON under /api.
    def json_under_api(exc):
        if request.path.startswith(bp.url_prefix + "/"):
            return api_error(exc.code, exc.name.lower().replace(" ", "_"), exc.description)
        return exc

    app.register_error_handler(404, json_under_api)
    app.register_error_handler(405, json_under_api)
