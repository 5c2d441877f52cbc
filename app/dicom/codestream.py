"""Strip the segments that can carry text from one compressed frame, without decoding it.

A JPEG, JPEG-LS or JPEG 2000 frame holds the image and, beside it, comment and
application segments that encoders fill with whatever they like: vendors put
patient names, MRNs and dates there (JPEG COM and APPn such as EXIF, XMP, ICC
and SPIFF; JPEG 2000 COM; JP2 xml, uuid and uinf boxes). The walkers here read
marker segments and boxes only: entropy-coded data is copied as it is, so the
frame decodes to exactly the same pixels. What a decoder needs is kept; what it
cannot use is dropped; anything the walkers do not recognise raises
UnparsedCodestream, so the caller quarantines rather than guesses.
"""
from __future__ import annotations

import re
import struct
from collections.abc import Callable

from ..errors import CleanroomError

SOI, EOI = b"\xff\xd8", b"\xff\xd9"
J2K_SOC = b"\xff\x4f"
JP2_SIGNATURE = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
# A JPEG or JPEG-LS marker inside entropy-coded data: 0xFF then a byte with its high bit set that is not a
# restart marker (JPEG stuffs 0xFF00, JPEG-LS stuffs a zero bit, so 0xFF00-0xFF7F are data; 0xFFFF is fill).
_ENTROPY_MARKER = re.compile(rb"\xff[\x80-\xcf\xd8-\xfe]")
_U16, _U32, _U64 = struct.Struct(">H"), struct.Struct(">I"), struct.Struct(">Q")

# JPEG (ITU-T T.81 B.1.1.3) and JPEG-LS (T.87 C.1) segments a decoder reads: frame headers SOF0-SOF15 except
# the reserved JPG (0xC8), Huffman and arithmetic tables, quantisation, DNL, DRI, DHP, EXP, SOS, JPEG-LS SOF55
# and LSE (preset parameters and mapping tables).
_JPEG_DECODING = frozenset({*range(0xC0, 0xC8), *range(0xC9, 0xD0), 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF, 0xF7, 0xF8})
_JPEG_TEXT = frozenset({0xFE, *range(0xE0, 0xF0)})  # COM and APP0-APP15
_JFIF, _ADOBE = b"JFIF\x00", b"Adobe"
# J2K marker segments (T.800 A.2, T.801 A.2, T.814 A.2): 0xFF50-0xFF7F all carry a length; COM is 0xFF64.
_J2K_SOT, _J2K_SOD, _J2K_EOC, _J2K_COM, _J2K_TLM = 0xFF90, 0xFF93, 0xFFD9, 0xFF64, 0xFF55
# JP2 boxes (T.800 I.5) a decoder needs: signature, file type, the header superbox (and its boxes) and the
# codestream. xml, uuid, uinf, jp2i and any other box are dropped.
_JP2_KEPT = frozenset({b"jP  ", b"ftyp", b"jp2h", b"jp2c"})
_JP2_HEADER_KEPT = frozenset({b"ihdr", b"bpcc", b"colr", b"pclr", b"cmap", b"cdef", b"res ", b"resc", b"resd"})


class UnparsedCodestream(CleanroomError):
    """A frame's codestream holds something the walker cannot prove harmless (message is PHI-free)."""


def clean_jpeg(data: bytes, start: int) -> tuple[bytes, int, bool]:
    """Return a JPEG or JPEG-LS frame at `start` without COM/APPn text, where it ends (after EOI), and if it changed."""
    if data[start:start + 2] != SOI:
        raise UnparsedCodestream("a JPEG frame does not start with SOI")
    out, position, changed, size = [SOI], start + 2, False, len(data)
    while True:
        if position + 2 > size or data[position] != 0xFF:
            raise UnparsedCodestream("a JPEG frame has no marker where one must be, or ends without EOI")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker == 0xD9:
            out.append(EOI)
            return b"".join(out), position + 2, changed
        if position + 4 > size:
            raise UnparsedCodestream("a JPEG frame ends inside a marker segment")
        end = position + 2 + _U16.unpack_from(data, position + 2)[0]
        if end > size or end < position + 4:
            raise UnparsedCodestream("a JPEG marker segment has an impossible length")
        if marker in _JPEG_DECODING:
            out.append(data[position:end])
            position = end
            if marker == 0xDA:  # the scan's entropy-coded data runs to the next marker
                found = _ENTROPY_MARKER.search(data, position)
                if found is None:
                    raise UnparsedCodestream("a JPEG scan runs to the end of the data without EOI")
                out.append(data[position:found.start()])
                position = found.start()
            continue
        if marker not in _JPEG_TEXT:
            raise UnparsedCodestream(f"a JPEG frame holds marker 0xFF{marker:02X}, which is not read here")
        kept = _decoding_app_segment(marker, data[position + 4:end])
        if kept is not None:
            out.append(kept)
        changed = changed or kept != data[position:end]
        position = end


def _decoding_app_segment(marker: int, payload: bytes) -> bytes | None:
    """Return the part of an APP segment a decoder reads (JFIF, Adobe), reduced to its fixed fields, or None."""
    # APP0 JFIF: version, units, densities (12 bytes with the identifier); its thumbnail is an image that may
    # show text, so it goes (thumbnail size 0x0). APP14 Adobe: version, flags, colour transform (12 bytes),
    # which tells the decoder whether the components are YCbCr. Every other APP segment is metadata.
    if marker == 0xE0 and payload.startswith(_JFIF) and len(payload) >= 14:
        return b"\xff\xe0\x00\x10" + payload[:12] + b"\x00\x00"
    if marker == 0xEE and payload.startswith(_ADOBE) and len(payload) >= 12:
        return b"\xff\xee\x00\x0e" + payload[:12]
    return None


