"""A raw element scanner for native encodings (explicit or implicit VR little endian, explicit VR big endian).

No pydicom parse: int tags, byte spans.

pydicom's reader builds a Dataset of BaseTag-keyed elements and parses every
sequence; the engine then only reads a few dozen values per file. The scanner
walks the byte stream once (tag, VR, length), keeps each value as pydicom's own
RawDataElement with an int tag (pydicom's tag object is put in when pydicom
converts the element, so values convert exactly as pydicom converts them), parses
sequences into items recursively, and records where each top-level element's
bytes lie so unchanged ones are copied as they are. Pixel data is never
decoded. In implicit VR an element carries the VR pydicom's reader gives it: none
(decided when converted) except a sequence, known by the dictionary or, for a tag
the dictionary does not know, by an item following its undefined length.
Anything unusual (deflate, odd VRs, stray delimiters, truncation,
encapsulated pixel data in implicit VR or big endian, a data set that is not encoded as its
meta says) makes `scan_file` return None: the caller then uses pydicom's reader,
which knows how to tolerate or refuse it.
"""
from __future__ import annotations

import struct
from functools import lru_cache

from pydicom.charset import convert_encodings, default_encoding
from pydicom.datadict import dictionary_VR, tag_for_keyword
from pydicom.dataelem import DataElement, RawDataElement, convert_raw_data_element, empty_value_for_VR
from pydicom.tag import BaseTag
from pydicom.uid import UID, ExplicitVRBigEndian, ImplicitVRLittleEndian
from pydicom.valuerep import AMBIGUOUS_VR

from .encode import LONG_LENGTH_VRS

CHARACTER_SET = 0x00080005
TRANSFER_SYNTAX, MEDIA_STORAGE_CLASS = 0x00020010, 0x00020002
PIXEL_DATA = 0x7FE00010
ITEM, ITEM_END, SEQUENCE_END = 0xFFFEE000, 0xFFFEE00D, 0xFFFEE0DD
UNDEFINED = 0xFFFFFFFF
STANDARD_VRS = frozenset(vr.encode() for vr in (
    "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
    "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV"))
_VR_NAMES = {vr: vr.decode() for vr in STANDARD_VRS}
# How pydicom decodes string VRs (with datetime conversion off, as the engine leaves it): strip, then split
# (PN strips its bytes first, with the same result); split, then strip each value; one value, stripped.
_SPLIT_AFTER_STRIP = frozenset({"AE", "AS", "CS", "DA", "DT", "TM", "UI", "PN"})
_SPLIT_THEN_STRIP = frozenset({"LO", "SH", "UC"})
_SINGLE_TEXT = frozenset({"LT", "ST", "UT"})
# pydicom names the default character set's codec "iso8859", which bytes.decode looks up in the codec registry
# (over a microsecond, for every value read); named "latin-1", the same codec is decoded directly.
_FAST_CODEC_NAMES = {default_encoding: "latin-1", "latin_1": "latin-1"}
_DEFAULT_CODEC = _FAST_CODEC_NAMES[default_encoding]
# The VRs by their bytes in an explicit VR header: those with a 2-byte length, and those with a 4-byte one.
_SHORT_VRS = {vr: name for vr, name in _VR_NAMES.items() if name not in LONG_LENGTH_VRS}
_LONG_VR_NAMES = {vr: name for vr, name in _VR_NAMES.items() if name in LONG_LENGTH_VRS}
_SHORT_HEADER = struct.Struct("<HH2sH")
_LONG_LENGTH = struct.Struct("<I")
_IMPLICIT_HEADER = struct.Struct("<HHI")
# Per byte order (little endian?): an explicit VR element's header, a long length, an item's header.
_STRUCTS = {True: (_SHORT_HEADER, _LONG_LENGTH, _IMPLICIT_HEADER),
            False: (struct.Struct(">HH2sH"), struct.Struct(">I"), struct.Struct(">HHI"))}
