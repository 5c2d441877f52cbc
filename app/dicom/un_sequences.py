"""Sequences stored with VR UN: read as the implicit VR little-endian items they are, written back the same way.

PS3.5 6.2.2: a sequence whose VR its writer did not know (a vendor's private sequence above all) is
stored as UN, its items encoded in implicit VR little endian whatever the file's transfer syntax; in
an implicit VR file a private sequence of defined length carries no VR at all. Its values (UIDs,
names, dates) are values like any other: the transform remaps and cleans them, the final proof
searches them. A value that is not exactly a run of items stays opaque bytes, searched as bytes.
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from io import BytesIO

from pydicom.filebase import DicomBytesIO
from pydicom.filereader import read_sequence
from pydicom.filewriter import write_sequence_item
from pydicom.sequence import Sequence as Items

from .readback import holds_implicit_items

# Writers that turn an undefined-length sequence into UN keep its delimiter inside the value (dcm4che 1.4).
SEQUENCE_DELIMITER = b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"
UNDEFINED = 0xFFFFFFFF


def read_un_sequence(value: bytes, encodings: Sequence[str]) -> Items | None:
    """Return the items of a value that holds a sequence in implicit VR little endian, else None."""
    delimited = value.endswith(SEQUENCE_DELIMITER)
    if not holds_implicit_items(value[:-len(SEQUENCE_DELIMITER)] if delimited else value):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return read_sequence(BytesIO(value), True, True, UNDEFINED if delimited else len(value),
                                 list(encodings))
        except Exception:  # pydicom raises many types for values it cannot read: then the bytes stay opaque
            return None


def encode_un_sequence(items: Items, encodings: Sequence[str]) -> bytes:
    """Return `items` encoded as a UN value: implicit VR little endian, unchanged elements as they were read."""
    buffer = DicomBytesIO()
    buffer.is_little_endian, buffer.is_implicit_VR = True, True
    for item in items:
        write_sequence_item(buffer, item, list(encodings))
    return buffer.getvalue() + (SEQUENCE_DELIMITER if items.is_undefined_length else b"")
