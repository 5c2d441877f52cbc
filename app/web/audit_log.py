"""The audit log for reviewers and admins: filters, pages newest first, and the chain's verification."""
from __future__ import annotations

from datetime import date

from flask import render_template, request, url_for
from sqlalchemy import select

from ..current_services import services
from ..request_params import query_number
from ..audit.log import EventFilter, chain_status, details_of, search
from ..auth.access import allow
from ..errors import InvalidInput
from ..models import AuditEvent, Role
from . import bp

PAGE_SIZE = 50
FILTERS = ("actor", "action", "object_type", "object_id")


@bp.route("/audit")
@allow(Role.REVIEWER.value, Role.ADMIN.value)
def audit_log():
    """Show a page of audit events matching the filters in the query string."""
    filters = EventFilter(**{name: request.args.get(name, "").strip()[:120] for name in FILTERS},
                          since=_day("from"), until=_day("to"))
    before = query_number("before", low=1)
    with services().db.session() as session:
        events = search(session, filters, before=before, limit=PAGE_SIZE)
        rows = [(event, details_of(event)) for event in events]
        status = chain_status(session)
        actions = list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
    query = {k: v for k, v in request.args.items() if k != "before" and v}
    older = url_for("web.audit_log", **query, before=events[-1].id) if len(events) == PAGE_SIZE else None
    newest = url_for("web.audit_log", **query) if before is not None else None
    return render_template("audit.html", rows=rows, status=status, actions=actions, args=request.args,
                           older=older, newest=newest)


def _day(name: str) -> date | None:
    """Read a YYYY-MM-DD query parameter; a bad one is a 400."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name} must be a date written YYYY-MM-DD") from None
