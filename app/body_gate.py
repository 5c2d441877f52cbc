"""Waitress refuses unwanted request bodies from the headers alone, before it buffers them.

Waitress reads a whole request body (spooling it to a temporary file) before the application sees the
request, so checks inside Flask come too late to spare the server. This gate runs when the headers are
complete: outside the API only a small form body is accepted, and the API takes a body only from a
caller with a valid bearer token, up to the upload limit.
"""
from __future__ import annotations

import json
from typing import Callable

from sqlalchemy.exc import SQLAlchemyError
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import create_server
from waitress.utilities import Error, RequestEntityTooLarge

from .auth.accounts import principal_for_header
from .request_limits import FORM_BODY_LIMIT
from .services import Services

Gate = Callable[[str, dict, int | None], Error | None]


class Refusal(Error):
    """An error waitress answers itself, as the API's JSON error, closing the connection unread."""

    def __init__(self, status: int, reason: str, code: str, message: str, headers: tuple = ()):
        super().__init__(message)
        self.code, self.reason, self.error_code, self.extra_headers = status, reason, code, list(headers)

    def to_response(self, ident: str | None = None) -> tuple[str, list, bytes]:
        """Return waitress's (status, headers, body) for this refusal."""
        body = json.dumps({"error": {"code": self.error_code, "message": self.body}}).encode()
        headers = [("Content-Type", "application/json"), ("X-Content-Type-Options", "nosniff"),
                   ("Cache-Control", "no-store"), *self.extra_headers]
        return f"{self.code} {self.reason}", headers, body


def header_gate(svc: Services, upload_limit: int) -> Gate:
    """Return the check run on each request's path, headers and declared length before its body is read."""

    def gate(path: str, headers: dict, length: int | None) -> Error | None:
        if not path.startswith("/api/"):
            limit = FORM_BODY_LIMIT
        else:
            try:
                with svc.db.session() as session:
                    principal = principal_for_header(session, headers.get("AUTHORIZATION", ""))
            except SQLAlchemyError:
                # This runs in waitress's I/O thread, where an exception would drop the connection unanswered.
                return Refusal(503, "Service Unavailable", "unavailable", "the database is not reachable")
            if principal is None:
                return Refusal(401, "Unauthorized", "unauthenticated", "a valid bearer token is required",
                               (("WWW-Authenticate", 'Bearer realm="cleanroom"'),))
            limit = upload_limit
        if length is None and limit == FORM_BODY_LIMIT:
            return Refusal(411, "Length Required", "length_required", "send a Content-Length with the form")
        if length is not None and length > limit:
            return Refusal(413, "Request Entity Too Large", "request_entity_too_large",
                           f"the body is larger than this endpoint accepts ({limit} bytes)")
        return None

    return gate


def gated_server(app, gate: Gate, **options):
    """Return a waitress server for `app` whose connections run `gate` once each request's headers are in."""

    class GatedParser(HTTPRequestParser):
        def received(self, data: bytes) -> int:
            had_headers = self.headers_finished
            consumed = super().received(data)
            # Headers just completed and a body is still to come (or waitress found it too long: an unknown
            # caller should hear 401 first): decide now, before buffering it.
            body_pending = not self.completed or isinstance(self.error, RequestEntityTooLarge)
            if not had_headers and self.headers_finished and body_pending and not self.empty:
                refusal = gate(self.path, self.headers, None if self.chunked else self.content_length)
                if refusal is not None:
                    self.error, self.completed = refusal, True
            return consumed

    class GatedChannel(HTTPChannel):
        parser_class = GatedParser

    server = create_server(app, **options)
    server.channel_class = GatedChannel
    return server
