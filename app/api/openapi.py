"""GET /openapi.json: an OpenAPI 3.1 document generated from the registered routes."""
from __future__ import annotations

import re

from flask import current_app, jsonify

from ..version import software_version
from . import bp
from .operations import SPEC_ATTR, OperationSpec, operation
from ..auth.access import access_of

ERROR_TEXT = {400: "Bad input", 401: "Missing or invalid token", 403: "Role not allowed", 404: "Not found",
              413: "Too large", 422: "Quarantined or unclean"}


@operation(bp, "/openapi.json", "GET", summary="This OpenAPI 3.1 document", tag="meta", roles=None)
def openapi_document():
    """Return the OpenAPI document for every API route."""
    return jsonify(build_document())


def build_document() -> dict:
    """Walk the app's URL map and describe every /api/v1 operation."""
    paths: dict[str, dict] = {}
    schemas: dict[str, dict] = {}
    for rule in sorted(current_app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith("api."):
            continue
        view = current_app.view_functions[rule.endpoint]
        spec: OperationSpec | None = getattr(view, SPEC_ATTR, None)
        if spec is None:
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(rule, view, spec, schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Cleanroom API", "version": software_version(),
                 "description": "De-identification, ontology annotation and cohort export for radiology research."},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": {"Error": _error_schema(), **schemas},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def _operation(rule, view, spec: OperationSpec, schemas: dict) -> dict:
    access = access_of(view)
    op: dict = {"operationId": rule.endpoint.split(".", 1)[1], "summary": spec.summary, "tags": [spec.tag]}
    if access and not access.public:
        op["security"] = [{"bearer": []}]
        op["x-roles"] = sorted(access.roles)
    params = [{"name": name, "in": "path", "required": True, "schema": _path_schema(rule, name)}
              for name in rule.arguments]
    params += [{"name": name, "in": "query", "required": False, "schema": {"type": "string"}, "description": text}
               for name, text in spec.query.items()]
    if params:
        op["parameters"] = params
    if spec.body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(spec.body, schemas)}}}
    elif spec.request_media:
        op["requestBody"] = {"required": True, "content": {spec.request_media: {"schema": {"type": "string",
                                                                                          "format": "binary"}}}}
    ok: dict = {"description": {200: "OK", 201: "Created", 202: "Accepted"}.get(spec.status, "OK")}
    if spec.response is not None:
        ok["content"] = {"application/json": {"schema": _ref(spec.response, schemas)}}
    elif spec.response_media:
        ok["content"] = {spec.response_media: {"schema": {"type": "string", "format": "binary"}}}
    responses = {str(spec.status): ok}
    codes = set(spec.errors) | ({401, 403} if access and not access.public else set())
    for code in sorted(codes):
        responses[str(code)] = {"description": ERROR_TEXT.get(code, "Error"),
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    op["responses"] = responses
    return op


def _path_schema(rule, name: str) -> dict:
    # `<int:...>` routes match only digits; saying so lets clients (and fuzzers) send integers.
    if re.search(rf"<int(\([^)]*\))?:{re.escape(name)}>", rule.rule):
        return {"type": "integer", "minimum": 0}
    return {"type": "string"}


def _ref(model, schemas: dict) -> dict:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(schema.pop("$defs", {}))
    schemas[model.__name__] = schema
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _error_schema() -> dict:
    return {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}
