"""HTTP errors no view handled (unknown URL, wrong method, too large): JSON under /api, a page elsewhere."""
from __future__ import annotations

from flask import Flask, request
from werkzeug.exceptions import HTTPException

from .api import bp as api_bp
from .api.errors import api_error
from .web.errors import http_error_page


def init_app(app: Flask) -> None:
    """Answer every unrouted HTTP error in the form its caller reads: pipelines JSON, people a page."""

    @app.errorhandler(HTTPException)
    def answer(exc: HTTPException):
        if request.path.startswith(api_bp.url_prefix + "/"):
            return api_error(exc.code or 500, (exc.name or "error").lower().replace(" ", "_"), exc.description or "")
        return http_error_page(exc)
