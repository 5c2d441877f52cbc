"""`cleanroom ingest dicom`: headers into the index, sealed identifiers, idempotent, bad files listed, any syntax."""
import json
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from pydicom import dcmread
from pydicom.data import get_testdata_file

from app.dicom.headers import HEADER_PREFIX_BYTES
from app.dicom.scan import scan_file
from app.ingest.folder import ingest_dicom
from app.models import Instance, Patient, Series, Study
from tests.dicom_factory import ACCESSION, BIRTH, FAMILY, GIVEN, MRN, instance, to_bytes
from tests.support.cli import cleanroom
from tests.support.index_dump import database_dump

SOURCE_FOLDER = "scans of Quillfeather"
ISSUER = "QUILLFEATHER_GENERAL_MRN"


@pytest.fixture
def archive(tmp_path) -> Path:
    """Four CT instances of one study, an ultrasound instance, a text file and a damaged DICOM file."""
    src = tmp_path / SOURCE_FOLDER
    src.mkdir()
    study = instance().StudyInstanceUID
    for i in range(4):
        ct = instance(study, BodyPartExamined="chest", Manufacturer="ACME", IssuerOfPatientID=ISSUER)
        (src / f"ct{i}.dcm").write_bytes(to_bytes(ct))
    (src / "us.dcm").write_bytes(to_bytes(instance(Modality="US", NumberOfFrames="12")))
    (src / "notes.txt").write_text("not an image")
    (src / "broken.dcm").write_bytes(to_bytes(instance())[:900])
    return src


def rows(db, model) -> list:
    with db.session() as session:
        return session.scalars(sa.select(model)).all()


def test_index_holds_what_cohorts_filter_on(services, archive):
    # Two radiographs, one saying BurnedInAnnotation NO.
    (archive / "cr.dcm").write_bytes(to_bytes(instance(Modality="CR", NumberOfFrames="2")))
    (archive / "cr-no.dcm").write_bytes(to_bytes(instance(Modality="CR", NumberOfFrames="3", BurnedInAnnotation="NO")))
    summary = ingest_dicom(services.db, services.sealer(), [archive])
    assert (summary.files_in, summary.indexed, summary.skipped, summary.unreadable) == (9, 7, 1, 1)
    series = {s.modality: s for s in rows(services.db, Series)}
    assert (series["CT"].body_part, series["CT"].manufacturer) == ("CHEST", "ACME")
    studies = rows(services.db, Study)
    assert {(s.study_date.isoformat(), s.age_years) for s in studies} == {("2020-01-15", 79)}
    assert {p.sex for p in rows(services.db, Patient)} == {"F"}
    instances = rows(services.db, Instance)
    us = [i for i in instances if i.number_of_frames == 12]
    assert len(us) == 1 and us[0].burned_in_risk and "US" in us[0].burned_in_reason
    # A radiograph that does not say NO is read by a pixel-cleaning profile, so it counts as at risk too.
    cr = {i.number_of_frames: i for i in instances}
    assert cr[2].burned_in_risk and "CR without BurnedInAnnotation" in cr[2].burned_in_reason
    assert not cr[3].burned_in_risk
    assert sum(i.burned_in_risk for i in instances) == 2
    assert {i.sop_class_uid for i in instances} == {"1.2.840.10008.5.1.4.1.1.2"}


def test_identifiers_are_sealed_and_the_key_lives_apart(any_db_services, archive):
    svc = any_db_services
    ingest_dicom(svc.db, svc.sealer(), [archive])
    dump = database_dump(svc.db)
    for value in (FAMILY, GIVEN, MRN, ACCESSION, BIRTH, SOURCE_FOLDER, ISSUER):
        assert value.encode() not in dump, value
    # ...yet they are there for the honest broker, who holds the index key.
    sealer = svc.sealer()
    patient = rows(svc.db, Patient)[0]
    assert sealer.open(patient.name_sealed, "name") == f"{FAMILY}^{GIVEN}"
    assert sealer.open(patient.patient_id_sealed, "patient_id") == MRN
    assert patient.patient_lookup == sealer.lookup_key("patient_id", MRN)
    assert sealer.open(rows(svc.db, Study)[0].accession_sealed, "accession") == ACCESSION
    assert {sealer.open(s.issuer_sealed, "issuer") if s.issuer_sealed else None
            for s in rows(svc.db, Study)} == {ISSUER, None}  # the CT study's, none for the ultrasound
    assert {Path(sealer.open(i.location_sealed, "location")).parent.name
            for i in rows(svc.db, Instance)} == {SOURCE_FOLDER}
    key_file = svc.settings.instance_path / "index.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_text().strip().encode() not in dump


