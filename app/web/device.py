"""The trusted-device cookie: signed proof that a user signed in from this browser before.

Login throttling counts failures from such a browser apart from everyone else's, so a stranger who
locks a username out cannot lock out the browsers its owner already uses.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "cleanroom_device"
LIFETIME = timedelta(days=90)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="cleanroom-trusted-device")


def trusted_device(username: str) -> str | None:
    """Return this browser's device id when it carries a valid cookie for `username`, else None."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = _serializer().loads(raw, max_age=int(LIFETIME.total_seconds()))
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != username or not isinstance(data.get("n"), str):
        return None
    return data["n"]


def remember_device(response: Response, username: str) -> None:
    """Mark this browser as one `username` signs in from (after a correct password)."""
    value = _serializer().dumps({"u": username, "n": secrets.token_hex(16)})
    response.set_cookie(COOKIE, value, max_age=int(LIFETIME.total_seconds()), path="/login", httponly=True,
                        samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
