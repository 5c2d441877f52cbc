"""Issue #22: negation written as a field after the finding, and findings qualified by anatomy that resolve to
their sited kind ("left lower lobe nodule" is a pulmonary nodule)."""
import pytest

from app.config import REPO_ROOT
from app.ontology import Annotator, load_ontology


@pytest.fixture(scope="module")
def annotator():
    return Annotator(load_ontology(REPO_ROOT / "ontologies" / "radiology.ttl"))


def statuses(annotator, text):
    return {(f.label, f.status) for f in annotator.annotate(text).findings}


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
])
def test_anatomy_qualified_findings_resolve_to_their_sited_kind(annotator, text, expected):
    assert statuses(annotator, text) == expected


def test_a_pleural_plaque_is_a_pleural_thickening(annotator):
    ontology = annotator.ontology
    plaque = next(c for c in ontology.concepts.values() if c.label == "pleural plaque")
    thickening = next(c for c in ontology.concepts.values() if c.label == "pleural thickening")
    assert ontology.is_a(plaque.id, thickening.id)
