"""The demo archive `cleanroom demo` writes: its studies, files and reports, from an installed package alone."""
import json
import re
from collections import Counter

import pydicom
import pytest

from app.demo import generate_demo_archive
from tests.unit.test_layers import APP, imports_of


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return generate_demo_archive(tmp_path_factory.mktemp("demo") / "archive")


def test_twelve_patients_each_with_a_study_and_a_prior_in_every_modality(archive):
    assert len(archive.studies) == 24
    assert len({s["patient"]["mrn"] for s in archive.studies}) == 12
    assert Counter(s["modality"] for s in archive.studies) == {"CT": 6, "MR": 6, "CR": 6, "US": 6}
    assert sum(1 for s in archive.studies if s["prior_study_date"]) == 12


def test_every_file_is_dicom_of_its_study(archive):
    paths = sorted(archive.corpus.rglob("*.dcm"))
    assert len(paths) == archive.files and 100 <= archive.files <= 200
    studies = {s["study_instance_uid"]: s for s in archive.studies}
    seen = set()
    for path in paths:
        ds = pydicom.dcmread(path)
        study = studies[ds.StudyInstanceUID]
        assert (ds.AccessionNumber, ds.PatientID, ds.Modality) == (
            study["accession"], study["patient"]["mrn"], study["modality"])
        assert ds.file_meta.MediaStorageSOPInstanceUID == ds.SOPInstanceUID
        if ds.Modality == "US":
            assert ds.BurnedInAnnotation == "YES" and ds.PhotometricInterpretation == "RGB"
        seen.add(ds.StudyInstanceUID)
    assert seen == set(studies)


def test_one_report_per_study_with_findings_of_every_kind(archive):
    reports = [json.loads(line) for line in archive.reports.read_text().splitlines()]
    assert [r["patient"]["accession"] for r in reports] == [s["accession"] for s in archive.studies]
    text = "\n".join(r["text"] for r in reports)
    for section in ("FINDINGS:", "IMPRESSION:", "COMPARISON:", "Electronically signed by"):
        assert text.count(section) == 24
    assert re.search(r"\b(Possible|Questionable)\b", text)  # hedged findings
    assert re.search(r"\bNo (pleural effusion|pneumothorax|hydronephrosis|acute)", text)  # negated ones
    impressions = [r["text"].split("IMPRESSION:")[1] for r in reports]
    assert sum("1. " in i and "2. " in i for i in impressions) >= 1  # some studies have several findings


def test_the_same_seed_writes_the_same_archive(archive, tmp_path):
    again = generate_demo_archive(tmp_path / "again")
    assert again.reports.read_bytes() == archive.reports.read_bytes()
    first = {p.relative_to(archive.corpus): p.read_bytes() for p in archive.corpus.rglob("*.dcm")}
    assert {p.relative_to(again.corpus): p.read_bytes() for p in again.corpus.rglob("*.dcm")} == first


def test_the_app_never_imports_the_test_corpora():
    for path in APP.rglob("*.py"):
        assert not any(name == "tests" or name.startswith("tests.") for name in imports_of(path)), path


def test_the_demo_imports_nothing_else_of_the_app():
    for path in (APP / "demo").rglob("*.py"):
        outside = {n for n in imports_of(path) if n.startswith("app.") and not n.startswith("app.demo")}
        assert not outside, (path, outside)
