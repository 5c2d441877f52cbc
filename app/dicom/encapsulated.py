"""Clean encapsulated pixel data (PS3.5 A.4) frame by frame of the segments that can carry text.

The frames are found by walking each codestream from its start marker to its
end marker, so a missing, wrong or absent Basic Offset Table cannot misplace
them. When a frame loses a segment, the pixel data is rebuilt one fragment per
frame, with the Basic or Extended Offset Table recomputed; when none does, the
input bytes stay as they are. No frame is ever decoded.
"""
from __future__ import annotations

import struct
from bisect import bisect_left
from functools import lru_cache

from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset
from pydicom.tag import BaseTag
from pydicom.uid import UID

from .codestream import JP2_SIGNATURE, UnparsedCodestream, clean_j2k, clean_jp2, clean_jpeg
from .errors import Quarantined
from .scan import ScannedDataset
from .values import string_values

PIXEL_DATA, NUMBER_OF_FRAMES = 0x7FE00010, 0x00280008
EXTENDED_OFFSET_TABLE, EXTENDED_OFFSET_TABLE_LENGTHS = 0x7FE00001, 0x7FE00002
UNDEFINED = 0xFFFFFFFF
UNPARSED = "pixel_stream_unparsed"
# PS3.5 A.4.1-A.4.3, A.4.6, A.4.9: the JPEG family (baseline, extended, lossless, retired processes) and JPEG-LS.
JPEG_SYNTAXES = frozenset({"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
                           "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81",
                           *(f"1.2.840.10008.1.2.4.{n}" for n in range(52, 67) if n != 57)})
# PS3.5 A.4.4, A.4.10 (multi-component Part 2) and A.4.11 (High-Throughput JPEG 2000).
J2K_SYNTAXES = frozenset({"1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.92",
                          "1.2.840.10008.1.2.4.93", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202",
                          "1.2.840.10008.1.2.4.203"})
RLE_LOSSLESS = "1.2.840.10008.1.2.5"  # PS3.5 G: segment offsets and run-length data, no place for metadata
# PS3.5 A.4.13 Deflated Image Frame Compression: each frame a bare deflate stream, no place for metadata either.
NO_METADATA = frozenset({RLE_LOSSLESS, "1.2.840.10008.1.2.8.1"})
_PADDING = (b"", b"\x00", b"\xff")  # what may follow a frame's end marker in its last fragment
_ITEM_HEADER = struct.Struct("<HHI")


def clean_encapsulated_pixels(ds: Dataset | ScannedDataset, transfer_syntax: str) -> None:
    """Replace the pixel data (and any Extended Offset Table) with text-free frames; raise Quarantined if unparsed."""
    if PIXEL_DATA not in ds or transfer_syntax in NO_METADATA:
        return
    element = ds.get_item(PIXEL_DATA)
    undefined = element.length == UNDEFINED if isinstance(element, RawDataElement) else element.is_undefined_length
    known, encapsulated = _syntax_encapsulates(transfer_syntax)
    # A syntax pydicom does not know is judged by its pixel data: native pixels carry no segments.
    if not (encapsulated if known else undefined):
        return
    if transfer_syntax not in JPEG_SYNTAXES and transfer_syntax not in J2K_SYNTAXES:
        raise Quarantined(UNPARSED, f"compressed pixel data in transfer syntax {transfer_syntax}, whose metadata "
                                    "segments cannot be read here, may carry text")
    if not undefined or not isinstance(element.value, bytes):
        raise Quarantined(UNPARSED, "compressed pixel data is not encapsulated")
    try:
        offsets, fragments = _fragments(element.value)
        frames, changed = _clean_frames(fragments, transfer_syntax in JPEG_SYNTAXES)
    except UnparsedCodestream as exc:
        raise Quarantined(UNPARSED, f"compressed pixel data cannot be parsed: {exc}") from None
    if len(frames) != _number_of_frames(ds):
        raise Quarantined(UNPARSED, f"compressed pixel data holds {len(frames)} frame(s), the header says "
                                    f"{_number_of_frames(ds)}")
    if not changed:
        return
    extended = EXTENDED_OFFSET_TABLE in ds
    value, starts, lengths = _encapsulate(frames, basic_table=bool(offsets) and not extended)
    ds[PIXEL_DATA] = RawDataElement(BaseTag(PIXEL_DATA), element.VR, UNDEFINED, value, None, False, True)
    if extended:
        for tag, numbers in ((EXTENDED_OFFSET_TABLE, starts), (EXTENDED_OFFSET_TABLE_LENGTHS, lengths)):
            packed = struct.pack(f"<{len(numbers)}Q", *numbers)
            ds[tag] = RawDataElement(BaseTag(tag), "OV", len(packed), packed, None, False, True)


