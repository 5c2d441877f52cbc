"""A researcher's own cohort requests: the list, one request with its export's progress, download, withdraw."""
from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, send_file, url_for
from flask_login import current_user

from ..current_services import services
from ..request_params import MAX_ID
from ..auth.access import allow
from ..cohorts.counts import counts_for
from ..cohorts.describe import describe
from ..cohorts.requests import summary, visible_request, visible_requests, withdraw
from ..errors import InvalidInput
from ..exports.requests import export_status, package_to_download
from . import bp
from .cohorts import RESEARCHER, OUTPUT_WORDS, count_panel

REQUEST_URL = f"/requests/<int(max={MAX_ID}):request_id>"
# How each state looks: done well, waiting or working, or stopped.
STATE_BADGES = {"submitted": "warn", "approved": "ok", "rejected": "bad", "withdrawn": "", "exporting": "warn",
                "ready": "ok", "failed": "bad"}
EXPORTING = ("approved", "exporting")


@bp.route("/requests")
@allow(RESEARCHER)
def my_requests():
    """List the signed-in researcher's requests, newest first."""
    with services().db.session() as session:
        requests = [summary(r) for r in visible_requests(session, actor=current_user.actor, sees_all=False)]
    return render_template("requests.html", requests=requests, badges=STATE_BADGES)


@bp.route(REQUEST_URL)
@allow(RESEARCHER)
def request_page(request_id: int):
    """Show one of the researcher's requests in plain language, with its counts and its export's progress."""
    svc = services()
    ontology = svc.ontology()
    with svc.db.session() as session:
        asked = summary(visible_request(session, request_id, actor=current_user.actor, sees_all=False))
        status = export_status(session, request_id, actor=current_user.actor, sees_all=False)
    try:
        definition, shown = counts_for(svc.db, ontology, asked["definition"], actor=current_user.actor, exact=False,
                                       threshold=svc.settings.small_cell_threshold)
    except InvalidInput:  # the ontology changed since: the request stands, its counts cannot be redone
        description, panel = None, None
    else:
        description = describe(definition, ontology)
        panel = count_panel(shown, description, ontology)
    return render_template("request.html", asked=asked, status=status, description=description, panel=panel,
                           badges=STATE_BADGES, outputs=OUTPUT_WORDS, exporting=EXPORTING)


@bp.route(f"{REQUEST_URL}/progress")
@allow(RESEARCHER)
def request_progress(request_id: int):
    """Return the export's state and progress (what GET /api/v1/exports/ID returns), for the page to poll."""
    with services().db.session() as session:
        status = export_status(session, request_id, actor=current_user.actor, sees_all=False)
    ready = status["state"] == "ready"
    return jsonify({**status, "download": url_for("web.request_download", request_id=request_id) if ready else None})


@bp.route(f"{REQUEST_URL}/download")
@allow(RESEARCHER)
def request_download(request_id: int):
    """Send the package of a ready export (409 before it is ready); the download is audited."""
    svc = services()
    package = package_to_download(svc.db, svc.settings.data_dir, request_id, actor=current_user.actor, sees_all=False)
    return send_file(package, mimetype="application/zip", as_attachment=True,
                     download_name=f"cohort-request-{request_id}.zip")


@bp.route(f"{REQUEST_URL}/withdraw", methods=["POST"])
@allow(RESEARCHER)
def withdraw_request(request_id: int):
    """Withdraw a request still waiting for its decision (POST with the CSRF token)."""
    services().db.write(lambda session: withdraw(session, request_id, requester=current_user.actor))
    flash(f"Request {request_id} is withdrawn.", "success")
    return redirect(url_for("web.request_page", request_id=request_id))
