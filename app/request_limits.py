"""Request-body limits enforced from the headers, before anything reads the body."""
from __future__ import annotations

from flask import Flask, abort, current_app, request

# The login and logout forms are a few hundred bytes; nothing outside the API takes more.
FORM_BODY_LIMIT = 64 * 1024
# The largest JSON body an API operation accepts: 1,000,000 characters of text, each up to 6 bytes escaped.
JSON_BODY_LIMIT = 8 * 1024 * 1024
# Set on a view that takes a JSON body (the API's `@operation` does), so its limit is the JSON one.
JSON_BODY_ATTR = "cleanroom_json_body"


def body_limit(path: str, endpoint: str | None, upload_limit: int) -> int:
    """Return the most bytes a request to `path` (routed to `endpoint`) may send; uploads up to `upload_limit`."""
    if not path.startswith("/api/"):
        return FORM_BODY_LIMIT
    if getattr(current_app.view_functions.get(endpoint or ""), JSON_BODY_ATTR, False):
        return min(JSON_BODY_LIMIT, upload_limit)
    return upload_limit


def refuse_oversized_body() -> None:
    """Abort with 413 when the declared Content-Length is over the limit set for this request."""
    if request.content_length is not None and request.content_length > request.max_content_length:
        abort(413)


def init_app(app: Flask) -> None:
    """Cap each request's body at its route's limit; outside the API, refuse a larger declared one at once.

    The upload limit is the app's MAX_CONTENT_LENGTH (CLEANROOM_MAX_UPLOAD_MB), read per request.
    """

    # Registered before CSRF protection, which reads the form of every unauthenticated POST. The API
    # refuses after authenticating, so an unknown caller hears 401 whatever it declares.
    @app.before_request
    def limit_request_body():
        upload_limit = current_app.config["MAX_CONTENT_LENGTH"]
        request.max_content_length = body_limit(request.path, request.endpoint, upload_limit)
        if not request.path.startswith("/api/"):
            refuse_oversized_body()
