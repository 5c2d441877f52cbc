"""One file through the header engine: PHI gone, clinical data kept, identity consistent, bad input refused."""
from io import BytesIO

import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset

from app.deid.pipeline import deidentify_bytes
from app.dicom.errors import NotDicom, Quarantined
from tests.dicom_factory import ACCESSION, FAMILY, MRN, PHI_STRINGS, instance, to_bytes


def _run(transformer, profile, ds):
    result = deidentify_bytes(to_bytes(ds), transformer(profile))
    return result, dcmread(BytesIO(result.data))


def _all_text(ds: Dataset) -> str:
    parts = []
    for element in ds.iterall():
        if element.VR not in ("OB", "OW", "SQ", "UN") and element.value is not None:
            parts.append(str(element.value))
    return "\n".join(parts)


@pytest.mark.parametrize("profile", ["basic", "research", "limited-data-set"])
def test_no_injected_phi_survives(transformer, profile):
    source = instance()
    result, out = _run(transformer, profile, source)
    text = _all_text(out).lower() + result.data.decode("latin-1").lower()
    for phi in PHI_STRINGS[:-1]:
        assert phi.lower() not in text, phi
    assert out.PatientName == out.PatientID == result.pseudonym
    assert out.PatientIdentityRemoved == "YES"
    assert out.DeidentificationMethod[1].startswith(f"{transformer(profile).policy.profile.label.split()[0]} sha256:")
    assert out.DeidentificationMethodCodeSequence[0].CodeValue == "113100"
    assert out.file_meta.MediaStorageSOPInstanceUID == out.SOPInstanceUID != source.SOPInstanceUID
    assert out.file_meta.ImplementationVersionName.startswith("CLEANROOM")
    assert "OtherPatientIDsSequence" not in out
    safe = transformer(profile).policy.safe_private
    for element in out.iterall():
        if element.tag.is_private and element.tag.element >= 0x1000:
            creator = out[(element.tag.group << 16) | (element.tag.element >> 8)].value
            assert safe is not None and safe.is_safe(creator, element.tag.group, element.tag.element & 0xFF)


def test_clinical_attributes_and_pixels_are_kept_unchanged(transformer):
    source = instance()
    _, out = _run(transformer, "research", source)
    for keyword in ("Rows", "Columns", "Modality", "PixelSpacing", "SliceThickness", "KVP", "BitsStored",
                    "RescaleIntercept", "ImageType", "PatientSex"):
        assert out[keyword].value == source[keyword].value, keyword
    assert out.PixelData == source.PixelData
    assert out.file_meta.TransferSyntaxUID == source.file_meta.TransferSyntaxUID


@pytest.mark.parametrize("template", ["MR_small_RLE.dcm", "MR_small_jpeg_ls_lossless.dcm", "rtdose_rle.dcm", "MR_small_implicit.dcm",
                                      "MR_small_bigendian.dcm"])
def test_transfer_syntax_and_pixel_bytes_survive(transformer, template):
    source = dcmread(get_testdata_file(template))
    result = deidentify_bytes(open(get_testdata_file(template), "rb").read(), transformer("research"))
    out = dcmread(BytesIO(result.data))
    assert out.file_meta.TransferSyntaxUID == source.file_meta.TransferSyntaxUID
    assert out.PixelData == source.PixelData


def test_same_patient_gets_same_pseudonym_shift_and_uids(transformer):
    study = "1.2.826.0.1.3680043.8.498.1"
    first = instance(study, study_date="20180301")
    second = instance(study, study_date="20200301")
    r1, o1 = _run(transformer, "research", first)
    r2, o2 = _run(transformer, "research", second)
    again, _ = _run(transformer, "research", first)
    assert r1.pseudonym == r2.pseudonym and r1.study_uid == r2.study_uid
    assert again.data == r1.data
    from datetime import date

    def as_date(v):
        return date(int(v[:4]), int(v[4:6]), int(v[6:]))
    assert (as_date(o2.StudyDate) - as_date(o1.StudyDate)).days == (date(2020, 3, 1) - date(2018, 3, 1)).days
    assert o1.StudyDate != "20180301"
    assert o1.LongitudinalTemporalInformationModified == "MODIFIED"


def test_references_are_remapped_consistently(transformer):
    target = instance()
    referring = instance(target.StudyInstanceUID)
    referring.ReferencedImageSequence[0].ReferencedSOPInstanceUID = target.SOPInstanceUID
    referring.FrameOfReferenceUID = target.FrameOfReferenceUID
    r_target, o_target = _run(transformer, "basic", target)
    _, o_ref = _run(transformer, "basic", referring)
    assert o_ref.ReferencedImageSequence[0].ReferencedSOPInstanceUID == o_target.SOPInstanceUID
    assert o_ref.FrameOfReferenceUID == o_target.FrameOfReferenceUID
    assert o_ref.ReferencedImageSequence[0].ReferencedSOPClassUID == target.SOPClassUID


def test_ages_over_89_capped_and_birth_date_dropped(transformer):
    _, out = _run(transformer, "research", instance(PatientAge="094Y", PatientBirthDate="19200101"))
    assert out.PatientAge == "090Y" and not out.PatientBirthDate
    _, lds = _run(transformer, "limited-data-set", instance(PatientAge="094Y"))
    assert lds.PatientAge == "094Y"


def test_basic_removes_dates_and_lds_keeps_them(transformer):
    _, basic = _run(transformer, "basic", instance())
    assert not basic.get("StudyDate") and not basic.get("SeriesDate")
    _, lds = _run(transformer, "limited-data-set", instance())
    assert lds.StudyDate == "20200115" and lds.AccessionNumber == ""


