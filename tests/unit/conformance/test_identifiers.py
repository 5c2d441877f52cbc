"""The real-file checker's search: every byte of an output, but native samples and the engine's own words."""
from pydicom.dataset import Dataset

from app.conformance.identifiers import Identifier, surviving
from tests.dicom_factory import instance, to_bytes

ENCODINGS = ["iso8859"]


def _output(pixel_bytes: bytes) -> Dataset:
    ds = instance(OperatorsName="XXX^Operator")
    ds.Rows, ds.Columns, ds.BitsAllocated, ds.BitsStored, ds.HighBit = 2, len(pixel_bytes) // 4, 16, 16, 15
    ds.PixelData = pixel_bytes
    code = Dataset()
    code.CodeValue, code.CodingSchemeDesignator, code.CodeMeaning = "113108", "DCM", "Retain Patient Characteristics Option"
    ds.DeidentificationMethodCodeSequence = [code]
    return ds


def test_a_name_spelt_by_native_pixel_samples_or_the_method_description_is_no_survivor():
    names = {Identifier("name", "OperatorsName", "XXX"), Identifier("name", "PatientName", "PATIENT")}
    ds = _output(b"\x00XXX\x00" + bytes(11))
    del ds.OperatorsName
    assert surviving(to_bytes(ds), names, ENCODINGS) == []


def test_the_same_name_in_an_element_is_still_found():
    names = {Identifier("name", "OperatorsName", "XXX"), Identifier("name", "PatientName", "PATIENT")}
    ds = _output(bytes(16))
    ds.StudyDescription = "Patient CHEST"
    assert [str(i) for i in surviving(to_bytes(ds), names, ENCODINGS)] == ["name from OperatorsName",
                                                                          "name from PatientName"]
