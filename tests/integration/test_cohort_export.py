"""`cleanroom cohort export`: a BagIt package of de-identified images and reports, labels, splits, manifest."""
import csv
import json
import os
import re
from pathlib import Path

import bagit
import pytest
from pydicom import dcmread

from tests.conftest import base_overrides, open_services
from tests.dicom_factory import ACCESSION, FAMILY, GIVEN, MRN
from tests.support.archive import PNEUMOTHORAX, build_archive
from tests.support.cli import cleanroom

DEFINITION = {"modalities": ["CT"], "body_parts": ["CHEST"], "age": {"min": 18},
              "include": [{"concept": PNEUMOTHORAX, "status": "present", "descendants": True}],
              "labels": [PNEUMOTHORAX]}
PHI = (FAMILY, GIVEN, MRN, ACCESSION, "PAT0", "ACC0", "1.2.826.0.1.3680043.8.498.")


@pytest.fixture(scope="module")
def exported(tmp_path_factory, migrated_instance):
    """The archive indexed, then exported twice, the second time by two processes (the same data files).

    Made once for the module: its tests only read the packages (new outputs go to each test's own folder).
    """
    root = tmp_path_factory.mktemp("exported")
    env = base_overrides(root)
    with open_services(env, migrated_instance) as services:
        build_archive(services, root / "archive", report_prefix=f"Patient {GIVEN} {FAMILY}, MRN {MRN}. ")
        definition = root / "def.json"
        definition.write_text(json.dumps(DEFINITION))
        runs = [cleanroom("cohort", "export", definition, root / name, "--profile", "basic", "--seed", "7",
                          "--workers", workers, "--json", env=env) for name, workers in (("one", 1), ("two", 2))]
        for run in runs:
            assert run.returncode == 0, run.stderr
        yield root, json.loads(runs[0].stdout.splitlines()[-1]), env, definition


def test_the_package_is_a_valid_bag_with_the_designed_files(exported):
    root, summary, *_ = exported
    bag = bagit.Bag(str(root / "one"))
    assert bag.is_valid()
    data = root / "one" / "data"
    for name in ("reports.jsonl", "labels.csv", "splits.csv", "datalist.json", "manifest.json", "README.md"):
        assert (data / name).is_file(), name
    assert (summary["patients"], summary["studies"], summary["instances"], summary["reports"]) == (14, 14, 14, 14)
    manifest = json.loads((data / "manifest.json").read_text())
    assert manifest["definition_hash"] == summary["definition_hash"] and manifest["seed"] == 7
    assert manifest["profile"]["name"] == "basic" and len(manifest["profile"]["hash"]) == 64
    assert manifest["ontology_version"] and manifest["counts"]["studies"] == 14


def test_every_file_joins_on_pseudonyms_and_holds_no_phi(exported):
    root, *_ = exported
    data = root / "one" / "data"
    images = sorted((data / "dicom").rglob("*.dcm"))
    studies = {(p.parts[-4], p.parts[-3]) for p in images}
    for path in images:
        ds = dcmread(path)
        assert (ds.PatientID, ds.StudyInstanceUID) == (path.parts[-4], path.parts[-3])
    labels = list(csv.DictReader((data / "labels.csv").open()))
    assert {(row["patient"], row["study"]) for row in labels} == studies
    assert {row[PNEUMOTHORAX] for row in labels} == {"1"}  # present (tension pneumothorax rolls up)
    reports = [json.loads(line) for line in (data / "reports.jsonl").read_text().splitlines()]
    assert {(r["patient"], r["study"]) for r in reports} == studies
    assert all("pneumothorax" in r["text"].lower() for r in reports)
    splits = dict(csv.reader((data / "splits.csv").open()))
    assert set(splits) - {"patient"} == {p for p, _ in studies}
    datalist = json.loads((data / "datalist.json").read_text())
    assert sum(len(datalist[k]) for k in ("training", "validation", "test")) == 14
    for key, items in datalist.items():
        assert all(splits[item["patient"]] == {"training": "train"}.get(key, key) for item in items)
    for path in data.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            assert not any(value.encode() in blob for value in PHI), path.name


def test_data_files_are_byte_identical_for_the_same_inputs_and_any_number_of_workers(exported):
    root, *_ = exported
    one, two = root / "one" / "data", root / "two" / "data"
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)