_ITEM_TAG = b"\xfe\xff\x00\xe0"
# The value pydicom's reader gives an empty raw element, by VR (None in implicit VR): looked up, not recomputed.
_EMPTY_RAW_VALUES = {vr: empty_value_for_VR(vr, raw=True) for vr in (None, *_VR_NAMES.values())}
_ENCAPSULATION_END = b"\xfe\xff\xdd\xe0"
MAX_KEPT_TAGS = 16384
_DICTIONARY_VRS: dict[int, str | None] = {}  # tag -> its VR in the data dictionary (None: not in it)


class ScanDeclined(Exception):
    """The bytes hold something the scanner leaves to pydicom's reader."""


class ScannedSequence:
    """A sequence element as scanned: its items, and whether it (and each item) had undefined length.

    A defined-length sequence is scanned into items only when first read: the policy removes most
    sequences whole, and their items are then never looked at.
    """

    VR = "SQ"
    __slots__ = ("tag", "_items", "length", "is_undefined_length", "_bytes", "_encoding")

    def __init__(self, tag: int, items: list[ScannedDataset] | None, length: int,
                 source: tuple[bytes, int, int, bool, bool] | None = None):
        self.tag, self._items, self.length, self._bytes = tag, items, length, source
        self.is_undefined_length = length == UNDEFINED
        self._encoding = default_encoding

    @property
    def value(self) -> list[ScannedDataset]:
        """The items (raises ScanDeclined if they are not well formed)."""
        if self._items is None:
            self._items = _scan_items(*self._bytes)
            self._bytes = None
            for item in self._items:
                item.inherit(self._encoding)
        return self._items

    def inherit(self, encoding) -> None:
        """Set the character set the items inherit (passed on when they are scanned)."""
        self._encoding = encoding
        if self._items is not None:
            for item in self._items:
                item.inherit(encoding)


