"""Issue #22: negation written as a field after the finding (or after a list of fields), hedges written after it, sentences of a report
typed in lower case, and findings qualified by anatomy that resolve to their sited kind ("left lower lobe
nodule" is a pulmonary nodule)."""
import pytest

from app.ontology.context import ContextRules

from .conftest import statuses


@pytest.fixture(scope="module")
def annotator(shipped):
    return shipped


@pytest.mark.parametrize("text, expected", [
    ("Mass: none.", {("mass", "absent")}),
    ("Calcified focus: none", {("calcification", "absent")}),
    ("Effusion - none", {("effusion", "absent")}),
    ("Nodules: none seen.", {("nodule", "absent")}),
    ("Pneumothorax: negative.", {("pneumothorax", "absent")}),
    # a field label before a forward cue keeps that cue
    ("Lungs: no pneumothorax.", {("pneumothorax", "absent")}),
    ("Findings: negative for fracture.", {("fracture", "absent")}),
    # run-on text: "no" negates what follows it, not the finding before it
    ("Mild bibasilar atelectasis no pneumothorax.", {("atelectasis", "present"), ("pneumothorax", "absent")}),
    ("Pleural effusion: small. Pneumothorax: none.", {("pleural effusion", "present"), ("pneumothorax", "absent")}),
    # a field whose value closes the line: "no", "0 mm"
    ("Hydrocephalus: No.", {("hydrocephalus", "absent")}),
    ("Midline shift: 0 mm.", {("midline shift", "absent")}),
    ("Pneumothorax: no.\nEffusion: small.", {("pneumothorax", "absent"), ("effusion", "present")}),
    ("Pneumothorax no longer seen.", {("pneumothorax", "absent")}),
    ("PTX: neg.", {("pneumothorax", "absent")}),
    ("Absent pneumothorax.", {("pneumothorax", "absent")}),
    ("Fracture cannot be identified.", {("fracture", "absent")}),
    # a list of fields shares its value when the list opens the sentence
    ("Effusion, pneumothorax: none.", {("effusion", "absent"), ("pneumothorax", "absent")}),
    ("Effusion/pneumothorax: no.", {("effusion", "absent"), ("pneumothorax", "absent")}),
    ("Fracture or dislocation: none seen.", {("fracture", "absent"), ("dislocation", "absent")}),
    ("Hydronephrosis, calculi, masses: none.", {("hydronephrosis", "absent"), ("calculus", "absent"),
                                                ("mass", "absent")}),
    # not when a finding described before it opens the sentence
    ("Left effusion, pneumothorax none.", {("effusion", "present"), ("pneumothorax", "absent")}),
    # an organ "surgically absent" is a procedure done, not a negated one
    ("Uterus surgically absent (hysterectomy).", {("hysterectomy", "historical")}),
])
def test_field_style_negation(annotator, text, expected):
    assert statuses(annotator, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Left lower lobe nodule.", {("pulmonary nodule", "present")}),
    ("Nodule in the left lower lobe.", {("pulmonary nodule", "present")}),
    ("Nodule in the lingula.", {("pulmonary nodule", "present")}),
    ("No right upper lobe mass.", {("lung mass", "absent")}),
    ("Nodule in the thyroid.", {("thyroid nodule", "present")}),
    # several kinds of opacity sit in the lung: the generic concept stays
    ("Opacity in the right lower lobe.", {("opacity", "present")}),
    ("A nodule is seen.", {("nodule", "present")}),
    # a fissure is lined by pleura: thickening there is pleural thickening
    ("There is mild thickening in the fissure.", {("pleural thickening", "present")}),
    # ontology 1.5.0: a generic finding at an organ resolves to the organ's own kind, not to an eponym or a
    # subspecialty entity that happens to sit there
    ("Mass in the heart.", {("cardiac mass", "present")}),
    ("Inflammation of the esophagus.", {("esophagitis", "present")}),
    ("Infection in the right lower lobe.", {("pneumonia", "present")}),
    ("Cyst in the knee.", {("Baker cyst", "present")}),
    ("Injury of the pelvis.", {("injury", "present")}),
])
def test_anatomy_qualified_findings_resolve_to_their_sited_kind(annotator, text, expected):
    assert statuses(annotator, text) == expected


def test_a_pleural_plaque_is_a_pleural_thickening(annotator):
    ontology = annotator.ontology
    plaque = next(c for c in ontology.concepts.values() if c.label == "pleural plaque")
    thickening = next(c for c in ontology.concepts.values() if c.label == "pleural thickening")
    assert ontology.is_a(plaque.id, thickening.id)


