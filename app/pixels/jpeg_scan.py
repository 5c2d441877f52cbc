"""Sequential JPEG frames whose scan headers give a spectral range other than 0-63, made decodable.

Sequential DCT (ITU-T T.81 B.2.3) requires Ss = 0, Se = 63 and Ah = Al = 0 in every scan header. Some
encoders wrote other values there (NEMA WG04's lossy JPEG test files have Se = 0). The IJG decoder ignores
these fields in sequential mode; libjpeg, pylibjpeg's codec, refuses the frame. Only the copy handed to
the decoder is corrected: the file's own bytes are never rewritten here.
"""
from __future__ import annotations

import struct

_SOI, _SOS, _EOI = b"\xff\xd8", 0xDA, 0xD9
_SEQUENTIAL_SOF = frozenset({0xC0, 0xC1})  # baseline and extended sequential, Huffman coded
# Progressive, lossless and arithmetic frame headers (0xC4 is DHT, 0xC8 reserved, 0xCC DAC: not frames).
_OTHER_SOF = frozenset({0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM and RST0-7 carry no length
_SEQUENTIAL_RANGE = bytes((0, 63, 0))  # Ss, Se, Ah/Al


def corrected(frame: bytes) -> bytes | None:
    """The frame with every scan header's Ss/Se/Ah/Al set to 0/63/0, or None when it is not a sequential
    JPEG frame or nothing needs changing."""
    if not frame.startswith(_SOI):
        return None
    out = bytearray(frame)
    sequential, changed, position = False, False, 2
    while position + 4 <= len(out):
        if out[position] != 0xFF:
            return None
        marker = out[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker == _EOI:
            break
        if marker in _STANDALONE:
            position += 2
            continue
        (length,) = struct.unpack_from(">H", out, position + 2)
        if marker in _OTHER_SOF:
            return None
        sequential |= marker in _SEQUENTIAL_SOF
        if marker == _SOS:
            if not sequential or length < 6:
                return None
            fields = position + 4 + 1 + 2 * out[position + 4]  # after Ns and the Ns component selectors
            if fields + 3 > position + 2 + length:
                return None
            if out[fields:fields + 3] != _SEQUENTIAL_RANGE:
                out[fields:fields + 3] = _SEQUENTIAL_RANGE
                changed = True
            position = _next_marker(out, position + 2 + length)
            continue
        position += 2 + length
    return bytes(out) if changed else None


def _next_marker(data: bytearray, position: int) -> int:
    """The position of the next marker after entropy-coded data (0xFF00 is a stuffed byte, RSTn is data)."""
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            return len(data)
        following = data[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            position += 1
            continue
        return position
