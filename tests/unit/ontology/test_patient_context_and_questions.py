"""Issue #22: the two request conventions. A patient-context line that opens an unheaded report ("Doe, Jane, 47F,
cough, sarcoidosis.") is the request's history, as the held-out golds read it; the question a request asks ("Rule out
pneumonia", "?PE") is uncertain, as NegBio and CheXpert read it, in an indication as anywhere else."""
import pytest

from app.ontology.sections import default_sections

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    # the request's diagnoses are history; a complaint keeps its own status
    ("CT CHEST\nQuill, Ada, 47F, chronic cough, sarcoidosis.\nPatchy consolidation in the lingula.",
     {("cough", "present"), ("sarcoidosis", "historical"), ("consolidation", "present")}),
    ("NUCLEAR RENAL SCAN\nMarlo Finch, 6 y/o, recurrent pyelonephritis.\nCortical defect in the upper pole.",
     {("pyelonephritis", "historical"), ("renal cortical defect", "present")}),
    ("Pt is a 88 year old man with cirrhosis.\nAscites.", {("cirrhosis", "historical"), ("ascites", "present")}),
    ("PELVIC US\nRook, Tamsin 29 yo F  lymphoma in remission.\nSimple ovarian cyst.",
     {("lymphoma", "historical"), ("ovarian cyst", "present")}),
    # only the sentence with the age: the next one on the line is the body again
    ("CT HEAD\nDoe, Jon 91M. Subdural hematoma on the left.", {("subdural hematoma", "present")}),
    # in capitals too, as legacy exports write them
    ("CT CHEST\nMOSS, IDA 71 YO F, SARCOIDOSIS.\nNODULE.", {("sarcoidosis", "historical"), ("nodule", "present")}),
    # a French size is no sex letter, and a patient's age further down is part of the findings
    ("Exchange of a 10 F pigtail drain.\nAbscess cavity smaller.", {("drain", "present"), ("abscess", "present")}),
    ("EXCHANGE OF 10 F PIGTAIL DRAIN.\nABSCESS SMALLER.", {("drain", "present"), ("abscess", "present")}),
    ("Chest radiograph.\nLines as before.\nHeart normal.\nEffusion in a 60 year old.",
     {("effusion", "present"), ("normal finding", "present")}),
])
def test_an_unheaded_patient_context_line_is_history(shipped, text, expected):
    assert statuses(shipped, text) == expected


def test_the_patient_context_sentence_is_a_preamble_section():
    text = "CT HEAD\nRoe, Kit, 33F, fall. Headache.\nNo bleed."
    kinds = [(s.kind.name, text[s.start:s.end].strip()) for s in default_sections().split(text)]
    assert kinds == [("title", "CT HEAD"), ("preamble", "Roe, Kit, 33F, fall."), ("body", "Headache.\nNo bleed.")]


@pytest.mark.parametrize("text, expected", [
    ("Indication: rule out appendicitis.\nFindings: normal appendix.",
     {("appendicitis", "uncertain"), ("normal finding", "present")}),
    ("Reason for exam: ?PE. Shortness of breath.", {("pulmonary embolism", "uncertain"), ("shortness of breath", "present")}),
    ("History: fever, evaluate for abscess.", {("fever", "present"), ("abscess", "uncertain")}),
    ("Clinical history: suspected osteomyelitis of the heel.", {("osteomyelitis", "uncertain")}),
    # what a history names without a question stays the past
    ("History: prior stroke. Pneumonia 2019.", {("cerebral infarction", "historical"), ("pneumonia", "historical")}),
])
def test_a_question_in_a_request_is_uncertain(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # the exam says it may miss what it names
    ("Note: MRI is less sensitive for early ischemia.", {("ischemia", "uncertain")}),
    ("Radiographs are insensitive for a scaphoid fracture.", {("scaphoid fracture", "uncertain")}),
    # a diagnosis the report leaves to another test
    ("N3 disease to be confirmed at biopsy.", {("lymph node metastasis", "uncertain"), ("biopsy", "historical")}),
    # a closing hedge reaches back over a bracketed aside after it
    ("Meniscal tear likely (compare with the arthrogram).", {("meniscal tear", "uncertain")}),
    ("Meniscal tear (posterior horn), likely.", {("meniscal tear", "uncertain")}),
    # a graded likelihood short of a finding, and an alternative said to look the same
    ("Low probability for pulmonary embolism.", {("pulmonary embolism", "uncertain")}),
    ("Scarring, although a tumor could have a similar appearance.", {("scar", "present"), ("neoplasm", "uncertain")}),
])
def test_what_a_report_leaves_open_is_uncertain(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("No pneumothorax has developed since the biopsy.", {("pneumothorax", "absent"), ("biopsy", "historical")}),
    ("The effusion did not develop.", {("effusion", "absent")}),
    ("Sclerotic focus, unlikely to represent a metastasis.", {("sclerotic bone lesion", "present"),
                                                             ("metastasis", "absent")}),
])
def test_what_did_not_develop_or_is_judged_unlikely_is_absent(shipped, text, expected):
    assert statuses(shipped, text) == expected
