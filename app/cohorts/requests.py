"""The cohort request workflow: a researcher asks, an IRB reviewer decides, the export runs.

Every request records exactly what is approved: the canonical definition and its hash, the profile
version and hash, and the ontology version. States and the only moves between them:

    submitted → approved | rejected | withdrawn
    approved  → exporting          exporting → ready | failed          failed → exporting (a reviewer restarts it)

Anything else is refused (Conflict, HTTP 409). Every move is an audit event.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit.chain import record
from ..db import Database
from ..errors import Conflict, InvalidInput, NotFound
from ..models import CohortRequest, utcnow
from ..ontology.model import Ontology
from ..profiles import Profile
from ..deid.versions import record_profile
from .definition import CohortDefinition, check_concepts, parse_definition

MOVES = {"submitted": ("approved", "rejected", "withdrawn"), "approved": ("exporting",),
         "exporting": ("ready", "failed"), "failed": ("exporting",)}
STATES = ("submitted", "approved", "rejected", "withdrawn", "exporting", "ready", "failed")
OUTPUTS = ("dicom", "nifti", "png", "reports", "labels")
DEFAULT_OUTPUTS = ("dicom", "reports", "labels")
PURPOSE_LENGTH = (10, 4000)
IRB_PROTOCOL_MAX = 64
IRB_PROTOCOL_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 ./_-]*$"
COMMENT_MAX = 4000


@dataclass(frozen=True)
class RequestDraft:
    """What a researcher submits, already validated against the ontology and the profile library."""

    definition: CohortDefinition
    purpose: str
    irb_protocol: str
    profile: Profile
    outputs: tuple[str, ...]
    ontology_version: str


def draft_request(definition: dict, purpose: str, irb_protocol: str, profile: Profile, outputs: tuple[str, ...],
                  ontology: Ontology) -> RequestDraft:
    """Validate what a researcher asks for (definition against the ontology, purpose, protocol) into a draft."""
    cohort = parse_definition(definition)
    check_concepts(cohort, lambda concept: concept in ontology.concepts)
    purpose, irb_protocol = purpose.strip(), irb_protocol.strip()
    low, high = PURPOSE_LENGTH
    if not low <= len(purpose) <= high:
        raise InvalidInput(f"purpose: say in {low} to {high} characters what the data is for")
    if len(irb_protocol) > IRB_PROTOCOL_MAX or not re.fullmatch(IRB_PROTOCOL_PATTERN, irb_protocol):
        raise InvalidInput("irb_protocol: letters, digits, spaces and . / _ - only, starting with a letter or digit")
    return RequestDraft(cohort, purpose, irb_protocol, profile, tuple(outputs), ontology.version)


def file_request(db: Database, draft: RequestDraft, *, requester: str) -> dict:
    """Record the profile version asked for and store the request as submitted; return its summary."""
    def work(session: Session) -> dict:
        record_profile(session, draft.profile, actor=requester)
        return summary(submit(session, draft, requester=requester))
    return db.write(work)


def submit(session: Session, draft: RequestDraft, *, requester: str) -> CohortRequest:
    """Store a new request in state submitted and audit it."""
    unknown = sorted(set(draft.outputs) - set(OUTPUTS))
    if unknown or not draft.outputs:
        raise InvalidInput(f"outputs must be some of {', '.join(OUTPUTS)}")
    request = CohortRequest(
        requester=requester, state="submitted", definition=draft.definition.canonical_json(),
        definition_hash=draft.definition.hash, purpose=draft.purpose, irb_protocol=draft.irb_protocol,
        profile_name=draft.profile.name, profile_version=draft.profile.version, profile_hash=draft.profile.hash,
        ontology_version=draft.ontology_version, outputs=sorted(set(draft.outputs)))
    session.add(request)
    session.flush()
    record(session, actor=requester, action="cohort.request.submit", object_type="cohort_request",
           object_id=request.id, details={"definition_hash": request.definition_hash,
                                          "profile": f"{request.profile_name}@{request.profile_version}"})
    return request


def decide(session: Session, request_id: int, decision: str, comment: str, *, reviewer: str) -> CohortRequest:
    """Approve or reject a submitted request, with the reviewer's comment."""
    if decision not in ("approve", "reject"):
        raise InvalidInput("decision must be 'approve' or 'reject'")
    request = get_request(session, request_id)
    move(session, request, "approved" if decision == "approve" else "rejected", actor=reviewer)
    request.reviewer, request.decision_comment, request.decided_at = reviewer, comment, utcnow()
    return request


