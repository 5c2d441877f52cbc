"""The real-file checker's search: identifying places only, never pixel data, codes, numbers or our own words."""
from io import BytesIO
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.dataset import Dataset

from app.conformance.identifiers import Identifier, identifiers_of, surviving
from tests.dicom_factory import instance, to_bytes
from tests.unit.dicom.conftest import transformer  # noqa: F401 (fixture)

ENCODINGS = ["iso8859"]
FILES = Path(__file__).resolve().parents[2] / "data" / "dicom-real" / "files"


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


def _real(name: str) -> Dataset:
    return dcmread(FILES / name)


def _bytes(ds: Dataset) -> bytes:
    buffer = BytesIO()
    ds.save_as(buffer)
    return buffer.getvalue()


def test_a_name_spelt_by_compressed_pixel_data_is_no_survivor_but_found_in_a_name():
    # JPGExtended's JPEG scan data happens to hold the letters "LQhRBC" between non-letters.
    name = {Identifier("name", "OperatorsName", "LQhRBC")}
    ds = _real("pydicom/JPGExtended.dcm")
    assert b"LQhRBC" in ds.PixelData
    assert surviving(_bytes(ds), name, ENCODINGS) == []
    ds.OperatorsName = "LQhRBC^Anna"
    assert [str(i) for i in surviving(_bytes(ds), name, ENCODINGS)] == ["name from OperatorsName"]


@pytest.mark.parametrize("keep_text_value, found", [(False, []), (True, ["name from PersonName"])])
def test_an_observer_named_like_a_defined_term_survives_only_in_text(keep_text_value, found):
    # reportsi: the observer "Enter text" meets the SR value type TEXT (a coded string) in every content item.
    ds = _real("pydicom/reportsi.dcm")
    for element in ds.iterall():
        named = element.VR not in ("CS", "SQ") and "text" in str(element.value).lower()  # "Enter text", "Report Text"
        if named and not (keep_text_value and element.keyword == "TextValue"):
            element.value = "Anonymous"
    assert any(e.keyword == "ValueType" and e.value == "TEXT" for e in ds.iterall())
    name = {Identifier("name", "PersonName", "text")}
    assert [str(i) for i in surviving(_bytes(ds), name, ENCODINGS)] == found


def test_a_device_signing_with_its_own_model_is_not_an_identifier(transformer):
    # GH064: a Philips presentation state whose ContentCreatorName is the model, "Achieva", also its
    # ManufacturerModelName: a device, not a person, for the engine and the checker alike.
    ds = _real("fo-dicom/GH064.dcm")
    names = identifiers_of(ds, transformer("basic").policy)
    assert not [i for i in names if i.keyword == "ContentCreatorName" and i.value.lower() == "achieva"]
    ds.ManufacturerModelName = "Ingenia"
    assert [i for i in identifiers_of(ds, transformer("basic").policy) if i.keyword == "ContentCreatorName"]


def test_a_step_id_equal_to_a_procedure_code_survives_only_outside_code_values():
    # A CT whose scheduled step ID repeats the site's procedure code: the kept code is no survivor.
    step = {Identifier("id", "ScheduledProcedureStepID", "RC301")}
    ds = _output(bytes(16))
    code = Dataset()
    code.CodeValue, code.CodingSchemeDesignator, code.CodeMeaning = "RC301", "99SITE", "Chest CT routine"
    ds.ProcedureCodeSequence = [code]
    assert surviving(to_bytes(ds), step, ENCODINGS) == []
    ds.StudyDescription = "Chest CT RC301"
    assert [str(i) for i in surviving(to_bytes(ds), step, ENCODINGS)] == ["id from ScheduledProcedureStepID"]


def test_a_devices_placeholder_for_an_unknown_value_is_not_an_identifier(transformer):
    ds = instance(PerformingPhysicianName="n.a.", OtherPatientIDs="UNKNOWN")
    found = {(i.keyword, i.value) for i in identifiers_of(ds, transformer("basic").policy)}
    assert ("PerformingPhysicianName", "n.a") not in found and ("OtherPatientIDs", "UNKNOWN") not in found
    assert ("PatientID", ds.PatientID) in found