class ScannedDataset:
    """A data set (or sequence item) of raw elements keyed by int tag; a small part of pydicom's Dataset API.

    It offers exactly what the header transformer, the risk check and the encoder use: item access and
    deletion by int tag, values by keyword, and the character set and encoding facts pydicom's writer checks.
    """

    original_encoding = (False, True)

    def __init__(self, elements: dict, undefined_length_item: bool = False, implicit: bool = False,
                 sequences: list[int] | None = None, little: bool = True, names: list[int] | None = None):
        self._elements = elements
        self._sequences = sequences  # the tags of its sequences as scanned (None: look at every element)
        self._names = names  # the tags scanned with VR PN or UN, which may hold names (None: not recorded)
        if implicit or not little:
            self.original_encoding = (implicit, little)
        self.is_undefined_length_sequence_item = undefined_length_item
        self._parent_encoding = self.original_character_set = default_encoding
        self._charset = None
        self._converted: dict = {}  # tag -> DataElement: the engine reads some values twice

    def inherit(self, parent_encoding) -> None:
        """Set the character set this data set inherits (its own (0008,0005) wins), and pass it on to its items."""
        self._parent_encoding = parent_encoding
        self._charset = None
        self._converted.clear()
        self.original_character_set = self._character_set
        elements = self._elements
        for tag in elements if self._sequences is None else self._sequences:
            element = elements.get(tag)
            if isinstance(element, ScannedSequence):
                # pydicom parses an undefined-length sequence as it reads it, with the character set seen so
                # far; a defined-length one when first used, with the whole data set's.
                early = element.is_undefined_length and tag < CHARACTER_SET
                element.inherit(parent_encoding if early else self._character_set)

    # -- the Dataset subset ----------------------------------------------------------------------

    def items(self):
        """Return (int tag, element) pairs; unchanged elements are pydicom RawDataElements."""
        return self._elements.items()

    def keys(self):
        """Return the int tags present."""
        return self._elements.keys()

    def __contains__(self, key) -> bool:
        try:
            return (key if type(key) is int else _tag(key)) in self._elements
        except KeyError:
            return False  # an unknown keyword, as pydicom answers

    def __getitem__(self, tag: int) -> DataElement | ScannedSequence:
        tag = tag if type(tag) is int else _tag(tag)
        element = self._converted.get(tag)
        if element is None:
            element = self._converted[tag] = self._convert(self._elements[tag])
        return element

    def __setitem__(self, tag: int, element) -> None:
        tag = tag if type(tag) is int else _tag(tag)
        if isinstance(element, ScannedSequence):
            # A sequence set back after its items changed must not pass for the unchanged original.
            element = ScannedSequence(tag, element.value, element.length)
        self._elements[tag] = element
        self._converted.pop(tag, None)
        if tag == CHARACTER_SET:
            self._charset = None
            self._converted.clear()

    def __delitem__(self, tag: int) -> None:
        tag = tag if type(tag) is int else _tag(tag)
        del self._elements[tag]
        self._converted.pop(tag, None)
        if tag == CHARACTER_SET:
            self._charset = None
            self._converted.clear()

    def remove(self, tags: list[int]) -> None:
        """Delete the elements at int `tags` in one call; a tag already gone (with its overlay group) is skipped."""
        elements, converted = self._elements, self._converted
        for tag in tags:
            if elements.pop(tag, None) is not None:
                converted.pop(tag, None)
        if CHARACTER_SET in tags:
            self._charset = None
            converted.clear()

    def replace(self, elements: dict) -> None:
        """Set the elements at int tags in one call (none of them the character set, nor an unchanged original)."""
        self._elements.update(elements)
        converted = self._converted
        if converted:
            for tag in converted.keys() & elements.keys():
                del converted[tag]

    def strings(self, tag: int) -> list[str] | None:
        """Return a raw text element's values exactly as pydicom would decode them, or None: ask pydicom.

        The engine reads names, IDs and UIDs as strings; decoding them here skips building a DataElement.
        Only the plain case is taken: a string VR, no escape sequences, a value that decodes.
        """
        raw = self._elements.get(tag)
        if type(raw) is not RawDataElement:
            return None
        vr, value = raw.VR, raw.value
        if vr is None and not (tag >> 16) & 1:
            vr = _dictionary_vr(tag)  # implicit VR: pydicom's conversion takes the dictionary's
        if not value:
            return [] if vr in _SPLIT_AFTER_STRIP or vr in _SPLIT_THEN_STRIP or vr in _SINGLE_TEXT else None
        if b"\x1b" in value:
            return None
        try:
            if vr in _SPLIT_AFTER_STRIP:  # pydicom's convert_string / convert_UI / convert_PN
                text = value.rstrip(b"\x00 ").decode(self._text_codec if vr == "PN" else _DEFAULT_CODEC)
                return text.rstrip(" \x00").split("\\")
            if vr in _SPLIT_THEN_STRIP:  # convert_text
                return [v.rstrip("\x00 ") for v in value.decode(self._text_codec).split("\\")]
            if vr in _SINGLE_TEXT:  # convert_single_string
                return [value.decode(self._text_codec).rstrip("\x00 ")]
        except (UnicodeError, LookupError):
            return None  # pydicom's reader decides (replacement characters, a warning)
        return None

    def learnable_items(self, identifiers: frozenset[int]) -> list | None:
        """Return (int tag, element) for every element that may hold a name or identifier, as scanned, or None.

        These are the elements scanned with VR PN or UN (whose real VR the dictionary gives), the sequences and
        the elements at `identifiers`; None when the scan did not record them (implicit VR, where any element
        may be a name).
        """
        if self._names is None or self._sequences is None:
            return None
        elements = self._elements
        tags = {*self._names, *self._sequences, *identifiers.intersection(elements)}
        return [(tag, elements[tag]) for tag in tags if tag in elements]

    def get_item(self, tag: int):
        """Return the element as stored (raw or converted), like pydicom's Dataset.get_item."""
        return self._elements[tag if type(tag) is int else _tag(tag)]

    def get(self, key, default=None):
        """Return the value for a keyword, or the element for a tag (pydicom's Dataset.get), else `default`."""
        if key not in self:
            return default
        element = self[_tag(key)]
        return element.value if isinstance(key, str) else element

    @property
    def _text_codec(self) -> str:
        """The codec pydicom decodes a value without escape sequences in, by the name bytes.decode finds fastest."""
        codec = self._character_set[0]
        return _FAST_CODEC_NAMES.get(codec, codec)

    @property
    def _character_set(self):
        """The character set of text values: this data set's own, else its parent's (as pydicom decides it)."""
        if self._charset is None:
            element = self._elements.get(CHARACTER_SET)
            if element is None:
                self._charset = self._parent_encoding
            elif type(element) is RawDataElement:
                self._charset = list(_encodings_of(element.VR, element.length, element.value))
            else:
                self._charset = convert_encodings(element.value)
        return self._charset

    def _convert(self, element):
        if isinstance(element, RawDataElement):
            element = convert_raw_data_element(_with_base_tag(element), encoding=self._character_set, ds=self)
            if element.VR in AMBIGUOUS_VR and self.original_encoding[0]:
                # Implicit VR: pydicom resolves "US or SS" and the like from other elements, up the item tree.
                raise ScanDeclined
        return element


