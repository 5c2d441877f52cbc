"""Real files' oddities the header engine must write correctly (files from tests/data/dicom-real, see SOURCES.md)."""
import warnings
from io import BytesIO
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.uid import UID_dictionary, ImplicitVRLittleEndian, generate_uid

from app.deid.pipeline import deidentify_bytes
from app.dicom.errors import Quarantined
from app.dicom.method import CLEAN_PIXEL_DATA, agree_on_burned_in, method_elements
from app.dicom.readback import parse_problem, verify_output
from app.dicom.un_sequences import read_un_sequence
from tests.dicom_factory import instance, to_bytes

FILES = Path(__file__).resolve().parents[2] / "data" / "dicom-real" / "files"


def _read(name: str) -> bytes:
    return (FILES / name).read_bytes()


def _out(transformer, profile: str, name: str) -> Dataset:
    data = deidentify_bytes(_read(name), transformer(profile)).data
    assert parse_problem(data) == ""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return dcmread(BytesIO(data))


@pytest.mark.parametrize("name, syntax", [
    ("pydicom/ExplVR_BigEndNoMeta.dcm", "1.2.840.10008.1.2.2"),  # no preamble, no meta, big endian: was "not DICOM"
    ("pydicom/ExplVR_LitEndNoMeta.dcm", "1.2.840.10008.1.2.1"),  # no meta, explicit: was declared implicit
    ("derived/MR_small_jpeg_ls_two_meta_groups.dcm", "1.2.840.10008.1.2.4.80"),  # was declared explicit VR LE
])
def test_output_declares_the_syntax_its_data_set_is_encoded_in(transformer, name, syntax):
    out = _out(transformer, "basic", name)
    assert out.file_meta.TransferSyntaxUID == syntax
    assert out.original_encoding[:2] == (False, syntax != "1.2.840.10008.1.2.2")
    if "PixelData" in out:
        assert out.pixel_array.shape == (64, 64)


def test_file_meta_without_preamble_is_dicom(transformer):
    # JPEG-LS RGB written as file meta + data set, no preamble: read, then quarantined for lack of UIDs.
    with pytest.raises(Quarantined) as caught:
        deidentify_bytes(_read("pydicom-data/JLSN_RGB_ILV0.dcm"), transformer("basic"))
    assert caught.value.code == "no_sop_identity"


@pytest.mark.parametrize("profile", ["research", "limited-data-set"])
def test_device_serial_number_keeps_a_value_where_enhanced_mr_requires_one(transformer, profile):
    source = dcmread(FILES / "pydicom-data/emri_small.dcm")
    out = _out(transformer, profile, "pydicom-data/emri_small.dcm")
    assert out.DeviceSerialNumber and out.DeviceSerialNumber != source.DeviceSerialNumber


def test_emptied_type3_sequence_is_removed_but_type2_in_sr_stays(transformer):
    image = _out(transformer, "basic", "fo-dicom/GH1261.dcm")
    assert "ReferencedPerformedProcedureStepSequence" not in image
    report = _out(transformer, "basic", "dcmqi/sr.dcm")
    assert report.ReferencedPerformedProcedureStepSequence == []


def test_type2c_attributes_of_an_animal_are_emptied_not_removed(transformer):
    out = _out(transformer, "basic", "fo-dicom/mr_brucker.dcm")
    assert out.ResponsiblePerson == "" and out.ResponsibleOrganization == ""


def test_an_output_that_does_not_read_back_is_quarantined(transformer):
    data = deidentify_bytes(_read("pydicom/MR_small_jpeg_ls_lossless.dcm"), transformer("basic")).data
    verify_output(data)
    # A pad byte between the last fragment and the sequence delimiter, as pydicom's writer adds to an odd value.
    delimiter = data.rindex(b"\xfe\xff\xdd\xe0")
    with pytest.raises(Quarantined) as caught:
        verify_output(data[:delimiter] + b"\x00" + data[delimiter:])
    assert caught.value.code == "write_failed"