def clean_j2k(data: bytes, start: int) -> tuple[bytes, int, bool]:
    """Return a JPEG 2000 codestream at `start` without COM segments, where it ends (after EOC), and if it changed."""
    if data[start:start + 2] != J2K_SOC or _marker(data, start + 2) != 0xFF51:
        raise UnparsedCodestream("a JPEG 2000 codestream does not start with SOC and SIZ")
    main, position = _j2k_header(data, start + 2, _J2K_SOT)
    tile_parts, tile_length_changed = [], False
    while _marker(data, position) == _J2K_SOT:
        if position + 12 > len(data) or _U16.unpack_from(data, position + 2)[0] != 10:
            raise UnparsedCodestream("a JPEG 2000 tile-part header is malformed")
        length = _U32.unpack_from(data, position + 6)[0]
        header, sod = _j2k_header(data, position + 12, _J2K_SOD)
        if length:
            end = position + length
        else:  # T.800 A.4.2: Psot 0, the last tile-part runs to EOC (0xFFD9 cannot occur in packet data)
            end = data.find(EOI, sod + 2)
        if end < sod + 2 or end > len(data):
            raise UnparsedCodestream("a JPEG 2000 tile-part length runs past the codestream or into its header")
        segments = b"".join(header)
        removed = (sod - position - 12) - len(segments)
        sot = bytearray(data[position:position + 12])
        if length and removed:
            sot[6:10] = _U32.pack(length - removed)
            tile_length_changed = True
        tile_parts.append(bytes(sot) + segments + data[sod:end])
        position = end
    if not tile_parts or _marker(data, position) != _J2K_EOC:
        raise UnparsedCodestream("a JPEG 2000 codestream does not end with EOC after its tile-parts")
    if tile_length_changed:
        # TLM indexes tile-part lengths; it is optional (T.800 A.7.1), so it goes rather than being recomputed.
        main = [segment for segment in main if _marker(segment, 0) != _J2K_TLM]
    cleaned = J2K_SOC + b"".join(main) + b"".join(tile_parts) + EOI
    return cleaned, position + 2, len(cleaned) != position + 2 - start


def _j2k_header(data: bytes, position: int, stop: int) -> tuple[list[bytes], int]:
    """Return the kept marker segments from `position` up to the `stop` marker, and where that marker starts."""
    kept = []
    while True:
        marker = _marker(data, position)
        if marker == stop:
            return kept, position
        if marker is None or not 0xFF50 <= marker <= 0xFF7F:
            raise UnparsedCodestream("a JPEG 2000 header holds a marker that is not read here")
        end = position + 2 + _U16.unpack_from(data, position + 2)[0] if position + 4 <= len(data) else -1
        if end < position + 4 or end > len(data):
            raise UnparsedCodestream("a JPEG 2000 marker segment has an impossible length")
        if marker != _J2K_COM:
            kept.append(data[position:end])
        position = end


def clean_jp2(data: bytes, start: int, frame_ends: Callable[[int], bool]) -> tuple[bytes, int, bool]:
    """Return a JP2 file at `start` with only the boxes a decoder reads (its codestream cleaned), where it ends, and
    if it changed; `frame_ends(position)` says whether the file stops at a box boundary."""
    if data[start:start + 12] != JP2_SIGNATURE:
        raise UnparsedCodestream("a JP2 frame does not start with the JP2 signature box")
    out, position, changed, has_codestream = [], start, False, False
    while True:
        kind, body, end = _box(data, position, len(data))
        if kind == b"jp2c":
            codestream, stop, codestream_changed = clean_j2k(data, body)
            changed = changed or codestream_changed or stop != end
            out.append(_box_bytes(kind, codestream))
            has_codestream = True
        elif kind == b"jp2h":
            header, header_changed = _jp2_header(data, body, end)
            changed = changed or header_changed
            out.append(_box_bytes(kind, header))
        elif kind in _JP2_KEPT:
            out.append(data[position:end])
        else:
            changed = True
        position = end
        if frame_ends(position):
            break
    if not has_codestream:
        raise UnparsedCodestream("a JP2 frame holds no codestream box")
    return b"".join(out), position, changed


def _jp2_header(data: bytes, position: int, end: int) -> tuple[bytes, bool]:
    """Return the JP2 header superbox's content with only the boxes a decoder reads, and if any went."""
    kept, changed = [], False
    while position < end:
        kind, _, box_end = _box(data, position, end)
        if kind in _JP2_HEADER_KEPT:
            kept.append(data[position:box_end])
        else:
            changed = True
        position = box_end
    return b"".join(kept), changed


def _box(data: bytes, position: int, limit: int) -> tuple[bytes, int, int]:
    """Return a box's type, where its content starts and where it ends."""
    if position + 8 > limit:
        raise UnparsedCodestream("a JP2 box header is truncated")
    length, kind = _U32.unpack_from(data, position)[0], data[position + 4:position + 8]
    body = position + 8
    if length == 1:  # XLBox: a 64-bit length follows
        if position + 16 > limit:
            raise UnparsedCodestream("a JP2 box header is truncated")
        length, body = _U64.unpack_from(data, position + 8)[0], position + 16
    elif length == 0:  # the box runs to the end of the file
        length = limit - position
    end = position + length
    if end < body or end > limit:
        raise UnparsedCodestream("a JP2 box has an impossible length")
    return kind, body, end


def _box_bytes(kind: bytes, content: bytes) -> bytes:
    return _U32.pack(8 + len(content)) + kind + content


def _marker(data: bytes, position: int) -> int | None:
    return _U16.unpack_from(data, position)[0] if position + 2 <= len(data) else None
