"""Ontology 1.4.0 and its rules (issue #22): lymph nodes named as findings, and findings that date from a past
event ("old", "healed", "remote") as history; each class written anew as short sentences."""
import pytest

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    # a node the report describes is a finding, whatever its station
    ("FDG-avid right hilar node, SUV 6.", {("lymph node finding", "present"), ("radiotracer uptake", "present")}),
    ("A 7 mm left obturator node with focal uptake.", {("lymph node finding", "present"),
                                                       ("radiotracer uptake", "present")}),
    ("No suspicious supraclavicular nodes.", {("lymph node finding", "absent")}),
    ("One sentinel node in the right groin at 20 minutes.", {("lymph node finding", "present")}),
    # described as normal, a node is not a finding
    ("Hilar lymph nodes are normal in size.", {("lymph node finding", "absent")}),
    ("Normal-appearing lymph nodes with fatty hila.", {("lymph node finding", "absent")}),
    # enlarged nodes are lymphadenopathy, at the station when it is named
    ("Mediastinal lymph nodes moderately enlarged.", {("mediastinal lymphadenopathy", "present")}),
    ("The hilar lymph nodes are not enlarged.", {("lymph node finding", "absent")}),
    ("Enlarged axillary node on the right.", {("axillary lymphadenopathy", "present")}),
    ("Several enlarged nodes in the porta hepatis.", {("lymphadenopathy", "present")}),
    # nodal spread of a tumour is a metastasis
    ("No contralateral nodal disease.", {("lymph node metastasis", "absent")}),
    ("Findings suspicious for nodal metastases.", {("lymph node metastasis", "uncertain")}),
    ("Metastatic lymph node in the left neck.", {("lymph node metastasis", "present")}),
])
def test_lymph_nodes_named_as_findings(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Old healed left rib fractures.", {("rib fracture", "historical")}),
    ("Old left rib fractures.", {("rib fracture", "historical")}),
    ("Remote lacunar infarct.", {("lacunar infarction", "historical")}),
    ("Healed right clavicle fracture; no pneumothorax.", {("clavicle fracture", "historical"),
                                                          ("pneumothorax", "absent")}),
    # a concept that names the old state is seen on this exam
    ("Old healed fracture of the distal radius.", {("healed fracture", "present")}),
    ("Remote fracture of the left ulna.", {("healed fracture", "present")}),
    # "chronic" names a lasting disease present now; "known" a finding seen again
    ("Chronic left subdural hematoma.", {("chronic subdural hematoma", "present")}),
    ("Known hiatal hernia, stable.", {("hiatal hernia", "present")}),
    # an age, an old film, or a finding past the cue's reach
    ("Findings: 72 year old with pneumonia.", {("pneumonia", "present")}),
    ("Findings: a 9-month-old infant with pneumonia.", {("pneumonia", "present")}),
    ("Compared with old films, new right pleural effusion.", {("pleural effusion", "present")}),
    ("Old left MCA infarct with new hemorrhage.", {("cerebral infarction", "historical"), ("hemorrhage", "present")}),
])
def test_findings_from_a_past_event_are_history(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # what ultrasound and angiography describe before they name a disease
    ("Increased echogenicity of the left kidney.", {("abnormal echogenicity", "present")}),
    ("Pericholecystic fat echogenicity.", {("fat stranding", "present")}),
    ("No hypervascularity on color Doppler.", {("hypervascularity", "absent")}),
    # what staging describes of a tumour
    ("Superior mesenteric artery encasement.", {("vascular encasement", "present")}),
    ("No invasion of the bladder wall.", {("tumor invasion", "absent")}),
    ("Possible extraprostatic extension on the right.", {("tumor invasion", "uncertain")}),
    ("Placental invasion of the myometrium.", {("placenta accreta spectrum", "present")}),  # the longer name wins
])
def test_descriptors_that_had_no_concept(shipped, text, expected):
    assert statuses(shipped, text) == expected