class ScannedFile:
    """A scanned file: its transfer syntax, file-meta facts, top-level data set and each element's byte span."""

    __slots__ = ("transfer_syntax", "media_storage_class", "dataset", "spans")

    def __init__(self, transfer_syntax: str, media_storage_class: str, dataset: ScannedDataset,
                 spans: dict[int, tuple[int, int]]):
        self.transfer_syntax, self.media_storage_class = transfer_syntax, media_storage_class
        self.dataset, self.spans = dataset, spans


def scan_file(data: bytes) -> ScannedFile | None:
    """Scan a Part 10 file in a native encoding; None when the scanner leaves it to pydicom."""
    try:
        start = _data_set_start(data, every_native=True)
        if start is None:
            return None
        syntax, media_class, position = start
        implicit, little = syntax == ImplicitVRLittleEndian, syntax != ExplicitVRBigEndian
        spans: dict[int, tuple[int, int]] = {}
        sequences: list[int] = []
        names: list[int] | None = None if implicit else []
        if implicit:  # always little endian
            elements, _ = _scan_elements(data, position, len(data), spans, implicit=True, sequences=sequences)
        else:
            elements, _ = _scan_explicit(data, position, len(data), spans, sequences, names, little)
        dataset = ScannedDataset(elements, implicit=implicit, sequences=sequences, little=little, names=names)
        dataset.inherit(default_encoding)
        return ScannedFile(syntax, media_class, dataset, spans)
    except (ScanDeclined, struct.error):
        return None


def scan_selected(data: bytes, tags: frozenset[int], complete: bool) -> ScannedFile | None:
    """Scan only the top-level elements `tags` of an explicit VR little-endian file, up to its pixel data.

    For an index, which reads a dozen values of each file and never its pixels: every other element is
    stepped over without being built. `data` may be the file's first bytes (`complete` False); a scan that
    runs out of them before the pixel data returns None, as does anything `scan_file` would leave to pydicom.
    The result's `spans` is empty: nothing is re-encoded from it.
    """
    try:
        start = _data_set_start(data)
        if start is None:
            return None
        syntax, media_class, position = start
        elements, stop = _scan_elements(data, position, len(data), None, wanted=tags)
        if stop == len(data) and not complete:
            return None  # the first bytes ran out before the pixel data: the rest of the header is unread
        dataset = ScannedDataset(elements)
        dataset.inherit(default_encoding)
        return ScannedFile(syntax, media_class, dataset, {})
    except (ScanDeclined, struct.error):
        return None


def _data_set_start(data: bytes, every_native: bool = False) -> tuple[str, str, int] | None:
    """Return (transfer syntax, media storage SOP class, data set offset) for a file the scanner reads, else None.

    Explicit VR little endian only, unless `every_native`: then implicit VR and explicit VR big endian too.
    """
    if len(data) < 132 or data[128:132] != b"DICM":
        return None
    meta, position = _scan_elements(data, 132, len(data), None, meta=True)
    if TRANSFER_SYNTAX not in meta:
        return None
    syntax = _text(meta[TRANSFER_SYNTAX])
    readable, implicit, little = _scanned_syntax(syntax)
    if not readable or not (little or every_native):
        return None
    if implicit:
        first_vr = data[position + 4:position + 6]
        if not every_native or (len(first_vr) == 2 and all(0x40 < byte < 0x5B for byte in first_vr)):
            return None  # what looks like an explicit VR: pydicom's reader switches to explicit, and decides
    return syntax, _text(meta[MEDIA_STORAGE_CLASS]) if MEDIA_STORAGE_CLASS in meta else "", position


