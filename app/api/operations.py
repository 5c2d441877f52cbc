"""`@operation`: one declaration per API route giving its roles, OpenAPI text and body schema."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Callable

from flask import request
from pydantic import BaseModel, ValidationError

from ..auth.access import allow, public
from ..errors import InvalidInput
from ..request_limits import JSON_BODY_ATTR

SPEC_ATTR = "cleanroom_operation"
# No request body needs more; deeper nesting only serves to exhaust the parser's or a validator's stack.
MAX_JSON_DEPTH = 32
_TOO_DEEP = object()


@dataclass(frozen=True)
class OperationSpec:
    """What the OpenAPI document says of one operation."""

    summary: str
    tag: str
    body: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    request_media: str | None = None
    response_media: str | None = None
    query: dict[str, str] = field(default_factory=dict)
    errors: tuple[int, ...] = ()
    status: int = 200  # the success status: 201 for a created object, 202 for a job started


def operation(bp, rule: str, method: str, *, summary: str, tag: str, roles: tuple[str, ...] | None,
              body: type[BaseModel] | None = None, response: type[BaseModel] | None = None,
              request_media: str | None = None, response_media: str | None = None,
              query: dict[str, str] | None = None, errors: tuple[int, ...] = (), status: int = 200) -> Callable:
    """Register an API view with its roles (None = public) and OpenAPI description.

    With `body`, the JSON body is validated and passed to the view as `body=`.
    """
    spec = OperationSpec(summary, tag, body, response, request_media, response_media, query or {}, errors, status)

    def register(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            # A misspelt parameter (`?limt=5`) silently ignored would return the wrong data: refuse it.
            if set(request.args) - set(spec.query):
                takes = ", ".join(sorted(spec.query)) or "no query parameters"
                raise InvalidInput(f"unknown query parameter; this operation takes {takes}")
            if body is not None:
                kwargs["body"] = parse_body(body)
            return view(*args, **kwargs)

        setattr(wrapper, SPEC_ATTR, spec)
        setattr(wrapper, JSON_BODY_ATTR, body is not None)
        declared = public(wrapper) if roles is None else allow(*roles)(wrapper)
        bp.add_url_rule(rule, view.__name__, declared, methods=[method])
        return declared

    return register


def parse_body(model: type[BaseModel]) -> BaseModel:
    """Validate the request's JSON body against `model`; errors name fields, never echo values."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        data = _TOO_DEEP
    if data is _TOO_DEEP or _depth_exceeds(data, MAX_JSON_DEPTH):
        raise InvalidInput(f"the JSON body is nested more than {MAX_JSON_DEPTH} levels deep")
    if data is None:
        raise InvalidInput("the request body must be a JSON object (Content-Type: application/json)")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors())
        raise InvalidInput(f"invalid request body: {problems}") from None


def _depth_exceeds(data: object, limit: int) -> bool:
    # Iterative, so the check itself cannot overflow the stack it protects.
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (value.values() if isinstance(value, dict) else value))
    return False
