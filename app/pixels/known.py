"""The file's own identifying header values, rendered the ways devices burn them into pixels."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.sequence import Sequence

from ..known_phi import date_renderings, name_renderings, pn_components, time_renderings

NAME_KEYWORDS = ("PatientName", "OtherPatientNames", "PatientBirthName", "PatientMotherBirthName",
                 "ReferringPhysicianName", "PerformingPhysicianName", "NameOfPhysiciansReadingStudy",
                 "OperatorsName", "PhysiciansOfRecord", "RequestingPhysician")
ID_KEYWORDS = ("PatientID", "OtherPatientIDs", "IssuerOfPatientID", "AccessionNumber", "StudyID",
               "RequestedProcedureID", "ScheduledProcedureStepID", "PerformedProcedureStepID")
ID_SEQUENCES = ("OtherPatientIDsSequence", "RequestAttributesSequence", "IssuerOfAccessionNumberSequence")
PHRASE_KEYWORDS = ("InstitutionName", "InstitutionAddress", "InstitutionalDepartmentName", "PatientAddress",
                   "StationName")
DATE_KEYWORDS = ("PatientBirthDate", "StudyDate", "SeriesDate", "AcquisitionDate", "ContentDate")
TIME_KEYWORDS = ("StudyTime", "SeriesTime", "AcquisitionTime", "ContentTime")


@dataclass(frozen=True)
class KnownTerms:
    """Identifying values from one file's header; never logged, only matched against OCR text."""

    name_parts: tuple[str, ...]  # matched one by one (names, and longer words of places): OCR splits and reorders
    names: tuple[str, ...]  # whole renderings ("LAST, FIRST", "FIRST LAST", "F LAST")
    identifiers: tuple[str, ...]
    phrases: tuple[str, ...]  # institution, addresses, stations: matched whole, never word by word
    dates: tuple[str, ...]
    times: tuple[str, ...]

    def matchable(self) -> tuple[str, ...]:
        """Every term the matcher looks for (name parts stand in for whole names)."""
        return (*self.name_parts, *self.identifiers, *self.phrases, *self.dates, *self.times)

    def __repr__(self) -> str:  # the values are PHI: never let a traceback or log print them
        return f"KnownTerms({len(self.matchable())} terms)"


def known_phi_terms(ds: Dataset) -> KnownTerms:
    """Collect the header's identifying values (names, IDs, places, dates, times) in every common rendering."""
    parts: list[str] = []
    names: list[str] = []
    for value in _values(ds, NAME_KEYWORDS):
        components = pn_components(value)
        parts.extend(w for c in components for w in c.replace(",", " ").split() if len(w) >= 2)
        names += name_renderings(*(components + ["", ""])[:2])
    identifiers = list(_values(ds, ID_KEYWORDS))
    for keyword in ID_SEQUENCES:
        for item in ds.get(keyword) or ():
            identifiers += _values(item, ID_KEYWORDS)
    phrases = list(_values(ds, PHRASE_KEYWORDS))
    # OCR rarely reads a long phrase within one edit: its longer words are matched on their own too.
    parts += [w for p in phrases for w in p.replace(",", " ").split() if len(w) >= 4 and not w.isdigit()]
    dates = [text for value in _values(ds, DATE_KEYWORDS) for text in date_renderings(value)]
    times = [text for value in _values(ds, TIME_KEYWORDS) for text in time_renderings(value)]
    return KnownTerms(_unique(parts), _unique(names), _unique(i for i in identifiers if len(i) >= 2),
                      _unique(phrases), _unique(dates), _unique(times))


def _values(ds: Dataset, keywords: Iterable[str]) -> Iterator[str]:
    """Yield the non-empty string values of `keywords` (each value of a multi-valued element)."""
    for keyword in keywords:
        value = ds.get(keyword)
        if value is None or isinstance(value, Sequence):
            continue
        for item in value if isinstance(value, (MultiValue, list, tuple)) else (value,):
            text = str(item).strip()
            if text:
                yield text


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    """Deduplicate, keeping first-seen order (so results are deterministic)."""
    return tuple(dict.fromkeys(v for v in values if v))
