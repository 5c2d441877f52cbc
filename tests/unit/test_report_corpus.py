"""The labelled synthetic report corpus and the report-text de-identification scorer."""

from __future__ import annotations

import collections
import itertools
import re

import pytest

from tests.synth.report_corpus import (
    CLINICAL_CATEGORIES,
    KINDS,
    REPORT_TYPES,
    REQUIRED_EPONYMS,
    generate_report_corpus,
    read_jsonl,
    write_jsonl,
)
from tests.synth.text_eval import Count, gold_predictions, score, score_output_texts

SEED = 20240611
AGE_WORDS = {"ninety": 90, "one hundred": 100}


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return generate_report_corpus(300, SEED)


def _spans(report: dict) -> list[dict]:
    return report["gold"] + report["clinical_terms"]


# --------------------------------------------------------------------------- generator
def test_same_seed_same_corpus_and_prefix_stable():
    a = generate_report_corpus(25, 7)
    assert a == generate_report_corpus(25, 7)
    assert a[:10] == generate_report_corpus(10, 7)
    assert [r["text"] for r in a] != [r["text"] for r in generate_report_corpus(25, 8)]


def test_another_seed_generates_300_distinct_reports():
    # Generation speed is measured by scripts/bench/report_corpus.py, not asserted here.
    other = generate_report_corpus(300, SEED + 1)
    assert len(other) == len({r["id"] for r in other}) == len({r["text"] for r in other}) == 300


