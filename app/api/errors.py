"""JSON errors for the API: `{"error": {"code", "message"}}` with the right status, never a 500 for bad input."""
from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from werkzeug.exceptions import HTTPException

from ..errors import CleanroomError, Unavailable

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

    @bp.errorhandler(CleanroomError)
    def refused(exc: CleanroomError):
        # Every Cleanroom error is a clear, PHI-free answer with its own status (400 for bad input, 404, 409,
        # 422 unclean, 503 a service fault), never a 500.
        response = api_error(exc.http_status, exc.code, str(exc))
        if isinstance(exc, Unavailable):
            response.headers["Retry-After"] = "1"
        return response

    @bp.errorhandler(HTTPException)
    def http(exc: HTTPException):
        return api_error(exc.code or 500, (exc.name or "error").lower().replace(" ", "_"), exc.description or "")

    @bp.errorhandler(Exception)
    def unexpected(exc: Exception):
        # The exception text may quote input (PHI), so only its type is logged and nothing is echoed.
        log.error("unexpected %s in API call", type(exc).__name__)
        return api_error(500, "internal", "unexpected server error; the event was logged without details")
