"""Read every output back before it is released: it must parse completely as the syntax its file meta names.

The writer splices input bytes with re-encoded elements; a mistake there (a meta naming another
encoding than the spliced bytes, a pad byte inside encapsulated pixel data, an element cut short)
makes a file no reader opens. Outputs that are not deflated, nearly all, are walked element by element
in their own byte order (every sequence item and pixel fragment by its length, tags in order, ending
exactly at the end of the file) without building any element; deflated ones, and any structure the walk
declines (an implicit VR sequence inside explicit VR, kept from the input), are read by pydicom with
every element converted.
"""
from __future__ import annotations

import struct
import warnings
from io import BytesIO

from pydicom import dcmread
from pydicom.dataelem import RawDataElement
from pydicom.uid import UID, AllTransferSyntaxes, ExplicitVRBigEndian, ImplicitVRLittleEndian

from .encode import LONG_LENGTH_VRS
from .errors import Quarantined
from .policy import vr_of
from .scan import ITEM, ITEM_END, PIXEL_DATA, SEQUENCE_END, STANDARD_VRS, UNDEFINED
from .syntax import meta_syntaxes

_HEADER = struct.Struct("<HH2sH")
_LENGTH = struct.Struct("<I")
_ITEM = struct.Struct("<HHI")
# Per byte order (little endian?): an explicit VR element's header, a long length, an item's header (or an
# implicit VR element's).
_STRUCTS = {True: (_HEADER, _LENGTH, _ITEM),
            False: (struct.Struct(">HH2sH"), struct.Struct(">I"), struct.Struct(">HHI"))}
# An explicit VR element's header size by its VR's bytes: 12 for the VRs with a 4-byte length, else 8.
_HEADER_SIZES = {vr: 12 if vr.decode() in LONG_LENGTH_VRS else 8 for vr in STANDARD_VRS}
_SHORT_VRS = frozenset(vr for vr, size in _HEADER_SIZES.items() if size == 8)
# Explicit VR little-endian syntaxes pydicom knows (not deflated): whether each is encapsulated.
_EXPLICIT_LITTLE = {str(s): s.is_encapsulated for s in AllTransferSyntaxes
                    if not s.is_implicit_VR and s.is_little_endian and not s.is_deflated}


class _Declined(Exception):
    """The walk leaves this structure to pydicom."""


class _Broken(Exception):
    """The output does not parse: its message says where, without values."""


def verify_output(data: bytes) -> None:
    """Raise Quarantined("write_failed") unless `data` reads back completely and consistently."""
    try:
        problem = _walk_problem(data)
    except _Declined:
        problem = parse_problem(data)
    if problem:
        raise Quarantined("write_failed", f"the de-identified file does not read back ({problem}); not released")


def holds_implicit_items(value: bytes) -> bool:
    """Whether `value` is exactly a run of implicit VR little-endian items: a sequence stored as UN (PS3.5 6.2.2)."""
    if len(value) < 8 or _ITEM.unpack_from(value)[:2] != (ITEM >> 16, ITEM & 0xFFFF):
        return False
    try:
        _walk_items(value, 0, len(value), len(value), True)
    except (_Broken, _Declined, struct.error):
        return False
    return True


def _walk_problem(data: bytes) -> str:
    """Return why a non-deflated Part 10 file does not parse ("" if it does); _Declined for what the walk leaves."""
    if len(data) < 144 or data[128:136] != b"DICM\x02\x00\x00\x00":
        raise _Declined
    syntaxes = meta_syntaxes(data)
    if len(syntaxes) != 1:
        raise _Declined
    syntax, little = syntaxes[0], True
    if syntax == ImplicitVRLittleEndian:
        implicit, encapsulated_syntax = True, False
    elif syntax in _EXPLICIT_LITTLE:
        implicit, encapsulated_syntax = False, _EXPLICIT_LITTLE[syntax]
    elif syntax == ExplicitVRBigEndian:
        implicit, encapsulated_syntax, little = False, False, False
    elif UID(syntax).is_transfer_syntax:
        raise _Declined  # deflated: pydicom reads it
    else:
        implicit, encapsulated_syntax = False, None  # newer than this pydicom: explicit VR little endian
    start = 144 + _LENGTH.unpack_from(data, 140)[0]  # after (0002,0000) and the group it counts
    try:
        encapsulated = _walk(data, start, len(data), implicit, little, top=True)
    except (_Broken, struct.error) as exc:
        return str(exc) or "an element runs past the end of the file"
    if None not in (encapsulated, encapsulated_syntax) and encapsulated != encapsulated_syntax:
        return "pixel data encapsulation does not match the transfer syntax"
    return ""


