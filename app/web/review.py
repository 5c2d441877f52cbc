"""The IRB reviewer's pages: the queue of cohort requests, one request in plain language with exact counts."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from ..current_services import services
from ..auth.access import allow
from ..cohorts.counts import feasibility
from ..cohorts.definition import parse_definition
from ..cohorts.describe import Vocabulary, describe
from ..cohorts.requests import (COMMENT_MAX, decide_and_export, restart_export, summary, visible_request,
                                visible_requests)
from ..errors import Conflict, InvalidInput
from ..models import Job, Role
from ..profiles import ProfileLibrary
from . import bp

REVIEWER = Role.REVIEWER.value
RECENT_DECIDED = 20
# Werkzeug's int converter refuses larger ids (404) before a database that stores 32-bit keys sees them.
REQUEST_ID = "<int(max=2147483647):request_id>"


class DecisionForm(FlaskForm):
    """Approve or reject, with a comment for the researcher (required to reject)."""

    decision = RadioField("Decision", choices=[SelectChoice("approve", "Approve"), SelectChoice("reject", "Reject")],
                          validators=[InputRequired(message="Choose approve or reject.")])
    comment = TextAreaField("Comment for the researcher", validators=[Length(max=COMMENT_MAX)])


class RestartForm(FlaskForm):
    """Start a failed export again (the form carries only its CSRF token)."""


def _plain(definition: dict, vocabulary: Vocabulary) -> str:
    return describe(parse_definition(definition), vocabulary)


@bp.route("/review")
@allow(REVIEWER)
def review_queue():
    """Show the submitted requests (oldest first: they have waited longest), then the recently decided ones."""
    vocabulary = services().ontology()
    with services().db.session() as session:
        every = [summary(r) for r in visible_requests(session, actor=current_user.actor, sees_all=True)]
    pending = [r for r in reversed(every) if r["state"] == "submitted"]
    decided = [r for r in every if r["state"] not in ("submitted", "withdrawn")][:RECENT_DECIDED]
    for request in pending + decided:
        request["plain"] = _plain(request["definition"], vocabulary)
    return render_template("review_queue.html", pending=pending, decided=decided)


@bp.route(f"/review/{REQUEST_ID}", methods=["GET", "POST"])
@allow(REVIEWER)
def review_request(request_id: int):
    """Show one request in plain language with exact counts; record the reviewer's decision."""
    svc = services()
    form = DecisionForm()
    status = 200
    if form.validate_on_submit():
        try:
            decided = decide_and_export(svc.db, request_id, form.decision.data, form.comment.data or "",
                                        reviewer=current_user.actor, start_export=svc.export_starter(actor=current_user.actor))
        except InvalidInput as exc:
            form.comment.errors = [*form.comment.errors, str(exc)]
        else:
            started = f"; export job #{decided['export_job_id']} started" if decided["export_job_id"] else ""
            flash(f"Request #{request_id} {decided['state']}{started}.", "success")
            return redirect(url_for("web.review_request", request_id=request_id))
    if form.is_submitted():
        status = 400
    with svc.db.session() as session:
        request = summary(visible_request(session, request_id, actor=current_user.actor, sees_all=True))
        job = session.get(Job, request["export_job_id"]) if request["export_job_id"] else None
        if job is not None:
            job = {"id": job.id, "state": job.state, "done": job.progress_done, "total": job.progress_total}
    ontology = svc.ontology()
    definition, counts = feasibility(svc.db, ontology, request["definition"])
    vocabulary = ontology
    labels = [{"id": concept, "label": vocabulary.label(concept), **parts}
              for concept, parts in counts.labels.items()]
    library = ProfileLibrary(svc.settings.profiles_dir)
    current = library.get(request["profile"]["name"]) if request["profile"]["name"] in library.names() else None
    return render_template("review_request.html", request=request, plain=describe(definition, vocabulary),
                           counts=counts.exact(), labels=labels, job=job, form=form, restart=RestartForm(),
                           profile_changed=current is None or current.hash != request["profile"]["hash"],
                           ontology_changed=ontology.version != request["ontology_version"]), status


@bp.route(f"/review/{REQUEST_ID}/export", methods=["POST"])
@allow(REVIEWER)
def restart_request_export(request_id: int):
    """Start a failed request's export again, then show the request with its new job."""
    svc = services()
    if RestartForm().validate_on_submit():
        try:
            restarted = restart_export(svc.db, request_id, reviewer=current_user.actor,
                                       start_export=svc.export_starter(actor=current_user.actor))
        except Conflict as exc:
            flash(str(exc), "error")
        else:
            flash(f"Request #{request_id}: export job #{restarted['export_job_id']} started.", "success")
    return redirect(url_for("web.review_request", request_id=request_id))
