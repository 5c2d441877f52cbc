"""Word values read big endian are turned little endian when a file is written anew in that order."""
from pydicom.dataset import Dataset

from app.dicom.byte_order import words_to_little_endian


def test_word_values_turn_and_skipped_tags_and_bytes_stay():
    ds = Dataset()
    ds.RedPaletteColorLookupTableData = b"\x00\x00\x01\x00\xff\x00"  # 0, 256, 65280 written big endian
    ds.PixelData = b"\x01\x02\x03\x04"
    ds["PixelData"].VR = "OW"
    ds.EncapsulatedDocument = b"\x01\x02"  # OB: bytes have no order
    item = Dataset()
    item.FloatPixelData = b"\x3f\x80\x00\x00"  # 1.0 as a big-endian float
    ds.ReferencedImageSequence = [item]
    words_to_little_endian(ds, skip=frozenset({0x7FE00010}))
    assert ds.RedPaletteColorLookupTableData == b"\x00\x00\x00\x01\x00\xff"
    assert ds.PixelData == b"\x01\x02\x03\x04" and ds.EncapsulatedDocument == b"\x01\x02"
    assert ds.ReferencedImageSequence[0].FloatPixelData == b"\x00\x00\x80\x3f"
