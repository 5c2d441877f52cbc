"""The labelled finding-annotation corpus: the generator, the hand-written reports and the labelling rule."""

from __future__ import annotations

import collections
import re
import statistics
from pathlib import Path

import pytest

from tests.synth.finding_reports import (
    CONCEPTS,
    CORE_CONCEPTS,
    REGIONS,
    STATUSES,
    LabelledReport,
    generate_finding_reports,
    load_labelled,
    mentioned_concepts,
    report_label,
    write_labelled,
)

HANDWRITTEN = Path(__file__).resolve().parents[1] / "data" / "annotation" / "handwritten.jsonl"
SEED = 20261123


@pytest.fixture(scope="module")
def generated() -> list[LabelledReport]:
    return generate_finding_reports(400, SEED)


@pytest.fixture(scope="module")
def handwritten() -> list[LabelledReport]:
    return load_labelled(HANDWRITTEN)


def _status_counts(reports: list[LabelledReport]) -> collections.Counter[str]:
    return collections.Counter(s for r in reports for s in r.labels.values())


# --------------------------------------------------------------------------- generator
def test_same_seed_same_reports_and_prefix_stable():
    a = generate_finding_reports(30, 7)
    assert a == generate_finding_reports(30, 7)
    assert a[:12] == generate_finding_reports(12, 7)
    assert [r.text for r in a] != [r.text for r in generate_finding_reports(30, 8)]


def test_ids_unique(generated):
    assert len({r.id for r in generated}) == len(generated)


def test_generated_labels_are_core_concepts_with_valid_statuses(generated):
    for r in generated:
        assert r.labels, r.id
        assert set(r.labels) <= set(CORE_CONCEPTS), r.id
        assert set(r.labels.values()) <= set(STATUSES), r.id


def test_generated_labels_are_exactly_the_concepts_the_text_names(generated):
    # Both ways: every label is written in the text, and nothing the text names is left unlabelled.
    for r in generated:
        assert mentioned_concepts(r.text) == set(r.labels), r.id


def test_generated_status_mix_is_close_to_the_target(generated):
    counts = _status_counts(generated)
    share = {s: counts[s] / sum(counts.values()) for s in STATUSES}
    assert 0.32 <= share["present"] <= 0.48
    assert 0.22 <= share["absent"] <= 0.38
    assert 0.10 <= share["uncertain"] <= 0.22
    assert 0.10 <= share["historical"] <= 0.22


def test_every_core_concept_is_generated(generated):
    assert {c for r in generate_finding_reports(1000, SEED) for c in r.labels} == set(CORE_CONCEPTS)


def test_typical_generated_report_is_600_to_2000_characters(generated):
    lengths = [len(r.text) for r in generated]
    assert 600 <= statistics.median(lengths) <= 2000
    assert sum(300 <= n <= 2000 for n in lengths) >= 0.9 * len(lengths)


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b(?:PTX|GGO|PE|DVT|SDH|SAH|SBO|AAA|ETT|NGT|CABG|ACL tear|CVC|ILD|DDD|EDH|IPH|ICH)\b",  # abbreviations
        r"(?i)\bno [^.\n]*, [^.\n]*, [^.\n]*,? or ",  # one cue over a list of four or more
        r"(?i)\b(?:cannot be excluded|cannot exclude|cannot rule out|not excluded)\b",  # double negation
        r"(?i)\bno interval change in\b",  # pseudo-negation
        r"(?i)\bnot only\b.*\bbut also\b",
        r"(?i)[,;] (?:but|however|although|though)\b",  # scope terminators
        r"(?i)\b(?:versus|vs)\b",
        r"(?i)\b(?:status post|s/p|history of|h/o)\b",
        r"(?i)\b(?:stable|unchanged|decreased|new)\b",
        r"(?i)\b(?:nodules|metastases|fractures|calculi|opacities|gallstones|effusions)\b",  # plurals
        r"(?i)\bground glass\b",
        r"(?i)\bground-glass\b",
        r"\n1\. .*\n2\. ",  # numbered impression
        r"(?m)^(?:CLINICAL HISTORY|INDICATION|REASON FOR EXAM|HISTORY|CLINICAL INDICATION):\n",  # header on its own line
        r"(?m)^(?:Clinical History|Indication|Reason For Exam|History|Clinical Indication): \S",  # Title Case inline
        r"\bFINDINGS: [A-Z]{3,} ",  # an all-capitals report
    ],
)
def test_generated_corpus_exercises(generated, pattern):
    assert any(re.search(pattern, r.text) for r in generated)


