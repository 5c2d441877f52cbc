"""Issue #22: what the request says the patient has now (a complaint) against the known disease it names, the
sentence that rules out any acute disease as a whole (ontology 1.7.0), "borderline" as a grade of size, and the trace
a past operation leaves."""
import pytest

from .conftest import statuses


@pytest.fixture(scope="module")
def annotator(shipped):
    return shipped


@pytest.mark.parametrize("text, expected", [
    # a complaint in the history or indication is the patient's now: present, where a known disease is history
    ("History: vomiting and early satiety; type 2 diabetes.\nImpression: delayed gastric emptying.",
     {("vomiting", "present"), ("diabetes", "historical"), ("delayed gastric emptying", "present")}),
    ("Hx: fevers, known COPD.\nFindings: left lower lobe consolidation.",
     {("fever", "present"), ("chronic obstructive pulmonary disease", "historical"), ("consolidation", "present")}),
    ("Indication: right flank pain and haematuria.\nFindings: 4 mm stone at the right UVJ.",
     {("pain", "present"), ("hematuria", "present"), ("calculus", "present")}),
    ("CXR PA\nBreathlessness on exertion. Prior lobectomy.\nFindings: clear lungs.",
     {("shortness of breath", "present"), ("lobectomy", "historical"), ("clear lungs", "present")}),
    # the complaint keeps what its own cues say
    ("Indication: cough, no fever.\nFindings: no consolidation.",
     {("cough", "present"), ("fever", "absent"), ("consolidation", "absent")}),
    ("Clinical history: headache for a week; history of seizures.\nFindings: no hemorrhage.",
     {("seizure", "historical"), ("headache", "present"), ("hemorrhage", "absent")}),
    # a known disease there is history, also when it is one a radiograph never shows
    ("PMH: HTN, type 2 diabetes, hepatitis C. Now chest pain.\nFindings: clear lungs.",
     {("hypertension", "historical"), ("diabetes", "historical"), ("hepatitis", "historical"),
      ("chest pain", "present"), ("clear lungs", "present")}),
    ("Clinical: 7-year-old with headaches and morning vomiting.\nFindings: no mass.",
     {("headache", "present"), ("vomiting", "present"), ("mass", "absent")}),
    # and reads the same outside the history
    ("Palpable lump in the left breast at 2 o'clock; no sonographic correlate.", {("palpable lump", "present")}),
])
def test_a_complaint_in_the_request_is_the_patients_now(annotator, text, expected):
    assert statuses(annotator, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Impression: No acute process.", {("acute abnormality", "absent")}),
    ("No active cardiopulmonary disease.", {("acute abnormality", "absent")}),
    ("No finding suggestive of acute disease.", {("acute abnormality", "absent")}),
    ("Stable cardiomegaly without acute cardiopulmonary abnormality.",
     {("cardiomegaly", "present"), ("acute abnormality", "absent")}),
    # an organ's own abnormality keeps its concept
    ("No acute intracranial abnormality.", {("intracranial abnormality", "absent")}),
])
def test_no_acute_disease_as_a_whole(annotator, text, expected):
    assert statuses(annotator, text) == expected


@pytest.mark.parametrize("text, expected", [
    # "borderline" grades a size at its upper limit, as "mild" does: the finding is present
    ("Borderline cardiomegaly.", {("cardiomegaly", "present")}),
    ("Heart size is borderline enlarged, no effusion.", {("cardiomegaly", "present"), ("effusion", "absent")}),
    ("The heart is borderline in size.", {("cardiomegaly", "present")}),
    # a hedge beside it still hedges
    ("Possible borderline cardiomegaly.", {("cardiomegaly", "uncertain")}),
    ("Borderline appendix, equivocal for early appendicitis.", {("appendicitis", "uncertain")}),
])
def test_borderline_grades_a_size(annotator, text, expected):
    assert statuses(annotator, text) == expected


@pytest.mark.parametrize("text, expected", [
    # the trace of a past operation dates from it, as the operation does
    ("Left breast: lumpectomy scar, stable. No enhancement.", {("postlumpectomy change", "historical"),
                                                                ("enhancement", "absent")}),
    ("Postsurgical changes in the right neck.", {("postoperative change", "historical")}),
    ("Expected post-treatment change in the left lung apex.", {("treatment-related change", "historical")}),
    ("No postoperative change is seen.", {("postoperative change", "absent")}),
    # what goes wrong after it is a finding of this exam
    ("Small seroma at the lumpectomy site.", {("seroma", "present"), ("lumpectomy", "historical")}),
])
def test_the_trace_of_a_past_operation_is_history(annotator, text, expected):
    assert statuses(annotator, text) == expected


@pytest.mark.parametrize("text, expected", [
    # the complaint the patient comes with now ends the history before it
    ("Indication: history of CHF, now with shortness of breath.",
     {("congestive heart failure", "historical"), ("shortness of breath", "present")}),
    ("History of lung cancer presenting with cough.", {("lung cancer", "historical"), ("cough", "present")}),
    ("History of COPD, comes in with pneumonia.", {("chronic obstructive pulmonary disease", "historical"),
                                                   ("pneumonia", "present")}),
    ("History of stroke and new left weakness.", {("cerebral infarction", "historical"), ("weakness", "present")}),
    ("Status post left lower lobectomy with new effusion.", {("lobectomy", "historical"), ("effusion", "present")}),
    # and a negation before it
    ("No pneumonia, now with cough.", {("pneumonia", "absent"), ("cough", "present")}),
])
def test_a_complaint_now_after_a_history(shipped, text, expected):
    assert statuses(shipped, text) == expected
