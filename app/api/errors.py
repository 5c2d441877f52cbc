"""JSON errors for the API: `{"error": {"code", "message"}}` with the right status, never a 500 for bad input."""
from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from werkzeug.exceptions import HTTPException

from ..errors import CleanroomError, ConfigError, Conflict, InvalidInput, NotFound, Unavailable
from ..ontology.model import OntologyError

SERVICE_FAULTS = (ConfigError, OntologyError)

log = logging.getLogger(__name__)


def api_error(status: int, code: str, message: str):
    """Return a JSON error response."""
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="cleanroom"'
    return response


def register_error_handlers(bp: Blueprint) -> None:
    """Turn engine exceptions and HTTP errors raised in API views into JSON errors."""

    @bp.errorhandler(InvalidInput)
    def invalid(exc: InvalidInput):
        return api_error(400, "invalid_input", str(exc))

    @bp.errorhandler(NotFound)
    def not_found(exc: NotFound):
        return api_error(404, "not_found", str(exc))

    @bp.errorhandler(Conflict)
    def conflict(exc: Conflict):
        return api_error(409, "conflict", str(exc))

    @bp.errorhandler(Unavailable)
    def unavailable(exc: Unavailable):
        response = api_error(503, exc.code, str(exc))
        response.headers["Retry-After"] = "1"
        return response

    @bp.errorhandler(CleanroomError)
    def failed(exc: CleanroomError):
        # A broken configuration or ontology file is the service's fault; any other CleanroomError is a
        # clear refusal of what the caller asked for, so it is never a 500.
        if isinstance(exc, SERVICE_FAULTS):
            return api_error(503, "unavailable", str(exc))
        return api_error(400, getattr(exc, "code", None) or "failed", str(exc))

    @bp.errorhandler(HTTPException)
    def http(exc: HTTPException):
        return api_error(exc.code or 500, (exc.name or "error").lower().replace(" ", "_"), exc.description or "")

    @bp.errorhandler(Exception)
    def unexpected(exc: Exception):
        # The exception text may quote input (PHI), so only its type is logged and nothing is echoed.
        log.error("unexpected %s in API call", type(exc).__name__)
        return api_error(500, "internal", "unexpected server error; the event was logged without details")
