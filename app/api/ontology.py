"""The ontology and report annotation over HTTP: concept search, concept detail, annotate text."""
from __future__ import annotations

from flask import g, jsonify, request
from pydantic import BaseModel, ConfigDict, Field

from ..current_services import services
from ..audit.chain import record
from ..auth.access import EVERYONE
from ..errors import InvalidInput
from ..ontology import Ontology
from ..ontology.batch import annotation_record
from . import bp
from .operations import operation
from ..request_params import query_number

MAX_TEXT = 1_000_000


class AnnotateRequest(BaseModel):
    """A report to annotate."""

    # Strict: `"roll_up": 0` or `"yes"` is a mistake to report, not a boolean to guess.
    model_config = ConfigDict(strict=True)

    text: str = Field(max_length=MAX_TEXT)
    roll_up: bool = False


class FindingOut(BaseModel):
    """One concept mention with its assertion status and offsets into the text."""

    concept_id: str
    label: str
    status: str
    start: int
    end: int
    text: str
    section: str


class AnnotateResponse(BaseModel):
    """Every mention, and one label per concept for the report."""

    ontology_version: str
    findings: list[FindingOut]
    labels: dict[str, str]


def _version(onto: Ontology) -> dict:
    return {"version": onto.version, "version_iri": onto.version_iri}


@operation(bp, "/ontology/concepts", "GET", summary="Search concepts by label, synonym, abbreviation or ID",
           tag="ontology", roles=EVERYONE, query={"q": "search text (required)", "limit": "most hits (default 20)"},
           errors=(400,))
def search_concepts():
    """Rank concepts by how well one of their names matches `q`."""
    text = request.args.get("q", "").strip()
    if not text:
        raise InvalidInput("give the search text as ?q=TEXT")
    limit = query_number("limit", default=20, low=1, high=500)
    onto = services().ontology()
    return jsonify({"ontology": _version(onto), "concepts": onto.search_results(text[:200], limit)})


@operation(bp, "/ontology/concepts/<concept_id>", "GET", summary="One concept: names, definition, hierarchy",
           tag="ontology", roles=EVERYONE, errors=(404,))
def get_concept(concept_id: str):
    """Show a concept with its parents, children and ancestors."""
    onto = services().ontology()
    return jsonify({"ontology": _version(onto), **onto.detail(concept_id)})


@operation(bp, "/annotate", "POST", summary="Find concept mentions in report text with assertion status",
           tag="ontology", roles=EVERYONE, body=AnnotateRequest, response=AnnotateResponse, errors=(400, 413))
def annotate(body: AnnotateRequest):
    """Return the report's mentions (present, absent, uncertain, historical) and per-concept labels."""
    svc = services()
    annotator = svc.annotator()
    result = annotation_record(annotator, {"id": "", "text": body.text}, roll_up=body.roll_up)
    svc.db.write(lambda session: record(session, actor=g.principal.actor, action="annotate.text",
                                        object_type="ontology", object_id=annotator.ontology.version,
                                        details={"findings": len(result["findings"])}))
    return jsonify({"ontology_version": annotator.ontology.version, "findings": result["findings"],
                    "labels": result["labels"]})
