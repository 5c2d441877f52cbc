"""Error pages for people: the status, what happened and what to do — never a traceback or echoed input."""
from __future__ import annotations

import logging

from flask import Blueprint, render_template
from werkzeug.exceptions import HTTPException

from ..errors import CleanroomError, Conflict, InvalidInput, NotFound

log = logging.getLogger(__name__)

ADVICE = {
    400: "The request could not be understood. Go back, check the form and try again.",
    403: "Your role does not give access to this page. Ask an administrator if you need it.",
    404: "There is nothing here. The link may be old, or the item is not yours to see.",
    405: "This page cannot be used that way.",
    409: "The item changed meanwhile (someone else may have acted on it). Reload the page to see its state.",
    413: "What you sent is larger than this service accepts.",
    429: "Too many attempts. Wait a little and try again.",
    500: "Something went wrong on our side. The event was logged without details; try again later.",
}


def error_page(status: int, title: str, message: str | None = None):
    """Render the error page for `status` with a message safe to show."""
    return render_template("error.html", status=status, title=title,
                           message=message or ADVICE.get(status, "")), status


def http_error_page(exc: HTTPException):
    """Render an HTTP error as a page, keeping the headers it carries (Allow on 405, Retry-After on 429)."""
    status = exc.code or 500
    body, _ = error_page(status, exc.name or "Error")
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    return body, status, headers


def register_error_handlers(bp: Blueprint) -> None:
    """Turn refusals raised in the web views into error pages; engine messages never quote PHI."""

    @bp.errorhandler(InvalidInput)
    def invalid(exc: InvalidInput):
        return error_page(400, "Bad request", str(exc))

    @bp.errorhandler(NotFound)
    def not_found(exc: NotFound):
        return error_page(404, "Not found")

    @bp.errorhandler(Conflict)
    def conflict(exc: Conflict):
        return error_page(409, "Conflict", str(exc))

    @bp.errorhandler(CleanroomError)
    def refused(exc: CleanroomError):
        return error_page(400, "Refused", str(exc))

    # Registered here too: the blueprint's Exception handler would otherwise take abort(403) for a crash.
    bp.register_error_handler(HTTPException, http_error_page)

    @bp.errorhandler(Exception)
    def unexpected(exc: Exception):
        # The exception text may quote input (PHI), so only its type is logged and nothing is echoed.
        log.error("unexpected %s on a web page", type(exc).__name__)
        return error_page(500, "Server error")
