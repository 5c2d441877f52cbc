"""The cohort builder: pick findings and filters, watch the feasibility count, file the request for IRB review."""
from __future__ import annotations

import json

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..current_services import services
from ..auth.access import allow
from ..cohorts.counts import counts_for
from ..cohorts.definition import SEXES, STATUSES
from ..cohorts.describe import SEX_WORDS, describe
from ..cohorts.facets import facets
from ..cohorts.requests import (DEFAULT_OUTPUTS, IRB_PROTOCOL_MAX, IRB_PROTOCOL_PATTERN, OUTPUTS, PURPOSE_LENGTH,
                                draft_request, file_request)
from ..errors import InvalidInput
from ..models import Role
from ..profiles import ProfileLibrary
from . import bp, charts

RESEARCHER = Role.RESEARCHER.value
OUTPUT_WORDS = {"dicom": "De-identified DICOM", "nifti": "NIfTI volumes", "png": "PNG images",
                "reports": "De-identified reports", "labels": "Labels (labels.csv)"}
SEARCH_HITS = 10
# Where an error from the request use cases is shown: the field its message names, else above the form.
DEFINITION_FIELDS = ("modalities", "body_parts", "study_date", "age", "sex", "include", "exclude", "labels")



def _at_least_one(form: FlaskForm, field: SelectMultipleField) -> None:
    # Not DataRequired: that marks every checkbox `required`, and the browser would then demand all of them.
    if not field.data:
        raise ValidationError("Choose at least one output.")


class RequestForm(FlaskForm):
    """The request around a cohort: its definition (kept by the page script), profile, outputs, purpose, IRB."""

    definition = HiddenField(default="{}")
    profile = SelectField("De-identification profile", validators=[DataRequired()])
    outputs = SelectMultipleField("Outputs", choices=[SelectChoice(o, OUTPUT_WORDS[o]) for o in OUTPUTS],
                                  default=list(DEFAULT_OUTPUTS), widget=ListWidget(prefix_label=False),
                                  option_widget=CheckboxInput(), validators=[_at_least_one])
    purpose = TextAreaField("Purpose: what the data is for", validators=[Length(*PURPOSE_LENGTH, message=(
        f"Say in {PURPOSE_LENGTH[0]} to {PURPOSE_LENGTH[1]} characters what the data is for."))])
    irb_protocol = StringField("IRB protocol", validators=[
        DataRequired(message="Give the IRB protocol the study is approved under."), Length(max=IRB_PROTOCOL_MAX),
        Regexp(IRB_PROTOCOL_PATTERN, message="Letters, digits, spaces and . / _ - only, starting with a letter "
                                             "or digit.")])


@bp.route("/cohorts/new", methods=["GET", "POST"])
@allow(RESEARCHER)
def new_cohort():
    """Show the cohort builder; on submit, file the request and go to its page, or show what to correct."""
    svc = services()
    library = ProfileLibrary(svc.settings.profiles_dir)
    form = RequestForm()
    form.profile.choices = library.names()
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            draft = draft_request(_decoded(form.definition.data), form.purpose.data, form.irb_protocol.data,
                                  library.get(form.profile.data), tuple(form.outputs.data), svc.ontology())
            filed = file_request(svc.db, draft, requester=current_user.actor)
        except InvalidInput as exc:
            errors.update([_placed(str(exc))])
        else:
            flash(f"Request {filed['id']} is submitted for IRB review.", "success")
            return redirect(url_for("web.request_page", request_id=filed["id"]))
    errors |= {name: " ".join(messages) for name, messages in form.errors.items()}
    if "csrf_token" in errors:
        errors["csrf_token"] = "The form had expired. Check it and submit it again."
    with svc.db.session() as session:
        offered = facets(session)
    state = BuilderState.of(_decoded_or_empty(form.definition.data), svc.ontology())
    page = render_template("cohort_new.html", form=form, errors=errors, state=state, offered=offered,
                           statuses=STATUSES, sexes=[(s, SEX_WORDS[s]) for s in SEXES],
                           threshold=svc.settings.small_cell_threshold)
    return page, 400 if form.is_submitted() else 200


