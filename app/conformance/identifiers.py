"""The identifying values of an input file a profile takes out, and a search for them in an output's bytes.

An identifier is a value the profile removes, empties, replaces, cleans or remaps (any action but keep): name
parts of person names, patient and study IDs, accession numbers, dates (unless the profile keeps dates) and
instance UIDs; a device's placeholder for a value it does not know ("n.a.", "UNKNOWN") is none. The search
compares them with the identifying places of the output only, at every depth (file meta included, a deflated
data set inflated): text, names, dates, times, UIDs, and binary values other than pixel data (text hides in
private and unknown values). The rest cannot name a patient, so a match there is a coincidence, not a
survivor: pixel data, native or compressed ("XXX" is three samples of 0x58, "SMITH" five bytes of a JPEG
scan), numbers (a PatientID 123456 equal to a number), coded strings (DICOM's defined terms: an observer
"Enter text" meets the SR value type TEXT), code values of coded entries (a site's procedure code "RC301" also
written as its scheduled step ID), and the de-identification method the engine itself wrote ("Retain Patient
Characteristics Option" holds no patient's "PATIENT"). An output pydicom cannot parse is searched byte for
byte.
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO

from pydicom.charset import encode_string
from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.datadict import keyword_for_tag, tag_for_keyword
from pydicom.uid import UID_dictionary

from ..dicom.devices import device_names
from ..dicom.dummies import DUMMY_BY_VR
from ..dicom.known_words import is_placeholder
from ..dicom.policy import Policy

ID_TAGS = frozenset(tag_for_keyword(k) for k in (
    "PatientID", "OtherPatientIDs", "AccessionNumber", "AdmissionID", "MedicalRecordLocator", "ServiceEpisodeID",
    "StudyID", "RequestedProcedureID", "PerformedProcedureStepID", "ScheduledProcedureStepID",
    "PatientTelephoneNumbers", "PatientAddress"))
MIN_NAME_PART, MIN_ID = 3, 4  # shorter values ("CT", "1") occur everywhere by chance
_DUMMIES = frozenset(str(v).upper() for v in DUMMY_BY_VR.values() if isinstance(v, str))
# Not places where a person is identified: pixel data (sample values, native or compressed), the method
# description the engine wrote, code values of a coding scheme, coded strings and numbers.
_NOT_PLACES_TAGS = frozenset({0x7FE00008, 0x7FE00009, 0x7FE00010, tag_for_keyword("DeidentificationMethod"),
                              tag_for_keyword("DeidentificationMethodCodeSequence"), tag_for_keyword("CodeValue")})
_NOT_PLACES_VRS = frozenset({"CS", "AT", "IS", "DS", "US", "SS", "UL", "SL", "UV", "SV", "FL", "FD", "OF", "OD", "OL",
                             "OV"})


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
    # A person name that is the file's own manufacturer or model names the device ("Achieva" as a
    # presentation state's creator), never the patient, as the engine decides it too.
    devices = device_names(str(ds.get(k, "")) for k in ("Manufacturer", "ManufacturerModelName"))
    for element in _walk(ds):
        tag = int(element.tag)
        action = policy.action(tag)
        if action in (None, "K") or (tag >> 16) & 1:
            continue
        keyword = keyword_for_tag(tag) or f"({tag >> 16:04X},{tag & 0xFFFF:04X})"
        for value in _strings(element.value):
            if element.VR == "PN":
                if tag >> 16 != 0x0010 and value.strip().lower() in devices:
                    continue
                for part in re.split(r"[\^=\s,]+", value):
                    part = part.strip(".")
                    if len(part) >= MIN_NAME_PART and any(c.isalpha() for c in part) and part.upper() not in _DUMMIES \
                            and not is_placeholder(part):
                        found.add(Identifier("name", keyword, part))
            elif tag in ID_TAGS and len(value.strip()) >= MIN_ID and value.strip().upper() not in _DUMMIES \
                    and not is_placeholder(value):
                found.add(Identifier("id", keyword, value.strip()))
            elif element.VR in ("DA", "DT") and dates_go and re.fullmatch(r"\d{8}", value[:8]) \
                    and value[:8] != DUMMY_BY_VR["DA"]:
                found.add(Identifier("date", keyword, value[:8]))
            elif element.VR == "UI" and "U" in action and len(value) > 8 and value not in UID_dictionary:
                found.add(Identifier("uid", keyword, value.rstrip("\x00")))
    return found


def surviving(data: bytes, identifiers: set[Identifier], encodings) -> list[Identifier]:
    """Return the identifiers found in an output file's identifying places (every byte if it does not parse)."""
    haystack = _identifying_places(data)
    return sorted(i for i in identifiers if i.pattern(encodings).search(haystack))


def _identifying_places(data: bytes) -> bytes:
    """Return the raw values of every identifying place of an output, separated by NUL (the whole file on failure)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = dcmread(BytesIO(data), force=True)
            values = [*_place_values(ds.file_meta or Dataset()), *_place_values(ds)]
        except Exception:  # a file pydicom cannot parse is searched whole
            return data
    return b"\x00".join(values)


def _place_values(ds: Dataset) -> Iterator[bytes]:
    """Yield the value bytes of every element of `ds`, at any depth, that can hold an identifier."""
    for tag in ds.keys():
        tag = int(tag)
        if tag in _NOT_PLACES_TAGS:
            continue
        raw = ds.get_item(tag)
        element = ds[tag]  # converted: an implicit VR element gets its dictionary VR here
        if element.VR == "SQ":
            for item in element.value or ():
                yield from _place_values(item)
        elif element.VR not in _NOT_PLACES_VRS:
            value = getattr(raw, "value", None)
            yield value if isinstance(value, bytes) else "\\".join(_strings(element.value)).encode("utf-8", "replace")


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
