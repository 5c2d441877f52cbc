"""Fast encoding of the elements the engine writes: simple values, raw (unchanged) ones, and sequences of both.

pydicom's general writer costs ~20 µs per element; most changed elements are
short ASCII strings or empty, which PS3.5 7.1 encodes in a few bytes, and a
changed sequence is mostly unchanged raw elements whose bytes can be copied.
The output is byte for byte what pydicom's writer produces, in either byte order
(explicit VR big endian files are written back as they came); anything else
(floats, binary values built here, non-ASCII text, re-encoded items) returns None
and goes through pydicom.
"""
from __future__ import annotations

import struct
from functools import lru_cache

from pydicom.dataelem import DataElement, RawDataElement
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.tag import BaseTag
from pydicom.valuerep import PersonName

LONG_LENGTH_VRS = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"})
STRING_VRS = frozenset({"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI",
                        "UR", "UT"})
# Per byte order (little endian?): integer values by VR, then an explicit VR element's short and long headers and
# an item's header (an implicit VR element's too).
_INTEGERS = {little: {vr: struct.Struct(order + code) for vr, code in (("US", "H"), ("SS", "h"), ("UL", "L"),
                                                                       ("SL", "l"))}
             for little, order in ((True, "<"), (False, ">"))}
_HEADERS = {little: (struct.Struct(order + "HH2sH"), struct.Struct(order + "HH2s2xI"), struct.Struct(order + "HHI"))
            for little, order in ((True, "<"), (False, ">"))}
_GROUP_LENGTH = struct.Struct("<I")
ITEM_START, ITEM_END, SEQUENCE_END = (0xFFFE, 0xE000), (0xFFFE, 0xE00D), (0xFFFE, 0xE0DD)
UNDEFINED = 0xFFFFFFFF
MAX_CONSTANT_ELEMENTS = 16384
_CONSTANT_ELEMENTS: dict[tuple, RawDataElement] = {}
# (id of a constant element, implicit VR, little endian) -> its encoding. By id: hashing the element hashes all
# its fields, value included, for every element of every file; a constant element lives as long as the table.
_CONSTANT_ENCODINGS: dict[tuple[int, bool, bool], bytes] = {}
_CONSTANT_DATA_ELEMENTS: list[DataElement] = []  # kept alive, so their ids stay theirs
NATIVE_ENCODINGS = ((False, True), (True, True), (False, False))  # (implicit VR, little endian)


def encode_simple(element: DataElement, implicit: bool, little: bool = True) -> bytes | None:
    """Return the encoding of a simple string or empty element, or None if it is not simple."""
    vr = element.VR
    if vr not in STRING_VRS:
        return None
    payload = encode_text(vr, element.value)
    if payload is None or (len(payload) > 0xFFFF and vr not in LONG_LENGTH_VRS and not implicit):
        return None
    return _header(element.tag, vr, len(payload), implicit, little) + payload


def encode_text(vr: str, value) -> bytes | None:
    """Return the padded value bytes of an ASCII string value (or list of them), or None if it is not that."""
    if value is None or value == "":
        return b""
    if type(value) is str:
        text = value  # the common case (a UID, a pseudonym, a dummy): no list to build and check
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
    return payload


def raw_text_element(tag: int, vr: str, value) -> RawDataElement | DataElement:
    """Return a new string element, pre-encoded as a raw element when it is plain ASCII.

    A raw element costs a fraction of a DataElement to build and is written by copying its bytes;
    reading it back converts it as pydicom converts any raw element.
    """
    payload = encode_text(vr, value) if vr in STRING_VRS else None
    if payload is None:
        return DataElement(tag, vr, value)
    return RawDataElement(BaseTag(tag), vr, len(payload), payload, None, False, True)


def constant_text_element(tag: int, vr: str, value: str | None) -> RawDataElement | DataElement:
    """Return raw_text_element for a value that is the same in every file (empty, a dummy), built once per tag.

    Most actions write one of these; a raw element is immutable, so one object can stand in every file's
    data set (a DataElement, which the engine may change in place, is built anew each time).
    """
    key = (tag, vr, value)
    element = _CONSTANT_ELEMENTS.get(key)
    if element is None:
        element = raw_text_element(tag, vr, value)
        if type(element) is RawDataElement and len(_CONSTANT_ELEMENTS) < MAX_CONSTANT_ELEMENTS:
            _CONSTANT_ELEMENTS[key] = element  # bounded: a hostile file's thousands of odd tags must not grow it
            for implicit, little in NATIVE_ENCODINGS:  # encoded once too: the element is written into every file
                encoded = _encode_raw(element, implicit, little)
                if encoded is not None:
                    _CONSTANT_ENCODINGS[id(element), implicit, little] = encoded
    return element


def constant_data_element(element: DataElement) -> DataElement:
    """Return `element`, encoded once for every native encoding: the engine writes it unchanged into many files.

    For elements that are never changed once built (the de-identification method elements, shared by every file
    of a run); bounded like the constant text elements.
    """
    if len(_CONSTANT_DATA_ELEMENTS) < MAX_CONSTANT_ELEMENTS:
        _CONSTANT_DATA_ELEMENTS.append(element)
        for implicit, little in NATIVE_ENCODINGS:
            encoded = encode_element(element, implicit, little)
            if encoded is not None:
                _CONSTANT_ENCODINGS[id(element), implicit, little] = encoded
    return element


