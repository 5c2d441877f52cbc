"""De-identify one DICOM file held in memory: read, decide, transform, re-encode, prove clean.

Explicit VR little-endian files (most) are read by the raw scanner; the rest,
and anything the scanner or the fast encoder declines, by pydicom. Either way
unchanged top-level elements (pixel data above all) are copied byte for byte
from the input; only changed elements are re-encoded. The finished header is
then searched for every identifying value the transform removed: if one
survives anywhere, the file is quarantined rather than released.
"""
from __future__ import annotations

import re
import struct
import warnings
import zlib
from dataclasses import dataclass
from io import BytesIO

from pydicom import dcmread
from pydicom.dataelem import DataElement, RawDataElement
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.errors import InvalidDicomError
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_data_element, write_file_meta_info
from pydicom.uid import DeflatedExplicitVRLittleEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian

from ..budget import TimeBudgetExceeded
from .encode import LONG_LENGTH_VRS, encode_element, encode_file_meta
from .encapsulated import clean_encapsulated_pixels
from .errors import NotDicom, Quarantined, UnreadableDicom
from .method import IMPLEMENTATION_CLASS_UID, agree_on_burned_in, implementation_version_name
from .policy import needless_empty_sequences
from .proof import prove_clean
from .readback import verify_output
from .risk import burned_in_risk, says_burned_in, unlabelled_projection
from .scan import STANDARD_VRS, ScanDeclined, ScannedDataset, scan_file
from .syntax import encoded_transfer_syntax
from .transform import FileState, HeaderTransformer
from .values import string_values

PIXEL_DATA = 0x7FE00010
PLACING_UIDS = (0x0020000D, 0x0020000E, 0x00080018)  # study, series, instance: they name the output's folders
# PS3.5 9.1: digits and dots, at most 64 characters (leading zeros, though invalid, are common and harmless).
VALID_UID = re.compile(r"[0-9]+(?:\.[0-9]+)*")
DICOMDIR_CLASS = "1.2.840.10008.1.3.10"


@dataclass(frozen=True)
class Deidentified:
    """A clean output file and the identifiers the batch needs to place and link it."""

    data: bytes
    pseudonym: str
    study_uid: str
    series_uid: str
    sop_instance_uid: str
    source_sop_instance_uid: str


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


def deidentify_bytes(data: bytes, transformer: HeaderTransformer) -> Deidentified:
    """Return the de-identified file for DICOM bytes, or raise NotDicom / Quarantined (and nothing else)."""
    try:
        scanned = scan_file(data)
        if scanned is not None:
            try:
                return _deidentify(data, transformer, scanned.dataset, scanned.transfer_syntax,
                                   scanned.media_storage_class, scanned.spans)
            except (ScanDeclined, UnreadableDicom):
                pass  # left to pydicom's reader and writer, whose verdict on a damaged file is the reference
        return deidentify_parsed(data, transformer)
    except (NotDicom, Quarantined, TimeBudgetExceeded):
        raise
    except Exception as exc:  # pydicom failing on a damaged value (found by fuzzing): the file cannot be shown clean
        raise UnreadableDicom(f"an element could not be processed ({type(exc).__name__})") from None


def deidentify_parsed(data: bytes, transformer: HeaderTransformer) -> Deidentified:
    """Like deidentify_bytes, always through pydicom's full parse: the reference the scanner path must match."""
    ds = read_dicom(data)
    for tag in [tag for tag in ds.keys() if tag >> 16 == 0xFFFE]:
        # An item or delimiter outside any sequence (a sequence header lost by its writer): structure, not
        # data, which no reader accepts at the top level; its contents were never read, so they cannot stay.
        del ds[tag]
    meta = getattr(ds, "file_meta", None) or FileMetaDataset()
    # Offsets first: reading a value below converts its raw element, which loses its offset.
    transfer_syntax = encoded_transfer_syntax(ds, data)
    spans = _spans(ds, data) if transfer_syntax != DeflatedExplicitVRLittleEndian else {}
    return _deidentify(data, transformer, ds, transfer_syntax, str(meta.get("MediaStorageSOPClassUID", "")), spans)


