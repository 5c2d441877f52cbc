"""Security headers on every response: CSP, nosniff, referrer policy, no caching of anything but static files."""
from __future__ import annotations

from flask import Flask, Response, request

# Only our own scripts, styles and images; no framing at all (clickjacking), forms post only to us.
CONTENT_SECURITY_POLICY = ("default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
                           "object-src 'none'")
STATIC_ENDPOINTS = {"web.static"}


def init_app(app: Flask, behind_tls: bool) -> None:
    """Add the headers to every response the app returns, errors included."""

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "no-referrer"
        # API answers and pages carry PHI-adjacent data, CSRF tokens and audit entries: never store them.
        if request.endpoint not in STATIC_ENDPOINTS:
            headers["Cache-Control"] = "no-store"
        if behind_tls:
            headers["Strict-Transport-Security"] = "max-age=31536000"
        return response
