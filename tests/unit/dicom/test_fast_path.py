"""The scanner path writes exactly what the pydicom reference path writes, file for file, under every profile.

The header path is compared on whole corpora under every shipped profile with its pixels left unread
(`pixels.scan: none`, burned-in text accepted), so at-risk files go through the scanner too instead of
OCR; the pixel-cleaning profiles themselves are compared on a few files that OCR does read.
"""
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from pydicom import dcmread
from pydicom.data import get_testdata_files

from app.deid.pipeline import deidentify_bytes, deidentify_parsed
from app.dicom.errors import NotDicom, Quarantined
from app.dicom.policy import Policy
from app.dicom.scan import scan_file
from app.dicom.transform import HeaderTransformer
from app.pixels.risk import burned_in_risk, scans_pixels, unlabelled_projection
from app.profiles import ProfileLibrary
from tests.synth.dicom_corpus import generate_corpus
from tests.dicom_factory import instance, to_bytes
from tests.unit.dicom.conftest import KEYS, PIXEL_PROFILES
from tests.unit.dicom.conftest import PROFILES as CONFTEST_PROFILES

PROFILES = ["basic", "research", "limited-data-set"]
PYDICOM_FILES = sorted(f for f in get_testdata_files() if Path(f).is_file())


def _outcome(run, data: bytes, transformer):
    try:
        result = run(data, transformer)
    except NotDicom:
        return "not_dicom"
    except Quarantined as exc:
        return f"quarantined:{exc.code}"
    return (result.data, result.pseudonym, result.study_uid, result.series_uid, result.sop_instance_uid,
            result.source_sop_instance_uid)


def _assert_same(data: bytes, transformer) -> None:
    assert _outcome(deidentify_bytes, data, transformer) == _outcome(deidentify_parsed, data, transformer)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generate_corpus(tmp_path_factory.mktemp("corpus"), patients=3, seed=5)


@pytest.mark.parametrize("profile", PROFILES)
def test_same_output_on_pydicoms_test_files(header_transformer, profile):
    for path in PYDICOM_FILES:
        _assert_same(Path(path).read_bytes(), header_transformer(profile))


@pytest.mark.parametrize("profile", PROFILES)
def test_same_output_on_the_synthetic_corpus(header_transformer, profile, corpus):
    scanned = 0
    for record in corpus.files:
        data = (corpus.corpus_dir / record["path"]).read_bytes()
        scanned += scan_file(data) is not None
        _assert_same(data, header_transformer(profile))
    assert scanned >= len(corpus.dicom_files) // 2  # the scanner path is the one mostly taken


@pytest.mark.parametrize("profile", PROFILES)
def test_same_output_on_phi_laden_instances(header_transformer, profile):
    for template in ("CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "waveform_ecg.dcm"):
        data = to_bytes(instance(template=template))
        _assert_same(data, header_transformer(profile))


@pytest.mark.ocr
@pytest.mark.parametrize("profile", PIXEL_PROFILES)
def test_same_output_where_pixel_cleaning_reads_the_pixels(transformer, profile, corpus):
    """A file read by OCR is declined by the scanner, and both paths write the same cleaned bytes."""
    reasons = {}
    for record in corpus.files:
        data = (corpus.corpus_dir / record["path"]).read_bytes()
        if scan_file(data) is None:
            continue
        ds = dcmread(corpus.corpus_dir / record["path"])
        reason = "at_risk" if burned_in_risk(ds) else "projection" if unlabelled_projection(ds) else None
        if reason and reason not in reasons:
            reasons[reason] = data
    assert set(reasons) == {"at_risk", "projection"}
    for reason, data in reasons.items():
        assert scans_pixels(transformer(profile).policy.profile.document.pixels, reason)
        _assert_same(data, transformer(profile))


def test_output_is_deterministic_and_scanned(transformer):
    data = to_bytes(instance())
    assert scan_file(data) is not None
    assert deidentify_bytes(data, transformer("basic")).data == deidentify_bytes(data, transformer("basic")).data


def test_an_element_emptied_before_its_overlay_group_is_dropped_goes_with_the_group(tmp_path):
    """A scanned top level empties its elements after the walk: one in an overlay group dropped meanwhile stays out."""
    document = yaml.safe_load((CONFTEST_PROFILES / "basic.yaml").read_text())
    document["dicom"]["overrides"]["(6000,0022)"] = "Z"  # OverlayDescription, before the group's OverlayData (X)
    (tmp_path / "basic.yaml").write_text(yaml.safe_dump(document))
    transformer = HeaderTransformer(Policy(ProfileLibrary(tmp_path).get("basic")), KEYS)
    ds = instance()
    ds.add_new(0x60000010, "US", 2)
    ds.add_new(0x60000011, "US", 2)
    ds.add_new(0x60000022, "LO", "annotated by Dr Thistlewood")
    ds.add_new(0x60000040, "CS", "G")
    ds.add_new(0x60000050, "SS", [1, 1])
    ds.add_new(0x60000100, "US", 1)
    ds.add_new(0x60000102, "US", 0)
    ds.add_new(0x60003000, "OW", b"\x0f\x00")
    data = to_bytes(ds)
    assert scan_file(data) is not None
    _assert_same(data, transformer)
    out = dcmread(BytesIO(deidentify_bytes(data, transformer).data))
    assert 0x00100010 in out and not [tag for tag in out.keys() if tag >> 16 == 0x6000]
