"""Where an assertion cue's reach ends and what it may reach over: graded findings after a negated list, the "hx"
shorthand, closing hedges after a finding's site or size, dates inside a near cue's reach, clause dashes, fields valued
normal, "as seen in", a past biopsy's result and what was found before birth."""
import pytest

from app.ontology.context import ContextRules

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    # a graded finding after a comma is the next clause, not one more item the negation lists
    ("No pneumothorax, no effusion, mild cardiomegaly.",
     {("pneumothorax", "absent"), ("effusion", "absent"), ("cardiomegaly", "present")}),
    ("No pneumothorax, small left pleural effusion.", {("pneumothorax", "absent"), ("pleural effusion", "present")}),
    ("No fracture, stable cardiomegaly.", {("fracture", "absent"), ("cardiomegaly", "present")}),
    # an ungraded list keeps its negation, with or without "or"
    ("No effusion, pneumothorax, consolidation.",
     {("effusion", "absent"), ("pneumothorax", "absent"), ("consolidation", "absent")}),
    ("No effusion, pneumothorax, or consolidation.",
     {("effusion", "absent"), ("pneumothorax", "absent"), ("consolidation", "absent")}),
])
def test_graded_finding_after_a_comma_ends_a_negation(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Hx right breast cyst aspiration.", {("breast cyst", "historical"), ("aspiration", "historical")}),
    ("Patient with hx CHF, now with cough.", {("congestive heart failure", "historical"), ("cough", "present")}),
    ("Hx of pulmonary embolism.", {("pulmonary embolism", "historical")}),
    # "Hx:" as a field keeps the complaint the patient has now
    ("Female, Hx: cough.", {("cough", "present")}),
])
def test_hx_shorthand_is_history(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a closing hedge reaches back over the finding's site
    ("Fracture of the distal radius likely.", {("distal radius fracture", "uncertain")}),
    ("Partial obstruction at the right UPJ, indeterminate.", {("obstruction", "uncertain")}),
    # and over its size or count
    ("Cortical thickening 4 mm, indeterminate.", {("thickening", "uncertain")}),
    ("Nuchal cord x1 suspected.", {("nuchal cord", "uncertain")}),
    # a closing negation or history cue too
    ("Pneumonia in the right lower lobe, resolved.", {("pneumonia", "absent")}),
    # not over another finding's name: the hedge is the nearer finding's
    ("Fracture of the distal radius with dislocation, likely.",
     {("distal radius fracture", "present"), ("dislocation", "uncertain")}),
    # nor over words that are no site or size
    ("Fracture seen best on the oblique view, likely.", {("fracture", "present")}),
    # nor when the hedge does not close its clause
    ("Fracture of the distal radius likely extending into the joint.", {("distal radius fracture", "present")}),
])
def test_closing_cue_reaches_over_site_and_size(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a date does not count towards a near cue's reach
    ("Status post total thyroidectomy 09/2026 for papillary thyroid carcinoma.",
     {("thyroidectomy", "historical"), ("thyroid cancer", "historical")}),
    # a clause dash ends a near cue's reach before its finding
    ("Scan after furosemide 24 min \u2014 partial obstruction.", {("obstruction", "present")}),
    # but after a finding a dash names its field's value
    ("Pneumothorax \u2014 none.", {("pneumothorax", "absent")}),
])
def test_dates_and_dashes_in_a_near_cue_reach(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a field named by its finding and valued normal: the finding is absent
    ("Appendicitis: appendix normal.", {("appendicitis", "absent"), ("normal finding", "present")}),
    ("Pulmonary hypertension: PA 2.6 cm, normal.", {("pulmonary hypertension", "absent")}),
    ("Hydronephrosis: collecting systems are normal.", {("hydronephrosis", "absent")}),
    # the value "otherwise normal" keeps what it names first
    ("Effusion: small left, otherwise normal.", {("effusion", "present")}),
    # a value naming another finding before "normal" is about that finding
    ("Effusion: small, pneumothorax normal.", {("effusion", "present"), ("pneumothorax", "present")}),
    # "normal" closing a sentence that is no field negates nothing before it
    ("Mild cardiomegaly, lungs normal.", {("cardiomegaly", "present"), ("normal finding", "present")}),
])
def test_field_valued_normal(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # the disease a pattern is "as seen in" is offered, not found
    ("Hyperinflation as seen in COPD.",
     {("hyperinflation", "present"), ("chronic obstructive pulmonary disease", "uncertain")}),
    # a finding compared with an earlier exam is no hedge
    ("Effusion, as seen on the prior CT.", {("effusion", "present")}),
])
def test_as_seen_in_hedges(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # what a past biopsy found is history; what this exam finds beside it is not
    ("Biopsy showed adenocarcinoma. New liver lesion.",
     {("biopsy", "historical"), ("adenocarcinoma", "historical"), ("liver lesion", "present")}),
    # what was found before birth is history
    ("Prenatal left hydronephrosis; mild pelviectasis today.",
     {("hydronephrosis", "historical"), ("pelviectasis", "present")}),
    ("Moderate left hydronephrosis.", {("hydronephrosis", "present")}),
])
def test_biopsy_results_and_prenatal_findings_are_history(shipped, text, expected):
    assert statuses(shipped, text) == expected


def test_a_field_cue_must_be_closing():
    with pytest.raises(ValueError, match="field cue must be closing"):
        ContextRules([{"category": "negated", "direction": "backward", "field": True, "cues": ["normal"]}])
