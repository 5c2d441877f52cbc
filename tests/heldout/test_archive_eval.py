"""A small unseen archive through ingest, counts, an approved request and its export: no PHI, valid bag, true labels."""

from __future__ import annotations

from pathlib import Path

import pydicom
import pytest

from tests.heldout import archive_scan
from tests.heldout.archive_chain import ChainResult, Evaluation, _without_coincident_dates, evaluate, run_chain
from tests.heldout.archive_corpus import build_archive

# The scan reads burned-in pixels with tesseract (and the export runs it too), which the suite's marker says.
pytestmark = pytest.mark.ocr

# Seed 14 with 6 patients and 10 studies gives every study type, burned-in ultrasound and radiographs,
# and six of the seven findings present somewhere (pneumothorax and rib fracture among them).
SEED, PATIENTS, STUDIES = 14, 6, 10


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The small archive and its truth."""
    work: Path = tmp_path_factory.mktemp("archive-eval")
    return work, build_archive(work, PATIENTS, STUDIES, SEED)


@pytest.fixture(scope="module")
def outcome(archive: tuple[Path, dict]) -> tuple[dict, ChainResult, Evaluation]:
    """Run the whole chain once on the archive and evaluate the package (the commands in this process, the server
    in its own)."""
    work, truth = archive
    chain = run_chain(work, ["dicom", "png", "reports", "labels"], in_process=True)
    return truth, chain, evaluate(chain.package, truth, chain)


def test_the_scanner_finds_every_kind_in_the_source_archive(archive: tuple[Path, dict]) -> None:
    """The scan is not blind: on the identified inputs it finds every kind injected, burned-in text included."""
    work, truth = archive
    pins = archive_scan.Needles(truth)
    hits = archive_scan.scan_reports(work / "reports.jsonl", "reports.jsonl", pins, {})
    pixel_hits = []
    for path in sorted((work / "dicom").rglob("*.dcm")):
        owner = path.parent.parent.name.split("_")[0]
        hits += archive_scan.scan_dicom(path, path.name, pins, owner)
        header = pydicom.dcmread(path, stop_before_pixels=True)
        if path.name == "1_1.dcm" and header.get("BurnedInAnnotation", "YES") == "YES":
            pixel_hits += archive_scan.scan_pixels(path, path.name, "dicom", pins, owner)
    assert {h.kind for h in hits} == set(pins.kinds())
    assert {"Last^First", "First Last", "Last, First"} <= {h.form for h in hits if h.kind == "patient_name"}
    assert {"patient_name", "mrn"} <= {h.kind for h in pixel_hits}


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
    assert chain.problems == []  # a researcher's counts from 1 to 10 are "<11"
    assert any(truth > 0 for *_, truth in ev.counts)
    assert [row for row in ev.counts if row[2] != row[3]] == []


def test_reports_and_images_share_one_date_shift(outcome: tuple[dict, ChainResult, Evaluation]) -> None:
    """A report's shifted date of service is its images' shifted StudyDate (README: one date shift)."""
    _, _, ev = outcome
    assert ev.report_dates_agree > 0
    assert ev.report_dates_differ == []


def test_a_shift_landing_on_another_of_the_patients_days_is_no_leak() -> None:
    """A follow-up date moved by the patient's shift onto their earlier study day is left out; a kept date is not."""
    truth = {"studies": [{"index": 1, "patient": "P1", "date": "2021-04-15"}],
             "patients": {"P1": {"study_date": ["2015-06-23", "2021-04-15"], "followup_date": ["2021-05-15"]}}}
    shifted = {"1.2.3": "20150323"}  # the 2021-04-15 study moved back 2,215 days
    moved = archive_scan.Hit("study_date", "reports", "r", "line 5", "date 99th of Month 9999", "2015-06-23", "P1")
    kept = archive_scan.Hit("study_date", "reports", "r", "line 5", "date 99/99/9999", "2021-04-15", "P1")
    study_index = {"1.2.3": 1}
    assert _without_coincident_dates([moved, kept], truth, study_index, shifted) == ([moved, kept], 0)
    shifted = {"1.2.3": "20150524"}  # moved back 2,153 days: the follow-up's distance back to the first study
    assert _without_coincident_dates([moved, kept], truth, study_index, shifted) == ([kept], 1)
