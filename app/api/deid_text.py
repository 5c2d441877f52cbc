"""POST /deid/text: one report's text in, its de-identified text and PHI spans out."""
from __future__ import annotations

from flask import g, jsonify
from pydantic import BaseModel, Field

from ..current_services import services
from ..models import Role
from . import bp
from .operations import operation

MAX_TEXT = 1_000_000


class TextRequest(BaseModel):
    """A report to de-identify, with the study's known identifiers if the caller has them."""

    text: str = Field(max_length=MAX_TEXT)
    profile: str = "research"
    patient: dict | None = None
    study_date: str | None = None


class TextEntity(BaseModel):
    """A replaced span, with offsets into the input text."""

    type: str
    start: int
    end: int


class TextResponse(BaseModel):
    """The de-identified text."""

    text: str
    entities: list[TextEntity]


@operation(bp, "/deid/text", "POST", summary="De-identify report text under a profile", tag="deid",
           roles=(Role.PIPELINE.value, Role.ADMIN.value), body=TextRequest, response=TextResponse,
           errors=(400, 404, 413))
def deidentify_text(body: TextRequest):
    """Return the text with PHI replaced and the replaced spans."""
    result = services().runs().deidentify_text(body.profile, body.text, patient=body.patient,
                                               study_date=body.study_date, actor=g.principal.actor)
    return jsonify({"text": result.text, "entities": [e.as_dict() for e in result.entities]})
