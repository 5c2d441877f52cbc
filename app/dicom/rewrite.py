"""Read DICOM bytes, de-identify the header, and write the file back, proven clean.

The header engine's half of one file's pipeline (app/deid/pipeline.py strings the steps together
with the pixel engine): parse with pydicom where the raw scanner declines, transform the header,
write the method elements, then encode. Unchanged top-level elements (pixel data above all) are
copied byte for byte from the input; only changed elements are re-encoded. The finished file is
searched for every identifying value the transform removed: if one survives anywhere, the file is
quarantined rather than released.
"""
from __future__ import annotations

import re
import struct
from bisect import bisect_left
import warnings
import zlib
from io import BytesIO

from pydicom import dcmread
from pydicom.dataelem import DataElement, RawDataElement
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.errors import InvalidDicomError
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_data_element, write_file_meta_info
from pydicom.uid import DeflatedExplicitVRLittleEndian, ImplicitVRLittleEndian

from .encode import LONG_LENGTH_VRS, constant_text_element, encode_element, encode_file_meta
from .errors import NotDicom, Quarantined, UnreadableDicom
from .method import IMPLEMENTATION_CLASS_UID, agree_on_burned_in, implementation_version_name
from .dummies import dummy_for
from .policy import needed_dummies, needless_empty_sequences, vr_of
from .proof import prove_clean
from .readback import verify_output
from .scan import STANDARD_VRS, ScanDeclined, ScannedDataset
from .syntax import encoded_transfer_syntax
from .transform import FileState, HeaderTransformer
from .values import string_values

PIXEL_DATA = 0x7FE00010
PLACING_UIDS = (0x0020000D, 0x0020000E, 0x00080018)  # study, series, instance: they name the output's folders
# PS3.5 9.1: digits and dots, at most 64 characters (leading zeros, though invalid, are common and harmless).
VALID_UID = re.compile(r"[0-9]+(?:\.[0-9]+)*")
DICOMDIR_CLASS = "1.2.840.10008.1.3.10"


def read_dicom(data: bytes) -> Dataset:
    """Parse DICOM bytes fully (pixel data stays undecoded); raise NotDicom or UnreadableDicom."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = dcmread(BytesIO(data))
        except InvalidDicomError:
            if not looks_like_bare_dataset(data):
                raise NotDicom("not a DICOM file") from None
            try:
                ds = dcmread(BytesIO(data), force=True)
            except Exception as exc:
                raise UnreadableDicom(f"DICOM data set without a header could not be parsed ({type(exc).__name__})") \
                    from None
        except Exception as exc:  # pydicom raises many types for damaged files; the message may quote values
            raise UnreadableDicom(f"cannot be parsed ({type(exc).__name__})") from None
        try:
            # Reading the last element forces pydicom to walk the whole data set, so truncation shows here.
            last = max(ds.keys(), default=None)
            if last is not None:
                ds.get_item(last)
        except Exception as exc:
            raise UnreadableDicom(f"cannot be parsed ({type(exc).__name__})") from None
    return ds


def parse_file(data: bytes) -> tuple[Dataset, str, str, dict[int, tuple[int, int]]]:
    """Parse DICOM bytes with pydicom; return the data set, its transfer syntax, media storage class and spans.

    The spans are the input (start, end) byte offsets of each top-level element still in raw form.
    """
    ds = read_dicom(data)
    for tag in [tag for tag in ds.keys() if tag >> 16 == 0xFFFE]:
        # An item or delimiter outside any sequence (a sequence header lost by its writer): structure, not
        # data, which no reader accepts at the top level; its contents were never read, so they cannot stay.
        del ds[tag]
    meta = getattr(ds, "file_meta", None) or FileMetaDataset()
    # Offsets first: reading a value below converts its raw element, which loses its offset.
    transfer_syntax = encoded_transfer_syntax(ds, data)
    spans = _spans(ds, data) if transfer_syntax != DeflatedExplicitVRLittleEndian else {}
    return ds, transfer_syntax, str(meta.get("MediaStorageSOPClassUID", "")), spans


def source_instance(ds: Dataset | ScannedDataset, media_storage_class: str) -> str:
    """Return the input's SOP Instance UID; raise NotDicom for a DICOMDIR, Quarantined when it cannot be placed."""
    if media_storage_class == DICOMDIR_CLASS:
        raise NotDicom("DICOMDIR (a media index, not an instance)")
    uids = [_uid(ds, tag) for tag in (0x00080018, 0x00080016, 0x0020000D, 0x0020000E)]
    if not all(uids):
        raise Quarantined("no_sop_identity", "a SOP Class, SOP Instance, Study or Series UID is missing, "
                                             "so the instance cannot be placed")
    return uids[0]


