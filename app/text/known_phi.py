"""The study's own identifiers (from the DICOM header or the caller) found in every variant.

Built per report: the patient's name in every order and case, with initials;
MRN, accession and other IDs (also without separators); the birth date and
any other known date in every common format; physicians' names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from presidio_analyzer import EntityRecognizer, RecognizerResult

from ..known_phi import date_renderings, fold, name_components, name_renderings

KNOWN_SCORE = 1.0
MIN_NAME_PART = 2


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

    def key(self) -> tuple:
        """A hashable snapshot of everything known (equal snapshots share their search terms)."""
        return tuple(self.names), tuple(self.ids), tuple(self.dates), tuple(self.words)


class KnownPhiRecognizer(EntityRecognizer):
    """Finds one study's known identifiers in every variant, with full confidence."""

    def __init__(self, known: KnownPhi):
        self.known = known
        self._needles, self._ids = _search_terms(known.key())
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
        ascii_text = text.isascii()
        for value in self._ids:
            results.extend(RecognizerResult("ID", start, end, KNOWN_SCORE,
                                            recognition_metadata={"recognizer_name": self.name, "known_phi": True})
                           for start, end in _id_spans(text, lowered, value, ascii_text))
        return results


@lru_cache(maxsize=256)
def _search_terms(key: tuple) -> tuple[list[tuple[str, str]], list[str]]:
    """The substrings (kind, folded lower-case value) and IDs without their separators for one set of identifiers.

    Cached: building the variants cost about as much as searching for them, and a batch repeats one
    patient's identifiers (and `deidentify` analyses with the same ones as a caller's `analyze`).
    """
    names, ids, dates, words = key
    variants = _variants(KnownPhi(list(names), list(ids), list(dates), list(words)))
    # Plain case-insensitive substring search: compiling a fresh regex per report cost more than analysis.
    # Values are folded like the text the analyzer reads (a supplied "José" matches "Jose" and "José").
    needles = [(kind, fold(value).lower()) for kind, values in variants if kind != "ID" for value in values]
    # IDs match whatever separates their characters (space, no-break space, hyphen, dot, slash, or nothing).
    compact = dict.fromkeys(_compact(fold(value)) for kind, values in variants if kind == "ID" for value in values)
    return needles, [value for value in compact if value]


# What may stand between an ID's characters in ASCII text: `\s` and the punctuation of _id_pattern's gap.
_ASCII_SEPARATORS = frozenset(" \t\n\r\f\v\x1c\x1d\x1e\x1f-./_")
_MAX_GAP = 3


def _id_spans(text: str, lowered: str, value: str, ascii_text: bool) -> list[tuple[int, int]]:
    """Where the ID `value` (no separators) occurs in `text` as a whole word, up to three separators between characters.

    On ASCII text (nearly every report) the characters are walked directly, as _id_pattern would match
    them: compiling a fresh pattern for every patient's IDs cost more than the rest of this recognizer.
    """
    if not (ascii_text and value.isascii()):
        return [m.span() for m in _id_pattern(value).finditer(text)]
    value = value.lower()
    spans: list[tuple[int, int]] = []
    length = len(lowered)
    start = lowered.find(value[0])
    while start != -1:
        end = None
        if start == 0 or not lowered[start - 1].isalnum():  # (?<![^\W_])
            end = _id_end(lowered, start + 1, value, length)
        if end is not None:
            spans.append((start, end))
        start = lowered.find(value[0], start + 1 if end is None else end)
    return spans


def _id_end(lowered: str, at: int, value: str, length: int) -> int | None:
    """Where the ID ends if its first character is just before `at`, else None (an ID holds no separators)."""
    for char in value[1:]:
        gap = 0
        while at < length and gap < _MAX_GAP and lowered[at] in _ASCII_SEPARATORS:
            at += 1
            gap += 1
        if at >= length or lowered[at] != char:
            return None
        at += 1
    return None if at < length and lowered[at].isalnum() else at  # (?![^\W_])


@lru_cache(maxsize=1024)
def _id_pattern(value: str) -> re.Pattern:
    # For non-ASCII text, where case folding and Unicode whitespace need the regex engine's own rules.
    # Any separators (underscores too: "MRN_0042" is filed as "MRN-0042" elsewhere) may stand between characters.
    gap = rf"[\s\-./_]{{0,{_MAX_GAP}}}"
    return re.compile(r"(?<![^\W_])" + gap.join(re.escape(c) for c in value) + r"(?![^\W_])", re.IGNORECASE)


def _compact(value: str) -> str:
    return re.sub(r"[\W_]", "", value)


def _is_word_boundary(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not (text[index].isalnum() or text[index] == "_")


def _variants(known: KnownPhi) -> list[tuple[str, set[str]]]:
    names: set[str] = set()
    for name in known.names:
        parts = name_components(name)
        names.update(p for p in parts if len(p) >= MIN_NAME_PART)
        if len(parts) > 1:
            names.update(name_renderings(parts[0], parts[1]))
    names.update(w for w in known.words if len(w) >= 3 and not w.isdigit())
    ids: set[str] = set()
    for value in known.ids + [w for w in known.words if w.isdigit() or any(c.isdigit() for c in w)]:
        value = value.strip()
        if len(value) >= 4:
            ids.add(value)
            compact = re.sub(r"[\s\-./_]", "", value)
            if compact != value and len(compact) >= 4:
                ids.add(compact)
    dates: set[str] = set()
    for value in known.dates:
        dates.update(date_renderings(value))
    return [("PERSON", names), ("ID", ids), ("DATE", dates)]
