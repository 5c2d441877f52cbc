"""Cleanroom: a research de-identification and ontology service for radiology.

`create_app` builds the Flask application; the engines (dicom, pixels, text,
ontology, cohorts, ingest) are plain Python packages that know nothing of Flask.
"""
from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from .dicom.quiet import silence_pydicom
from .services import Services

if TYPE_CHECKING:
    from flask import Flask


def create_app(overrides: dict | None = None, services: Services | None = None) -> Flask:
    """Build the Flask application from env vars (or `overrides`) and the instance folder."""
    # Flask loads with the app it builds, not with the package: CLI runs, workers and receivers never serve.
    from flask import Flask
    from werkzeug.middleware.proxy_fix import ProxyFix

    silence_pydicom()  # for WSGI servers that import create_app without the CLI
    services = services or Services.load(overrides)
    settings = services.settings
    # No app-level static folder: its /static rule would shadow the web blueprint's, which holds the files.
    app = Flask(__name__, instance_path=str(settings.instance_path), instance_relative_config=True,
                static_folder=None)
    app.config.update(
        SECRET_KEY=settings.subkey("flask-session"),
        MAX_CONTENT_LENGTH=settings.max_upload_bytes,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.behind_tls,
        # Flask refuses a session cookie signed longer ago than this (its default is 31 days).
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_hours),
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.config.from_prefixed_env("CLEANROOM_FLASK")
    app.extensions["cleanroom"] = services
    if settings.proxy_hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxy_hops, x_proto=settings.proxy_hops)

    from . import api, http_errors, request_limits, security_headers, web

    request_limits.init_app(app)
    security_headers.init_app(app, settings.behind_tls)
    api.init_app(app)
    web.init_app(app)
    web.csrf.exempt(api.bp)  # the JSON API authenticates with tokens, not cookies
    http_errors.init_app(app)
    return app