def transform_header(transformer: HeaderTransformer, ds: Dataset | ScannedDataset) -> FileState:
    """De-identify the header in place; return what the transform learned (pseudonym, identifiers to prove gone)."""
    try:
        state = transformer.begin(ds)
        transformer.transform(ds, state)
    except Quarantined:
        raise
    except Exception as exc:  # a value pydicom cannot convert means the file cannot be proven clean
        raise UnreadableDicom(f"an element could not be processed ({type(exc).__name__})") from None
    sop_class = _uid(ds, 0x00080016)
    for tag in needless_empty_sequences(ds, sop_class):
        del ds[tag]
    for tag in needed_dummies(ds, sop_class):
        vr = vr_of(tag)
        ds[tag] = constant_text_element(tag, vr, dummy_for(vr))
    return state


def mark_method(transformer: HeaderTransformer, state: FileState, ds: Dataset | ScannedDataset,
                says_burned_in: bool, pixels_proven: bool) -> frozenset[int]:
    """Write the de-identification method elements (PS3.3 C.7.1.1); return their tags (our own values)."""
    own_tags = set()
    for element in agree_on_burned_in(transformer.method_elements(state), says_burned_in, pixels_proven):
        ds[element.tag] = element
        own_tags.add(int(element.tag))
    return frozenset(own_tags)


def write_output(ds: Dataset | ScannedDataset, data: bytes, originals: dict, spans: dict, transfer_syntax: str,
                 state: FileState, own_tags: frozenset[int]) -> tuple[bytes, list[str]]:
    """Encode the de-identified data set, prove it clean and readable; return it and its study, series, SOP UIDs.

    Elements in `originals` that are still the same objects are copied from their `spans` in `data`.
    """
    try:
        placing = [_uid(ds, tag) for tag in PLACING_UIDS]
        header, pixels = _encode(ds, data, originals, spans, transfer_syntax, placing[2])
    except (ScanDeclined, Quarantined):
        raise
    except Exception as exc:  # pydicom's writer refusing a value (e.g. a malformed item delimiter in an SR)
        raise Quarantined("unwritable", f"the output could not be encoded ({type(exc).__name__})") from None
    prove_clean(header, encoding_of(transfer_syntax), state.known_words, state.known_uids, state.encodings, own_tags)
    out = header[0] + header[1] + pixels + header[2]
    if transfer_syntax == DeflatedExplicitVRLittleEndian:
        out = header[0] + _deflate(header[1] + pixels + header[2])
    verify_output(out)
    if not all(len(uid) <= 64 and VALID_UID.fullmatch(uid) for uid in placing):
        # Under a profile that keeps UIDs, "../.." or "/etc" would steer the output path out of its folder.
        raise Quarantined("invalid_uid", "a kept Study, Series or SOP Instance UID is not a valid UID, so it "
                                         "cannot name the output")
    return out, placing


def _file_meta(ds: Dataset | ScannedDataset, transfer_syntax: str, sop_instance: str) -> bytes:
    """Return the preamble, DICM prefix and File Meta Information of the output."""
    values = (_uid(ds, 0x00080016), sop_instance, transfer_syntax, IMPLEMENTATION_CLASS_UID,
              implementation_version_name())
    head = b"\x00" * 128 + b"DICM"
    quick = encode_file_meta(*values)
    if quick is not None:
        return head + quick
    meta = FileMetaDataset()
    (meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID, meta.TransferSyntaxUID,
     meta.ImplementationClassUID, meta.ImplementationVersionName) = values
    buffer = DicomBytesIO()
    buffer.is_little_endian, buffer.is_implicit_VR = True, False
    write_file_meta_info(buffer, meta, enforce_standard=True)
    return head + buffer.getvalue()


def _spans(ds: Dataset, data: bytes) -> dict[int, tuple[int, int]]:
    """Return the input (start, end) byte offsets of each top-level element still in raw form."""
    # Plain int keys: sorting pydicom's BaseTag compares in Python, and this runs for every element.
    order = sorted((int(tag), raw) for tag, raw in ds.items())
    spans = {}
    for i, (tag, raw) in enumerate(order):
        if not isinstance(raw, RawDataElement) or raw.value_tell is None:
            continue  # converted while reading (e.g. SpecificCharacterSet): it is re-encoded
        header = 8 if raw.is_implicit_VR or raw.VR not in LONG_LENGTH_VRS else 12
        if raw.length != 0xFFFFFFFF:
            if raw.value_tell + raw.length > len(data):
                raise UnreadableDicom("the file is truncated (an element runs past its end)")
            spans[tag] = (raw.value_tell - header, raw.value_tell + raw.length)
            continue
        # Undefined length (sequences, encapsulated pixels) ends where the next element starts.
        following = order[i + 1][1] if i + 1 < len(order) else None
        if following is None:
            spans[tag] = (raw.value_tell - header, len(data))
        elif isinstance(following, RawDataElement) and following.value_tell is not None:
            next_header = 8 if following.is_implicit_VR or following.VR not in LONG_LENGTH_VRS else 12
            if following.value_tell - next_header < raw.value_tell:
                raise UnreadableDicom("elements are out of order in the file")
            spans[tag] = (raw.value_tell - header, following.value_tell - next_header)
    return spans