def _deidentify(data: bytes, transformer: HeaderTransformer, ds: Dataset | ScannedDataset, transfer_syntax: str,
                media_storage_class: str, spans: dict[int, tuple[int, int]]) -> Deidentified:
    """De-identify a parsed or scanned data set whose unchanged top-level elements lie at `spans` in `data`."""
    policy = transformer.policy
    if media_storage_class == DICOMDIR_CLASS:
        raise NotDicom("DICOMDIR (a media index, not an instance)")
    source_sop = _uid(ds, 0x00080018)
    if not all(_uid(ds, tag) for tag in (0x00080016, 0x00080018, 0x0020000D, 0x0020000E)):
        raise Quarantined("no_sop_identity", "a SOP Class, SOP Instance, Study or Series UID is missing, "
                                             "so the instance cannot be placed")
    risk = burned_in_risk(ds)
    raw_elements = dict(ds.items())
    originals = {tag: raw_elements[tag] for tag in spans}
    pixel_edit = None
    reading = risk or (unlabelled_projection(ds) if policy.pixels.clean else None)
    if policy.scans_pixels(reading):
        if isinstance(ds, ScannedDataset):
            raise ScanDeclined  # the pixel engine reads a pydicom data set
        pixel_edit = _clean_pixels(policy, ds)
        if pixel_edit is None:
            # Reading the pixels converted raw elements (Pixel Data above all); unchanged, they are copied
            # from the input: pydicom's writer would pad an odd-length fragment and break its item.
            for tag, raw in originals.items():
                ds[tag] = raw
    elif risk and not policy.accept_burned_in:
        raise Quarantined("pixels_not_cleaned", f"pixels not cleaned: {risk}")
    try:
        state = transformer.begin(ds)
        transformer.transform(ds, state)
    except Quarantined:
        raise
    except Exception as exc:  # a value pydicom cannot convert means the file cannot be proven clean
        raise UnreadableDicom(f"an element could not be processed ({type(exc).__name__})") from None
    for tag in needless_empty_sequences(ds, _uid(ds, 0x00080016)):
        del ds[tag]
    # The pixel engine proves pixels clean when it read them and verified its reading (or its masks).
    proven = policy.scans_pixels(reading) and policy.pixels.verify
    own_tags = set()
    for element in agree_on_burned_in(transformer.method_elements(state), says_burned_in(ds), proven):
        ds[element.tag] = element
        own_tags.add(int(element.tag))
    if pixel_edit is not None:
        pixel_edit.apply(ds)
        # What the edit wrote must be encoded anew, never copied from the input: PixelData is the
        # point, and the engine may have updated an element in place.
        for keyword in ("PixelData", *pixel_edit.attributes):
            originals.pop(int(ds.data_element(keyword).tag), None)
        if _encoding(transfer_syntax) != _encoding(ExplicitVRLittleEndian):
            originals = {}  # input bytes in another encoding cannot be spliced into the new one
        transfer_syntax = ExplicitVRLittleEndian
    else:
        clean_encapsulated_pixels(ds, transfer_syntax)  # compressed frames copied as they are keep no comments
    try:
        header, pixels = _encode(ds, data, originals, spans, transfer_syntax)
    except (ScanDeclined, Quarantined):
        raise
    except Exception as exc:  # pydicom's writer refusing a value (e.g. a malformed item delimiter in an SR)
        raise Quarantined("unwritable", f"the output could not be encoded ({type(exc).__name__})") from None
    prove_clean(header, _encoding(transfer_syntax), state.known_words, state.known_uids, state.encodings,
                frozenset(own_tags))
    out = header[0] + header[1] + pixels + header[2]
    if transfer_syntax == DeflatedExplicitVRLittleEndian:
        out = header[0] + _deflate(header[1] + pixels + header[2])
    verify_output(out)
    placing = [_uid(ds, tag) for tag in PLACING_UIDS]
    if not all(len(uid) <= 64 and VALID_UID.fullmatch(uid) for uid in placing):
        # Under a profile that keeps UIDs, "../.." or "/etc" would steer the output path out of its folder.
        raise Quarantined("invalid_uid", "a kept Study, Series or SOP Instance UID is not a valid UID, so it "
                                         "cannot name the output")
    return Deidentified(out, state.pseudonym, *placing, source_sop)


def _clean_pixels(policy, ds: Dataset):
    """Run the pixel engine on the original data set; return its edit (None: pixels unchanged)."""
    outcome = policy.pixel_cleaner.clean(ds)
    if outcome.status == "quarantined":
        raise Quarantined("burned_in_text", f"pixels not proven clean: {outcome.reason}")
    return outcome.edit


def _file_meta(ds: Dataset | ScannedDataset, transfer_syntax: str) -> bytes:
    """Return the preamble, DICM prefix and File Meta Information of the output."""
    values = (_uid(ds, 0x00080016), _uid(ds, 0x00080018), transfer_syntax, IMPLEMENTATION_CLASS_UID,
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


def _encode(ds: Dataset | ScannedDataset, data: bytes, originals: dict, spans: dict, transfer_syntax: str):
    """Return ((preamble+meta, header elements, trailing elements), pixel data element) as bytes."""
    little, implicit = _encoding(transfer_syntax)
    encodings = ds._character_set
    fresh = DicomBytesIO()
    fresh.is_little_endian, fresh.is_implicit_VR = little, implicit
    pieces = []  # (tag, buffer, start, end): a slice of the input or of the freshly encoded elements
    for tag, element in sorted((int(tag), element) for tag, element in ds.items()):
        if originals.get(tag) is element:
            pieces.append((tag, data, *spans[tag]))
            continue
        if isinstance(element, RawDataElement) and element.value_tell is not None:
            element = ds[tag]  # an input element whose bytes cannot be spliced: converted, as pydicom would
        quick = encode_element(element, implicit) if little else None
        if quick is not None:
            pieces.append((tag, quick, 0, len(quick)))
            continue
        if isinstance(element, RawDataElement):
            element = ds[tag]
        if not isinstance(element, DataElement):
            raise ScanDeclined  # a scanned sequence pydicom's writer must encode: redo the file through pydicom
        start = fresh.tell()
        write_data_element(fresh, element, encodings)
        pieces.append((tag, None, start, fresh.tell()))
    encoded = fresh.getvalue()
    before, pixels, after = [], b"", []
    for tag, buffer, start, end in pieces:
        chunk = (encoded if buffer is None else buffer)[start:end]
        if tag == PIXEL_DATA:
            pixels = chunk
        elif tag < PIXEL_DATA:
            before.append(chunk)
        else:
            after.append(chunk)
    return (_file_meta(ds, transfer_syntax), b"".join(before), b"".join(after)), pixels


def _encoding(transfer_syntax: str) -> tuple[bool, bool]:
    if transfer_syntax == ImplicitVRLittleEndian:
        return True, True
    if transfer_syntax == "1.2.840.10008.1.2.2":  # Explicit VR Big Endian (retired)
        return False, False
    return True, False


def _deflate(dataset_bytes: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(dataset_bytes) + compressor.flush()


def _uid(ds: Dataset, tag: int) -> str:
    if tag not in ds:
        return ""
    value = "\\".join(string_values(ds, tag))
    return value.strip().rstrip("\x00")


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