def _encapsulate(frames: list[bytes], basic_table: bool) -> tuple[bytes, list[int], list[int]]:
    """Return the encapsulated value (one even-length fragment per frame), each frame's offset and its length."""
    items, starts, lengths, position = [], [], [], 0
    for frame in frames:
        padding = b"\x00" * (len(frame) % 2)
        items += [_ITEM_HEADER.pack(0xFFFE, 0xE000, len(frame) + len(padding)), frame, padding]
        starts.append(position)
        lengths.append(len(frame) + len(padding))
        position += 8 + lengths[-1]
    # PS3.5 A.4: with an Extended Offset Table the Basic one stays empty; the Basic one holds 32-bit offsets.
    table = struct.pack(f"<{len(starts)}I", *starts) if basic_table and starts[-1] <= 0xFFFFFFFF else b""
    return b"".join([_ITEM_HEADER.pack(0xFFFE, 0xE000, len(table)), table, *items]), starts, lengths


@lru_cache(maxsize=64)
def _syntax_encapsulates(transfer_syntax: str) -> tuple[bool, bool]:
    """Return whether pydicom knows a transfer syntax and whether it is encapsulated (asked for every file)."""
    syntax = UID(transfer_syntax)
    return syntax.is_transfer_syntax, syntax.is_transfer_syntax and syntax.is_encapsulated


def _fragments(value: bytes) -> tuple[bytes, list[bytes]]:
    """Return the Basic Offset Table's bytes and the fragments of an encapsulated value."""
    items, position = [], 0
    while position < len(value):
        if position + 8 > len(value):
            raise UnparsedCodestream("an item header is truncated")
        group, element, length = _ITEM_HEADER.unpack_from(value, position)
        end = position + 8 + length
        if (group, element) != (0xFFFE, 0xE000) or length == UNDEFINED or end > len(value):
            raise UnparsedCodestream("the pixel data holds something other than defined-length items")
        items.append(value[position + 8:end])
        position = end
    if not items:
        raise UnparsedCodestream("the pixel data has no Basic Offset Table item")
    return items[0], items[1:]


def _clean_frames(fragments: list[bytes], jpeg: bool) -> tuple[list[bytes], bool]:
    """Return each frame's cleaned codestream, and whether any differs from its input bytes."""
    data = b"".join(fragments)
    ends, total = [], 0
    for fragment in fragments:
        total += len(fragment)
        ends.append(total)

    def frame_ends(position: int) -> bool:
        index = bisect_left(ends, position)
        return index == len(ends) or data[position:ends[index]] in _PADDING

    frames, changed, position = [], False, 0
    while position < len(data):
        if jpeg:
            frame, stop, frame_changed = clean_jpeg(data, position)
        elif data.startswith(JP2_SIGNATURE, position):
            frame, stop, frame_changed = clean_jp2(data, position, frame_ends)
        else:
            frame, stop, frame_changed = clean_j2k(data, position)
        # A frame ends with the fragment that holds its end marker (A.4: no fragment holds two frames).
        last = bisect_left(ends, stop)
        if last == len(ends):
            raise UnparsedCodestream("a frame runs past the last fragment")
        changed = changed or frame_changed or data[stop:ends[last]] not in _PADDING
        frames.append(frame)
        position = ends[last]
    return frames, changed


def _number_of_frames(ds: Dataset | ScannedDataset) -> int:
    values = string_values(ds, NUMBER_OF_FRAMES) if NUMBER_OF_FRAMES in ds else []
    try:
        return int(values[0]) if values else 1
    except ValueError:
        raise Quarantined(UNPARSED, "Number of Frames is not a number") from None