def _encode(ds: Dataset | ScannedDataset, data: bytes, originals: dict, spans: dict, transfer_syntax: str,
            sop_instance: str):
    """Return ((preamble+meta, header elements, trailing elements), pixel data element) as bytes."""
    little, implicit = encoding_of(transfer_syntax)
    # By plain int tags (pydicom's BaseTag compares in Python): nearly in order already (the method elements come
    # last), and never two equal, so the elements themselves are never compared.
    elements = sorted(ds.items() if isinstance(ds, ScannedDataset) else [(int(t), e) for t, e in ds.items()])
    at = bisect_left(elements, (PIXEL_DATA,))
    pixels = at < len(elements) and elements[at][0] == PIXEL_DATA
    splice = _Splice(ds, data, originals, spans, implicit, little)
    before, pixel_data, after = (splice.chunks(elements[:at]), splice.chunks(elements[at:at + pixels]),
                                 splice.chunks(elements[at + pixels:]))
    return (_file_meta(ds, transfer_syntax, sop_instance), splice.join(before), splice.join(after)), \
        splice.join(pixel_data)


class _Splice:
    """One output's elements as bytes: unchanged ones sliced from the input, the rest encoded."""

    def __init__(self, ds: Dataset | ScannedDataset, data: bytes, originals: dict, spans: dict, implicit: bool,
                 little: bool):
        self.ds, self.data, self.originals, self.spans, self.implicit, self.little = (ds, data, originals, spans,
                                                                                     implicit, little)
        self.fresh = None  # pydicom's writer, for what the fast encoder declines: built when first needed (10 us)

    def chunks(self, elements: list[tuple[int, object]]) -> list:
        """Return the encodings of (tag, element) pairs in tag order: bytes, or (start, end) in the writer's buffer.

        Unchanged elements that follow each other in the input are one slice of it (each part of the output is
        spliced alone, so a slice never crosses the pixel data).
        """
        ds, data, originals, spans, implicit, little = (self.ds, self.data, self.originals, self.spans, self.implicit,
                                                        self.little)
        chunks: list = []
        run_start = run_end = None
        for tag, element in elements:
            if originals.get(tag) is element:
                start, end = spans[tag]
                if start != run_end:
                    if run_end is not None:
                        chunks.append(data[run_start:run_end])
                    run_start = start
                run_end = end
                continue
            if run_end is not None:
                chunks.append(data[run_start:run_end])
                run_start = run_end = None
            if isinstance(element, RawDataElement) and element.value_tell is not None:
                element = ds[tag]  # an input element whose bytes cannot be spliced: converted, as pydicom would
            quick = encode_element(element, implicit, little)
            if quick is not None:
                chunks.append(quick)
                continue
            if isinstance(element, RawDataElement):
                element = ds[tag]
            if not isinstance(element, DataElement):
                raise ScanDeclined  # a scanned sequence pydicom's writer must encode: redo the file through pydicom
            if self.fresh is None:
                self.fresh = DicomBytesIO()
                self.fresh.is_little_endian, self.fresh.is_implicit_VR = little, implicit
            start = self.fresh.tell()
            write_data_element(self.fresh, element, ds._character_set)
            chunks.append((start, self.fresh.tell()))
        if run_end is not None:
            chunks.append(data[run_start:run_end])
        return chunks

    def join(self, chunks: list) -> bytes:
        """Return chunks as one run of bytes (after every part is spliced: the writer's buffer is then complete)."""
        if self.fresh is None:
            return b"".join(chunks)
        encoded = self.fresh.getvalue()
        return b"".join(chunk if type(chunk) is bytes else encoded[chunk[0]:chunk[1]] for chunk in chunks)


def encoding_of(transfer_syntax: str) -> tuple[bool, bool]:
    """Return (little endian, implicit VR) of a transfer syntax."""
    if transfer_syntax == ImplicitVRLittleEndian:
        return True, True
    if transfer_syntax == "1.2.840.10008.1.2.2":  # Explicit VR Big Endian (retired)
        return False, False
    return True, False


def _deflate(dataset_bytes: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(dataset_bytes) + compressor.flush()


def _uid(ds: Dataset | ScannedDataset, tag: int) -> str:
    # Nine reads a file: a scanned data set's plain values are asked for directly (None: absent, or for pydicom).
    values = ds.strings(tag) if type(ds) is ScannedDataset else None
    if values is None:
        if tag not in ds:
            return ""
        values = string_values(ds, tag)
    return "\\".join(values).strip().rstrip("\x00")


def looks_like_bare_dataset(data: bytes) -> bool:
    """Whether bytes without a preamble start like a data set: file meta or group 0008, either byte order.

    PS3.10 files written without the preamble (file meta first) and pre-Part 10 files (group 0008 first,
    often big endian) exist in the wild; pydicom reads both when told to.
    """
    if len(data) < 12:
        return False
    for order in ("<", ">"):
        group, element = struct.unpack_from(order + "HH", data)
        if group not in (0x0002, 0x0008) or element > 0x00FF:
            continue
        if data[4:6] in STANDARD_VRS:
            return True  # explicit VR
        if order == "<" and struct.unpack_from("<I", data, 4)[0] <= len(data) - 8:
            return True  # implicit VR, whose length fits in the file
    return False
