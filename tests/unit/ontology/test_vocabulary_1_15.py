"""Ontology 1.15.0 and the fifteenth round's rules: punctuation spoken into a dictation and left as words, prefixes
speech recognition writes apart, two measurements compared with "vs", a differential named after its finding, and the
findings and signs no name held."""
import pytest

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    # a spoken full stop ends the negation before it
    ("there is no intraventricular hemorrhage period chronic small vessel ischemic change in the white matter period",
     {("intraventricular hemorrhage", "absent"), ("chronic small vessel ischemic disease", "present")}),
    # so does a spoken comma, and a spoken paragraph break ends the hedge before it
    ("no hydrocephalus comma moderate right pleural effusion period",
     {("hydrocephalus", "absent"), ("pleural effusion", "present")}),
    ("avulsion fragment which may represent a segond injury new paragraph medial joint space narrowing",
     {("avulsion fracture", "present"), ("injury", "uncertain"), ("joint space narrowing", "present")}),
    # a span of time called a period is no full stop
    ("No evidence in the postoperative period of abscess or hematoma.", {("abscess", "absent"), ("hematoma", "absent")}),
])
def test_spoken_punctuation_ends_a_cue(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # two measurements compared are no differential
    ("Widening of the medial epicondylar apophysis, 4 mm vs 2 mm on the right, consistent with apophysitis.",
     {("widening", "present"), ("apophyseal avulsion", "present")}),
    ("Effusion versus thickening.", {("effusion", "uncertain"), ("thickening", "uncertain")}),
    # the differential named after its finding
    ("Hilar adenopathy; sarcoidosis is the imaging differential.",
     {("hilar lymphadenopathy", "present"), ("sarcoidosis", "uncertain")}),
])
def test_comparisons_and_differentials(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("7 mm stone in the proximal right ureter with moderate right hydro nephrosis",
     {("calculus", "present"), ("hydronephrosis", "present")}),
    ("there is no intra ventricular hemorrhage", {("intraventricular hemorrhage", "absent")}),
    ("small right pneumo thorax", {("pneumothorax", "present")}),
    # two words that make no term word stay apart
    ("hydro therapy was given for the effusion", {("effusion", "present")}),
])
def test_prefixes_written_apart(shipped, text, expected):
    assert statuses(shipped, text) == expected
