"""Names followed by a credential: "Jane Smith, MD", "J. Smith, DO", "Smith, Jane, RT(R)", "JANE SMITH RN"."""
from __future__ import annotations

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer
from ._names import (
    AMBIGUOUS_CREDENTIALS,
    CREDENTIAL,
    CREDENTIAL_WORDS,
    FAMILY_INITIALS,
    NAME_LAST_FIRST,
    NAME_TITLE,
    NAME_UPPER,
    name_words,
    trim_name,
)
from ._tokens import plausible_name

_CREDS = rf"(?P<cred>{CREDENTIAL})(?:[ \t]*[,/]?[ \t]*{CREDENTIAL})*"
# After the credential: not more letters (MDCT), not a ZIP ("Baltimore, MD 21201" is a place),
# and for PA not a radiographic projection ("Chest, PA and lateral").
_AFTER = (
    r"(?![\p{L}\d(-])(?![ \t]*\d{5}(?:-\d{4})?(?!\d))"
    r"(?![ \t]*(?:and|&|/)[ \t]*(?:lat|LAT|Lat)|[ \t]+(?:view|projection|VIEW))"
)


_WORD_STARTS = regex.compile(r"(?<=[ \t])\p{L}")
_FULL_WORD = regex.compile(r"\p{L}{2}")
# A name starts at a word boundary (this also keeps the expression from being tried inside words).
_START = r"(?<![\p{L}\d'’.-])"
# Every match ends in a credential: only look near one.
_NAME_STOP = r"[^\p{L}\s.,'’^-]"  # characters a name never contains
_CREDENTIAL_ANCHOR = Anchor(words=" ".join(CREDENTIAL_WORDS), upper=True, regex=r"M\.D\.|D\.O\.|Ph\.D\.",
                            case_sensitive=True, at="near", before=90, after=40, stop=_NAME_STOP)
_ROLES = (
    r"tech|technologist|sonographer|nurse|rn|np|pa|pa-c|resident|fellow|attending|md|do|radiologist|physician"
    r"|interpreter|scribe|transcriptionist|therapist|student|intern|hospitalist|provider"
)


class CredentialPersonRecognizer(SpanPatternRecognizer):
    """Finds the name before MD/DO/RN/NP/PA-C/RT(R)/PhD and similar credentials.

    Signatures, cc lists and technologist lines put the credential after the name; many of those
    names carry no title. Credentials that double as clinical abbreviations (PA view, RT = right,
    MS) only count after a two-word name with no clinical words in it.
    """

    ENTITY = "PERSON"
    PATTERNS = (
        # Last-first first, so that "Smith, Jane, RT" keeps its given name.
        ("name_credential",
         rf"{_START}(?P<phi>{NAME_LAST_FIRST}|{FAMILY_INITIALS}|{NAME_TITLE}|{NAME_UPPER})"
         rf"[ \t]*,?[ \t]*{_CREDS}{_AFTER}",
         0.85, _CREDENTIAL_ANCHOR),
        # "Robert (tech)", "Jane Smith (RN)": a role in brackets right after a name.
        ("role_in_brackets", rf"{_START}(?P<phi>{FAMILY_INITIALS}|{NAME_TITLE})[ \t]*\((?i:{_ROLES})\)", 0.75,
         Anchor(regex=rf"\((?:{_ROLES})\)", at="near", before=90, after=5)),
    )
    CONTEXT = ("signed", "dictated", "physician", "radiologist", "technologist", "cc")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """Trim lead-in words ("Called Jane Smith") and apply the stricter rule for ambiguous credentials."""
        if pattern == "role_in_brackets":
            return trim_name(text, start, end)
        cred = match.group("cred")
        ambiguous = cred in AMBIGUOUS_CREDENTIALS
        if cred == "DO" and "," not in text[end:match.start("cred")]:
            ambiguous = True  # "DO" without a comma may be the verb in all-caps text
        span = trim_name(text, start, end, strict=ambiguous)
        if span is None:
            return None
        span = _shortest_lead(text, *span)
        if ambiguous and name_words(text[span[0]:span[1]]) < 2:
            return None
        return span


def _shortest_lead(text: str, start: int, end: int) -> tuple[int, int]:
    """In capitals a sentence runs into the name before a credential ("FOR A DIFFERENT PATIENT Q. LANDER RRT"):
    the span from the first later word that makes a plausible name, else the whole span."""
    if plausible_name(text, start, end):
        return start, end
    for word in _WORD_STARTS.finditer(text, start + 1, end):
        if _FULL_WORD.search(text, word.start(), end) and plausible_name(text, word.start(), end):
            return word.start(), end
    return start, end