@bp.route("/cohorts/concepts")
@allow(RESEARCHER)
def cohort_concepts():
    """Return the findings, procedures and devices whose names match `q`, with their place in the hierarchy."""
    text = request.args.get("q", "").strip()[:200]
    ontology = services().ontology()
    found = ontology.search_results(text, SEARCH_HITS, assertable_only=True) if text else []
    return jsonify({"concepts": [{**hit, "descendants": ontology.descendant_count(hit["id"])} for hit in found]})


@bp.route("/cohorts/count", methods=["POST"])
@allow(RESEARCHER)
def cohort_count():
    """Count a definition for the builder (small cells suppressed): numbers, description and charts."""
    data = request.get_json(silent=True)
    svc = services()
    ontology = svc.ontology()
    try:
        if not isinstance(data, dict):
            raise InvalidInput("the request body must be a cohort definition (a JSON object)")
        definition, shown = counts_for(svc.db, ontology, data, actor=current_user.actor, exact=False,
                                       threshold=svc.settings.small_cell_threshold)
    except InvalidInput as exc:
        return jsonify({"error": {"code": "invalid_input", "message": str(exc)}}), 400
    description = describe(definition, ontology)
    return jsonify({**shown, "description": description, "html": count_panel(shown, description, ontology)})


def count_panel(shown: dict, description: str, ontology) -> str:
    """Render counts as a researcher sees them: the numbers, the plain-language description and the charts."""
    return render_template("_cohort_counts.html", counts=shown, description=description, charts=charts,
                           prevalence={ontology.label(c): parts for c, parts in shown["labels"].items()},
                           sexes={SEX_WORDS.get(code, code): n for code, n in shown["by_sex"].items()})


class BuilderState:
    """What the builder's fields show: a (possibly invalid) definition as the person left it."""

    def __init__(self, data: dict, rows: list[dict]):
        self.data = data
        self.rows = rows

    @classmethod
    def of(cls, data: dict, ontology) -> BuilderState:
        """Read a decoded definition leniently (it may be the invalid one just refused) for redisplay."""
        labels = _strings(data.get("labels"))
        rows, seen = [], set()
        for role in ("include", "exclude"):
            for item in data.get(role) if isinstance(data.get(role), list) else []:
                if isinstance(item, dict) and isinstance(item.get("concept"), str) and item["concept"] not in seen:
                    seen.add(item["concept"])
                    rows.append(_row(ontology, item["concept"], role, item.get("status"), item.get("descendants"),
                                     item["concept"] in labels))
        rows += [_row(ontology, c, "label", None, False, True) for c in labels if c not in seen]
        return cls(data, rows)

    def chosen(self, key: str) -> set[str]:
        """Return the codes ticked for a list field (modalities, body parts, sex)."""
        return {value.upper() for value in _strings(self.data.get(key))}

    def bound(self, key: str, end: str) -> str:
        """Return one end of a range field (study_date from/to, age min/max) as the input shows it."""
        span = self.data.get(key)
        value = span.get(end) if isinstance(span, dict) else None
        return "" if value is None or isinstance(value, (dict, list)) else str(value)


def _row(ontology, concept: str, role: str, status, descendants, as_label: bool) -> dict:
    known = ontology.concepts.get(concept)
    return {"id": concept, "label": known.label if known else concept,
            "path": " › ".join(ontology.path(concept)) if known else "unknown concept",
            "descendants": ontology.descendant_count(concept) if known else 0, "role": role,
            "status": status if status in STATUSES else "present", "deep": descendants is True, "as_label": as_label}


def _strings(value) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _decoded(text: str | None) -> object:
    try:
        return json.loads(text or "{}")
    except ValueError:
        raise InvalidInput("cohort definition: the builder sent something that is not JSON; reload the page") from None


def _decoded_or_empty(text: str | None) -> dict:
    try:
        data = _decoded(text)
    except InvalidInput:
        return {}
    return data if isinstance(data, dict) else {}


def _placed(message: str) -> tuple[str, str]:
    """Return the form field an error names and the message to show beside it.

    "cohort definition: age: Value error, 'min' is above 'max'" → ("age", "age: 'min' is above 'max'").
    """
    head, _, rest = message.partition(": ")
    if head == "cohort definition":
        field = rest.partition(": ")[0].split(".")[0]
        return (field if field in DEFINITION_FIELDS else "definition"), rest.replace("Value error, ", "")
    return (head if head in ("purpose", "irb_protocol", "outputs") else "definition"), message