def test_bad_requests_are_refused_and_write_nothing(exported, tmp_path):
    exported_to, _, env, definition = exported
    again = cleanroom("cohort", "export", definition, exported_to / "one", "--profile", "basic", env=env)
    assert again.returncode == 2 and "new or empty folder" in again.stderr
    unknown = cleanroom("cohort", "export", definition, tmp_path / "three", "--profile", "basic",
                        "--outputs", "dicom,mp4", env=env)
    assert unknown.returncode == 2 and "outputs must be some of" in unknown.stderr and not (tmp_path / "three").exists()
    (tmp_path / "taken.zip").write_bytes(b"another package")
    zipped = cleanroom("cohort", "export", definition, tmp_path / "taken", "--profile", "basic", "--zip", env=env)
    assert zipped.returncode == 2 and "taken.zip exists already" in zipped.stderr
    assert (tmp_path / "taken.zip").read_bytes() == b"another package" and not (tmp_path / "taken").exists()
    (tmp_path / "a-file").write_text("")
    blocked = cleanroom("cohort", "export", definition, tmp_path / "a-file" / "package", "--profile", "basic", env=env)
    assert blocked.returncode == 1 and "could not write its files (Not a directory)" in blocked.stderr
    no_converter = cleanroom("cohort", "export", definition, tmp_path / "four", "--profile", "basic",
                             "--outputs", "nifti", env={**env, "PATH": str(tmp_path / "no-tools")})
    assert no_converter.returncode == 1 and "NIfTI output needs dcm2niix" in no_converter.stderr
    nothing = tmp_path / "nothing.json"
    nothing.write_text(json.dumps({"modalities": ["NM"]}))
    empty = cleanroom("cohort", "export", nothing, tmp_path / "five", "--profile", "basic", env=env)
    assert empty.returncode == 2 and "selects no images" in empty.stderr
    assert not any((tmp_path / name).exists() for name in ("four", ".four.partial", "five", ".five.partial"))
    assert "Traceback" not in "".join(r.stderr for r in (again, unknown, zipped, blocked, no_converter, empty))


def test_nifti_per_series_and_png_per_instance_are_derived_reproducibly(services, tmp_path):
    import gzip

    from PIL import Image

    build_archive(services, tmp_path / "archive")
    env = base_overrides(tmp_path)
    definition = tmp_path / "def.json"
    definition.write_text(json.dumps({"modalities": ["MR"]}))
    for name in ("one", "two"):
        run = cleanroom("cohort", "export", definition, tmp_path / name, "--profile", "basic",
                        "--outputs", "nifti,png,labels", env=env)
        assert run.returncode == 0, run.stderr
    data = tmp_path / "one" / "data"
    assert not (data / "dicom").exists()
    volumes, images = sorted((data / "nifti").rglob("*.nii.gz")), sorted((data / "png").rglob("*.png"))
    assert len(volumes) == len(images) == 5  # five MR studies of one single-slice series each
    assert json.loads((data / "manifest.json").read_text())["counts"]["series_without_nifti"] == 0
    assert gzip.decompress(volumes[0].read_bytes())[344:348] in (b"n+1\x00", b"ni1\x00")  # a NIfTI-1 header
    picture = Image.open(images[0])
    assert picture.mode == "L" and min(picture.size) > 8 and len(set(picture.getdata())) > 16
    for path in volumes + images:
        assert path.read_bytes() == (tmp_path / "two" / "data" / path.relative_to(data)).read_bytes()
    # Without DICOM in the package, a study's datalist image is its volume (a MONAI loader reads it as it is).
    datalist = json.loads((data / "datalist.json").read_text())
    items = [item for key in ("training", "validation", "test") for item in datalist[key]]
    assert sorted(item["image"] for item in items) == [str(path.relative_to(data)) for path in volumes]
    assert all(item["image"] == f"nifti/{item['patient']}/{item['study']}/" + Path(item["image"]).name
               for item in items)


def test_a_window_no_viewer_can_apply_gives_a_full_range_png(services, tmp_path):
    from PIL import Image

    # Some devices write a window width of 0; the PNG then shows the full range, as a viewer would.
    build_archive(services, tmp_path / "archive", [(1, "CT", "CHEST", "19700101", "IMPRESSION: Normal.")],
                  WindowCenter=40, WindowWidth=0)
    definition = tmp_path / "def.json"
    definition.write_text(json.dumps({"modalities": ["CT"]}))
    run = cleanroom("cohort", "export", definition, tmp_path / "out", "--profile", "basic", "--outputs", "png",
                    env=base_overrides(tmp_path))
    assert run.returncode == 0, run.stderr
    (image,) = (tmp_path / "out" / "data" / "png").rglob("*.png")
    assert len(set(Image.open(image).getdata())) > 16


