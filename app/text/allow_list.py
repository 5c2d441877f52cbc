"""The allow-list of clinical terms that look like names: loaded from data, matched as whole words."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import yaml

from .scanner import Scanner
from .words import first_word, lower_text, word_index

ALLOW_LIST_PATH = Path(__file__).resolve().parent / "data" / "allow_list.yaml"

# A billing or terminology code: a letter and digits ("K56.699", "G0297") or three digits or more with a modifier
# ("74177-26"), never a date's parts.
_CODE = r"(?:[A-Z]\d{2}[\dA-Z]*(?:\.[\dA-Z]{1,4})?|\d{3,18}(?:-[\dA-Z]{1,2})?)(?![\w/-])"
# Vertebral levels, measurements, series/image references and scores are clinical, whatever a pattern thinks.
# Spaces only, never line breaks: a number ending one line and "cc" opening the next is no volume.
# Each pattern comes with the lower-case words one of which every match contains (None: no such word): a
# case-insensitive scan is slow, and a report that contains none of the words need not be scanned.
CLINICAL_PATTERNS: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    (r"\b[CTLS]\d{1,2}(?:[ \t]*[-/][ \t]*[CTLS]?\d{1,2})?\b", None),                 # L4-L5, C5/6, T12
    (r"\b\d+(?:\.\d+)?(?:[ \t]*x[ \t]*\d+(?:\.\d+)?){0,2}[ \t]*(?:mm|cm|ml|mL|cc|HU|mGy|mSv|mGy-cm)\b",
     ("mm", "cm", "ml", "cc", "hu", "mgy", "msv")),                                                                                 # 3.2 x 2.1 cm
    # series 3, image 45; never a date-sized number ("Upper GI series 20181108").
    (r"\b(?:series|se|image|im|img)[ \t]*#?[ \t]*\d{1,4}(?!\d)"
     r"(?:[ \t]*[,/][ \t]*(?:image|im|img)?[ \t]*#?[ \t]*\d{1,4}(?!\d))?", None),
    # (4:112); a two-digit 24-hour clock in brackets ("aware (21:48)", "(07:15)") is a time, not series:image.
    (r"\((?![ \t]*(?:[01]\d|2[0-3]):[0-5]\d[ \t]*\))[ \t]*\d+[ \t]*:[ \t]*\d+[ \t]*\)", None),
    # A clock-face position named as one, in any organ ("lesion at the 10:30 position", "7:00 o'clock").
    (r"\b(?:1[0-2]|0?[1-9]):[0-5]\d[ \t]*(?:o['’]?[ \t]?clock|position|location|axis)\b", ("clock", "position",
                                                                                           "location", "axis")),
    (r"\b(?:BI|LI|TI|PI|O|C|NI|CAD)-RADS[ \t]*(?:TR)?[ \t]*\d[A-Ca-c]?\b", ("rads",)),       # BI-RADS 4A, TI-RADS TR4
    (r"\bLung-RADS[ \t]*\d[A-Xa-x]?\b", ("rads",)),
    # Billing and terminology codes after their system's name: "CPT 71046", "ICD-10: K50.00, K56.699", "SNOMED CT
    # 399208008"; such a number is no record number.
    (rf"\b(?:CPT|HCPCS|ICD-?(?:9|10)(?:-?(?:CM|PCS))?|DRG|LOINC|SNOMED(?:[ \t-]?CT)?)[ \t]*(?:codes?)?[ \t]*[:#]?[ \t]*"
     rf"{_CODE}(?:(?:[ \t]*[,;][ \t]*|[ \t]+/[ \t]+){_CODE})*", ("cpt", "hcpcs", "icd", "drg", "loinc", "snomed")),
    # A clock-face position with its distance from the nipple is a breast location, whatever else the report says.
    (r"\b(?:1[0-2]|0?[1-9]):[0-5]\d[ \t]*,?[ \t]*\d+(?:\.\d+)?[ \t]*cm[ \t]*(?:FN|from[ \t]+(?:the[ \t]+)?nipple)\b",
     ("fn", "nipple")),
    # Glasgow coma scale components ("GCS 14 (E4V4M6)"), which have a Canadian postcode's shape. Every match holds
    # the eye score, "e1" to "e4" in lower case, which few reports do ("(" and "gcs" most do).
    (r"(?:\bGCS\b[^\n]{0,12}?|\()E[1-4][ \t]?V[1-5T][ \t]?M[1-6]\b", ("e1", "e2", "e3", "e4")),
    # Obstetric history: gravida and para, with the four-digit TPAL ("G3P2012", "G2 P1").
    (r"\bG\d{1,2}[ \t]?P\d{1,4}(?:-?\d{1,4})?\b", None),
    # ILO profusion of pneumoconiosis, a fraction of two categories ("profusion 1/1", "profusion category 0/1").
    (r"\bprofusion[ \t]*(?:category|subcategory)?[ \t]*:?[ \t]*[0-3]/[0-3]\b", ("profusion",)),
)

# Breast lesions are located by clock face ("mass at 2:00", "left breast 10:00"): in a breast report a whole or
# half hour without am/pm is a position, not a time of day.
_BREAST = re.compile(r"\b(?:breasts?|mammo\w*|nipple|areola[r]?|BI-RADS|galactogra\w*|ductogra\w*)\b", re.IGNORECASE)
_BREAST_WORDS = ("breast", "mammo", "nipple", "areola", "bi-rads", "galactogra", "ductogra")
# A time written after a date's digits ("12/10/2026 07:30") is the study's time, whatever the report's organ.
_CLOCK_FACE = (r"(?<![\w:.])(?<!\d[ \t])(?<!\d[ \t]{2})(?:1[0-2]|0?[1-9]):[03]0"
               r"(?![\w:]|\.\d|[ \t]*(?:[ap]\.?m\b|[ECMP][SD]?T\b))")
# A title right before a word: then it is a person, never an eponym ("Ms. Hickman", "Dr. Rigler"). Notes type it in
# lower case and glue it on ("per dr. keller- procedure done", "dr.keller"); "ms" in lower case is the disease.
_TITLE_BEFORE = re.compile(r"(?<!\w)(?:Drs?|DRS?|drs?|Mrs?|MRS?|mrs?|Ms|MS|Miss|MISS|Mx|Prof|PROF|Doctor|DOCTOR)"
                           r"(?:\.[ \t]*|[ \t]+)$")
# A label only people fill, or a credential after the word: then it is a person too ("Referring: Castleman",
# "Castleman MD"), however clinical the word.
_PERSON_LABEL_BEFORE = re.compile(
    r"(?i:\b(?:patient|pt|name|ref|referring|ordering|attending|requesting|referred[ \t]+by|cc|signed[ \t]+by"
    r"|read[ \t]+by|dictated[ \t]+by|interpreted[ \t]+by|reviewed[ \t]+by|radiologist|physician|surgeon)"
    r"[ \t]*[:#]?[ \t]*)$")
_CREDENTIAL_AFTER = re.compile(r",?[ \t]+(?:MD|M\.D\.|DO|RN|NP|PA-C|PhD|DPM|CRNA|FACR)\b")


def titled(text: str, start: int) -> bool:
    """Whether a title stands right before text[start:] ("Ms. Hickman", "dr.keller")."""
    return _TITLE_BEFORE.search(text, max(0, start - 12), start) is not None


def named_as_person(text: str, start: int, end: int) -> bool:
    """Whether the word at [start, end) is written as a person's name: a title or a person's label before it, or a
    credential after it."""
    return (titled(text, start)
            or _PERSON_LABEL_BEFORE.search(text, max(0, start - 24), start) is not None
            or _CREDENTIAL_AFTER.match(text, end) is not None)


class AllowList:
    """Finds the stretches of a text that are clinical language, so detections inside them are dropped."""

    def __init__(self, terms: list[str]):
        # Terms are looked up where their first word occurs (the shared word index), never scanned
        # for at every position: one alternation of ~170 terms cost more than all name recognizers.
        by_key: dict[str, list[str]] = {}
        for term in terms:
            by_key.setdefault(first_word(term), []).append(re.escape(term))
        self._terms = {
            key: re.compile(r"(?<![\w-])(?:" + "|".join(sorted(group, key=len, reverse=True)) + r")(?![\w-])",
                            re.IGNORECASE)
            for key, group in by_key.items()
        }
        self._patterns = [(Scanner(p, ignore_case=True), words) for p, words in CLINICAL_PATTERNS]
        self._clock_face = Scanner(_CLOCK_FACE, ignore_case=True)
        self._single = frozenset(t.lower() for t in terms if re.fullmatch(r"[A-Za-z'-]+", t))

    def single_words(self) -> frozenset[str]:
        """The one-word terms, lower case (eponyms such as Foley or Hickman), for word-level vetoes."""
        return self._single

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Return the (start, end) spans of clinical terms in `text`."""
        index = word_index(text)
        found = []
        for key in self._terms.keys() & index.keys():
            term = self._terms[key]
            for start, _ in index[key]:
                match = term.match(text, start)
                # Eponyms never carry a title, a label or a credential: "Ms. Hickman" is a person, not a catheter.
                if match and not named_as_person(text, *match.span()):
                    found.append(match.span())
        lowered = lower_text(text)
        for pattern, words in self._patterns:
            if _may_contain(text, lowered, words):
                found.extend(pattern.spans(text))
        if _may_contain(text, lowered, _BREAST_WORDS) and _BREAST.search(text):
            found.extend(self._clock_face.spans(text))
        return found

    @staticmethod
    def covers(spans: list[tuple[int, int]], start: int, end: int) -> bool:
        """Return whether [start, end) lies inside one of `spans`."""
        return AllowList.coverage(spans)(start, end)

    @staticmethod
    def coverage(spans: list[tuple[int, int]]) -> Callable[[int, int], bool]:
        """Return `covers` for many queries on the same spans: one sort, then a binary search per query."""
        ordered = sorted(spans)
        starts = [s for s, _ in ordered]
        reach, furthest = [], -1
        for _, e in ordered:
            furthest = max(furthest, e)
            reach.append(furthest)  # the furthest end of any span starting at or before this one

        def covered(start: int, end: int) -> bool:
            i = bisect_right(starts, start) - 1
            return i >= 0 and reach[i] >= end
        return covered


def _may_contain(text: str, lowered: str, words: tuple[str, ...] | None) -> bool:
    """Whether `text` may hold one of `words` in any case (only ASCII text is ruled out: there lower() is exact)."""
    return words is None or not text.isascii() or any(word in lowered for word in words)


@lru_cache(maxsize=4)
def load_allow_list(path: Path = ALLOW_LIST_PATH) -> AllowList:
    """Load the allow-list data file (cached)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    terms = [str(term) for group in data.values() for term in (group or [])]
    return AllowList(terms)