@pytest.mark.parametrize("text, expected", [
    # a hedge right after the finding that closes its clause
    ("Exophytic renal mass, RCC likely.", {("renal mass", "present"), ("renal cell carcinoma", "uncertain")}),
    ("Occult radial head fracture suspected; splint.", {("forearm fracture", "uncertain")}),
    ("Hemorrhage possible, recommend MRI.", {("hemorrhage", "uncertain")}),
    # not when the words after it hedge a cause
    ("Atelectasis likely secondary to splinting.", {("atelectasis", "present")}),
    # "versus" hedges the finding just before it, not the one that opens the clause
    ("Small effusion versus thickening.", {("effusion", "uncertain"), ("thickening", "uncertain")}),
    ("Airspace opacities, unchanged, could be ARDS vs edema.",
     {("airspace opacity", "present"), ("acute respiratory distress syndrome", "uncertain"), ("edema", "uncertain")}),
    ("Nodule in the right lower lobe vs pneumonia.", {("pulmonary nodule", "uncertain"), ("pneumonia", "uncertain")}),
    # a cue after the finding hedges only its own clause, unless the comma joins a list
    ("Consistent with advanced fibrosis, cirrhosis not excluded.", {("fibrosis", "present"), ("cirrhosis", "uncertain")}),
    ("Effusion, consolidation or pneumothorax is not seen.",
     {("effusion", "absent"), ("consolidation", "absent"), ("pneumothorax", "absent")}),
    # a parenthesised aside is not part of the distance, and its comma ends no clause
    ("Aneurysm (series 8, image 217) cannot be excluded.", {("aneurysm", "uncertain")}),
])
def test_hedges_after_the_finding(annotator, text, expected):
    assert statuses(annotator, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("A nutrient canal rather than an occult fracture.", {("fracture", "absent")}),
    ("Scarring instead of pneumonia.", {("scar", "present"), ("pneumonia", "absent")}),
])
def test_the_alternative_set_aside_is_absent(annotator, text, expected):
    assert statuses(annotator, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Suggestion of pneumonia.", {("pneumonia", "uncertain")}),
    ("Findings raise concern for pneumonia.", {("pneumonia", "uncertain")}),
    ("Pneumonia is a possibility.", {("pneumonia", "uncertain")}),
    ("Pneumonia should be considered.", {("pneumonia", "uncertain")}),
    ("No concern for pneumonia.", {("pneumonia", "absent")}),
    # British and Australian hedges, and hedges written as belief or as a relation
    ("Query early appendicitis.", {("appendicitis", "uncertain")}),
    ("Thought to represent a hemangioma.", {("hemangioma", "uncertain")}),
    ("Felt to be a simple cyst.", {("cyst", "uncertain")}),
    ("Can't exclude a small pneumothorax.", {("pneumothorax", "uncertain")}),
    ("Findings may relate to sarcoidosis.", {("sarcoidosis", "uncertain")}),
    ("Early appendicitis remains a possibility.", {("appendicitis", "uncertain")}),
    ("Suspicion of appendicitis.", {("appendicitis", "uncertain")}),
    ("Cannot differentiate between abscess and necrotic tumor.", {("abscess", "uncertain"), ("neoplasm", "uncertain")}),
    # an adverb inside a hedge or a negation keeps it
    ("Appendicitis cannot be confidently excluded.", {("appendicitis", "uncertain")}),
    ("Appendicitis is not entirely ruled out.", {("appendicitis", "uncertain")}),
    ("Appendicitis could not be excluded.", {("appendicitis", "uncertain")}),
    ("The effusion has completely resolved.", {("effusion", "absent")}),
    ("Lymphoma would be a differential consideration.", {("lymphoma", "uncertain")}),
    ("Appendicitis is not favored.", {("appendicitis", "absent")}),
    # a disease treated or diagnosed before is history
    ("Treated for lymphoma in 2019.", {("lymphoma", "historical")}),
])
def test_more_hedges(annotator, text, expected):
    assert statuses(annotator, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a full stop at the end of a line ends the sentence even when the next line is lower case
    ("no pleural effusion.\nsmall nodule.", {("pleural effusion", "absent"), ("nodule", "present")}),
    # a history item that ends its line with a full stop does not run on into the findings
    ("hx: pelvic pain. seen in clinic.\nsmall amount of free fluid.\nimpression: simple cyst.",
     {("pain", "present"), ("free fluid", "present"), ("cyst", "present")}),
])
def test_a_report_typed_in_lower_case(annotator, text, expected):
    assert statuses(annotator, text) == expected


def test_a_closing_cue_must_look_backward():
    with pytest.raises(ValueError, match="closing"):
        ContextRules([{"category": "negated", "direction": "forward", "closing": True, "cues": ["nil"]}])


@pytest.mark.parametrize("text, expected", [
    # what went and did not come back
    ("The left pneumothorax has not recurred.", {("pneumothorax", "absent")}),
    ("The right pleural effusion has not re-accumulated.", {("pleural effusion", "absent")}),
    # what has gone, said in a clause of its own after the finding; what has only partly gone is still there
    ("Left lower lobe opacity, resolved.", {("opacity", "absent")}),
    ("Small right pneumothorax, now resolved.", {("pneumothorax", "absent")}),
    ("Small right pneumothorax, partially resolved.", {("pneumothorax", "present")}),
])
def test_a_finding_gone_said_after_it(annotator, text, expected):
    assert statuses(annotator, text) == expected


@pytest.mark.parametrize("text, expected", [
    # the exam or a finding says it is not there
    ("Ultrasound fails to reveal thrombus.", {("thrombus", "absent")}),
    ("CT did not show appendicitis.", {("appendicitis", "absent")}),
    ("The CT does not show a fracture but shows a large effusion.", {("fracture", "absent"), ("effusion", "present")}),
    ("Lack of enhancement argues against abscess.", {("hypoenhancement", "present"), ("abscess", "absent")}),
    ("There is a lack of hydronephrosis.", {("hydronephrosis", "absent")}),
    ("Workup for DVT has been negative.", {("deep vein thrombosis", "absent")}),
    ("The exam is unremarkable for fracture.", {("fracture", "absent")}),
    # a lack of change is no negation, and what a node lacks is a feature of it
    ("Lack of interval change in the nodule.", {("nodule", "present")}),
    ("Lacking a fatty hilum, the node is suspicious.", {("lymph node finding", "present")}),
])
def test_negations_by_what_the_exam_shows(annotator, text, expected):
    assert statuses(annotator, text) == expected
