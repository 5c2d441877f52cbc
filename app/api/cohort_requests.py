"""Cohort requests: researchers submit and follow their own; IRB reviewers decide; every step is audited."""
from __future__ import annotations

from typing import Literal

from flask import g, jsonify, request, send_file
from pydantic import BaseModel, Field

from ..current_services import services
from ..auth.access import ALL_PEOPLE
from ..cohorts.requests import (COMMENT_MAX, DEFAULT_OUTPUTS, IRB_PROTOCOL_MAX, IRB_PROTOCOL_PATTERN, PURPOSE_LENGTH,
                                decide_and_export, draft_request, file_request, restart_export, summary,
                                visible_request, visible_requests, withdraw)
from ..errors import NotFound
from ..exports.requests import export_status, package_to_download
from ..models import Role
from ..profiles import ProfileLibrary
from . import bp
from .operations import operation
from ..request_params import MAX_ID

DECIDERS = (Role.REVIEWER.value, Role.ADMIN.value)
Output = Literal["dicom", "nifti", "png", "reports", "labels"]


class RequestIn(BaseModel):
    """A cohort request: the definition, why, under which IRB protocol, with which profile and outputs."""

    definition: dict
    purpose: str = Field(min_length=PURPOSE_LENGTH[0], max_length=PURPOSE_LENGTH[1])
    irb_protocol: str = Field(min_length=1, max_length=IRB_PROTOCOL_MAX, pattern=IRB_PROTOCOL_PATTERN)
    profile: str = Field(min_length=1, max_length=64)
    outputs: list[Output] = Field(default=list(DEFAULT_OUTPUTS), min_length=1, max_length=5)


class DecisionIn(BaseModel):
    """An IRB reviewer's decision on a submitted request."""

    decision: Literal["approve", "reject"]
    comment: str = Field(default="", max_length=COMMENT_MAX)


def _sees_all() -> bool:
    return g.principal.role in DECIDERS


def _request_id(request_id: int) -> int:
    if request_id > MAX_ID:
        raise NotFound(f"no cohort request {request_id}")
    return request_id


@operation(bp, "/cohort-requests", "POST", summary="Submit a cohort request for IRB review", tag="cohorts",
           roles=(Role.RESEARCHER.value,), body=RequestIn, errors=(400, 404), status=201)
def submit_request(body: RequestIn):
    """Validate the definition, profile and outputs; store the request as submitted (201)."""
    svc = services()
    profile = ProfileLibrary(svc.settings.profiles_dir).get(body.profile)
    draft = draft_request(body.definition, body.purpose, body.irb_protocol, profile, tuple(body.outputs),
                          svc.ontology())
    return jsonify(file_request(svc.db, draft, requester=g.principal.actor)), 201


@operation(bp, "/cohort-requests", "GET", summary="Cohort requests: one's own, or all for reviewers",
           tag="cohorts", roles=ALL_PEOPLE, query={"state": "Only requests in this state"}, errors=(400,))
def list_requests():
    """Return the requests the caller may see, newest first."""
    with services().db.session() as session:
        found = visible_requests(session, actor=g.principal.actor, sees_all=_sees_all(),
                                 state=request.args.get("state"))
        return jsonify({"requests": [summary(r) for r in found]})


@operation(bp, "/cohort-requests/<int:request_id>", "GET", summary="One cohort request", tag="cohorts",
           roles=ALL_PEOPLE, errors=(404,))
def get_request(request_id: int):
    """Return a request the caller may see."""
    with services().db.session() as session:
        found = visible_request(session, _request_id(request_id), actor=g.principal.actor, sees_all=_sees_all())
        return jsonify(summary(found))


@operation(bp, "/cohort-requests/<int:request_id>/decision", "POST", summary="Approve or reject a request",
           tag="cohorts", roles=DECIDERS, body=DecisionIn, errors=(400, 404, 409))
def decide_request(request_id: int, body: DecisionIn):
    """Record the reviewer's decision; only a submitted request can be decided (else 409)."""
    svc = services()
    actor = g.principal.actor
    return jsonify(decide_and_export(
        svc.db, _request_id(request_id), body.decision, body.comment, reviewer=actor,
        start_export=svc.export_starter(actor=actor)))


@operation(bp, "/cohort-requests/<int:request_id>/export", "POST", summary="Start a failed export again",
           tag="cohorts", roles=DECIDERS, errors=(404, 409))
def restart_request_export(request_id: int):
    """Start the export of a failed request again, with exactly what was approved (409 unless it failed)."""
    svc = services()
    actor = g.principal.actor
    return jsonify(restart_export(svc.db, _request_id(request_id), reviewer=actor,
                                  start_export=svc.export_starter(actor=actor)))


@operation(bp, "/exports/<int:request_id>", "GET", summary="The export of an approved cohort request",
           tag="cohorts", roles=ALL_PEOPLE, errors=(404,))
def get_export(request_id: int):
    """Return the request's state, its export job's progress and counts, and whether the package is ready."""
    with services().db.session() as session:
        status = export_status(session, _request_id(request_id), actor=g.principal.actor, sees_all=_sees_all())
    ready = status["state"] == "ready"
    return jsonify({**status, "download": f"/api/v1/exports/{status['request_id']}/download" if ready else None})


@operation(bp, "/exports/<int:request_id>/download", "GET", summary="Download a ready export package (.zip)",
           tag="cohorts", roles=ALL_PEOPLE, response_media="application/zip", errors=(404, 409))
def download_export(request_id: int):
    """Send the package of a ready export the caller may see."""
    package = package_to_download(services().db, services().settings.data_dir, _request_id(request_id),
                                  actor=g.principal.actor, sees_all=_sees_all())
    return send_file(package, mimetype="application/zip", as_attachment=True,
                     download_name=f"cohort-request-{request_id}.zip")


@operation(bp, "/cohort-requests/<int:request_id>/withdraw", "POST", summary="Withdraw one's own request",
           tag="cohorts", roles=(Role.RESEARCHER.value,), errors=(404, 409))
def withdraw_request(request_id: int):
    """Withdraw a request that is still waiting for its decision."""
    number = _request_id(request_id)
    return jsonify(services().db.write(lambda session: summary(
        withdraw(session, number, requester=g.principal.actor))))
