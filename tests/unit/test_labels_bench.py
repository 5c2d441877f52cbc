"""The held-out labels bench: found / right per gold status and the issue's measures (present and absent recall,
present precision over gold phrases), on invented reports."""
from __future__ import annotations

from collections import Counter

import pytest

from app.ontology import Annotator
from scripts.bench.labels_heldout import issue_measures, score

REPORTS = [
    {"text": "Right lower lobe pneumonia. No pleural effusion. Possible pneumothorax."},
    {"text": "Small effusion. No fracture. Mild cardiomegaly."},
]
GOLD = [
    {"report": 0, "findings": [{"text": "pneumonia", "status": "present"}, {"text": "pleural effusion", "status": "absent"},
                               {"text": "pneumothorax", "status": "present"}]},
    {"report": 1, "findings": [{"text": "effusion", "status": "present"}, {"text": "fracture", "status": "absent"}]},
]


@pytest.fixture(scope="module")
def scored(shipped_ontology):
    annotator = Annotator(shipped_ontology)
    return score(REPORTS, gold=GOLD, annotations=[annotator.annotate(r["text"]) for r in REPORTS])


def test_found_and_right_per_gold_status(scored):
    tally, unmatched, mentions, misses = scored
    assert (tally["present"]["gold"], tally["present"]["found"], tally["present"]["right"]) == (3, 3, 2)
    assert (tally["absent"]["gold"], tally["absent"]["right"]) == (2, 2)
    assert misses["wrong status"] == ["0: 'pneumothorax' gold present, said uncertain"]
    # the cardiomegaly no gold phrase holds is counted apart, by the status said
    assert unmatched == Counter({"present": 1}) and mentions == 6


def test_issue_measures_leave_mentions_on_no_gold_phrase_out_of_precision(scored):
    tally, unmatched, _, _ = scored
    line = issue_measures(tally, unmatched)
    assert line.startswith("recall present 0.667, absent 1.000; present precision over gold phrases 1.000 (0 of 2 ")
    assert line.endswith("F1 present <= 0.800; present mentions on no gold phrase: 1")


def test_a_present_mention_on_a_gold_phrase_of_another_status_lowers_precision():
    tally = {"present": Counter(gold=4, right=3, **{"said present": 3}),
             "absent": Counter(gold=2, right=1, **{"said present": 1}),
             "uncertain": Counter(), "historical": Counter()}
    assert "present precision over gold phrases 0.750 (1 of 4 said present" in issue_measures(tally, Counter())
