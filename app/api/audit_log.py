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


@operation(bp, "/audit", "GET", summary="Audit events, newest first", tag="audit",
           roles=(Role.REVIEWER.value, Role.ADMIN.value), errors=(400,),
           query={"before": "only events with a smaller id (paging)", "limit": "at most this many (1-500, default 100)",
                  "action": "only this action, e.g. deid.dicom"})
def list_audit_events():
    """Return a page of audit events."""
    try:
        limit = int(request.args.get("limit", 100))
        before = int(request.args["before"]) if "before" in request.args else None
    except ValueError:
        raise InvalidInput("limit and before must be whole numbers") from None
    if not 1 <= limit <= 500:
        raise InvalidInput("limit must be between 1 and 500")
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    if request.args.get("action"):
        query = query.where(AuditEvent.action == request.args["action"])
    with services().db.session() as session:
        events = [{"id": e.id, "at": e.at, "actor": e.actor, "action": e.action, "object_type": e.object_type,
                   "object_id": e.object_id, "outcome": e.outcome, "details": json.loads(e.details), "hash": e.hash}
                  for e in session.scalars(query)]
    return jsonify({"events": events, "next_before": events[-1]["id"] if len(events) == limit else None})