def decide_and_export(db: Database, request_id: int, decision: str, comment: str, *, reviewer: str,
                      start_export: Callable[[int], int]) -> dict:
    """Record a reviewer's decision; an approval starts the export (`start_export(request_id)` → job id)."""
    if decision == "reject" and not comment.strip():
        raise InvalidInput("a rejection needs a comment for the researcher")
    if len(comment) > COMMENT_MAX:
        raise InvalidInput(f"comment: at most {COMMENT_MAX} characters")
    decided = db.write(lambda session: summary(decide(session, request_id, decision, comment, reviewer=reviewer)))
    if decided["state"] != "approved":
        return decided
    # The decision is committed first, so the job reads exactly what was approved.
    return _attach_job(db, request_id, start_export(request_id))


def restart_export(db: Database, request_id: int, *, reviewer: str, start_export: Callable[[int], int]) -> dict:
    """Start the export of a failed request again, as a new job with what was approved (Conflict unless failed)."""
    def reopen(session: Session) -> None:
        request = get_request(session, request_id)
        if request.state != "failed":
            raise Conflict(f"cohort request {request_id} is {request.state}; only a failed export is started again")
        move(session, request, "exporting", actor=reviewer)  # at once: a second click finds it exporting
    db.write(reopen)
    return _attach_job(db, request_id, start_export(request_id))


def _attach_job(db: Database, request_id: int, job_id: int) -> dict:
    """Record the export job a request's export runs in; return the request's summary."""
    def attach(session: Session) -> dict:
        request = get_request(session, request_id)
        request.export_job_id = job_id
        return summary(request)
    return db.write(attach)


def withdraw(session: Session, request_id: int, *, requester: str) -> CohortRequest:
    """Withdraw one's own submitted request."""
    request = visible_request(session, request_id, actor=requester, sees_all=False)
    move(session, request, "withdrawn", actor=requester)
    return request


def move(session: Session, request: CohortRequest, to: str, *, actor: str) -> None:
    """Change a request's state if the workflow allows it (else Conflict) and audit the move."""
    if to not in MOVES.get(request.state, ()):
        raise Conflict(f"cohort request {request.id} is {request.state}; it cannot become {to}")
    before, request.state = request.state, to
    record(session, actor=actor, action=f"cohort.request.{to}", object_type="cohort_request",
           object_id=request.id, details={"from": before, "definition_hash": request.definition_hash})


def visible_request(session: Session, request_id: int, *, actor: str, sees_all: bool) -> CohortRequest:
    """Return a request the caller may see (their own, or any for reviewers and admins), else NotFound."""
    request = session.get(CohortRequest, request_id)
    if request is None or not (sees_all or request.requester == actor):
        raise NotFound(f"no cohort request {request_id}")
    return request


def visible_requests(session: Session, *, actor: str, sees_all: bool, state: str | None = None) -> list[CohortRequest]:
    """Return the requests the caller may see, newest first, optionally in one state."""
    if state is not None and state not in STATES:
        raise InvalidInput(f"state must be one of {', '.join(STATES)}")
    query = select(CohortRequest).order_by(CohortRequest.id.desc())
    if not sees_all:
        query = query.where(CohortRequest.requester == actor)
    if state is not None:
        query = query.where(CohortRequest.state == state)
    return list(session.scalars(query))


def summary(request: CohortRequest) -> dict:
    """Return a request as JSON-ready data."""
    return {"id": request.id, "state": request.state, "requester": request.requester,
            "definition": json.loads(request.definition), "definition_hash": request.definition_hash,
            "purpose": request.purpose, "irb_protocol": request.irb_protocol,
            "profile": {"name": request.profile_name, "version": request.profile_version,
                        "hash": request.profile_hash},
            "ontology_version": request.ontology_version, "outputs": request.outputs,
            "reviewer": request.reviewer, "decision_comment": request.decision_comment,
            "export_job_id": request.export_job_id,
            "created_at": request.created_at.isoformat() if request.created_at else None,
            "decided_at": request.decided_at.isoformat() if request.decided_at else None}


def get_request(session: Session, request_id: int) -> CohortRequest:
    """Return a request by id (any caller), else NotFound."""
    request = session.get(CohortRequest, request_id)
    if request is None:
        raise NotFound(f"no cohort request {request_id}")
    return request