@lru_cache(maxsize=64)
def _scanned_syntax(syntax: str) -> tuple[bool, bool, bool]:
    """Return whether the scanner reads a transfer syntax (not deflated), whether it is implicit VR, little endian."""
    uid = UID(syntax)
    if not uid.is_transfer_syntax or uid.is_deflated:
        return False, False, False
    return True, uid.is_implicit_VR, uid.is_little_endian


def _scan_elements(data: bytes, position: int, end: int, spans: dict | None, *, undefined_length_item: bool = False,
                   meta: bool = False, wanted: frozenset[int] | None = None, implicit: bool = False,
                   sequences: list[int] | None = None) -> tuple[dict, int]:
    """Return the elements from `position` to `end` (or to an item delimiter) and where they stop.

    For the file meta, a header-only scan and implicit VR, all little endian (`_scan_explicit` reads explicit
    VR data sets). Records each element's (start, end) byte span in `spans` when given (the top level) and the
    tags of its sequences in `sequences` when given. With `wanted` (the top level of a header-only scan) only
    those elements are built, and the scan stops at the pixel data.
    """
    # Locals, and raw elements built without their NamedTuple constructor (a Python-level call that cost more
    # than the rest of the loop).
    unpack_short, unpack_long, short_vrs, long_vrs, new_raw = (
        _SHORT_HEADER.unpack_from, _LONG_LENGTH.unpack_from, _SHORT_VRS, _LONG_VR_NAMES, tuple.__new__)
    unpack_implicit, implicit_vr = _IMPLICIT_HEADER.unpack_from, _implicit_vr
    elements: dict = {}
    previous = -1
    header_only = wanted is not None  # stops at the pixel data; a full scan reads to the end
    while position < end:
        if end - position < 8:
            raise ScanDeclined  # trailing bytes: pydicom ignores them silently, so it decides
        if implicit:
            group, number, length = unpack_implicit(data, position)
            vr = None
        else:
            group, number, vr, length = unpack_short(data, position)
        tag = group << 16 | number
        if (header_only and tag >= PIXEL_DATA) or (meta and group != 2):
            return elements, position
        if undefined_length_item and tag == ITEM_END:
            if length:
                raise ScanDeclined
            return elements, position + 8
        if tag <= previous or group == 0xFFFE or (group == 0x0002 and not meta):
            raise ScanDeclined  # out of order, a stray delimiter or file meta element
        previous = tag
        value_start = position + 8
        if implicit:
            text_vr = implicit_vr(tag, length, data, position)
        else:
            text_vr = short_vrs.get(vr)
            if text_vr is None:  # a VR with a 4-byte length, else unknown (or implicit VR inside an explicit file)
                text_vr = long_vrs.get(vr)
                if text_vr is None:
                    raise ScanDeclined
                (length,) = unpack_long(data, value_start)
                value_start += 4
        if length != UNDEFINED:
            value_end = value_start + length
            if value_end > end:
                raise ScanDeclined  # truncated
            if wanted is not None and tag not in wanted:
                position = value_end  # stepped over, never built
                continue
            if text_vr == "SQ":
                if meta:
                    raise ScanDeclined
                element = ScannedSequence(tag, None, length, (data, value_start, value_end, implicit, True))
                if sequences is not None:
                    sequences.append(tag)
            else:
                value = data[value_start:value_end] if length else _EMPTY_RAW_VALUES[text_vr]
                element = new_raw(RawDataElement, (tag, text_vr, length, value, value_start, implicit, True, True,
                                                   False))
        elif not meta:
            element, value_end = _delimited(data, tag, text_vr, value_start, end, implicit, True)
            if wanted is not None and tag not in wanted:
                position = value_end
                continue
            if sequences is not None:
                sequences.append(tag)  # a sequence: the pixel data, the only other delimited value, ends a scan here
        else:
            raise ScanDeclined  # anything delimited in the file meta
        elements[tag] = element
        if spans is not None:
            spans[tag] = (position, value_end)
        position = value_end
    if undefined_length_item:
        raise ScanDeclined  # an undefined-length item ran to the end of its container
    return elements, position


