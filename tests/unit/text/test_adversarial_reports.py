"""The engine on hand-written reports in styles the synthetic corpus's templates never produce.

`tests/data/text/adversarial_reports.jsonl`: one report per line, `{"id", "text", "patient"?, "spans":
[{"type", "start", "end"}], "clinical_terms": [{"category", "start", "end"}]}`. Spans follow the
corpus's labelling conventions (the name without its title or credential, the date without "on
the", only the number of an age over 89); clinical terms are hard negatives that must stay.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.identity import IdentityKeys
from app.profiles import ProfileLibrary
from tests.synth.report_corpus import KINDS
from tests.synth.text_eval import TARGET_CLINICAL_ALTERED, score
from app.text.engine import ReportDeidentifier
from app.text.known_phi import KnownPhi

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data" / "text" / "adversarial_reports.jsonl"
# Measured recall on this set. Lower-case names after "pt"/"patient" ("pt jerzy kaczmarek") are
# the known misses: without a lexicon nothing tells them from ordinary words.
MIN_RECALL = {"PERSON": 0.98}
MIN_OVERALL = 0.99


@pytest.fixture(scope="module")
def reports() -> list[dict]:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines if line.strip()]
    for item in items:
        item["gold"] = item["spans"]
    return items


@pytest.fixture(scope="module")
def scored(reports):
    keys = IdentityKeys(b"u" * 32, b"p" * 32, b"d" * 32)
    engine = ReportDeidentifier(ProfileLibrary(ROOT / "profiles").get("basic"), keys)
    predictions = {r["id"]: [e.as_dict() for e in engine.analyze(r["text"], KnownPhi.from_patient(r.get("patient")))]
                   for r in reports}
    return score(reports, predictions)


def test_the_set_is_large_and_well_formed(reports):
    assert len(reports) >= 60 and len({r["id"] for r in reports}) == len(reports)
    assert sum(len(r["spans"]) for r in reports) >= 200 and sum(len(r["clinical_terms"]) for r in reports) >= 100
    for r in reports:
        marks = sorted((s["start"], s["end"]) for s in r["spans"] + r["clinical_terms"])
        for (start, end), (next_start, _) in zip(marks, marks[1:] + [(len(r["text"]), 0)]):
            value = r["text"][start:end]
            assert value and value == value.strip() and end <= next_start, r["id"]
        assert {s["type"] for s in r["spans"]} <= set(KINDS)


def test_recall_per_kind(scored):
    for kind, count in scored.per_kind.items():
        assert count.rate >= MIN_RECALL.get(kind, 1.0), f"{kind}: {count.hits}/{count.n}"
    assert scored.recall >= MIN_OVERALL


def test_clinical_terms_stay(scored):
    assert scored.clinical_altered <= TARGET_CLINICAL_ALTERED
    assert not scored.altered, [(a.report_id, a.label) for a in scored.altered]


def test_nothing_but_phi_is_redacted(scored):
    # Precision proxy: share of redacted characters that are gold PHI. This set's gold marks an age's number
    # alone; the engine takes the unit written onto it too ("92 y/o"), about 3 % of what it redacts here.
    assert scored.precision >= 0.96
