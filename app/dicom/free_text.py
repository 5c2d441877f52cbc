"""Generic PHI in DICOM free text, found without the report-text engine: dates, identifying numbers, contacts, names.

Kept free text (an SR's TextValue, a code's meaning, a comment) can name a date of birth or another
person without repeating the file's own header values. Every profile looks for these shapes in
the text it keeps: a value that shows one is cleaned (by the report-text engine under a cleaning
option, by redaction here otherwise). The patterns are ASCII, so they match the value's bytes in
any character set DICOM allows before anything is decoded.
"""
from __future__ import annotations

import re
from functools import cached_property, lru_cache

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
# A date glued into a protocol or file name ("CHEST_20190304_X") is still a date: for dates "_" ends a word.
_START, _END = r"(?<![a-z0-9])", r"(?![a-z0-9])"
DATE_PATTERNS = tuple(_START + p + _END for p in (
    r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})",  # 03/12/1940, 12.03.40
    r"(?:1[89]|20)\d\d[/.-]\d{1,2}[/.-]\d{1,2}",  # 1940-03-12
    r"\d{1,2}(?:st|nd|rd|th)?[ -]" + _MONTH + r"\.?,?[ -](?:\d{4}|\d{2})",  # 12 March 1940, 12-MAR-40
    r"\d{1,2}" + _MONTH + r"(?:\d{4}|\d{2})",  # 12MAR1940
    _MONTH + r"\.?[ -]\d{1,2}(?:st|nd|rd|th)?,?[ -](?:\d{4}|\d{2})",  # March 12, 1940
    _MONTH + r"\.?,? (?:1[89]|20)\d\d",  # March 1940
    r"(?:1[89]|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])",  # 19400312, as DICOM writes a date
))
IDENTIFIER_PATTERNS = (
    r"\b(?=[a-z0-9]*\d{5})[a-z0-9]{6,}\b",  # MRNs, accession numbers, DICOM dates typed as text: 5+ digits in a row
    r"\b\d{3}-\d{2}-\d{4}\b",  # US social security number
    r"(?:\+\d{1,3}[ .-]?)?(?:\(\d{3}\)|\b\d{3})[ .-]?\d{3}[ .-]\d{4}\b",  # telephone
    r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b",  # e-mail
    # A labelled value: whatever follows the label is the identifier, whatever its shape.
    r"\b(?:mrn|dob|d\.o\.b\.?|ssn|pt\.? ?id|patient id|acc(?:ession)?(?: ?(?:no\.?|number|#))?"
    r"|med(?:ical)? rec(?:ord)?(?: ?(?:no\.?|number|#))?)(?:\s*[:#]\s*[^\s,;)]+|\s+(?=[^\s,;)]*\d)[^\s,;)]+)",
)
# Case matters here: "MR BRAIN" and "DR CHEST" are modalities, "Mr. Brain" and "DR. CHEST" are people.
TITLED_NAME = (r"(?:\bDr\.?|\bDR\.|\bMrs?\.|\bMRS?\.|\bMs\.?|\bMS\.|\bProf\.?|\bPROF\.)"
               r"[ \t]+[A-Z][A-Za-z'-]+(?:,?[ \t]+[A-Z][A-Za-z'-]*\.?)?")


class GenericPhi:
    """The generic PHI shapes of one profile (dates only where the profile does not keep them)."""

    def __init__(self, dates: bool):
        flagged = (*(DATE_PATTERNS if dates else ()), *IDENTIFIER_PATTERNS)
        self._sources = ("|".join(f"(?:{p})" for p in flagged), TITLED_NAME)
        self._dates_source = "|".join(f"(?:{p})" for p in DATE_PATTERNS) if dates else None

    # Each form is compiled on first use (a few milliseconds each): a run whose files keep no free text, or
    # keep it without anything to redact, never pays for the forms it does not use.
    @cached_property
    def _bytes(self) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
        flagged, titled = self._sources
        return re.compile(flagged.encode("ascii"), re.IGNORECASE), re.compile(titled.encode("ascii"))

    @cached_property
    def _text(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        flagged, titled = self._sources
        return re.compile(flagged, re.IGNORECASE | re.ASCII), re.compile(titled, re.ASCII)

    @cached_property
    def _dates(self) -> re.Pattern[str] | None:
        return re.compile(self._dates_source, re.IGNORECASE | re.ASCII) if self._dates_source else None

    def found_in(self, value: bytes) -> bool:
        """Whether a raw value shows any generic PHI shape."""
        return any(p.search(value) for p in self._bytes)

    def redact(self, text: str, token: str) -> str:
        """Replace every generic PHI span of `text` with `token`."""
        for pattern in self._text:
            text = pattern.sub(token, text)
        return text

    def redact_dates(self, text: str, token: str) -> str:
        """Replace every date of `text` with `token` (none under a profile that keeps dates)."""
        return self._dates.sub(token, text) if self._dates is not None else text


@lru_cache(maxsize=2)
def generic_phi(dates: bool) -> GenericPhi:
    """Return the shared matcher for profiles that do (or do not) remove dates."""
    return GenericPhi(dates)
