"""GET /audit: the audit trail for reviewers and admins, newest first, paged."""
from __future__ import annotations

import json

from flask import jsonify, request
from sqlalchemy import select

from .. import services
from ..errors import InvalidInput
from ..models import AuditEvent, Role
from . import bp
from .operations import operation
from .params import query_number


@operation(bp, "/audit", "GET", summary="Audit events, newest first", tag="audit",
           roles=(Role.REVIEWER.value, Role.ADMIN.value), errors=(400,),
           query={"before": "only events with a smaller id (paging)", "limit": "at most this many (1-500, default 100)",
                  "action": "only this action, e.g. deid.dicom"})
def list_audit_events():
    """Return a page of audit events."""
    limit = query_number("limit", default=100, low=1, high=500)
    before = query_number("before")
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    action = request.args.get("action")
    if action and "\x00" in action:
        raise InvalidInput("action must not contain NUL characters")  # PostgreSQL cannot even compare them
    if action:
        query = query.where(AuditEvent.action == action)
    with services().db.session() as session:
        events = [{"id": e.id, "at": e.at, "actor": e.actor, "action": e.action, "object_type": e.object_type,
                   "object_id": e.object_id, "outcome": e.outcome, "details": json.loads(e.details), "hash": e.hash}
                  for e in session.scalars(query)]
    return jsonify({"events": events, "next_before": events[-1]["id"] if len(events) == limit else None})
