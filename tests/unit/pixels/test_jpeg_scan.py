"""Sequential JPEG frames with a wrong spectral range in their scan header still decode (NEMA WG04's lossy files)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.encaps import encapsulate, generate_frames
from pydicom.pixels import get_decoder

from app.pixels.frames import UndecodablePixels, decode
from app.pixels.jpeg_scan import corrected

REAL = Path(__file__).resolve().parents[2] / "data" / "dicom-real" / "files" / "pydicom"


def _sos_range_offset(frame: bytes) -> int:
    """Where the first scan header's Ss byte is."""
    sos = frame.index(b"\xff\xda")
    return sos + 4 + 1 + 2 * frame[sos + 4]


def _with_frame(ds: pydicom.Dataset, frame: bytes) -> pydicom.Dataset:
    """A copy of `ds` whose only frame is `frame`."""
    copy = pydicom.dcmread(REAL / "JPGExtended.dcm")
    copy.PixelData = encapsulate([frame])
    return copy


@pytest.fixture(scope="module")
def extended() -> tuple[pydicom.Dataset, bytes]:
    """A real 12-bit JPEG Extended file (from WG04's NM1_JPLY) and its frame."""
    ds = pydicom.dcmread(REAL / "JPGExtended.dcm")
    return ds, next(generate_frames(ds.PixelData, number_of_frames=1))


def test_a_scan_header_with_se_zero_decodes_as_the_correct_frame(extended):
    ds, frame = extended
    offset = _sos_range_offset(frame)
    assert frame[offset:offset + 3] == bytes((0, 63, 0))
    damaged = _with_frame(ds, frame[:offset + 1] + b"\x00" + frame[offset + 2:])
    with pytest.raises(Exception):  # the condition this module exists for: the codec refuses the frame
        get_decoder(ds.file_meta.TransferSyntaxUID).as_array(damaged)
    assert np.array_equal(decode(damaged).array, decode(ds).array)
    assert damaged.PixelData != ds.PixelData  # the dataset itself was not rewritten


def test_a_correct_frame_and_non_sequential_data_are_left_alone(extended):
    _, frame = extended
    assert corrected(frame) is None
    assert corrected(b"not a jpeg") is None
    progressive = frame.replace(b"\xff\xc1", b"\xff\xc2", 1)
    offset = _sos_range_offset(progressive)
    assert corrected(progressive[:offset + 1] + b"\x00" + progressive[offset + 2:]) is None


def test_a_frame_that_stays_corrupt_is_still_undecodable(extended):
    ds, frame = extended
    offset = _sos_range_offset(frame)
    damaged = frame[:offset + 1] + b"\x00" + frame[offset + 2:]
    broken = damaged.replace(b"\xff\xc4", b"\xff\x02", 1)  # and its Huffman table under a reserved marker
    assert corrected(broken) is not None
    with pytest.raises(UndecodablePixels, match="cannot be decoded"):
        decode(_with_frame(ds, broken))
