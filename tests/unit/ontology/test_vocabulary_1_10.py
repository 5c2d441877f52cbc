"""Issue #22, ontology 1.10.0: RadLex's clinical findings, opacities and imaging signs that no concept named, each under
its nearest RadLex ancestor held; the conditions imaging does not show are the patient's background. Each sentence is
written anew for its shape."""
import pytest

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    # diseases and tumours RadLex names, read with the usual cues
    ("Fluid-filled small bowel loops compatible with gastroenteritis.", {("fluid", "present"), ("gastroenteritis", "present")}),
    ("Expansile destructive clival mass, likely chordoma.", {("mass", "present"), ("chordoma", "uncertain")}),
    ("Pseudomyxoma peritonei scalloping the liver surface.", {("pseudomyxoma peritonei", "present"), ("scalloping", "present")}),
    ("Castleman disease is a consideration.", {("Castleman disease", "uncertain")}),
    ("The gallbladder wall shows cholesterolosis.", {("cholesterolosis", "present")}),
    ("Vacuum phenomenon in the L4-5 disc.", {("vacuum phenomenon", "present")}),
    # imaging signs
    ("Rigler sign is present.", {("Rigler sign", "present")}),
    ("No Rigler sign.", {("Rigler sign", "absent")}),
    ("Rugger jersey spine.", {("rugger jersey spine", "present")}),
])
def test_radlex_findings_of_ontology_1_10(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # staging written as a stage, tissue where treatment left none, contrast outside the organ
    ("Subcarinal node, N2 disease.", {("lymph node finding", "present"), ("lymph node metastasis", "present")}),
    ("Hepatic lesions indicate M1 disease.", {("liver lesion", "present"), ("metastasis", "present")}),
    ("Nodular soft tissue in the surgical bed.", {("soft tissue density", "present")}),
    ("No intraperitoneal contrast.", {("extravasation", "absent")}),
])
def test_report_forms_of_held_names_of_ontology_1_10(shipped, text, expected):
    assert statuses(shipped, text) == expected


def test_a_radlex_finding_sits_under_its_nearest_held_ancestor(shipped):
    ontology = shipped.ontology
    chordoma = next(c for c in ontology.concepts.values() if c.label == "chordoma")
    assert chordoma.id.startswith("RID") and ontology.is_a(chordoma.id, "RID3957")  # neoplasm


@pytest.mark.parametrize("text, expected", [
    # a condition the request names, which imaging does not show, is the patient's background
    ("Indication: proteinuria.", {("proteinuria", "historical")}),
    ("Findings: 58-year-old with cerebral palsy and scoliosis.", {("cerebral palsy", "historical"), ("scoliosis", "present")}),
    # RadLex names that reports write for a technique or a procedure are not taken
    ("Images obtained with graded compression.", set()),
    ("Status post posterior spinal fusion L4-S1.", {("spinal fusion", "historical")}),
])
def test_background_and_words_left_out_of_ontology_1_10(shipped, text, expected):
    assert statuses(shipped, text) == expected
