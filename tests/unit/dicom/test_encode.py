"""The fast encoder writes exactly the bytes pydicom's writer would, or declines."""
import pytest
from pydicom.dataelem import DataElement
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_data_element

from app.dicom.encode import encode_simple


def _pydicom_bytes(element: DataElement, implicit: bool) -> bytes:
    fp = DicomBytesIO()
    fp.is_little_endian, fp.is_implicit_VR = True, implicit
    write_data_element(fp, element)
    return fp.getvalue()


@pytest.mark.parametrize("implicit", [False, True])
@pytest.mark.parametrize("tag, vr, value", [
    (0x00100010, "PN", "CR123456789012"), (0x00100010, "PN", None), (0x00080050, "SH", ""),
    (0x00080018, "UI", "2.25.12345678901234567890123"), (0x00080018, "UI", "2.25.1234"),
    (0x00080020, "DA", "20200115"), (0x00081030, "LO", "ANONYMIZED"), (0x00204000, "LT", "odd"),
    (0x00120063, "LO", ["Cleanroom 0.1.0", "research@1 sha256:abc"]), (0x00081190, "UR", "urn:x"),
    (0x00101010, "AS", "090Y"), (0x0040A160, "UT", "text value"),
])
def test_matches_pydicom(tag, vr, value, implicit):
    element = DataElement(tag, vr, value)
    assert encode_simple(element, implicit) == _pydicom_bytes(element, implicit)


@pytest.mark.parametrize("vr, value", [("US", 5), ("SQ", []), ("OB", b"\x00\x01"), ("LO", "Müller")])
def test_declines_what_it_does_not_handle(vr, value):
    assert encode_simple(DataElement(0x00091010 if vr != "SQ" else 0x00081140, vr, value), False) is None
