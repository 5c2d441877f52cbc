"""A small unseen archive through ingest, counts, an approved request and its export: no PHI, valid bag, true labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.heldout.archive_chain import ChainResult, Evaluation, evaluate, run_chain
from tests.heldout.archive_corpus import build_archive

# Seed 14 with 6 patients and 10 studies gives every study type, burned-in ultrasound and radiographs,
# and six of the seven findings present somewhere (pneumothorax and rib fracture among them).
SEED, PATIENTS, STUDIES = 14, 6, 10


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, ChainResult, Evaluation]:
    """Build the archive, run the whole chain once, and evaluate the package."""
    work: Path = tmp_path_factory.mktemp("archive-eval")
    truth = build_archive(work, PATIENTS, STUDIES, SEED)
    chain = run_chain(work, ["dicom", "png", "reports", "labels"])
    return truth, chain, evaluate(chain.package, truth, chain)


def test_export_is_a_valid_bag(outcome: tuple[dict, ChainResult, Evaluation]) -> None:
    """The downloaded package validates as BagIt and holds DICOM, PNG and the tables."""
    _, chain, ev = outcome
    assert chain.export["state"] == "ready"
    assert ev.bag_valid, ev.bag_error
    assert ev.files_by_kind["dicom"] > 0 and ev.files_by_kind["png"] > 0
    assert ev.files_by_kind["labels.csv"] == ev.files_by_kind["reports.jsonl"] == 1


def test_no_injected_phi_anywhere_in_the_package(outcome: tuple[dict, ChainResult, Evaluation]) -> None:
    """No injected value, in any written form, in any exported byte (places and forms reported, not values)."""
    _, _, ev = outcome
    assert ev.files_by_kind["dicom"] and ev.injected["patient_name"] == PATIENTS
    assert [(h.kind, h.file_kind, h.place, h.form) for h in ev.hits] == []


def test_labels_match_the_reports_truth(outcome: tuple[dict, ChainResult, Evaluation]) -> None:
    """Every study's labels.csv cell is what its report states: 1 present, 0 absent, blank unmentioned."""
    _, _, ev = outcome
    assert ev.label_cells >= len(outcome[0]["label_concepts"]) * ev.studies_exported > 0
    assert ev.label_mismatches == []


def test_counts_match_the_archive_truth(outcome: tuple[dict, ChainResult, Evaluation]) -> None:
    """Exact cohort counts (concept with descendants, modality, age range) equal the truth's."""
    _, chain, ev = outcome
    assert chain.ingest_reports["unlinked"] == 0
    assert any(truth > 0 for *_, truth in ev.counts)
    assert [row for row in ev.counts if row[2] != row[3]] == []
