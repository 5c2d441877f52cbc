"""Issue #22: a finding that other diseases also give is a hedge on them ("can be seen with infection"), and a request's
"Rule out ..." asks the question rather than answering it ("rules out" has the same normal form). Each sentence is
written anew for its shape."""
import pytest

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    ("Patchy ground-glass opacity, which can be seen with atypical infection.",
     {("ground-glass opacity", "present"), ("infection", "uncertain")}),
    ("Thickened gallbladder wall, as can be seen in hepatitis.",
     {("gallbladder wall thickening", "present"), ("hepatitis", "uncertain")}),
    ("Rule out pneumonia.", {("pneumonia", "uncertain")}),
    ("The pneumonia was ruled out.", {("pneumonia", "absent")}),
])
def test_differential_and_request_hedges(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # the diagnosis named as the leading one, after it
    ("Atelectasis is the most likely explanation.", {("atelectasis", "uncertain")}),
    ("Hemangioma would be the leading consideration.", {("hemangioma", "uncertain")}),
    ("Small left effusion may be present.", {("effusion", "uncertain")}),
    # a question mark after the finding it asks about
    ("Pneumonia? Correlate clinically.", {("pneumonia", "uncertain")}),
    # compatible with it, but no proof of it
    ("Compatible with, but not diagnostic of, hemangioma.", {("hemangioma", "uncertain")}),
    # a finding that may be seen with a disease is there; the disease is what is hedged
    ("Cardiomegaly, which may be seen with pericardial effusion.", {("cardiomegaly", "present"), ("pericardial effusion", "uncertain")}),
])
def test_leading_diagnoses_and_questions_after_the_finding(shipped, text, expected):
    assert statuses(shipped, text) == expected