@pytest.mark.parametrize("name", ["pydicom/rtplan.dcm", "pydicom/MR_small_bigendian.dcm"])
def test_a_cut_output_is_quarantined_in_every_encoding(transformer, name):
    # Implicit VR and big endian, each walked by length in its own encoding: the last element loses its end.
    data = deidentify_bytes(_read(name), transformer("basic")).data
    verify_output(data)
    with pytest.raises(Quarantined) as caught:
        verify_output(data[:-3])
    assert caught.value.code == "write_failed"


def test_burned_in_annotation_and_clean_pixel_code_agree():
    elements = list(method_elements("research v2", [("113100", "Basic"), CLEAN_PIXEL_DATA], False).elements())
    proven = {e.keyword: e.value for e in agree_on_burned_in(elements, True, True)}
    assert proven["BurnedInAnnotation"] == "NO"
    assert CLEAN_PIXEL_DATA[0] in [item.CodeValue for item in proven["DeidentificationMethodCodeSequence"]]
    unread = {e.keyword: e.value for e in agree_on_burned_in(elements, True, False)}
    assert "BurnedInAnnotation" not in unread
    assert [item.CodeValue for item in unread["DeidentificationMethodCodeSequence"]] == ["113100"]
    assert agree_on_burned_in(elements, False, False) == elements


def _uids(ds: Dataset) -> set[str]:
    """Every UID value of a data set at any depth, inside sequences stored as UN too."""
    found = set()
    for element in ds:
        items = []
        if element.VR == "SQ":
            items = element.value
        elif element.VR == "UN" and isinstance(element.value, bytes):
            items = read_un_sequence(element.value, ds._character_set) or []
        elif element.VR == "UI" and element.value:
            found.update(str(v) for v in (element.value if isinstance(element.value, MultiValue) else [element.value]))
        for item in items:
            found |= _uids(item)
    return found


def _implicit_with_private_presentation_state() -> tuple[bytes, int]:
    """A synthetic implicit VR file whose safe private Philips sequence (defined length, so no VR) holds UIDs."""
    ds = instance()
    ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
    state, series = Dataset(), Dataset()
    series.SeriesInstanceUID = ds.SeriesInstanceUID
    state.SOPClassUID, state.SOPInstanceUID = "1.2.840.10008.5.1.4.1.1.11.1", generate_uid()
    state.ReferencedSeriesSequence = [series]
    block = ds.private_block(0x2001, "Philips Imaging DD 129", create=True)
    block.add_new(0x00, "SQ", [state])  # PS3.15 E.3.10: Presentation State Sequence, safe
    return to_bytes(ds), block.get_tag(0x00)


@pytest.mark.parametrize("source", ["fo-dicom/GH064.dcm", "implicit"])
def test_uids_inside_a_kept_private_sequence_without_a_vr_are_remapped(header_transformer, source):
    # GH064: a Philips MR whose presentation state sequence (2001,9000) dcm4che stored as UN.
    data, tag = (_read(source), 0x20019000) if source != "implicit" else _implicit_with_private_presentation_state()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        original = _uids(dcmread(BytesIO(data)))
    out_data = deidentify_bytes(data, header_transformer("research")).data  # Retain Safe Private keeps it
    out = dcmread(BytesIO(out_data))
    inner = read_un_sequence(out.get_item(tag).value, out._character_set)
    assert inner and inner[0].SOPInstanceUID.startswith("2.25.")
    assert all(uid in UID_dictionary or uid.startswith("2.25.") for uid in _uids(out))
    assert not [uid for uid in original - set(UID_dictionary) if uid.encode() in out_data]


@pytest.mark.parametrize("profile", ["basic", "research", "limited-data-set"])
def test_an_sr_observer_named_in_a_later_text_value_is_redacted_not_quarantined(header_transformer, profile):
    # reportsi: the Recording Observer's Name "Enter text" (an item deep in the content tree) is repeated
    # in TextValues; every profile must know the name before it searches kept text, not learn it on the way.
    out = _out(header_transformer, profile, "pydicom/reportsi.dcm")
    texts = [e.value for e in out.iterall() if e.keyword == "TextValue"]
    assert texts and all("enter" not in t.lower() and "text" not in t.lower() for t in texts)


