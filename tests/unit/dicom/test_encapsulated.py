"""Compressed pixel data leaves with no comment or metadata segment text, decoding to the very same pixels."""
import struct
import warnings
from io import BytesIO

import numpy as np
import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.encaps import encapsulate, encapsulate_extended, generate_frames
from pydicom.uid import generate_uid

from app.deid.pipeline import deidentify_bytes
from app.dicom.errors import Quarantined
from tests.dicom_factory import FAMILY, GIVEN, MRN, to_bytes

PROFILES = ("basic", "research", "limited-data-set")
TEXT = f"Patient {FAMILY}^{GIVEN} MRN {MRN}".encode()
LEAKS = (FAMILY.encode(), GIVEN.encode(), MRN.encode())
# One real file per codec and per decoder-relevant variant (JFIF, Adobe APP14, SPIFF APP8, JP2 boxes).
CODECS = {
    "jpeg-baseline-jfif": "SC_rgb_jpeg_dcmtk.dcm",
    "jpeg-baseline-adobe": "SC_rgb_jpeg_app14_dcmd.dcm",
    "jpeg-extended": "JPGExtended.dcm",
    "jpeg-lossless": "SC_rgb_jpeg_gdcm.dcm",
    "jpeg-ls-lossless": "MR_small_jpeg_ls_lossless.dcm",
    "jpeg-ls-near-lossless-spiff": "SC_rgb_jls_lossy_line.dcm",
    "j2k-lossless": "MR_small_jp2klossless.dcm",
    "j2k-lossy": "JPEG2000.dcm",
    "jp2-boxes": "GDCMJ2K_TextGBR.dcm",
}


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", marker, len(payload) + 2) + payload


def _box(kind: bytes, content: bytes) -> bytes:
    return struct.pack(">I", len(content) + 8) + kind + content


def _with_jpeg_text(frame: bytes) -> bytes:
    """COM, EXIF APP1, APP15 after SOI and a COM between the last scan and EOI."""
    end = frame.rindex(b"\xff\xd9")
    head = _segment(0xFFFE, TEXT) + _segment(0xFFE1, b"Exif\x00\x00" + TEXT) + _segment(0xFFEF, TEXT)
    return frame[:2] + head + frame[2:end] + _segment(0xFFFE, TEXT) + b"\xff\xd9"


def _with_j2k_text(codestream: bytes) -> bytes:
    """A COM in the main header (after SIZ) and one in the first tile-part header (its Psot grown to match)."""
    comment = _segment(0xFF64, b"\x00\x01" + TEXT)
    after_siz = 4 + struct.unpack_from(">H", codestream, 4)[0]
    position = after_siz
    while codestream[position:position + 2] != b"\xff\x90":
        position += 2 + struct.unpack_from(">H", codestream, position + 2)[0]
    sot = bytearray(codestream[position:position + 12])
    psot = struct.unpack_from(">I", sot, 6)[0]
    if psot:
        struct.pack_into(">I", sot, 6, psot + len(comment))
    return (codestream[:after_siz] + comment + codestream[after_siz:position] + bytes(sot) + comment
            + codestream[position + 12:])


def _with_jp2_text(jp2: bytes) -> bytes:
    """xml and uuid boxes before the codestream box, and COM segments inside it."""
    position, boxes = 0, []
    while position < len(jp2):
        length, kind = struct.unpack_from(">I4s", jp2, position)
        length = length or len(jp2) - position
        content = jp2[position + 8:position + length]
        if kind == b"jp2c":
            boxes += [_box(b"xml ", b"<name>" + TEXT + b"</name>"), _box(b"uuid", b"\x11" * 16 + TEXT)]
            content = _with_j2k_text(content)
        boxes.append(_box(kind, content))
        position += length
    return b"".join(boxes) + _box(b"uinf", TEXT)


def _with_text(frame: bytes) -> bytes:
    if frame.startswith(b"\xff\xd8"):
        return _with_jpeg_text(frame)
    if frame.startswith(b"\xff\x4f"):
        return _with_j2k_text(frame[:frame.rindex(b"\xff\xd9") + 2])
    return _with_jp2_text(frame.rstrip(b"\x00"))


def _compressed(template: str, frame_count: int = 1, table: str = "basic"):
    """Return a non-at-risk MR instance holding the template's frame(s) with the name and MRN injected, and the
    pixel array the template's own frames decode to."""
    ds = dcmread(get_testdata_file(template))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = ds.pixel_array
    frame = next(generate_frames(ds.PixelData, number_of_frames=1))
    frames = [_with_text(frame)] * frame_count
    assert all(leak in frames[0] for leak in LEAKS)
    if table == "extended":
        ds.PixelData, ds.ExtendedOffsetTable, ds.ExtendedOffsetTableLengths = encapsulate_extended(frames)
    else:
        ds.PixelData = encapsulate(frames, has_bot=table == "basic")
    if frame_count > 1:
        ds.NumberOfFrames = frame_count
        expected = np.stack([expected] * frame_count)
    ds.PatientName, ds.PatientID = f"{FAMILY}^{GIVEN}", MRN
    ds.Modality, ds.BurnedInAnnotation = "MR", "NO"
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.4"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    return to_bytes(ds), expected


