"""The study's own identifiers (from the DICOM header or the caller) found in every variant.

Built per report: the patient's name in every order and case, with initials;
MRN, accession and other IDs (also without separators); the birth date and
any other known date in every common format; physicians' names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from presidio_analyzer import EntityRecognizer, RecognizerResult

from .normalize import fold

KNOWN_SCORE = 1.0
MIN_NAME_PART = 2
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass
class KnownPhi:
    """Identifiers known to belong to one study, grouped by entity kind."""

    names: list[str] = field(default_factory=list)  # "FAMILY^GIVEN^MIDDLE", "Family, Given" or "Given Family"
    ids: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)  # YYYY-MM-DD or YYYYMMDD
    words: list[str] = field(default_factory=list)  # loose identifying words (e.g. from a DICOM header)

    @classmethod
    def from_patient(cls, patient: dict | None) -> KnownPhi:
        """Build from the DESIGN input's `patient` object: name, mrn, birth_date, accession, physicians, ..."""
        patient = patient or {}
        known = cls()
        for key in ("name", "physicians", "referring_physician", "radiologist", "other_names"):
            value = patient.get(key)
            known.names.extend(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str) and v)
        for key in ("mrn", "accession", "other_ids", "patient_id", "issuer"):
            value = patient.get(key)
            known.ids.extend(str(v) for v in (value if isinstance(value, list) else [value]) if v not in (None, ""))
        for key in ("birth_date",):
            if patient.get(key):
                known.dates.append(str(patient[key]))
        return known

    def is_empty(self) -> bool:
        """Return whether nothing is known."""
        return not (self.names or self.ids or self.dates or self.words)


class KnownPhiRecognizer(EntityRecognizer):
    """Finds one study's known identifiers in every variant, with full confidence."""

    def __init__(self, known: KnownPhi):
        self.known = known
        # Plain case-insensitive substring search: compiling a fresh regex per report cost more than analysis.
        # Values are folded like the text the analyzer reads (a supplied "José" matches "Jose" and "José").
        variants = _variants(known)
        self._needles = [(kind, fold(value).lower()) for kind, values in variants if kind != "ID" for value in values]
        # IDs match whatever separates their characters (space, no-break space, hyphen, dot, slash, or nothing).
        compact = dict.fromkeys(_compact(fold(value)) for kind, values in variants if kind == "ID" for value in values)
        self._ids = [_id_pattern(value) for value in compact if value]
        super().__init__(supported_entities=["PERSON", "ID", "DATE"], name="KnownPhiRecognizer",
                         supported_language="en")

    def load(self) -> None:
        """Nothing to load: patterns are built in the constructor."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Return every occurrence of a known identifier."""
        results = []
        lowered = text.lower()
        for kind, needle in self._needles:
            start = lowered.find(needle)
            while start != -1:
                end = start + len(needle)
                if _is_word_boundary(lowered, start - 1) and _is_word_boundary(lowered, end):
                    results.append(RecognizerResult(kind, start, end, KNOWN_SCORE,
                                                    recognition_metadata={"recognizer_name": self.name,
                                                                          "known_phi": True}))
                start = lowered.find(needle, start + 1)
        for pattern in self._ids:
            results.extend(RecognizerResult("ID", m.start(), m.end(), KNOWN_SCORE,
                                            recognition_metadata={"recognizer_name": self.name, "known_phi": True})
                           for m in pattern.finditer(text))
        return results


@lru_cache(maxsize=1024)
def _id_pattern(value: str) -> re.Pattern:
    # Cached: a batch of one patient's reports (or one series' descriptors) reuses the same IDs.
    gap = r"[\s\-./]?"
    return re.compile(r"(?<![^\W_])" + gap.join(re.escape(c) for c in value) + r"(?![^\W_])", re.IGNORECASE)


def _compact(value: str) -> str:
    return re.sub(r"[\W_]", "", value)


def _is_word_boundary(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not (text[index].isalnum() or text[index] == "_")


def _variants(known: KnownPhi) -> list[tuple[str, set[str]]]:
    names: set[str] = set()
    for name in known.names:
        parts = _name_parts(name)
        if not parts:
            continue
        family, given = parts[0], parts[1] if len(parts) > 1 else ""
        names.update(p for p in parts if len(p) >= MIN_NAME_PART)
        if given:
            names.update({f"{family}, {given}", f"{given} {family}", f"{given[0]}. {family}", f"{given[0]} {family}",
                          f"{family} {given[0]}", f"{family}, {given[0]}."})
    names.update(w for w in known.words if len(w) >= 3 and not w.isdigit())
    ids: set[str] = set()
    for value in known.ids + [w for w in known.words if w.isdigit() or any(c.isdigit() for c in w)]:
        value = value.strip()
        if len(value) >= 4:
            ids.add(value)
            compact = re.sub(r"[\s\-./]", "", value)
            if compact != value and len(compact) >= 4:
                ids.add(compact)
    dates: set[str] = set()
    for value in known.dates:
        parsed = _parse_date(value)
        if parsed:
            dates.update(_date_forms(parsed))
    return [("PERSON", names), ("ID", ids), ("DATE", dates)]


def _name_parts(name: str) -> list[str]:
    name = name.strip()
    if "^" in name:
        parts = name.split("^")
    elif "," in name:
        family, _, rest = name.partition(",")
        parts = [family] + rest.split()
    else:
        words = name.split()
        parts = words[-1:] + words[:-1]
    return [p.strip(" .") for p in parts if p.strip(" .") and p.strip(" .").upper() not in ("MD", "DO", "DR", "PHD")]


def _parse_date(value: str) -> date | None:
    digits = re.sub(r"\D", "", value)
    if len(digits) != 8:
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _date_forms(d: date) -> set[str]:
    month = MONTHS[d.month - 1]
    return {
        d.strftime("%m/%d/%Y"), f"{d.month}/{d.day}/{d.year}", d.strftime("%m/%d/%y"), f"{d.month}/{d.day}/{d.year % 100:02d}",
        d.strftime("%m-%d-%Y"), f"{d.month}-{d.day}-{d.year}", d.strftime("%Y-%m-%d"), d.strftime("%Y/%m/%d"),
        d.strftime("%Y%m%d"), f"{d.day:02d}-{month[:3]}-{d.year}", f"{d.day}-{month[:3]}-{d.year}",
        f"{d.day} {month} {d.year}", f"{d.day} {month[:3]} {d.year}", f"{month} {d.day}, {d.year}",
        f"{month[:3]} {d.day}, {d.year}", f"{month[:3]}. {d.day}, {d.year}", f"{month[:3]} {d.day} {d.year}",
        f"{month} {d.day} {d.year}",
    }
