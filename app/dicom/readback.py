"""Read every output back before it is released: it must parse completely as the syntax its file meta names.

The writer splices input bytes with re-encoded elements; a mistake there (a meta naming another
encoding than the spliced bytes, a pad byte inside encapsulated pixel data, an element cut short)
makes a file no reader opens. Explicit VR little-endian outputs, most of them, are re-read by the
raw scanner, which is stricter than pydicom and parses every sequence; the rest, and any the scanner
declines, by pydicom with every element converted.
"""
from __future__ import annotations

import struct
import warnings
from io import BytesIO

from pydicom import dcmread
from pydicom.uid import UID

from .errors import Quarantined
from .scan import PIXEL_DATA, UNDEFINED, ScanDeclined, ScannedDataset, ScannedSequence, scan_file

_ITEM = struct.Struct("<HHI")
_DECLINED = "the scanner declines a structure"


def verify_output(data: bytes) -> None:
    """Raise Quarantined("write_failed") unless `data` reads back completely and consistently."""
    scanned = scan_file(data)
    problem = _scanned_problem(scanned.dataset, scanned.transfer_syntax) if scanned is not None else _DECLINED
    if problem == _DECLINED:
        problem = parse_problem(data)  # the scanner declines some structures pydicom reads (and judges) well
    if problem:
        raise Quarantined("write_failed", f"the de-identified file does not read back ({problem}); not released")


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


def _scanned_problem(ds: ScannedDataset, transfer_syntax: str) -> str:
    """Return why a scanned output is not consistent ("" when it is); every sequence is scanned."""
    try:
        _scan_sequences(ds)
    except (ScanDeclined, struct.error):
        return _DECLINED
    if PIXEL_DATA not in ds:
        return ""
    element = ds.get_item(PIXEL_DATA)
    encapsulated = element.length == UNDEFINED
    syntax = UID(transfer_syntax)
    if syntax.is_transfer_syntax and encapsulated != syntax.is_encapsulated:
        return "pixel data encapsulation does not match the transfer syntax"
    if encapsulated and not _items_fill(element.value):
        return "encapsulated pixel data items do not parse"
    return ""


def _scan_sequences(ds: ScannedDataset) -> None:
    for _, element in ds.items():
        if isinstance(element, ScannedSequence):
            for item in element.value:
                _scan_sequences(item)


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