def test_studies_whose_files_are_gone_since_indexing_are_left_out_and_counted(services, tmp_path):
    build_archive(services, tmp_path / "archive", [(2, "CT", "CHEST", "19700101", "IMPRESSION: Normal.")])
    for path in (tmp_path / "archive" / "dicom").iterdir():
        path.unlink()  # the archive moved after it was indexed
    definition = tmp_path / "def.json"
    definition.write_text(json.dumps({"modalities": ["CT"]}))
    run = cleanroom("cohort", "export", definition, tmp_path / "out", "--profile", "basic", "--json",
                    env=base_overrides(tmp_path))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout.splitlines()[-1])["studies_left_out"] == 2
    manifest = json.loads((tmp_path / "out" / "data" / "manifest.json").read_text())
    assert manifest["counts"]["studies"] == 0 and manifest["quarantined"] == {"unreadable": 2}
    assert bagit.Bag(str(tmp_path / "out")).is_valid()


def test_splits_are_patient_level_and_stratified_on_the_first_label(exported):
    root, *_ = exported
    data = root / "one" / "data"
    manifest = json.loads((data / "manifest.json").read_text())
    assert manifest["split_sizes"] == {"train": 10, "validation": 2, "test": 2}  # 14 patients, 70/15/15
    assert manifest["prevalence"][PNEUMOTHORAX] == {"present": 14, "uncertain": 0, "absent": 0, "unmentioned": 0}
    card = (data / "README.md").read_text()
    assert "| RID5352 | pneumothorax | 14 | 0 | 0 | 0 |" in card


def test_a_patients_reports_and_images_shift_dates_alike_when_files_carry_an_issuer(services, tmp_path):
    from datetime import date, datetime

    issuer = "SYNTHGENERAL-MRN"
    build_archive(services, tmp_path / "archive", [(3, "CT", "CHEST", "19700101", "IMPRESSION: No pneumothorax.")],
                  report_prefix=f"Exam date 05/02/2018. MRN issued by {issuer}. ", IssuerOfPatientID=issuer)
    definition = tmp_path / "def.json"
    definition.write_text(json.dumps({"modalities": ["CT"]}))
    run = cleanroom("cohort", "export", definition, tmp_path / "out", "--profile", "research",
                    "--outputs", "dicom,reports", env=base_overrides(tmp_path))
    assert run.returncode == 0, run.stderr
    data, taken = tmp_path / "out" / "data", date(2018, 5, 2)
    reports = [json.loads(line) for line in (data / "reports.jsonl").read_text().splitlines()]
    assert len(reports) == 3
    for report in reports:
        image = dcmread(next((data / "dicom" / report["patient"] / report["study"]).rglob("*.dcm")))
        image_shift = datetime.strptime(image.StudyDate, "%Y%m%d").date() - taken
        written = re.search(r"Exam date (\d\d/\d\d/\d{4})", report["text"]).group(1)
        assert datetime.strptime(written, "%m/%d/%Y").date() - taken == image_shift
        assert image_shift.days != 0 and "IssuerOfPatientID" not in image and issuer not in report["text"]


def test_the_datalist_loads_as_monai_loads_a_decathlon_datalist(exported):
    """MONAI's `load_decathlon_datalist` rules: lists of dicts, `image` relative to the datalist's folder, existing."""
    root, *_ = exported
    data = root / "one" / "data"
    datalist = json.loads((data / "datalist.json").read_text())
    items = []
    for key in ("training", "validation", "test"):  # MONAI also reads "validation" and "test" as item lists
        assert isinstance(datalist[key], list) and all(isinstance(item, dict) for item in datalist[key])
        items += datalist[key]
    for item in items:
        image = Path(os.path.normpath(data / item["image"]))
        assert image.is_dir() and any(image.rglob("*.dcm"))
        # Other string values stay as they are unless they name an existing path: none of them may.
        assert not any((data / value).exists() for value in item.values() if isinstance(value, str)
                       and value != item["image"])
        assert set(item["label"].values()) <= {"1", "0", "-1", None}
    assert len(items) == 14