def test_a_device_date_moves_with_the_study_dates_when_dates_are_shifted(transformer):
    # Retain Device Identity keeps Date of Last Calibration, Modified Dates shifts it: a kept calibration
    # date (here the study day, as a real OsiriX file has it) would give the real study date away.
    ds = instance(DateOfLastCalibration="20200115", TimeOfLastCalibration="101500")
    _, research = _run(transformer, "research", ds)
    assert research.DateOfLastCalibration == research.StudyDate != "20200115"
    assert "20200115" not in _all_text(research)


def test_safe_private_kept_and_unsafe_removed(transformer):
    ds = instance()
    safe = ds.private_block(0x0019, "GEMS_ACQU_01", create=True)
    safe.add_new(0x23, "DS", "0.75")  # a GE acquisition parameter on Table E.3.10-1
    safe.add_new(0x99, "LO", f"{FAMILY} scan")  # same creator, element not on the list
    _, research = _run(transformer, "research", ds)
    block = research.private_block(0x0019, "GEMS_ACQU_01")
    assert research[block.get_tag(0x23)].value == 0.75
    assert block.get_tag(0x99) not in research
    assert not any("ACME" in str(e.value) for e in research.iterall() if e.tag.is_private)
    _, basic = _run(transformer, "basic", ds)
    assert not any(e.tag.is_private for e in basic.iterall())


def test_name_typed_into_kept_free_text_is_cleaned(transformer):
    ds = instance(ConvolutionKernel=f"{FAMILY} B30f")
    ds.ProcedureCodeSequence = [Dataset()]
    item = ds.ProcedureCodeSequence[0]
    item.CodeValue, item.CodingSchemeDesignator = "CTCHEST", "99LOCAL"
    item.CodeMeaning = f"CT chest per Dr. Thistlewood for {MRN}"
    _, out = _run(transformer, "research", ds)
    assert FAMILY not in str(out.ConvolutionKernel)
    assert out.ProcedureCodeSequence[0].CodeValue == "CTCHEST"
    assert "Thistlewood" not in out.ProcedureCodeSequence[0].CodeMeaning and out.ProcedureCodeSequence[0].CodeMeaning


def test_identifier_left_in_a_coded_attribute_is_quarantined(transformer):
    ds = instance(BodyPartExamined=FAMILY.upper())
    with pytest.raises(Quarantined) as error:
        deidentify_bytes(to_bytes(ds), transformer("research"))
    assert error.value.code == "known_phi_remains"
    assert FAMILY not in str(error.value)


@pytest.mark.parametrize("changes, reason", [
    ({"Modality": "US"}, "modality US"),
    ({"BurnedInAnnotation": "YES"}, "BurnedInAnnotation"),
    ({"SOPClassUID": "1.2.840.10008.5.1.4.1.1.7"}, "SOP class"),
])
def test_files_at_risk_of_burned_in_text_are_quarantined_without_clean_pixel_data(transformer, changes, reason):
    with pytest.raises(Quarantined) as error:
        deidentify_bytes(to_bytes(instance(**changes)), transformer("basic"))
    assert error.value.code == "pixels_not_cleaned" and reason in error.value.message


def test_a_radiograph_without_burned_in_annotation_is_released_without_clean_pixel_data(transformer):
    # Pixel-cleaning profiles read such radiographs; a profile that cannot clean pixels does not hold them back.
    out = deidentify_bytes(to_bytes(instance(modality="CR")), transformer("basic"))
    assert out.data


@pytest.mark.parametrize("data, error", [
    (b"just some text, not an image", NotDicom),
    (b"", NotDicom),
])
def test_non_dicom_is_refused(transformer, data, error):
    with pytest.raises(error):
        deidentify_bytes(data, transformer("basic"))


def test_truncated_dicom_is_quarantined_as_unreadable(transformer):
    data = to_bytes(instance())
    with pytest.raises(Quarantined) as error:
        deidentify_bytes(data[:1200], transformer("basic"))
    assert error.value.code in ("unreadable", "no_sop_identity")
    assert MRN not in str(error.value) and ACCESSION not in str(error.value)


def _site_transformer(tmp_path, name: str, body: str):
    """Return a transformer for a site profile `name` (YAML `body`) beside copies of the shipped ones."""
    import shutil

    from app.dicom.policy import Policy
    from app.dicom.transform import HeaderTransformer
    from app.profiles import ProfileLibrary
    from tests.unit.dicom.conftest import KEYS, PROFILES

    for path in PROFILES.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / f"{name}.yaml").write_text(f"name: {name}\nversion: 1\n" + body)
    return HeaderTransformer(Policy(ProfileLibrary(tmp_path).get(name)), KEYS)


def test_allow_list_profile_keeps_only_what_it_names(tmp_path):
    strict = _site_transformer(tmp_path, "strict", "description: high-risk export\nextends: basic\n"
                                                   "dicom:\n  default: allow_list\n  keep: [KVP, SliceThickness]\n")
    out = dcmread(BytesIO(deidentify_bytes(to_bytes(instance()), strict).data))
    assert out.KVP and out.SliceThickness and out.Rows and out.PixelData
    assert "Manufacturer" not in out and "PixelSpacing" not in out and "ImageType" in out


def test_retain_uids_keeps_original_uids(tmp_path):
    keep = _site_transformer(tmp_path, "keepuids", "description: x\nextends: basic\n"
                                                   "dicom:\n  options: [retain_uids]\n  uids: keep\n")
    source = instance()
    out = dcmread(BytesIO(deidentify_bytes(to_bytes(source), keep).data))
    assert out.SOPInstanceUID == source.SOPInstanceUID and out.StudyInstanceUID == source.StudyInstanceUID
    assert out.PatientName != source.PatientName