def _decoded(data: bytes):
    ds = dcmread(BytesIO(data))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ds, ds.pixel_array


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("codec", CODECS)
def test_text_segments_in_compressed_frames_are_dropped_and_pixels_decode_identically(transformer, codec, profile):
    data, expected = _compressed(CODECS[codec])
    source, source_pixels = _decoded(data)
    assert np.array_equal(source_pixels, expected)  # the injected text does not change the image

    result = deidentify_bytes(data, transformer(profile))

    assert not any(leak in result.data for leak in LEAKS)
    out, pixels = _decoded(result.data)
    assert out.file_meta.TransferSyntaxUID == source.file_meta.TransferSyntaxUID
    assert np.array_equal(pixels, expected)


@pytest.mark.parametrize("table", ["basic", "empty", "extended"])
@pytest.mark.parametrize("codec", ["jpeg-baseline-jfif", "j2k-lossless"])
def test_multi_frame_offsets_are_rebuilt(transformer, codec, table):
    data, expected = _compressed(CODECS[codec], frame_count=3, table=table)

    result = deidentify_bytes(data, transformer("basic"))

    assert not any(leak in result.data for leak in LEAKS)
    out, pixels = _decoded(result.data)
    assert np.array_equal(pixels, expected)
    frames = list(generate_frames(out.PixelData, number_of_frames=3))
    if table == "extended":
        offsets = struct.unpack("<3Q", out.ExtendedOffsetTable)
        lengths = struct.unpack("<3Q", out.ExtendedOffsetTableLengths)
        assert lengths == tuple(len(frame) for frame in frames)
        assert offsets == (0, 8 + lengths[0], 16 + lengths[0] + lengths[1])
    elif table == "basic":
        bot_length = struct.unpack_from("<I", out.PixelData, 4)[0]
        offsets = struct.unpack_from("<3I", out.PixelData, 8)
        assert bot_length == 12 and offsets == (0, 8 + len(frames[0]), 16 + len(frames[0]) + len(frames[1]))


def _replace_frame(data: bytes, old: bytes, new: bytes) -> bytes:
    ds = dcmread(BytesIO(data))
    frame = next(generate_frames(ds.PixelData, number_of_frames=1))
    ds.PixelData = encapsulate([frame.replace(old, new, 1)])
    return to_bytes(ds)


@pytest.mark.parametrize("damage", ["unknown_marker", "no_end_marker", "bad_segment_length", "frame_count",
                                    "video"])
def test_a_stream_that_cannot_be_walked_is_quarantined(transformer, damage):
    data, _ = _compressed(CODECS["jpeg-baseline-jfif"])
    if damage == "unknown_marker":  # a JPG0 extension segment (0xFFF0) nobody here reads
        data = _replace_frame(data, b"\xff\xd8", b"\xff\xd8" + _segment(0xFFF0, TEXT))
    elif damage == "no_end_marker":
        data = _replace_frame(data, b"\xff\xd9", b"")
    elif damage == "bad_segment_length":
        data = _replace_frame(data, b"\xff\xd8\xff\xfe", b"\xff\xd8\xff\xfe\xff\xff")
    elif damage == "frame_count":
        ds = dcmread(BytesIO(data))
        ds.NumberOfFrames = 2
        data = to_bytes(ds)
    else:  # MPEG-4 AVC/H.264: user data in SEI messages is not walked here
        ds = dcmread(BytesIO(data))
        ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.102"
        data = to_bytes(ds)
    with pytest.raises(Quarantined) as caught:
        deidentify_bytes(data, transformer("basic"))
    assert caught.value.code == "pixel_stream_unparsed"
    assert not any(leak.decode() in caught.value.message for leak in LEAKS)


def test_a_last_tile_part_without_a_length_is_walked_to_its_end(transformer):
    data, expected = _compressed(CODECS["j2k-lossless"])
    sot = data.index(b"\xff\x90\x00\x0a")
    data = data[:sot + 6] + b"\x00\x00\x00\x00" + data[sot + 10:]  # T.800 A.4.2: Psot 0, up to EOC

    result = deidentify_bytes(data, transformer("basic"))

    assert not any(leak in result.data for leak in LEAKS)
    assert np.array_equal(_decoded(result.data)[1], expected)


@pytest.mark.ocr
@pytest.mark.parametrize("codec", ["jpeg-baseline-jfif", "jpeg-ls-lossless", "j2k-lossless"])
def test_an_ultrasound_read_clean_by_ocr_keeps_its_compressed_frames_but_not_their_text(transformer, codec):
    data, expected = _compressed(CODECS[codec])
    ds = dcmread(BytesIO(data))
    ds.Modality, ds.SOPClassUID = "US", "1.2.840.10008.5.1.4.1.1.6.1"  # at risk: research reads its pixels
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    del ds.BurnedInAnnotation

    result = deidentify_bytes(to_bytes(ds), transformer("research"))

    assert not any(leak in result.data for leak in LEAKS)
    out, pixels = _decoded(result.data)
    assert out.file_meta.TransferSyntaxUID == ds.file_meta.TransferSyntaxUID  # no text in the image: not re-encoded
    assert np.array_equal(pixels, expected)
