"""The identifying values of an input file a profile takes out, and a search for them in an output's bytes.

An identifier is a value the profile removes, empties, replaces, cleans or remaps (any action but keep):
name parts of person names, patient and study IDs, accession numbers, dates (unless the profile keeps
dates) and instance UIDs. The search runs over every byte of the output (file meta, every element,
compressed pixel data; the inflated data set of a deflated file), so it does not depend on how a reader
parses it. Two places are left out, because a match there is never the patient's: native pixel data
(sample values, where "XXX" is three bytes of 0x58) and the de-identification method the engine itself
wrote ("Retain Patient Characteristics Option" holds no patient's "PATIENT").
"""
from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO

from pydicom.charset import encode_string
from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.datadict import keyword_for_tag, tag_for_keyword
from pydicom.uid import UID_dictionary

from ..dicom.dummies import DUMMY_BY_VR
from ..dicom.policy import Policy

ID_TAGS = frozenset(tag_for_keyword(k) for k in (
    "PatientID", "OtherPatientIDs", "AccessionNumber", "AdmissionID", "MedicalRecordLocator", "ServiceEpisodeID",
    "StudyID", "RequestedProcedureID", "PerformedProcedureStepID", "ScheduledProcedureStepID",
    "PatientTelephoneNumbers", "PatientAddress"))
MIN_NAME_PART, MIN_ID = 3, 4  # shorter values ("CT", "1") occur everywhere by chance
_DUMMIES = frozenset(str(v).upper() for v in DUMMY_BY_VR.values() if isinstance(v, str))
_DEFLATED = b"1.2.840.10008.1.2.1.99"


@dataclass(frozen=True, order=True)
class Identifier:
    """One identifying value of an input; str() names its kind and attribute, never the value."""

    kind: str  # name | id | date | uid
    keyword: str
    value: str

    def __str__(self) -> str:
        return f"{self.kind} from {self.keyword}"

    __repr__ = __str__

    def pattern(self, encodings) -> re.Pattern:
        """Return the byte pattern of the value as a whole word (names, IDs), date or UID."""
        try:
            needle = encode_string(self.value, encodings)
        except Exception:  # an unencodable value cannot appear in the output either way
            needle = self.value.encode("utf-8", "replace")
        body = re.escape(needle)
        if self.kind == "uid":
            return re.compile(rb"(?<![0-9.])" + body + rb"(?![0-9.])")
        if self.kind == "date":
            return re.compile(rb"(?<![0-9])" + body + rb"(?![0-9])")
        return re.compile(rb"(?<![A-Za-z0-9])" + body + rb"(?![A-Za-z0-9])", re.IGNORECASE)


def identifiers_of(ds: Dataset, policy: Policy) -> set[Identifier]:
    """Return the identifying values of a parsed input that `policy` does not keep."""
    found: set[Identifier] = set()
    dates_go = policy.date_mode != "keep"
    for element in _walk(ds):
        tag = int(element.tag)
        action = policy.action(tag)
        if action in (None, "K") or (tag >> 16) & 1:
            continue
        keyword = keyword_for_tag(tag) or f"({tag >> 16:04X},{tag & 0xFFFF:04X})"
        for value in _strings(element.value):
            if element.VR == "PN":
                for part in re.split(r"[\^=\s,]+", value):
                    part = part.strip(".")
                    if len(part) >= MIN_NAME_PART and any(c.isalpha() for c in part) and part.upper() not in _DUMMIES:
                        found.add(Identifier("name", keyword, part))
            elif tag in ID_TAGS and len(value.strip()) >= MIN_ID and value.strip().upper() not in _DUMMIES:
                found.add(Identifier("id", keyword, value.strip()))
            elif element.VR in ("DA", "DT") and dates_go and re.fullmatch(r"\d{8}", value[:8]) \
                    and value[:8] != DUMMY_BY_VR["DA"]:
                found.add(Identifier("date", keyword, value[:8]))
            elif element.VR == "UI" and "U" in action and len(value) > 8 and value not in UID_dictionary:
                found.add(Identifier("uid", keyword, value.rstrip("\x00")))
    return found


def surviving(data: bytes, identifiers: set[Identifier], encodings) -> list[Identifier]:
    """Return the identifiers found anywhere in an output file's bytes (inflating a deflated data set)."""
    haystacks = [data]
    if _DEFLATED in data[:1024]:
        haystacks.append(_inflate_after_meta(data))
    haystacks = [_without_own_places(h) for h in haystacks]
    return sorted(i for i in identifiers if any(i.pattern(encodings).search(h) for h in haystacks))


def _without_own_places(data: bytes) -> bytes:
    """Return `data` with native pixel samples and the engine's own method description blanked."""
    try:
        ds = dcmread(BytesIO(data), force=True)
        pixels = ds.get(0x7FE00010)
        own = _strings(ds.get("DeidentificationMethod"))
        for item in ds.get("DeidentificationMethodCodeSequence") or ():
            own += [str(item.get(k, "")) for k in ("CodeMeaning", "CodeValue", "CodingSchemeDesignator")]
    except Exception:  # a file pydicom cannot parse is searched whole
        return data
    if pixels is not None and not pixels.is_undefined_length and isinstance(pixels.value, bytes) and pixels.value:
        start = data.rfind(pixels.value)
        if start >= 0:
            data = data[:start] + bytes(len(pixels.value)) + data[start + len(pixels.value):]
    for value in filter(None, own):
        encoded = value.encode("latin-1", "replace")
        data = data.replace(encoded, b" " * len(encoded))
    return data


def _inflate_after_meta(data: bytes) -> bytes:
    """Return the inflated data set of a deflated Part 10 file (b"" when it does not inflate)."""
    # The meta group length (0002,0000) at offset 132 says where the deflated stream starts.
    meta_end = 144 + int.from_bytes(data[140:144], "little")
    try:
        return zlib.decompress(data[meta_end:], -zlib.MAX_WBITS)
    except zlib.error:
        return b""


def _walk(ds: Dataset) -> Iterator:
    for element in ds:
        if element.VR == "SQ":
            for item in element.value or ():
                yield from _walk(item)
        else:
            yield element


def _strings(value) -> list[str]:
    if value is None or isinstance(value, (bytes, int, float)):
        return []
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)] if str(value) else []