def test_both_corpora_mix_sectioned_and_unsectioned_reports(generated, handwritten):
    for reports in (generated, handwritten):
        unsectioned = sum(not re.search(r"(?i)\bfindings:", r.text) for r in reports)
        assert 0.05 * len(reports) <= unsectioned <= 0.4 * len(reports)


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b(?:PTX|GGO|PE|DVT|SDH|SAH|SBO|AAA|ETT|NGT|CABG|ACL tear|CVC|ILD|DDD|EDH|IPH|ICH)\b",
        r"(?i)\bno [^.\n]*, [^.\n]*, [^.\n]*,? or ",
        r"(?i)\b(?:cannot be excluded|cannot exclude|cannot rule out|not excluded)\b",
        r"(?i)\bno (?:interval )?change in\b",
        r"(?i)\bnot only\b.*\bbut also\b",
        r"(?i)\b(?:aside from|apart from|except|with the exception of)\b",
        r"(?i)[,;] (?:but|however|although|though)\b",
        r"(?i)\b(?:has resolved|is excluded|ruled out|free of|not visualized|not identified)\b",
        r"(?i)\b(?:versus|vs|differential includes|equivocal|borderline|suspicious for|probable)\b",
        r"(?i)\b(?:status post|s/p|history of|h/o|remote)\b",
        r"(?i)\b(?:nodules|metastases|fractures|calculi|opacities|gallstones|effusions)\b",
        r"(?i)\bground glass\b",
        r"(?i)\bground-glass\b",
        r"\n1\. .*\n2\. ",
        r"(?m)^(?:CLINICAL HISTORY|INDICATION|REASON FOR EXAM|HISTORY):\n",
        r"\bFINDINGS:\n[A-Z]{3,} ",  # an all-capitals report
        r"\bno PTX\.",  # mixed case
    ],
)
def test_handwritten_corpus_exercises(handwritten, pattern):
    assert any(re.search(pattern, r.text) for r in handwritten)


def test_write_and_load_round_trip(tmp_path, generated):
    path = tmp_path / "reports.jsonl"
    write_labelled(path, generated[:20])
    assert load_labelled(path) == generated[:20]


# --------------------------------------------------------------------------- surface forms
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No PTX.", {"pneumothorax"}),
        ("No pneumothoraces.", {"pneumothorax"}),
        ("Ground glass opacities and GGO.", {"ground-glass opacity"}),
        ("Left rib fractures; fracture of the left fifth rib.", {"rib fracture", "fracture"}),
        ("Subdural hematoma with mass effect.", {"subdural hematoma", "mass effect"}),
        ("A 2 cm right upper lobe mass.", {"mass"}),
        ("Small left effusion. Small left pleural effusion.", {"effusion", "pleural effusion"}),
        ("Multiple hepatic metastases.", {"metastasis"}),
        ("Bilateral renal calculi.", {"nephrolithiasis"}),
        ("The ACL is intact.", set()),
        ("Complete ACL tear.", {"anterior cruciate ligament tear"}),
        ("pe is not a word here; PE is.", {"pulmonary embolism"}),
        ("Free air under the diaphragm. Fatty liver. Gallstones.", {"pneumoperitoneum", "hepatic steatosis", "cholelithiasis"}),
        ("The lungs are clear. No acute abnormality.", set()),
    ],
)
def test_mentioned_concepts_reads_synonyms_plurals_and_abbreviations(text, expected):
    assert mentioned_concepts(text) == expected


def test_concept_table_regions_and_kinds():
    assert {c.region for c in CONCEPTS.values()} == set(REGIONS)
    assert len(CORE_CONCEPTS) == 126
    assert all(c.name == c.name.lower() for c in CONCEPTS.values())


# --------------------------------------------------------------------------- labelling rule
@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        ([("pneumothorax", "historical", 1), ("pneumothorax", "absent", 2)], "absent"),
        ([("nodule", "uncertain", 2), ("nodule", "present", 2)], "present"),
        ([("nodule", "absent", 2), ("nodule", "uncertain", 2)], "uncertain"),
        ([("lobectomy", "historical", 1)], "historical"),
        ([("effusion", "present", 1), ("effusion", "historical", 2)], "historical"),
        ([("effusion", "absent", 2), ("effusion", "historical", 2)], "absent"),
    ],
)
def test_report_label_takes_heaviest_section_then_status_precedence(mentions, expected):
    assert report_label(mentions) == {mentions[0][0]: expected}


# --------------------------------------------------------------------------- hand-written set
def test_handwritten_file_parses_with_unique_ids(handwritten):
    assert len(handwritten) >= 150
    ids = [r.id for r in handwritten]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"hw-\d{3}", i) for i in ids)
    assert len({r.text for r in handwritten}) == len(handwritten)


def test_handwritten_labels_are_core_concepts_with_valid_statuses(handwritten):
    for r in handwritten:
        assert r.labels, r.id
        assert set(r.labels) <= set(CORE_CONCEPTS), r.id
        assert set(r.labels.values()) <= set(STATUSES), r.id


def test_handwritten_labels_are_exactly_the_concepts_the_text_names(handwritten):
    for r in handwritten:
        assert mentioned_concepts(r.text) == set(r.labels), r.id


def test_handwritten_uses_every_status_often(handwritten):
    counts = _status_counts(handwritten)
    total = sum(counts.values())
    assert all(counts[s] >= 0.1 * total for s in STATUSES), counts


def test_handwritten_names_every_core_concept(handwritten):
    assert {c for r in handwritten for c in r.labels} == set(CORE_CONCEPTS)


def test_corpus_covers_every_status_and_region(generated, handwritten):
    for reports in (generated, handwritten):
        assert set(_status_counts(reports)) == set(STATUSES)
    labelled = {c for r in generated + handwritten for c in r.labels}
    assert {CONCEPTS[c].region for c in labelled} == set(REGIONS)
    assert {CONCEPTS[c].region for r in handwritten for c in r.labels} == set(REGIONS)