def _header(tag: int, vr: str, length: int, implicit: bool, little: bool = True) -> bytes:
    group, number = tag >> 16, tag & 0xFFFF
    short, long, implicit_header = _HEADERS[little]
    if implicit:
        return implicit_header.pack(group, number, length)
    if vr in LONG_LENGTH_VRS:
        return long.pack(group, number, vr.encode(), length)
    return short.pack(group, number, vr.encode(), length)


def encode_element(element: DataElement | RawDataElement, implicit: bool, little: bool = True) -> bytes | None:
    """Return the encoding of a simple, integer, raw or sequence element, or None for pydicom."""
    if isinstance(element, RawDataElement):
        if element.value_tell is None:  # built by the engine, often one of the constant elements
            encoded = _CONSTANT_ENCODINGS.get((id(element), implicit, little))
            if encoded is not None:
                return encoded
        return _encode_raw(element, implicit, little)
    encoded = _CONSTANT_ENCODINGS.get((id(element), implicit, little))
    if encoded is not None:
        return encoded
    if element.VR == "SQ":
        return _encode_sequence(element, implicit, little)
    if element.VR in _INTEGERS[little] and type(element.value) is int:
        return _encode_integer(element, implicit, little)
    return encode_simple(element, implicit, little)


def _encode_integer(element: DataElement, implicit: bool, little: bool) -> bytes | None:
    # e.g. Pixel Representation, which pydicom converts while reading, so it is never a raw copy
    number = _INTEGERS[little][element.VR]
    try:
        return _header(element.tag, element.VR, number.size, implicit, little) + number.pack(element.value)
    except struct.error:
        return None  # out of range: pydicom reports it


def _encode_raw(raw: RawDataElement, implicit: bool, little: bool) -> bytes | None:
    # The value bytes are written as read: the item shares the file's encoding (checked by the caller). Text
    # reads the same in either byte order; other values only in the order they were read in.
    value, vr = raw.value, raw.VR
    if raw.length == UNDEFINED or not isinstance(value, bytes):
        return None
    if not implicit and (vr is None or len(vr) != 2 or (len(value) > 0xFFFF and vr not in LONG_LENGTH_VRS)):
        return None  # pydicom refuses the VR, or rewrites an over-long value as UN
    if raw.is_little_endian != little and vr not in STRING_VRS:
        return None
    return _header(raw.tag, vr, len(value), implicit, little) + value


def _encode_sequence(element: DataElement, implicit: bool, little: bool) -> bytes | None:
    item_header = _HEADERS[little][2]
    items = []
    for item in element.value or ():
        body = _encode_item(item, implicit, little)
        if body is None:
            return None
        if item.is_undefined_length_sequence_item:
            items.append(item_header.pack(*ITEM_START, UNDEFINED) + body + item_header.pack(*ITEM_END, 0))
        else:
            items.append(item_header.pack(*ITEM_START, len(body)) + body)
    value = b"".join(items)
    length = UNDEFINED if element.is_undefined_length else len(value)
    trailer = item_header.pack(*SEQUENCE_END, 0) if element.is_undefined_length else b""
    return _header(element.tag, "SQ", length, implicit, little) + value + trailer


def _encode_item(item: Dataset, implicit: bool, little: bool) -> bytes | None:
    # pydicom re-encodes (and corrects VRs of) items whose encoding or character set differs from the file's:
    # their raw elements are left to it. Items built here (no original encoding) hold no raw elements.
    built_here = item.original_encoding == (None, None)
    if not built_here and (item.original_encoding != (implicit, little)
                           or item.original_character_set != item._character_set):
        return None
    parts = []
    for tag, element in sorted((int(tag), element) for tag, element in item.items()):
        if tag & 0xFFFF == 0 and tag >> 16 > 6:
            continue  # retired group lengths are never written
        if built_here and isinstance(element, RawDataElement):
            return None
        encoded = encode_element(element, implicit, little)
        if encoded is None:
            return None
        parts.append(encoded)
    return b"".join(parts)


def encode_file_meta(sop_class: str, sop_instance: str, transfer_syntax: str, implementation_class: str,
                     version_name: str) -> bytes | None:
    """Return the File Meta Information group (PS3.10 7.1) as pydicom writes it, or None for non-ASCII values."""
    around = _file_meta_around(sop_class, transfer_syntax, implementation_class, version_name)
    instance = encode_text("UI", sop_instance)
    if around is None or instance is None or len(instance) > 0xFFFF:
        return None
    body = b"".join((around[0], _header(0x00020003, "UI", len(instance), False), instance, around[1]))
    return _header(0x00020000, "UL", 4, False) + _GROUP_LENGTH.pack(len(body)) + body


@lru_cache(maxsize=256)
def _file_meta_around(sop_class: str, transfer_syntax: str, implementation_class: str,
                      version_name: str) -> tuple[bytes, bytes] | None:
    """Return the file meta elements before and after the SOP instance UID: the same in every file of a kind."""
    parts = [_header(0x00020001, "OB", 2, False) + b"\x00\x01"]  # File Meta Information Version
    for tag, vr, value in ((0x00020002, "UI", sop_class), (0x00020010, "UI", transfer_syntax),
                           (0x00020012, "UI", implementation_class), (0x00020013, "SH", version_name)):
        payload = encode_text(vr, value)
        if payload is None or len(payload) > 0xFFFF:
            return None
        parts.append(_header(tag, vr, len(payload), False) + payload)
    return b"".join(parts[:2]), b"".join(parts[2:])