def test_report_shape(corpus):
    assert len(corpus) == 300
    assert len({r["id"] for r in corpus}) == 300
    for r in corpus:
        assert re.fullmatch(r"RPT\d{6}", r["id"])
        assert set(r) == {"id", "text", "patient", "study_date", "report_type", "gold", "clinical_terms"}
        p = r["patient"]
        assert re.fullmatch(r"[A-Z'-]+\^[A-Z'-]+(\^[A-Z'-]+)?", p["name"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", p["birth_date"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["study_date"])
        assert p["birth_date"] < r["study_date"]
        assert p["mrn"] in r["text"] or p["accession"] in r["text"]
        assert p["physicians"] and all("^" in n for n in p["physicians"])
        assert r["report_type"] in REPORT_TYPES
    lengths = sorted(len(r["text"]) for r in corpus)
    assert 800 <= lengths[len(lengths) // 2] <= 2200  # typical report is 1-2 kB


def test_offsets_exact_and_spans_disjoint(corpus):
    for r in corpus:
        text = r["text"]
        for s in _spans(r):
            assert text[s["start"] : s["end"]] == s["text"], (r["id"], s)
            assert s["text"] and s["text"] == s["text"].strip()
        for g in r["gold"]:
            assert g["type"] in KINDS
        for c in r["clinical_terms"]:
            assert c["category"] in CLINICAL_CATEGORIES
            assert "Dr." not in c["text"]
        ordered = sorted((s["start"], s["end"]) for s in _spans(r))
        for (_, end), (start, _) in itertools.pairwise(ordered):
            assert start >= end, r["id"]


def test_every_kind_is_well_represented(corpus):
    counts = collections.Counter(g["type"] for r in corpus for g in r["gold"])
    for kind in KINDS:
        assert counts[kind] >= (20 if kind == "AGE" else 30), (kind, counts[kind])


def test_every_report_type_appears(corpus):
    assert {r["report_type"] for r in corpus} == set(REPORT_TYPES)


def test_every_listed_eponym_is_a_clinical_term(corpus):
    texts = [
        c["text"].replace("'s", "").replace("'", "")
        for r in corpus
        for c in r["clinical_terms"]
        if c["category"] == "eponym"
    ]
    for eponym in REQUIRED_EPONYMS:
        # "Chiari" must occur on its own, not only inside "Budd-Chiari"; same for "Hodgkin".
        pattern = re.compile(r"(?<![\w-])" + re.escape(eponym) + r"(?![\w-])")
        assert any(pattern.search(t) for t in texts), eponym


def test_clinical_categories_present(corpus):
    categories = collections.Counter(c["category"] for r in corpus for c in r["clinical_terms"])
    expected = ("eponym", "measurement", "vertebral_level", "birads", "lirads", "tirads", "series_image", "dose",
                "contrast", "laterality")
    for category in expected:
        assert categories[category] > 0, category


def test_names_never_collide_with_eponyms(corpus):
    eponym_words = {w.lower() for e in REQUIRED_EPONYMS for w in re.findall(r"[A-Za-z]{3,}", e)}
    for r in corpus:
        for g in r["gold"]:
            if g["type"] == "PERSON":
                assert not {w.lower() for w in re.findall(r"[A-Za-z]+", g["text"])} & eponym_words, g
    smith = [c for r in corpus for c in r["clinical_terms"] if "Smith" in c["text"]]
    assert smith and all(c["category"] == "eponym" for c in smith)


def _age_value(text: str) -> int:
    if text.isdigit():
        return int(text)
    base = next(v for k, v in AGE_WORDS.items() if text.startswith(k))
    ones = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    rest = text[len("one hundred") :].strip() if base == 100 else text[len("ninety") :].lstrip("-")
    return base + (ones.index(rest) + 1 if rest else 0)


def test_only_ages_over_89_are_labelled(corpus):
    labelled = [g["text"].lower() for r in corpus for g in r["gold"] if g["type"] == "AGE"]
    assert labelled and all(_age_value(a) > 89 for a in labelled)
    # Younger ages are present as unlabelled negatives.
    unlabelled = 0
    for r in corpus:
        ages = {g["start"] for g in r["gold"] if g["type"] == "AGE"}
        for m in re.finditer(r"\b(\d{1,3})(?:-year-old| yo| y/o)", r["text"]):
            if m.start(1) not in ages:
                assert int(m.group(1)) <= 89
                unlabelled += 1
    assert unlabelled >= 30


def test_write_and_read_jsonl(tmp_path, corpus):
    path = write_jsonl(corpus[:5], tmp_path / "out" / "reports.jsonl")
    assert read_jsonl(path) == corpus[:5]
    assert len(path.read_text(encoding="utf-8").splitlines()) == 5


# --------------------------------------------------------------------------- scorer
def test_perfect_predictions_score_full_recall(corpus):
    result = score(corpus, gold_predictions(corpus))
    assert result.recall == 1.0 and result.char_recall == 1.0
    assert all(c.rate == 1.0 for c in result.per_kind.values())
    assert result.precision == 1.0
    assert result.clinical_altered == 0.0 and not result.altered
    assert result.meets_targets()


def test_empty_predictions_score_zero(corpus):
    result = score(corpus, {})
    assert result.recall == 0.0 and result.char_recall == 0.0
    assert len(result.missed) == result.overall.n > 0
    assert result.clinical_altered == 0.0
    assert not result.meets_targets()


def test_prediction_over_clinical_term_counts_as_altered(corpus):
    report = next(r for r in corpus if any(c["category"] == "eponym" for c in r["clinical_terms"]))
    term = next(c for c in report["clinical_terms"] if c["category"] == "eponym")
    preds = gold_predictions([report])
    # Touching one character of the term is enough to alter it.
    preds[report["id"]].append({"type": "PERSON", "start": term["start"], "end": term["start"] + 1})
    result = score([report], preds)
    assert result.clinical["eponym"].hits == 1
    assert result.clinical_altered == pytest.approx(1 / result.clinical_total.n)
    assert result.precision < 1.0
    assert result.recall == 1.0


def test_partial_coverage_is_not_caught():
    text = "Seen by Dr. Orla Quennell on 03/14/2021."
    report = {
        "id": "R1",
        "text": text,
        "gold": [
            {"type": "PERSON", "start": 12, "end": 25, "text": "Orla Quennell"},
            {"type": "DATE", "start": 29, "end": 39, "text": "03/14/2021"},
        ],
        "clinical_terms": [],
    }
    # Given name left uncovered; last digit of the date left uncovered.
    preds = [{"type": "PERSON", "start": 17, "end": 25}, {"type": "DATE", "start": 29, "end": 38}]
    partial = score([report], {"R1": preds})
    assert partial.recall == 0.0
    assert [m.label for m in partial.missed] == ["PERSON", "DATE"]
    assert 0 < partial.char_recall < 1
    # Two adjacent spans leaving only the space uncovered, with a wrong type, still catch the name.
    split = score([report], {"R1": [{"type": "X", "start": 12, "end": 16}, {"type": "Y", "start": 17, "end": 25}]})
    assert split.per_kind["PERSON"] == Count(1, 1)
    assert split.per_kind["DATE"] == Count(1, 0)


def test_table_has_rows_and_no_phi(corpus):
    result = score(corpus, {})
    table = result.table()
    for kind in KINDS:
        assert f"| {kind} |" in table
    for r in corpus[:50]:
        for g in r["gold"]:
            if len(g["text"]) >= 6:
                assert g["text"] not in table


def test_output_text_scoring():
    text = "Patient Orla Quennell, 92-year-old, seen 03/14/2021. Baker cyst measuring 2.1 cm."
    report = {
        "id": "R1",
        "text": text,
        "gold": [
            {"type": "PERSON", "start": 8, "end": 21, "text": "Orla Quennell"},
            {"type": "AGE", "start": 23, "end": 25, "text": "92"},
            {"type": "DATE", "start": 41, "end": 51, "text": "03/14/2021"},
        ],
        "clinical_terms": [
            {"start": 53, "end": 63, "text": "Baker cyst", "category": "eponym"},
            {"start": 74, "end": 80, "text": "2.1 cm", "category": "measurement"},
        ],
    }
    assert all(text[s["start"] : s["end"]] == s["text"] for s in report["gold"] + report["clinical_terms"])
    unchanged = score_output_texts([report], {"R1": text})
    assert unchanged.recall == 0.0 and unchanged.clinical_altered == 0.0 and unchanged.precision is None
    redacted = "Patient [NAME], [AGE]-year-old, seen [DATE]. [NAME] cyst measuring 2.1 cm. SpO2 1992"
    result = score_output_texts([report], {"R1": redacted})
    assert result.recall == 1.0  # "92" inside "1992" does not count as still present
    assert result.clinical["eponym"] == Count(1, 1) and result.clinical["measurement"] == Count(1, 0)
    assert "output text only" in result.table()