def test_an_interrupted_export_records_each_file_it_quarantined_once_when_it_finishes(services, tmp_path):
    from app.cohorts.definition import parse_definition
    from app.deid.quarantined import SOURCE_COLUMN
    from app.exports.package import Engines, ExportPlan, export_cohort
    from app.ingest.folder import ingest_dicom
    from app.models import AuditEvent, QuarantinedFile
    from tests.dicom_factory import burned_in, to_bytes

    # Two studies that cannot be released under `basic` (burned-in text, no pixel cleaning) come first.
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for number in range(2):
        (incoming / f"{number}.dcm").write_bytes(to_bytes(burned_in()))
    ingest_dicom(services.db, services.sealer(), [incoming])
    build_archive(services, tmp_path / "archive", [(3, "CT", "CHEST", "19700101", "IMPRESSION: No pneumothorax.")])
    runs, ontology = services.runs(), services.ontology()
    plan = ExportPlan(parse_definition({"modalities": ["CT"]}), tmp_path / "package")

    def export(stop_after: int | None):
        def progress(done: int, total: int) -> None:
            if done == stop_after:  # the two quarantining studies are finished and journaled by now
                raise KeyboardInterrupt
        return runs.export("basic", lambda engines: export_cohort(services.db, services.sealer(), plan,
                                                                  Engines.for_export(engines, ontology), progress),
                           actor="test", resumable=True)

    with pytest.raises(KeyboardInterrupt):
        export(stop_after=3)
    summary = export(stop_after=None)
    assert summary.studies_resumed == 2 and summary.quarantined == {"pixels_not_cleaned": 2}
    with services.db.session() as session:
        events = session.query(AuditEvent).filter_by(action="cohort.export").order_by(AuditEvent.id).all()
        rows = session.query(QuarantinedFile).all()
    assert [(event.outcome, json.loads(event.details).get("error")) for event in events] == [
        ("failed", "KeyboardInterrupt"), ("ok", None)]
    sources = sorted(services.sealer().open(row.source_sealed, SOURCE_COLUMN) for row in rows)
    assert sources == [str(incoming / "0.dcm"), str(incoming / "1.dcm")]
    assert {row.run_event_id for row in rows} == {events[1].id}  # recorded by the run that finished the export


ACCEPTING_PROFILE = """name: accept-burned-in
version: 1
extends: basic
description: Basic, but files at risk of burned-in text are released as they are (image output tests only).
dicom:
  burned_in_text: accept
"""


def test_nifti_of_an_rle_rgb_ultrasound_cine_is_the_same_bytes_every_time(services, tmp_path):
    import hashlib
    import shutil

    from app.ingest.folder import ingest_dicom
    from tests.dicom_factory import instance, rle_ultrasound_cine, to_bytes

    profiles = tmp_path / "profiles"
    shutil.copytree(Path(__file__).resolve().parents[2] / "profiles", profiles)
    (profiles / "accept-burned-in.yaml").write_text(ACCEPTING_PROFILE)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    cine = rle_ultrasound_cine(frames=6)
    (incoming / "cine.dcm").write_bytes(to_bytes(cine))
    # A structured report in the same study: no volume can be made of it, and the package says so.
    (incoming / "sr.dcm").write_bytes(to_bytes(instance(cine.StudyInstanceUID, modality="SR", template="test-SR.dcm")))
    ingest_dicom(services.db, services.sealer(), [incoming])
    definition = tmp_path / "def.json"
    definition.write_text(json.dumps({}))
    env = {**base_overrides(tmp_path), "CLEANROOM_PROFILES_DIR": str(profiles)}
    digests = set()
    for name in ("one", "two", "three"):
        run = cleanroom("cohort", "export", definition, tmp_path / name, "--profile", "accept-burned-in",
                        "--outputs", "dicom,nifti", env=env)
        assert run.returncode == 0, run.stderr
        (volume,) = (tmp_path / name / "data" / "nifti").rglob("*.nii.gz")
        digests.add(hashlib.sha256(volume.read_bytes()).hexdigest())
    assert len(digests) == 1  # every frame decoded (tests/unit/exports/test_images.py checks which)
    data = tmp_path / "one" / "data"
    assert json.loads((data / "manifest.json").read_text())["counts"]["series_without_nifti"] == 1
    assert "Series without a NIfTI volume (dcm2niix could not make one, as of a structured report): 1." in (
        data / "README.md").read_text()