def _scan_explicit(data: bytes, position: int, end: int, spans: dict | None, sequences: list[int],
                   names: list[int] | None, little: bool, undefined_length_item: bool = False) -> tuple[dict, int]:
    """`_scan_elements` for a whole data set or item in explicit VR: the loop nearly every element of a file runs.

    The same reading without the options of the file meta, a header-only scan and implicit VR, and with an
    element of a VR with a 2-byte length (never a sequence, never of undefined length) settled first.
    """
    short_header, long_length, _ = _STRUCTS[little]
    unpack_short, unpack_long, short_vrs, long_vrs, new_raw, empty = (
        short_header.unpack_from, long_length.unpack_from, _SHORT_VRS, _LONG_VR_NAMES, tuple.__new__,
        _EMPTY_RAW_VALUES)
    elements: dict = {}
    previous = -1
    last = end - 8  # the last position an element's header fits at
    while position <= last:
        group, number, vr, length = unpack_short(data, position)
        tag = group << 16 | number
        if tag <= previous or group == 0xFFFE or group == 0x0002:
            if undefined_length_item and tag == ITEM_END and not length:
                return elements, position + 8
            raise ScanDeclined  # out of order, a stray delimiter or file meta element
        previous = tag
        text_vr = short_vrs.get(vr)
        if text_vr is not None:
            value_start = position + 8
            value_end = value_start + length
            if value_end > end:
                raise ScanDeclined  # truncated
            elements[tag] = new_raw(RawDataElement, (tag, text_vr, length, data[value_start:value_end] if length
                                                     else empty[text_vr], value_start, False, little, True, False))
            if text_vr == "PN" and names is not None:
                names.append(tag)
        else:
            text_vr = long_vrs.get(vr)
            if text_vr is None:
                raise ScanDeclined  # an unknown VR (or implicit VR inside an explicit file)
            (length,) = unpack_long(data, position + 8)
            value_start = position + 12
            if length != UNDEFINED:
                value_end = value_start + length
                if value_end > end:
                    raise ScanDeclined
                if text_vr == "SQ":
                    element = ScannedSequence(tag, None, length, (data, value_start, value_end, False, little))
                    sequences.append(tag)
                else:
                    element = new_raw(RawDataElement, (tag, text_vr, length, data[value_start:value_end] if length
                                                       else empty[text_vr], value_start, False, little, True, False))
                    if text_vr == "UN" and names is not None:
                        names.append(tag)
            else:
                element, value_end = _delimited(data, tag, text_vr, value_start, end, False, little)
                if text_vr == "SQ":
                    sequences.append(tag)
            elements[tag] = element
        if spans is not None:
            spans[tag] = (position, value_end)
        position = value_end
    if position < end or undefined_length_item:
        raise ScanDeclined  # trailing bytes (which pydicom ignores silently), or an item that ran to the end
    return elements, position


def _delimited(data: bytes, tag: int, vr: str | None, value_start: int, end: int, implicit: bool,
               little: bool) -> tuple[ScannedSequence | RawDataElement, int]:
    """Return an element of undefined length whose value starts at `value_start`, and where it ends.

    What both scanning loops read the same way: a sequence's items up to its delimiter, or encapsulated pixel data.
    """
    if vr == "SQ":
        items, value_end = _scan_undefined_items(data, value_start, end, implicit, little)
        return ScannedSequence(tag, items, UNDEFINED), value_end
    if tag == PIXEL_DATA and vr in ("OB", "OW") and little and not implicit:
        return _encapsulated_pixels(data, value_start, end, vr)
    raise ScanDeclined  # a delimited value that is neither a sequence nor encapsulated pixel data


def _encapsulated_pixels(data: bytes, value_start: int, end: int, vr: str) -> tuple[RawDataElement, int]:
    """Return encapsulated pixel data as a raw element, and where it ends: pydicom reads to the first delimiter."""
    delimiter = data.find(_ENCAPSULATION_END, value_start, end)
    if delimiter < 0 or data[delimiter + 4:delimiter + 8] != b"\x00\x00\x00\x00":
        raise ScanDeclined
    element = RawDataElement(PIXEL_DATA, vr, UNDEFINED, data[value_start:delimiter], value_start, False, True)
    return element, delimiter + 8


