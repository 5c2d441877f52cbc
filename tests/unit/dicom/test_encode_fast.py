"""The fast encoders for sequences, raw and integer elements and the file meta write pydicom's bytes, or decline."""
from io import BytesIO

import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_data_element, write_file_meta_info

from app.dicom.encode import encode_element, encode_file_meta
from app.dicom.scan import scan_file
from tests.dicom_factory import instance, to_bytes


def _pydicom_bytes(element, implicit: bool = False, encodings=None, little: bool = True) -> bytes:
    fp = DicomBytesIO()
    fp.is_little_endian, fp.is_implicit_VR = little, implicit
    write_data_element(fp, element, encodings)
    return fp.getvalue()


def test_sequences_read_by_pydicom_encode_as_pydicom_writes_them():
    source = dcmread(BytesIO(to_bytes(instance())))
    checked = 0
    for element in source:
        if element.VR == "SQ":
            quick = encode_element(element, False)
            assert quick is not None, element.keyword
            assert quick == _pydicom_bytes(element, encodings=source._character_set), element.keyword
            checked += 1
    assert checked >= 2


def test_big_endian_sequences_read_by_pydicom_encode_as_pydicom_writes_them():
    source = dcmread(get_testdata_file("liver_expb_1frame.dcm"))
    checked = 0
    for element in source:
        if element.VR == "SQ":
            quick = encode_element(element, False, little=False)
            assert quick is not None, element.keyword
            assert quick == _pydicom_bytes(element, encodings=source._character_set, little=False), element.keyword
            checked += 1
    assert checked >= 2


@pytest.mark.parametrize("template", ["test-SR.dcm", "liver_1frame.dcm", "waveform_ecg.dcm", "examples_overlay.dcm",
                                      "liver_expb_1frame.dcm", "rtdose_expb_1frame.dcm"])
def test_scanned_sequences_encode_to_their_original_bytes(template):
    data = open(get_testdata_file(template), "rb").read()
    scanned = scan_file(data)
    assert scanned is not None
    little = scanned.dataset.original_encoding[1]
    for tag, element in scanned.dataset.items():
        if element.VR == "SQ":
            start, end = scanned.spans[tag]
            assert encode_element(element, False, little) == data[start:end], f"{tag:08X}"


def test_big_endian_binary_values_are_not_copied_into_a_little_endian_output():
    data = open(get_testdata_file("MR_small_bigendian.dcm"), "rb").read()
    scanned = scan_file(data)
    rows = scanned.dataset.get_item(0x00280010)  # Rows, US: its bytes are in the file's order
    start, end = scanned.spans[0x00280010]
    assert encode_element(rows, False, little=True) is None
    assert encode_element(rows, False, little=False) == data[start:end]


def test_built_sequence_matches_pydicom():
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = "113100", "DCM", "Basic Application Profile"
    element = DataElement(0x00120064, "SQ", [item])
    assert encode_element(element, False) == _pydicom_bytes(element)
    assert encode_element(element, True) == _pydicom_bytes(element, implicit=True)
    assert encode_element(element, False, little=False) == _pydicom_bytes(element, little=False)
    empty = DataElement(0x00081140, "SQ", [])
    assert encode_element(empty, False) == _pydicom_bytes(empty)


@pytest.mark.parametrize("vr, value", [("US", 1), ("SS", -2), ("UL", 70000), ("SL", -70000)])
@pytest.mark.parametrize("implicit, little", [(False, True), (True, True), (False, False)])
def test_single_integers_match_pydicom(vr, value, implicit, little):
    element = DataElement(0x00280103, vr, value)
    assert encode_element(element, implicit, little) == _pydicom_bytes(element, implicit, little=little)


def test_declines_non_ascii_text_inside_a_sequence():
    item = Dataset()
    item.CodeMeaning = "Müller"
    assert encode_element(DataElement(0x00081032, "SQ", [item]), False) is None


def test_declines_out_of_range_integers():
    assert encode_element(DataElement(0x00280103, "US", 70000), False) is None


def test_file_meta_matches_pydicom():
    values = ("1.2.840.10008.5.1.4.1.1.2", "2.25.1234567890123456789", "1.2.840.10008.1.2.1", "2.25.42",
              "CLEANROOM_0_1_0")
    meta = FileMetaDataset()
    (meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID, meta.TransferSyntaxUID,
     meta.ImplementationClassUID, meta.ImplementationVersionName) = values
    fp = DicomBytesIO()
    fp.is_little_endian, fp.is_implicit_VR = True, False
    write_file_meta_info(fp, meta, enforce_standard=True)
    assert encode_file_meta(*values) == fp.getvalue()
    assert encode_file_meta(*values[:4], "CLEANROOMÉ") is None


def test_constant_elements_are_built_once_and_encode_as_built_anew():
    from pydicom.dataelem import RawDataElement

    from app.dicom.encode import constant_text_element, encode_element, raw_text_element

    empty = constant_text_element(0x00100010, "PN", None)
    assert constant_text_element(0x00100010, "PN", None) is empty
    assert type(empty) is RawDataElement
    assert encode_element(empty, False) == encode_element(raw_text_element(0x00100010, "PN", None), False)
    assert constant_text_element(0x00100010, "PN", "ANONYMIZED") is not empty
    # A value that is not plain text becomes a DataElement, which the engine may change: never shared.
    assert constant_text_element(0x00280010, "US", 0) is not constant_text_element(0x00280010, "US", 0)


@pytest.mark.parametrize("implicit, little", [(False, True), (True, True), (False, False)])
@pytest.mark.parametrize("tag, vr, value", [(0x00100010, "PN", None), (0x00081030, "LO", "ANONYMIZED"),
                                            (0x00100030, "DA", "19000101")])
def test_constant_elements_encode_as_pydicom_writes_them_in_every_file(tag, vr, value, implicit, little):
    from app.dicom.encode import constant_text_element

    expected = _pydicom_bytes(DataElement(tag, vr, value), implicit, little=little)
    for _ in range(2):  # the second file's copy is the one encoded once, kept
        assert encode_element(constant_text_element(tag, vr, value), implicit, little) == expected