def test_a_sealed_value_opens_only_in_its_own_column(services):
    sealer = services.sealer()
    sealed = sealer.seal(MRN, "patient_id")
    assert sealer.open(sealed, "patient_id") == MRN
    with pytest.raises(Exception, match="does not open"):
        sealer.open(sealed, "name")


def test_ingesting_again_updates_instead_of_duplicating(services, archive):
    first = ingest_dicom(services.db, services.sealer(), [archive])
    moved = archive.parent / "moved"
    archive.rename(moved)
    again = ingest_dicom(services.db, services.sealer(), [moved])
    assert (first.indexed, first.updated, again.indexed, again.updated) == (5, 0, 0, 5)
    assert len(rows(services.db, Instance)) == 5
    assert (len(rows(services.db, Study)), len(rows(services.db, Patient))) == (2, 1)
    sealer = services.sealer()
    assert {Path(sealer.open(i.location_sealed, "location")).parent.name
            for i in rows(services.db, Instance)} == {"moved"}


def test_cli_lists_bad_files_with_reasons_and_prints_summary_last(services, overrides, archive):
    (archive / "no-uids.dcm").write_bytes(to_bytes(instance(SOPInstanceUID="", StudyInstanceUID="")))
    result = cleanroom("ingest", "dicom", archive, "--json", env=overrides)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["indexed"], summary["skipped"], summary["unreadable"]) == (5, 1, 2)
    assert summary["reasons"] == {"missing_uid": 2, "not_dicom": 1}
    assert "broken.dcm" in result.stderr and "no-uids.dcm: no sop instance uid, no study uid" in result.stderr
    for value in (GIVEN, MRN, ACCESSION):
        assert value not in result.stderr + result.stdout


def test_cli_refuses_a_missing_path(services, overrides, tmp_path):
    result = cleanroom("ingest", "dicom", tmp_path / "absent", env=overrides)
    assert result.returncode == 2 and "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_pixel_data_is_never_read(services, tmp_path):
    """A file cut short inside its pixel data is indexed: its header is whole, and that is all ingest reads."""
    data = to_bytes(instance())
    (tmp_path / "cut.dcm").write_bytes(data[:len(data) - 4000])
    summary = ingest_dicom(services.db, services.sealer(), [tmp_path / "cut.dcm"])
    assert summary.indexed == 1


def test_a_header_longer_than_the_first_read_is_read_whole(services, tmp_path):
    ds = instance(StudyComments="x" * 40_000, ImageComments="y" * 40_000, Modality="MR")
    (tmp_path / "long.dcm").write_bytes(to_bytes(ds))
    assert ingest_dicom(services.db, services.sealer(), [tmp_path]).indexed == 1
    assert [s.modality for s in rows(services.db, Series)] == ["MR"]


def test_a_header_that_fills_the_first_read_exactly_is_read_on(services, tmp_path):
    """The first read ends just where an element ends: the elements after it (UIDs, body part) are read too."""
    # One dataset resized in place: a second instance() would draw UIDs of another length.
    ds = instance(PatientComments="x" * 1000, BodyPartExamined="KNEE")
    end = scan_file(to_bytes(ds)).spans[0x00104000][1]
    ds.PatientComments = "x" * (1000 + HEADER_PREFIX_BYTES - end)
    assert scan_file(to_bytes(ds)).spans[0x00104000][1] == HEADER_PREFIX_BYTES
    (tmp_path / "exact.dcm").write_bytes(to_bytes(ds))
    assert ingest_dicom(services.db, services.sealer(), [tmp_path]).indexed == 1
    assert [s.body_part for s in rows(services.db, Series)] == ["KNEE"]


@pytest.mark.parametrize("name", ["CT_small.dcm", "MR_small_bigendian.dcm", "rtplan.dcm", "image_dfl.dcm",
                                  "JPEG2000.dcm", "MR_small_RLE.dcm", "SC_rgb_jpeg_dcmtk.dcm"])
def test_any_transfer_syntax_is_indexed(services, tmp_path, name):
    path = get_testdata_file(name)
    if path is None:
        pytest.skip(f"pydicom test file {name} is not available offline")
    expected = dcmread(path, stop_before_pixels=True)
    summary = ingest_dicom(services.db, services.sealer(), [Path(path)])
    assert summary.indexed == 1, summary
    (row,) = rows(services.db, Instance)
    assert row.sop_instance_uid == expected.SOPInstanceUID
    assert row.transfer_syntax == expected.file_meta.TransferSyntaxUID
    assert [s.modality for s in rows(services.db, Series)] == [expected.Modality]


def test_two_workers_index_the_same(services, archive):
    summary = ingest_dicom(services.db, services.sealer(), [archive], workers=2)
    assert (summary.indexed, summary.skipped, summary.unreadable) == (5, 1, 1)
    assert len(rows(services.db, Instance)) == 5