@pytest.mark.parametrize("sop_class, dummied", [("1.2.840.10008.5.1.4.1.1.128", True),  # PET: Series Date Type 1
                                                ("1.2.840.10008.5.1.4.1.1.2", False)])  # CT: Type 3, emptied
def test_series_date_gets_a_dummy_only_where_the_iod_makes_it_type1(transformer, sop_class, dummied):
    ds = instance(SOPClassUID=sop_class, SeriesDate="20240102", SeriesTime="101500")
    data = deidentify_bytes(to_bytes(ds), transformer("basic")).data
    out = dcmread(BytesIO(data))
    assert bool(out.SeriesDate) is dummied and bool(out.SeriesTime) is dummied
    assert out.SeriesDate != "20240102" and out.SeriesTime != "101500"


def test_a_presentation_state_keeps_a_dummy_creation_date(transformer):
    # PS3.15 says remove (X), but the Presentation State Identification Module needs the values (Type 1).
    ds = instance(SOPClassUID="1.2.840.10008.5.1.4.1.1.11.1", PresentationCreationDate="20240102",
                  PresentationCreationTime="101500")
    out = dcmread(BytesIO(deidentify_bytes(to_bytes(ds), transformer("basic")).data))
    assert out.PresentationCreationDate and out.PresentationCreationDate != "20240102"
    assert out.PresentationCreationTime and out.PresentationCreationTime != "101500"


def test_a_big_endian_output_is_walked_in_its_own_byte_order(transformer, monkeypatch):
    # Walked like a little-endian one, without pydicom converting every element: a damaged one is still refused.
    data = deidentify_bytes(_read("pydicom/MR_small_bigendian.dcm"), transformer("basic")).data
    monkeypatch.setattr("app.dicom.readback.parse_problem", lambda data: pytest.fail("read back by pydicom"))
    verify_output(data)
    with pytest.raises(Quarantined) as caught:
        verify_output(data[:-3])
    assert caught.value.code == "write_failed"


@pytest.mark.parametrize("profile", ["basic", "research", "limited-data-set"])
def test_a_devices_placeholder_for_an_unknown_value_is_no_identifier(header_transformer, profile):
    # A scanner's protocol report writes "n.a." into every field it has nothing for: removed from Institution
    # Address and Performing Physician's Name, it is still in Body Part Examined, and must not quarantine.
    ds = instance(InstitutionAddress="n.a.", PerformingPhysicianName="n.a.", BodyPartExamined="n.a.",
                  StationName="UNKNOWN", OperatorsName="Unknown")
    out = dcmread(BytesIO(deidentify_bytes(to_bytes(ds), header_transformer(profile)).data))
    assert out.BodyPartExamined == "n.a." and not out.get("InstitutionAddress")
    with pytest.raises(Quarantined):  # a real name in the same place still quarantines
        deidentify_bytes(to_bytes(instance(PerformingPhysicianName="Ashgrove", BodyPartExamined="ASHGROVE")),
                         header_transformer(profile))


@pytest.mark.parametrize("profile", ["basic", "research", "limited-data-set"])
def test_a_phantom_named_like_its_patient_position_is_released(header_transformer, profile):
    # A position-test phantom registered under the position it is scanned in: Patient Position HFS is a
    # defined term (PS3.3 C.7.3.1.1.2), not a trace of the removed name; a real name in its place still counts.
    ds = instance(PatientName="HFS", PatientPosition="HFS")
    out = dcmread(BytesIO(deidentify_bytes(to_bytes(ds), header_transformer(profile)).data))
    assert out.PatientPosition == "HFS" and out.PatientName != "HFS"
    with pytest.raises(Quarantined):
        deidentify_bytes(to_bytes(instance(PatientName="Ashgrove", PatientPosition="ASHGROVE")),
                         header_transformer(profile))
