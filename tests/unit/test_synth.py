"""The synthetic corpus, its ground truth, the reports and the leak/reference checkers."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pydicom
import pytest

from tests.synth import phi as K
from tests.synth.dicom_corpus import SYNTH_UID_PREFIX, CorpusManifest, generate_corpus
from tests.synth.leaks import Leak, find_leaks, find_unresolved_references, iter_references
from tests.synth.phi import PhiFactory, PhiValue, phi_digest, stop_words
from tests.synth.reports import generate_reports

SMALL = dict(patients=4, seed=11, instances_per_series=(2, 3), rt_fraction=1.0)
UNCOMPRESSED = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.5"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> CorpusManifest:
    return generate_corpus(tmp_path_factory.mktemp("synth") / "out", **SMALL)


@pytest.fixture(scope="module")
def raw_leaks(corpus) -> list[Leak]:
    return find_leaks(corpus.corpus_dir, corpus.phi_values())


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------- generator
def test_same_seed_gives_identical_manifest_and_files(tmp_path, corpus):
    again = generate_corpus(tmp_path / "again", **SMALL)
    assert again.manifest_path.read_bytes() == corpus.manifest_path.read_bytes()
    assert _tree_digest(again.corpus_dir) == _tree_digest(corpus.corpus_dir)
    other = generate_corpus(tmp_path / "other", **{**SMALL, "seed": 12})
    assert other.manifest_path.read_bytes() != corpus.manifest_path.read_bytes()


def test_manifest_round_trips_and_counts_match(corpus):
    loaded = CorpusManifest.load(corpus.root)
    assert loaded.data == corpus.data
    counts = corpus.data["counts"]
    assert counts["files"] == len(corpus.files) == sum(1 for p in corpus.corpus_dir.rglob("*") if p.is_file())
    assert {f["kind"] for f in corpus.files} == {"dicom", "non_dicom", "broken"}
    assert not (corpus.corpus_dir / "manifest.json").exists()  # ground truth stays out of the ingest folder


def test_every_dicom_file_rereads_with_its_recorded_uids(corpus):
    for record in corpus.dicom_files:
        ds = pydicom.dcmread(corpus.corpus_dir / record["path"])
        assert ds.SOPInstanceUID == record["sop_instance_uid"]
        assert ds.file_meta.MediaStorageSOPInstanceUID == record["sop_instance_uid"]
        assert ds.SOPClassUID == record["sop_class_uid"]
        assert ds.StudyInstanceUID == record["study_instance_uid"]
        assert ds.SeriesInstanceUID == record["series_instance_uid"]
        assert ds.get("FrameOfReferenceUID") == record["frame_of_reference_uid"]
        for keyword, value in record["preserve"].items():
            got = ds[keyword].value
            got = [str(v) for v in got] if isinstance(value, list) else (got if isinstance(value, int) else str(got))
            assert got == value, (record["path"], keyword)
        if "PixelData" in ds and str(ds.file_meta.TransferSyntaxUID) in UNCOMPRESSED:
            assert ds.pixel_array.size > 0


def test_non_dicom_and_broken_files_are_what_the_manifest_says(corpus):
    for record in corpus.files:
        data = (corpus.corpus_dir / record["path"]).read_bytes()
        if record["kind"] == "broken":
            assert len(data) in (0, 300)
        elif record["kind"] == "non_dicom":
            assert data[128:132] != b"DICM"


def test_generated_uids_all_use_the_synthetic_root(corpus):
    from pydicom.uid import UID_dictionary

    for record in corpus.dicom_files:
        ds = pydicom.dcmread(corpus.corpus_dir / record["path"])
        for elem in ds.iterall():
            if elem.VR == "UI" and elem.value:
                for uid in elem.value if elem.VM > 1 else [elem.value]:
                    assert uid in UID_dictionary or uid.startswith(SYNTH_UID_PREFIX), (record["path"], elem.keyword)


def test_corpus_covers_the_adversarial_cases(corpus):
    wheres = {e["where"] for f in corpus.files for e in f["phi"]}
    for needed in (
        "PatientName",
        "OtherPatientIDsSequence[1].PatientID",
        "RequestAttributesSequence[0].AccessionNumber",
        "ReferencedPatientSequence[0].PatientName",
        "ContentSequence[5].ContentSequence[1].ContentSequence[0].PersonName",
        "private:ACME WORKFLOW 2:0013,1001[0].PatientName",
        "private:ACME WORKFLOW 2:0013,1001[0].private:ACME WORKFLOW 2:0013,1003[0].private:ACME WORKFLOW 2:0013,1004",
        "private:XYZ LEGACY:0015,1001",
        "OverlayDescription@6000",
        "BeamSequence[0].InstitutionName",
        "SourceApplicationEntityTitle",
    ):
        assert needed in wheres, needed
    assert any(w.startswith("private:ACME CORP 1.0:0011,10") for w in wheres)
    assert any(w.startswith("private:ACME CORP 1.0:0011,12") for w in wheres)  # the block moves
    roles = {f.get("role") for f in corpus.dicom_files}
    assert {"rtstruct", "rtplan", "rtdose", "localizer", "axial"} <= roles
    assert any(f["safe_private"] for f in corpus.dicom_files)
    syntaxes = {f["transfer_syntax"] for f in corpus.dicom_files}
    assert len(syntaxes) >= 3


def test_burned_in_risk_is_marked_with_and_without_the_attribute(tmp_path):
    m = generate_corpus(tmp_path / "us", patients=6, seed=5, modalities=("US", "CT"), instances_per_series=(1, 2))
    risky = [f for f in m.dicom_files if f["burned_in_risk"]]
    assert any(f["burned_in_annotation"] == "YES" for f in risky)
    assert any(f["burned_in_annotation"] is None for f in risky)
    assert any(f["pixel_text"] for f in m.dicom_files if f["modality"] == "US")
    assert not any(f["burned_in_risk"] for f in m.dicom_files if f["role"] == "axial")


def test_phi_values_are_distinctive_and_studies_span_years(corpus):
    words = stop_words()
    for entry in corpus.data["phi"]:
        if entry["kind"] == K.PERSON_NAME:
            for part in re.split(r"[^A-Za-z]+", entry["value"]):
                if len(part) >= 4:
                    assert part.lower() not in words, part
        if entry["search"]:
            assert len(entry["value"]) >= 4, entry["kind"]
    for patient in corpus.patients:
        dates = sorted(s["study_date"] for s in corpus.studies if s["patient"]["key"] == patient["key"])
        assert all(dates)
    intervals = [s["interval_days"] for s in corpus.studies if s["interval_days"] is not None]
    assert intervals and max(intervals) >= 30


def test_phi_factory_is_seeded_and_ids_mix_letters_and_digits():
    a, b = PhiFactory(3), PhiFactory(3)
    pa, pb = a.patient(a.institution()), b.patient(b.institution())
    assert pa == pb
    assert re.fullmatch(r"[A-Z]{2}\d{6}[A-Z]", pa.mrn)
    factory = PhiFactory(4)
    inst = factory.institution()
    people = [factory.patient(inst) for _ in range(30)]
    assert len({p.name.family for p in people}) == 30
    assert len({p.mrn for p in people}) == 30
    assert all(len(p.name.given) >= 4 and len(p.name.family) >= 5 for p in people)


# --------------------------------------------------------------------------- leak checker
def test_find_leaks_on_the_raw_corpus_finds_every_injected_value(corpus, raw_leaks):
    at = defaultdict(set)
    anywhere = defaultdict(set)
    for leak in raw_leaks:
        at[(leak.file, leak.location)].add(leak.digest)
        anywhere[leak.file].add(leak.digest)
    checked = 0
    for record in corpus.files:
        for entry in record["phi"]:
            if entry["kind"] in K.NOT_SEARCHED_BY_DEFAULT:
                continue
            digest = phi_digest(entry["value"])
            if record["kind"] == "dicom":
                assert digest in at[(record["path"], entry["where"])], (record["path"], entry["where"], entry["kind"])
            else:
                assert digest in anywhere[record["path"]], (record["path"], entry["kind"])
            checked += 1
    assert checked > 1000


def test_every_full_value_hit_on_the_raw_corpus_is_in_the_manifest(corpus, raw_leaks):
    # The reverse direction: the manifest misses no injected multi-part value (names, IDs, addresses).
    values = {v.digest: v.value for v in corpus.phi_values()}
    recorded = defaultdict(list)
    dicom_paths = {f["path"] for f in corpus.dicom_files}
    for record in corpus.files:
        for entry in record["phi"]:
            recorded[(record["path"], entry["where"])].append(entry["value"].lower())
    for leak in raw_leaks:
        value = values[leak.digest]
        if leak.match != "value" or leak.file not in dicom_paths or re.fullmatch(r"[A-Za-z'-]+", value):
            continue  # lone name tokens legitimately occur inside other people's names
        assert any(value.lower() in r for r in recorded[(leak.file, leak.location)]), (
            leak.file,
            leak.location,
            leak.kind,
        )


def test_leak_reports_never_show_the_value(corpus, raw_leaks):
    values = [v.value for v in corpus.phi_values()]
    sample = raw_leaks[:: max(1, len(raw_leaks) // 200)]
    for leak in sample:
        text = str(leak) + repr(leak)
        assert leak.digest in text
        value = [v for v in values if phi_digest(v) == leak.digest][0]
        assert value.lower() not in text.lower()
    path_leaks = [leak for leak in raw_leaks if leak.location == "<path>"]
    assert path_leaks and all(leak.file not in str(leak) for leak in path_leaks)
    assert "Whitfield" not in repr(PhiValue("Whitfield^Arabella", K.PERSON_NAME))


def test_blanked_patient_name_is_no_longer_reported_there(corpus, tmp_path):
    record = next(f for f in corpus.dicom_files if f["modality"] == "CT" and f["role"] == "axial")
    ds = pydicom.dcmread(corpus.corpus_dir / record["path"])
    name = str(ds.PatientName)
    ds.PatientName = ""
    target = tmp_path / "copy" / "one.dcm"
    target.parent.mkdir()
    ds.save_as(target, enforce_file_format=True)
    name_value = PhiValue(name, K.PERSON_NAME, record["patient"])
    leaks = find_leaks(target.parent, [name_value, PhiValue(str(ds.PatientID), K.IDENTIFIER)])
    assert not [leak for leak in leaks if leak.location == "PatientName"]
    assert [leak for leak in leaks if leak.location == "PatientID"]  # the checker still sees what is left
    before = find_leaks(corpus.corpus_dir / record["path"], [name_value])
    assert [leak for leak in before if leak.location == "PatientName"]


def test_clean_file_has_no_leaks_but_a_name_in_a_private_tag_is_found(corpus, tmp_path):
    record = corpus.dicom_files[0]
    src = pydicom.dcmread(corpus.corpus_dir / record["path"])
    clean = pydicom.Dataset()
    clean.file_meta = pydicom.dataset.FileMetaDataset()
    clean.file_meta.TransferSyntaxUID = pydicom.uid.ExplicitVRLittleEndian
    clean.file_meta.MediaStorageSOPClassUID = src.SOPClassUID
    clean.file_meta.MediaStorageSOPInstanceUID = "2.25.1"
    clean.SOPClassUID, clean.SOPInstanceUID = src.SOPClassUID, "2.25.1"
    clean.Modality, clean.PatientName, clean.PatientID = src.Modality, "ANON^0001", "ANON0001"
    out = tmp_path / "clean"
    out.mkdir()
    clean.save_as(out / "a.dcm", enforce_file_format=True)
    assert find_leaks(out, corpus.phi_values()) == []
    clean.add_new(0x00290010, "LO", "SOMEBODY")
    payload = f"note {src.PatientName.family_name}".encode()
    clean.add_new(0x00291001, "UN", payload + b" " * (len(payload) % 2))
    clean.save_as(out / "a.dcm", enforce_file_format=True)
    hits = find_leaks(out, [PhiValue(str(src.PatientName), K.PERSON_NAME)])
    assert [leak.location for leak in hits] == ["private:SOMEBODY:0029,1001"]
    assert hits[0].match == "name_component"


# --------------------------------------------------------------------------- references
def test_references_in_the_raw_corpus_all_resolve(corpus):
    assert find_unresolved_references(corpus.corpus_dir) == []
    kinds = defaultdict(int)
    for record in corpus.dicom_files:
        for ref in record["references"]:
            kinds[ref["type"]] += 1
            assert ref["resolves"] == (ref["type"] != "external"), ref
    assert {"instance", "series", "study", "frame_of_reference", "external"} <= set(kinds)


def test_removing_a_referenced_file_is_detected(corpus, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(corpus.corpus_dir, copy)
    localizer = next(f for f in corpus.dicom_files if f["role"] == "localizer")
    (copy / localizer["path"]).unlink()
    problems = find_unresolved_references(copy)
    assert problems and all(p.uid == localizer["sop_instance_uid"] for p in problems)
    assert {p.location for p in problems} == {"ReferencedImageSequence[0].ReferencedSOPInstanceUID"}


def test_dangling_input_references_are_tolerated_only_with_the_manifest(tmp_path):
    m = generate_corpus(
        tmp_path / "d",
        patients=4,
        seed=21,
        instances_per_series=(1, 2),
        dangling_references=True,
        modalities=("CT", "MR"),
    )
    dangling = [r for f in m.dicom_files for r in f["references"] if r["type"] != "external" and not r["resolves"]]
    assert dangling
    assert find_unresolved_references(m.corpus_dir, m) == []
    assert {p.uid for p in find_unresolved_references(m.corpus_dir)} == {r["uid"] for r in dangling}


def test_iter_references_reads_private_sequences_in_implicit_vr(corpus):
    implicit = [
        f
        for f in corpus.dicom_files
        if f["transfer_syntax"] == "1.2.840.10008.1.2"
        and any(e["where"].startswith("private:ACME WORKFLOW 2") for e in f["phi"])
    ]
    for record in implicit:
        ds = pydicom.dcmread(corpus.corpus_dir / record["path"])
        wheres = {w for w, _, _ in iter_references(ds)}
        assert "private:ACME WORKFLOW 2:0013,1001[0].StudyInstanceUID" in wheres


# --------------------------------------------------------------------------- reports
def test_reports_have_sections_and_embedded_phi(corpus):
    reports = generate_reports(corpus.studies, seed=3)
    assert len(reports) == len(corpus.studies)
    assert reports == generate_reports(corpus.studies, seed=3)
    for report, study in zip(reports, corpus.studies, strict=True):
        text = report["text"]
        for section in ("COMPARISON:", "TECHNIQUE:", "FINDINGS:", "IMPRESSION:", "Electronically signed by"):
            assert section in text
        assert "HISTORY:" in text or "INDICATION:" in text
        assert report["patient"]["mrn"] == study["patient"]["mrn"] and report["patient"]["mrn"] in text
        assert report["study_instance_uid"] == study["study_instance_uid"]
        assert "Dr. " in text
        for item in report["phi"]:
            assert item["value"] in text
    many = " ".join(r["text"] for r in generate_reports(60, seed=9))
    assert re.search(r"\bNo (pleural effusion|pneumothorax|hydronephrosis|acute)", many)
    assert re.search(r"\b(Possible|Questionable)\b", many)


def test_uid_values_match_whole_uids_only(corpus, tmp_path):
    record = corpus.dicom_files[0]
    uid = record["sop_instance_uid"]
    out = tmp_path / "u"
    out.mkdir()
    (out / "a.txt").write_text(f"ref={uid}9 other={uid[:-1]}\n")
    assert find_leaks(out, [PhiValue(uid, K.UID)]) == []
    (out / "b.txt").write_text(f"ref={uid};\n")
    assert [leak.file for leak in find_leaks(out, [PhiValue(uid, K.UID)])] == ["b.txt"]
    assert {v.value for v in corpus.uid_values()} >= {uid, record["study_instance_uid"]}