def _walk(data: bytes, position: int, end: int, implicit: bool, little: bool = True, *, top: bool = False,
          item: bool = False):
    """Walk elements from `position` to `end` (an undefined-length item: to its delimiter).

    Returns, at the top level, whether the pixel data is encapsulated (None without pixel data); inside an
    undefined-length item, the position after its delimiter.
    """
    header, length_word, item_header = _STRUCTS[little]
    encapsulated, previous, unpack_length, header_sizes = None, -1, length_word.unpack_from, _HEADER_SIZES
    unpack = item_header.unpack_from if implicit else header.unpack_from
    last = end - 8  # the last position an element's header fits at
    while position <= last:
        if implicit:
            group, number, length = unpack(data, position)
            vr = None
        else:
            group, number, vr, length = unpack(data, position)
        tag = group << 16 | number
        if previous < tag and 2 < group < 0x7FE0 and vr in _SHORT_VRS:
            # Most elements: in order, neither file meta, item nor pixel data, with a 2-byte length (no sequence).
            previous = tag
            position += 8 + length
            if position > end:
                raise _Broken("an element runs past the end of its container")
            continue
        if item and tag == ITEM_END:
            return position + 8
        header_size = 8 if implicit else header_sizes.get(vr)
        if header_size is None:
            raise _Declined  # implicit VR inside explicit (a kept input sequence) or a VR pydicom must judge
        if tag <= previous or group == 0x0002 or group == 0xFFFE:
            raise _Broken("elements out of order, or a stray file meta element, item or delimiter")
        previous = tag
        if header_size == 12:
            (length,) = unpack_length(data, position + 8)
        position += header_size
        if length == UNDEFINED:
            if top and tag == PIXEL_DATA:
                encapsulated, position = True, _walk_fragments(data, position, end, little)
            elif vr == b"SQ" or implicit:  # undefined length in implicit VR: a sequence
                position = _walk_items(data, position, end, None, implicit, little)
            else:
                raise _Declined
            continue
        if position + length > end:
            raise _Broken("an element runs past the end of its container")
        if vr == b"SQ" or (implicit and not group & 1 and vr_of(tag) == "SQ"):
            _walk_items(data, position, end, position + length, implicit, little)
        elif top and tag == PIXEL_DATA:
            encapsulated = False
        position += length
    if position < end:
        raise _Broken("bytes left over after the last element")
    if item:
        raise _Broken("an undefined-length item has no delimiter")
    return encapsulated if top else position


def _walk_items(data: bytes, position: int, end: int, sequence_end: int | None, implicit: bool,
                little: bool = True) -> int:
    """Walk a sequence's items (to `sequence_end`, or to its delimiter when undefined); return where it stops."""
    limit = end if sequence_end is None else sequence_end
    unpack = _STRUCTS[little][2].unpack_from
    while position < limit:
        group, number, length = unpack(data, position)
        tag = group << 16 | number
        if tag == SEQUENCE_END and sequence_end is None:
            return position + 8
        if tag != ITEM:
            raise _Broken("a sequence holds something other than items")
        position += 8
        if length == UNDEFINED:
            position = _walk(data, position, limit, implicit, little, item=True)
        elif position + length > limit:
            raise _Broken("an item runs past the end of its sequence")
        else:
            _walk(data, position, position + length, implicit, little)
            position += length
    if sequence_end is None or position != sequence_end:
        raise _Broken("a sequence does not end where it should")
    return position


def _walk_fragments(data: bytes, position: int, end: int, little: bool) -> int:
    """Walk encapsulated pixel data item by item to its delimiter; return the position after it."""
    unpack = _STRUCTS[little][2].unpack_from
    while True:
        group, number, length = unpack(data, position)
        tag = group << 16 | number
        if tag == SEQUENCE_END and length == 0:
            return position + 8
        if tag != ITEM or length == UNDEFINED or position + 8 + length > end:
            raise _Broken("encapsulated pixel data items do not parse")
        position += 8 + length


def parse_problem(data: bytes) -> str:
    """Return why pydicom cannot read a Part 10 file completely and as its transfer syntax says, or ""."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = dcmread(BytesIO(data))  # no force: an output must be a Part 10 file
            # pydicom reads a value cut short by the end of the file without complaint.
            if any(isinstance(raw, RawDataElement) and raw.length != UNDEFINED and isinstance(raw.value, bytes)
                   and len(raw.value) != raw.length for raw in map(ds.get_item, ds.keys())):
                return "an element runs past the end of the file"
            for element in ds.iterall():
                element.value  # noqa: B018 - converts every raw element, nested ones included
        except Exception as exc:  # pydicom raises many types for damaged files
            return f"pydicom cannot parse it: {type(exc).__name__}"
        syntax = ds.file_meta.get("TransferSyntaxUID")
        if syntax is None or not syntax.is_valid:
            return "no valid transfer syntax in the file meta"
        # A syntax newer than this pydicom is explicit VR little endian, as every syntax since 2004 is.
        known = syntax.is_transfer_syntax
        expected = (syntax.is_implicit_VR, syntax.is_little_endian) if known else (False, True)
        if ds and ds.original_encoding[:2] != expected:
            return "the data set is not encoded as its transfer syntax says"
        if any(int(tag) >> 16 == 0xFFFE for tag in ds.keys()):
            return "a stray item or delimiter at the top level"
        if PIXEL_DATA in ds:
            element = ds.get_item(PIXEL_DATA)
            encapsulated = element.is_undefined_length
            if known and encapsulated != syntax.is_encapsulated:
                return "pixel data encapsulation does not match the transfer syntax"
            if encapsulated and not _items_fill(element.value):
                return "encapsulated pixel data items do not parse"
    return ""


def _items_fill(value: bytes) -> bool:
    """Whether encapsulated pixel data (up to its delimiter) is a run of items that ends exactly at its end."""
    position = 0
    while position < len(value):
        if len(value) - position < 8:
            return False
        group, number, length = _ITEM.unpack_from(value, position)
        if (group, number) != (0xFFFE, 0xE000) or length == UNDEFINED:
            return False
        position += 8 + length
    return position == len(value)
