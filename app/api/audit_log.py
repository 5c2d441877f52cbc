"""GET /audit: the audit trail for reviewers and admins, newest first, paged."""
from __future__ import annotations

from flask import jsonify, request

from ..current_services import services
from ..audit.log import EventFilter, details_of, search
from ..models import Role
from . import bp
from .operations import operation
from ..request_params import query_number


@operation(bp, "/audit", "GET", summary="Audit events, newest first", tag="audit",
           roles=(Role.REVIEWER.value, Role.ADMIN.value), errors=(400,),
           query={"before": "only events with a smaller id (paging)", "limit": "at most this many (1-500, default 100)",
                  "action": "only this action, e.g. deid.dicom"})
def list_audit_events():
    """Return a page of audit events."""
    limit = query_number("limit", default=100, low=1, high=500)
    before = query_number("before")
    filters = EventFilter(action=request.args.get("action", ""))
    with services().db.session() as session:
        events = [{"id": e.id, "at": e.at, "actor": e.actor, "action": e.action, "object_type": e.object_type,
                   "object_id": e.object_id, "outcome": e.outcome, "details": details_of(e), "hash": e.hash}
                  for e in search(session, filters, before=before, limit=limit)]
    return jsonify({"events": events, "next_before": events[-1]["id"] if len(events) == limit else None})
