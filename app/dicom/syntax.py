"""Which transfer syntax a parsed input's data set is really encoded in, whatever its file meta claims.

The output copies unchanged elements byte for byte, so its file meta must name the encoding those
bytes are in. Real files disagree with their meta: no meta at all (pre-Part 10 files, explicit or
implicit VR, either byte order), two meta groups naming different syntaxes (pydicom keeps the last),
a meta that names a native syntax over encapsulated pixel data. The encoding pydicom found while
reading and whether the pixel data is encapsulated decide; a file no syntax fits is unreadable.
"""
from __future__ import annotations

from pydicom.dataset import Dataset
from pydicom.uid import UID, ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian

from .errors import UnreadableDicom

PIXEL_DATA = 0x7FE00010
UNDEFINED = 0xFFFFFFFF
_NATIVE = {(True, True): ImplicitVRLittleEndian, (False, True): ExplicitVRLittleEndian,
           (False, False): ExplicitVRBigEndian}


def encoded_transfer_syntax(ds: Dataset, data: bytes) -> str:
    """Return the transfer syntax pydicom found `ds` encoded in (read from `data`); UnreadableDicom if none fits."""
    implicit, little = ds.original_encoding[:2]
    if implicit is None:
        implicit, little = True, True  # an empty data set: any syntax fits, and pydicom's default is this
    encapsulated = _encapsulated(ds)
    declared = [str(ds.file_meta.TransferSyntaxUID)] if "TransferSyntaxUID" in getattr(ds, "file_meta", {}) else []
    declared += meta_syntaxes(data)
    for syntax in dict.fromkeys(declared):
        if _fits(UID(syntax), implicit, little, encapsulated):
            return syntax
    if not encapsulated and (implicit, little) in _NATIVE:
        return _NATIVE[implicit, little]  # no file meta, or one that is wrong: the encoding found is the syntax
    raise UnreadableDicom("the transfer syntax does not match how the data set is encoded")


def _fits(syntax: UID, implicit: bool, little: bool, encapsulated: bool | None) -> bool:
    if not syntax.is_valid:
        return False
    if not syntax.is_transfer_syntax:
        # Newer than this pydicom: every syntax defined since 2004 is explicit VR little endian, encapsulated.
        return not implicit and little
    if (syntax.is_implicit_VR, syntax.is_little_endian) != (implicit, little):
        return False
    return encapsulated is None or syntax.is_encapsulated == encapsulated


def _encapsulated(ds: Dataset) -> bool | None:
    """Whether the pixel data is encapsulated (undefined length); None without pixel data."""
    if PIXEL_DATA not in ds:
        return None
    element = ds.get_item(PIXEL_DATA)
    length = getattr(element, "length", None)
    return length == UNDEFINED if length is not None else bool(element.is_undefined_length)


def meta_syntaxes(data: bytes) -> list[str]:
    """Return every (0002,0010) value in a file's meta group(s), in order (a file may hold two)."""
    found = []
    position = 132 if data[128:132] == b"DICM" else 0
    # File meta elements are explicit VR little endian; they end at the first element of another group.
    while position + 8 <= len(data) and data[position:position + 2] == b"\x02\x00":
        vr = data[position + 4:position + 6]
        if vr in (b"OB", b"OW", b"OF", b"SQ", b"UT", b"UN"):
            length, value = int.from_bytes(data[position + 8:position + 12], "little"), position + 12
        else:
            length, value = int.from_bytes(data[position + 6:position + 8], "little"), position + 8
        if length == UNDEFINED:
            break
        if data[position + 2:position + 4] == b"\x10\x00":
            found.append(data[value:value + length].rstrip(b"\x00 ").decode("ascii", "replace"))
        position = value + length
    return found