def _implicit_vr(tag: int, length: int, data: bytes, position: int) -> str | None:
    """Return the VR pydicom's reader gives an implicit VR element: "SQ" for a sequence, else None (decided later)."""
    vr = _dictionary_vr(tag)
    sequence = vr == "SQ"
    if vr is None and length == UNDEFINED:
        # A tag the dictionary does not know: pydicom looks ahead, and an item makes it a sequence.
        sequence = data[position + 8:position + 12] == _ITEM_TAG
    if length == UNDEFINED and not sequence:
        raise ScanDeclined  # a delimited value that is not a sequence (encapsulated pixel data in implicit VR)
    return "SQ" if sequence else None


def _dictionary_vr(tag: int) -> str | None:
    """Return the data dictionary's VR of a tag ("US or SS" for an ambiguous one), None when it is not listed."""
    try:
        return _DICTIONARY_VRS[tag]
    except KeyError:
        pass
    try:
        vr = dictionary_VR(tag)
    except KeyError:
        vr = None
    if len(_DICTIONARY_VRS) < MAX_KEPT_TAGS:
        _DICTIONARY_VRS[tag] = vr
    return vr


def _with_base_tag(raw: RawDataElement) -> RawDataElement:
    """Return a scanned raw element with pydicom's tag object, which its conversion asks (is the tag private?)."""
    return tuple.__new__(RawDataElement, (BaseTag(raw.tag), *raw[1:]))


def _scan_items(data: bytes, start: int, end: int, implicit: bool, little: bool) -> list[ScannedDataset]:
    items = []
    position = start
    while position < end:
        item, position = _scan_item(data, position, end, implicit, little)
        if item is None:
            raise ScanDeclined  # a sequence delimiter inside a defined-length sequence
        items.append(item)
    return items


def _scan_undefined_items(data: bytes, start: int, end: int, implicit: bool,
                          little: bool) -> tuple[list[ScannedDataset], int]:
    items = []
    position = start
    while True:
        item, position = _scan_item(data, position, end, implicit, little)
        if item is None:
            return items, position
        items.append(item)


def _scan_item(data: bytes, position: int, end: int, implicit: bool,
               little: bool) -> tuple[ScannedDataset | None, int]:
    """Scan one item at `position`; (None, after it) for a sequence delimiter."""
    if end - position < 8:
        raise ScanDeclined
    group, number, length = _STRUCTS[little][2].unpack_from(data, position)
    tag = group << 16 | number
    if tag == SEQUENCE_END:
        if length:
            raise ScanDeclined
        return None, position + 8
    if tag != ITEM:
        raise ScanDeclined
    start = position + 8
    undefined = length == UNDEFINED
    if not undefined:
        if start + length > end:
            raise ScanDeclined
        end = start + length  # a defined-length item's elements end with it
    sequences: list[int] = []
    if implicit:
        elements, after = _scan_elements(data, start, end, None, undefined_length_item=undefined, implicit=True,
                                         sequences=sequences)
    else:
        elements, after = _scan_explicit(data, start, end, None, sequences, None, little, undefined)
    return ScannedDataset(elements, undefined, implicit, sequences, little), after


@lru_cache(maxsize=256)
def _encodings_of(vr: str | None, length: int, value: bytes | None) -> tuple[str, ...]:
    """Return the codecs a raw (0008,0005) value names (the files of a site share a handful of values)."""
    # Converted without a character set (CS is ASCII), as pydicom's reader does.
    element = convert_raw_data_element(RawDataElement(BaseTag(CHARACTER_SET), vr, length, value, 0, vr is None,
                                                      True))
    return tuple(convert_encodings(element.value))


def _text(element: RawDataElement) -> str:
    """Return a file meta UID as pydicom's conversion spells one UID (decoded, trailing NUL and spaces stripped)."""
    if element.VR != "UI" or not element.value or b"\\" in element.value:
        return str(convert_raw_data_element(_with_base_tag(element)).value or "")  # as pydicom does
    return element.value.decode("latin-1").rstrip("\x00 ").strip()


def _tag(key) -> int:
    # The engine passes plain ints, thousands per file: callers test for one before calling this.
    if type(key) is int:
        return key
    if isinstance(key, str):
        tag = tag_for_keyword(key)
        if tag is None:
            raise KeyError(key)
        return tag
    return int(key)
