"""Read every output back before it is released: it must parse completely as the syntax its file meta names.

The writer splices input bytes with re-encoded elements; a mistake there (a meta naming another
encoding than the spliced bytes, a pad byte inside encapsulated pixel data, an element cut short)
makes a file no reader opens. Explicit VR little-endian outputs, most of them, are walked element by
element (every sequence item and pixel fragment by its length, tags in order, ending exactly at the
end of the file) without building any element; the rest, and any structure the walk declines (an
implicit VR sequence inside explicit VR, kept from the input), are read by pydicom with every element
converted.
"""
from __future__ import annotations

import struct
import warnings
from io import BytesIO

from pydicom import dcmread
from pydicom.uid import UID

from .encode import LONG_LENGTH_VRS
from .errors import Quarantined
from .scan import ITEM, ITEM_END, PIXEL_DATA, SEQUENCE_END, STANDARD_VRS, UNDEFINED
from .syntax import meta_syntaxes

_HEADER = struct.Struct("<HH2sH")
_LENGTH = struct.Struct("<I")
_ITEM = struct.Struct("<HHI")
_LONG_VRS = frozenset(vr.encode() for vr in LONG_LENGTH_VRS)


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


def _walk_problem(data: bytes) -> str:
    """Return why an explicit VR little-endian Part 10 file does not parse ("" if it does); _Declined otherwise."""
    if len(data) < 144 or data[128:136] != b"DICM\x02\x00\x00\x00":
        raise _Declined
    syntaxes = meta_syntaxes(data)
    syntax = UID(syntaxes[0]) if len(syntaxes) == 1 else None
    if syntax is None or (syntax.is_transfer_syntax and (syntax.is_implicit_VR or not syntax.is_little_endian
                                                         or syntax.is_deflated)):
        raise _Declined
    start = 144 + _LENGTH.unpack_from(data, 140)[0]  # after (0002,0000) and the group it counts
    try:
        encapsulated = _walk(data, start, len(data), top=True)
    except (_Broken, struct.error) as exc:
        return str(exc) or "an element runs past the end of the file"
    if encapsulated is not None and syntax.is_transfer_syntax and encapsulated != syntax.is_encapsulated:
        return "pixel data encapsulation does not match the transfer syntax"
    return ""


def _walk(data: bytes, position: int, end: int, *, top: bool = False, item: bool = False) -> bool | None:
    """Walk elements from `position` to `end` (an undefined-length item: to its delimiter).

    Returns, at the top level, whether the pixel data is encapsulated (None without pixel data); inside an
    undefined-length item, the position after its delimiter.
    """
    encapsulated, previous, unpack, unpack_length = None, -1, _HEADER.unpack_from, _LENGTH.unpack_from
    while position < end:
        if end - position < 8:
            raise _Broken("bytes left over after the last element")
        group, number, vr, length = unpack(data, position)
        tag = group << 16 | number
        if item and tag == ITEM_END:
            return position + 8
        if vr not in STANDARD_VRS:
            raise _Declined  # implicit VR inside explicit (a kept input sequence) or a VR pydicom must judge
        if tag <= previous or group in (0x0002, 0xFFFE):
            raise _Broken("elements out of order, or a stray file meta element, item or delimiter")
        previous = tag
        if vr in _LONG_VRS:
            (length,) = unpack_length(data, position + 8)
            position += 12
        else:
            position += 8
        if length == UNDEFINED:
            if vr == b"SQ":
                position = _walk_items(data, position, end, None)
            elif top and tag == PIXEL_DATA:
                encapsulated, position = True, _walk_fragments(data, position, end)
            else:
                raise _Declined
            continue
        if position + length > end:
            raise _Broken("an element runs past the end of its container")
        if vr == b"SQ":
            _walk_items(data, position, end, position + length)
        elif top and tag == PIXEL_DATA:
            encapsulated = False
        position += length
    if item:
        raise _Broken("an undefined-length item has no delimiter")
    return encapsulated if top else position


def _walk_items(data: bytes, position: int, end: int, sequence_end: int | None) -> int:
    """Walk a sequence's items (to `sequence_end`, or to its delimiter when undefined); return where it stops."""
    limit = end if sequence_end is None else sequence_end
    while position < limit:
        group, number, length = _ITEM.unpack_from(data, position)
        tag = group << 16 | number
        if tag == SEQUENCE_END and sequence_end is None:
            return position + 8
        if tag != ITEM:
            raise _Broken("a sequence holds something other than items")
        position += 8
        if length == UNDEFINED:
            position = _walk(data, position, limit, item=True)
        elif position + length > limit:
            raise _Broken("an item runs past the end of its sequence")
        else:
            _walk(data, position, position + length)
            position += length
    if sequence_end is None or position != sequence_end:
        raise _Broken("a sequence does not end where it should")
    return position


def _walk_fragments(data: bytes, position: int, end: int) -> int:
    """Walk encapsulated pixel data item by item to its delimiter; return the position after it."""
    while True:
        group, number, length = _ITEM.unpack_from(data, position)
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
