"""Cohort requests: researchers submit and follow their own; IRB reviewers decide; every step is audited."""
from __future__ import annotations

from typing import Literal

from flask import g, jsonify, request, send_file
from pydantic import BaseModel, Field

from .. import services
from ..auth.access import ALL_PEOPLE
from ..cohorts.definition import check_concepts, parse_definition
from ..audit.chain import record
from ..cohorts.requests import (DEFAULT_OUTPUTS, RequestDraft, attach_export_job, decide, submit, summary,
                                visible_request, visible_requests, withdraw)
from ..deid.versions import record_profile
from ..errors import Conflict, InvalidInput, NotFound
from ..exports.requests import export_path
from ..jobs.summary import job_summary
from ..models import Job, Role
from ..profiles import ProfileLibrary
from . import bp
from .operations import operation
from .params import MAX_ID

DECIDERS = (Role.REVIEWER.value, Role.ADMIN.value)
Output = Literal["dicom", "nifti", "png", "reports", "labels"]


class RequestIn(BaseModel):
    """A cohort request: the definition, why, under which IRB protocol, with which profile and outputs."""

    definition: dict
    purpose: str = Field(min_length=10, max_length=4000)
    irb_protocol: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9 ./_-]*$")
    profile: str = Field(min_length=1, max_length=64)
    outputs: list[Output] = Field(default=list(DEFAULT_OUTPUTS), min_length=1, max_length=5)


class DecisionIn(BaseModel):
    """An IRB reviewer's decision on a submitted request."""

    decision: Literal["approve", "reject"]
    comment: str = Field(default="", max_length=4000)


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
    ontology = svc.ontology()
    definition = parse_definition(body.definition)
    check_concepts(definition, lambda concept: concept in ontology.concepts)
    profile = ProfileLibrary(svc.settings.profiles_dir).get(body.profile)
    draft = RequestDraft(definition, body.purpose, body.irb_protocol, profile, tuple(body.outputs), ontology.version)

    def work(session):
        record_profile(session, profile, actor=g.principal.actor)
        return summary(submit(session, draft, requester=g.principal.actor))
    return jsonify(svc.db.write(work)), 201


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
    if body.decision == "reject" and not body.comment.strip():
        raise InvalidInput("a rejection needs a comment for the researcher")
    number = _request_id(request_id)
    svc = services()
    decided = svc.db.write(lambda session: summary(
        decide(session, number, body.decision, body.comment, reviewer=g.principal.actor)))
    if decided["state"] == "approved":  # approval starts the export, with exactly what was approved
        job_id = svc.submit_job("cohort.export", {"request_id": number}, actor=g.principal.actor)
        decided = svc.db.write(lambda session: summary(attach_export_job(session, number, job_id)))
    return jsonify(decided)


@operation(bp, "/exports/<int:request_id>", "GET", summary="The export of an approved cohort request",
           tag="cohorts", roles=ALL_PEOPLE, errors=(404,))
def get_export(request_id: int):
    """Return the request's state, its export job's progress and counts, and whether the package is ready."""
    svc = services()
    with svc.db.session() as session:
        found = visible_request(session, _request_id(request_id), actor=g.principal.actor, sees_all=_sees_all())
        job = session.get(Job, found.export_job_id) if found.export_job_id else None
        return jsonify({"request_id": found.id, "state": found.state, "definition_hash": found.definition_hash,
                        "job": job_summary(job) if job else None,
                        "download": f"/api/v1/exports/{found.id}/download" if found.state == "ready" else None})


@operation(bp, "/exports/<int:request_id>/download", "GET", summary="Download a ready export package (.zip)",
           tag="cohorts", roles=ALL_PEOPLE, response_media="application/zip", errors=(404, 409))
def download_export(request_id: int):
    """Send the package of a ready export the caller may see."""
    svc = services()
    with svc.db.session() as session:
        found = visible_request(session, _request_id(request_id), actor=g.principal.actor, sees_all=_sees_all())
        state = found.state
    if state != "ready":
        raise Conflict(f"cohort request {request_id} is {state}; its package is not ready")
    package = export_path(svc.settings.data_dir, request_id).with_suffix(".zip")
    svc.db.write(lambda session: record(session, actor=g.principal.actor, action="cohort.export.download",
                                        object_type="cohort_request", object_id=request_id))
    return send_file(package, mimetype="application/zip", as_attachment=True,
                     download_name=f"cohort-request-{request_id}.zip")


@operation(bp, "/cohort-requests/<int:request_id>/withdraw", "POST", summary="Withdraw one's own request",
           tag="cohorts", roles=(Role.RESEARCHER.value,), errors=(404, 409))
def withdraw_request(request_id: int):
    """Withdraw a request that is still waiting for its decision."""
    number = _request_id(request_id)
    return jsonify(services().db.write(lambda session: summary(
        withdraw(session, number, requester=g.principal.actor))))
