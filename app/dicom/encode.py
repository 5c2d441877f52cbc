"""Fast encoding of the simple elements the engine writes (empty values, text, UIDs, dates).

pydicom's general writer costs ~20 µs per element; most changed elements are
short ASCII strings or empty, which PS3.5 7.1 encodes in a few bytes. Anything
else (sequences, numbers, binary, non-ASCII text) returns None and goes
through pydicom.
"""
from __future__ import annotations

import struct

from pydicom.dataelem import DataElement
from pydicom.multival import MultiValue
from pydicom.valuerep import PersonName

LONG_LENGTH_VRS = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"})
STRING_VRS = frozenset({"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI",
                        "UR", "UT"})
_SHORT = struct.Struct("<HH2sH")
_LONG = struct.Struct("<HH2s2xI")
_IMPLICIT = struct.Struct("<HHI")


def encode_simple(element: DataElement, implicit: bool) -> bytes | None:
    """Return the little-endian encoding of a simple string or empty element, or None if it is not simple."""
    vr = element.VR
    if vr not in STRING_VRS:
        return None
    value = element.value
    if value is None or value == "":
        payload = b""
    else:
        parts = value if isinstance(value, (list, MultiValue)) else [value]
        if not all(isinstance(p, (str, PersonName)) for p in parts):
            return None
        text = "\\".join(str(p) for p in parts)
        if not text.isascii():
            return None  # character sets are pydicom's job
        payload = text.encode("ascii")
        if len(payload) % 2:
            payload += b"\x00" if vr == "UI" else b" "  # PS3.5 6.2: UI pads with NUL, text with space
    tag = element.tag
    group, number = tag >> 16, tag & 0xFFFF
    if implicit:
        return _IMPLICIT.pack(group, number, len(payload)) + payload
    if vr in LONG_LENGTH_VRS:
        return _LONG.pack(group, number, vr.encode(), len(payload)) + payload
    if len(payload) > 0xFFFF:
        return None
    return _SHORT.pack(group, number, vr.encode(), len(payload)) + payload
