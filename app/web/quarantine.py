"""Quarantined files for reviewers: why each was held back, and masked previews of its pixels."""
from __future__ import annotations

from flask import Response, render_template, request, url_for

from ..current_services import services
from ..request_params import query_number
from ..auth.access import allow
from ..errors import NotFound
from ..models import Role
from ..quarantine.preview import NoPreview, cached_previews
from ..quarantine.records import list_quarantined, quarantined_copy, reason_counts
from . import bp

REVIEWER = Role.REVIEWER.value
PAGE_SIZE = 25
PREVIEW_KINDS = ("before", "after")


@bp.route("/quarantine")
@allow(REVIEWER)
def quarantine():
    """List quarantined files newest first, optionally of one reason."""
    reason = request.args.get("reason", "").strip()
    before = query_number("before", low=1)
    svc = services()
    with svc.db.session() as session:
        counts = reason_counts(session)
        if reason and reason not in counts:
            entries = []
        else:
            entries = list_quarantined(session, svc.sealer(), reason_code=reason or None, before=before,
                                              limit=PAGE_SIZE)
    query = {"reason": reason} if reason else {}
    older = (url_for("web.quarantine", **query, before=entries[-1].id)
             if len(entries) == PAGE_SIZE else None)
    newest = url_for("web.quarantine", **query) if before is not None else None
    return render_template("quarantine.html", entries=entries, counts=counts, reason=reason,
                           older=older, newest=newest)


@bp.route("/quarantine/<int:entry_id>/<kind>.png")
@allow(REVIEWER)
def quarantine_preview(entry_id: int, kind: str):
    """Serve a masked preview PNG of a quarantined file (rendered once, then kept in the instance's cache)."""
    if kind not in PREVIEW_KINDS:
        raise NotFound("no such preview")
    svc = services()
    with svc.db.session() as session:
        copy = quarantined_copy(session, svc.sealer(), entry_id)
    if not copy.is_file():
        raise NotFound("the quarantined copy is gone")
    try:
        previews = cached_previews(copy, svc.settings.cache_dir / "quarantine-previews")
    except NoPreview:
        raise NotFound("no preview") from None
    response = Response(getattr(previews, kind), mimetype="image/png")
    # Derived from a patient's image: private to this browser session, never kept by shared caches.
    response.headers["Cache-Control"] = "private, no-store"
    return response
