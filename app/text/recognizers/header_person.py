"""Names after header labels: "Patient: SMITH, JANE Q", "Referring: Smith, Jane", "cc: Jane Smith; Dr. Lee"."""
from __future__ import annotations

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer
from ._names import (
    CREDENTIAL,
    DICOM_PN,
    FAMILY_INITIALS,
    ROMAN_NUMERAL,
    NAME_ANY,
    NAME_LAST_FIRST,
    NAME_TITLE,
    NOT_INITIALS,
    TITLE,
    UPPER_WORD,
    followed_by_eponym_noun,
    last_first,
    name_words,
    is_non_name_word,
    trim_name,
)
from ._tokens import AMBIGUOUS, NAME, UNKNOWN, Token, word_token

_ROLE_NOUN = (
    r"(?:physician|provider|doctor|clinician|md|radiologist|surgeon|practitioner|staff|nurse|np|pa"
    r"|resident|fellow|attending|technologist|tech|name)s?"
)
_ROLE_ADJ = (
    r"(?:referring|ordering|requesting|attending|admitting|consulting|performing|reading|interpreting"
    r"|primary[ \t]+care|primary|treating|covering|on-call|on[ \t]+call|supervising|responsible|authorizing"
    r"|approving|verifying|signing|dictating|transcribing|reporting|rendering|scheduling|family)"
)
# Labels whose value is a person. "name" alone only when it is not "Exam name", "Drug name"...
_LABEL = (
    r"(?i:"
    rf"{_ROLE_ADJ}(?:[ \t]+{_ROLE_NOUN})?"
    r"|patient(?:'s)?(?:[ \t]+(?:full[ \t]+)?name)?|pt(?:[ \t]+name)?|patient[ \t]+/[ \t]+name"
    r"|name[ \t]+of[ \t]+patient"
    r"|(?<!(?:exam|study|procedure|protocol|series|file|drug|device|station|institution|facility|hospital|scanner"
    r"|test|product|user|part|contrast|medication|company|clinic|practice|department|organization|insurance|plan"
    r"|payer|program|site|location|sequence|model|manufacturer)[ \t]{1,3})(?:full[ \t]+|legal[ \t]+|last[ \t]+)?name"
    r"|referred[ \t]+by|requested[ \t]+by|ordered[ \t]+by|technologists?|techs?|technician|sonographers?"
    r"|radiologists?|residents?|fellows?|physicians?|providers?|pcp|cc|bcc|copy[ \t]+to|copies[ \t]+to"
    r"|nurse|rn|scribe|transcriptionist|guarantor|emergency[ \t]+contact|next[ \t]+of[ \t]+kin|nok"
    r"|mother|father|spouse|guardian|contact[ \t]+person|author|signer|verifier|reader|surgeon"
    r"|accompanied[ \t]+by|interpreter|parents?|daughter|son|wife|husband|sister|brother)"
)
_TITLED = rf"(?:{TITLE}[ \t]*)?"
_PATIENT = r"(?:[Pp]atient|PATIENT|[Pp]t\.?|PT)"
_CREDS = rf"(?:[ \t]*,?[ \t]*{CREDENTIAL}(?!\p{{L}}))*"
_SEP = r"(?:[ \t]*(?:;|/|&|\+|,(?=[ \t]*(?:Dr|DR|Mr|Mrs|Ms))|\band\b)[ \t]*)"

_LETTERS = regex.compile(r"\p{L}+")

# First words of the labels, for anchoring.
_LABEL_FIRST = Anchor(
    words="referring ordering requesting attending admitting consulting performing reading interpreting primary"
    " treating covering on-call on supervising responsible authorizing approving verifying signing dictating"
    " transcribing reporting rendering scheduling family patient patient's pt name full legal last referred"
    " requested ordered technologist technologists tech techs technician sonographer sonographers radiologist"
    " radiologists resident residents fellow fellows physician physicians provider providers pcp cc bcc copy"
    " copies nurse rn scribe transcriptionist guarantor emergency next nok mother father spouse guardian"
    " contact author signer verifier reader surgeon accompanied interpreter parent parents daughter son"
    " wife husband sister brother"
)


class HeaderPersonRecognizer(SpanPatternRecognizer):
    """Finds names in "Label: value" header and cc lines, in any order or case.

    Report headers carry the patient, referrer, reader and technologist in fixed slots; the label
    makes even an untitled "SMITH, JANE Q" unambiguous. Several names may follow one label.
    """

    ENTITY = "PERSON"
    PATTERNS = (
        (
            "labelled_name",
            rf"(?<![\p{{L}}\d]){_LABEL}[ \t]*(?:[:#=]|-{{1,2}}|\|)[ \t]*{_TITLED}(?P<phi>{NAME_ANY}){_CREDS}"
            rf"(?:{_SEP}{_TITLED}(?P<phi>{NAME_ANY}){_CREDS})*",
            0.8,
            _LABEL_FIRST,
        ),
        # "name KING, ZION", "Referring HALVARD STRAND, MD": a label without a colon, then a name in a name's shape
        # ("FAMILY, GIVEN", or a full name with its credential).
        ("label_space_name", rf"(?<![\p{{L}}\d]){_LABEL}[ \t]+{_TITLED}(?P<phi>{NAME_LAST_FIRST}|{NAME_ANY}"
                             rf"(?=[ \t]*,?[ \t]*{CREDENTIAL}(?!\p{{L}})))", 0.6, _LABEL_FIRST),
        # "Patient Amanda L. Roberson, age 79": a full name right after "patient" without a colon.
        ("patient_full_name", rf"(?<![\p{{L}}]){_PATIENT}[ \t]+(?P<phi>{NAME_TITLE})", 0.6,
         Anchor(words="patient pt", capital_next=True)),
        # "Questions about this report: HERNANDEZ, DAVID G at ...", "...: Wells HE at": an ALL-CAPS
        # "FAMILY, GIVEN" or "Family XY" after any label is a name (clinical words are vetoed).
        ("colon_name_shape", rf":[ \t]*(?P<phi>{last_first(UPPER_WORD)}|{FAMILY_INITIALS})"
                             r"(?=[ \t]*(?:$|[|,;(]|at\b|on\b|[ \t]{2}))", 0.6,
         # Only colons followed by a capital can start such a name (any letter but ASCII lower case).
         Anchor(r":[ \t]*[^\W\d_a-z]", case_sensitive=True)),
        # "IR: Booth Young.  Pulm: Cooper Fox.": the clinician a service sent, a pair of name-shaped words alone after
        # the service's label; the same labels head a system's findings ("Neuro: Alert Oriented"), so `refine` keeps
        # only pairs of names or words no list holds.
        ("service_name_pair", rf"(?<![\p{{L}}\d])(?i:ir|pulm|cards|neuro)[ \t]*:[ \t]*{_TITLED}"
                              r"(?P<phi>\p{Lu}\p{Ll}+[ \t]+\p{Lu}\p{Ll}+)(?=[ \t]*(?:$|[.;,|(]|[ \t]{2}))", 0.6,
         Anchor(words="ir pulm cards neuro")),
        # A DICOM person name pasted into text ("SMITH^JANE^Q") is a name wherever it appears.
        ("dicom_person_name", rf"(?<![\w^])(?P<phi>{DICOM_PN})(?![\w^])", 0.75,
         Anchor(r"\^", at="near", before=40, after=60, case_sensitive=True)),
        # Technologist or transcriptionist initials: "Tech: JS", and the "JS/mk" dictation marker.
        # "transcribed AB 10/05/2023": the transcriptionist's initials after the verb, without "by".
        ("labelled_initials", r"(?i:tech(?:nologist)?|transcriptionist|initials|trans|dict)[ \t]*[:#][ \t]*"
                              r"(?P<phi>\p{Lu}{2,3})(?![\p{L}\d])"
                              r"|(?i:transcribed|dictated|typed)[ \t]+(?P<phi>\p{Lu}{2,3})(?![\p{L}\d])"
                              # "prelim by LH; final by ...": the reader of a read by initials.
                              r"|(?i:prelim|preliminary|read|final|reviewed|interpreted)[ \t]+by[ \t]+"
                              r"(?P<phi>\p{Lu}{2,3})(?=[ \t]*(?:[;,.)]|$))", 0.6,
         Anchor(words="tech technologist transcriptionist initials trans dict transcribed dictated typed prelim"
                      " preliminary read final reviewed interpreted")),
        ("dictation_initials", r"^[ \t]*(?P<phi>\p{Lu}{2,4}/\p{Ll}{2,4})[ \t]*$", 0.5),
        # "S. Abdi/ts" closing a report: the reader's name, then the transcriptionist's initials.
        ("signature_initials", r"(?<=\p{Lu}\p{Ll}+)/(?P<phi>\p{Ll}{2,3}|\p{Lu}{2,3})[ \t]*$", 0.5,
         Anchor(r"/[A-Za-z]{2,3}[ \t]*$", case_sensitive=True)),
    )
    CONTEXT = ("patient", "name", "referring", "ordering", "attending", "technologist", "radiologist", "cc")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """Drop clinical words that a loose header value may carry ("CT CHEST")."""
        if pattern == "service_name_pair":
            words = [word_token(text, m.start(), m.end()) for m in _LETTERS.finditer(text, start, end)]
            return (start, end) if all(_name_shaped(t) for t in words) else None
        if pattern in ("labelled_initials", "signature_initials") and NOT_INITIALS.fullmatch(text[start:end].upper()):
            return None  # "dictated ON", "Chest/ap": words and views, not initials
        if pattern not in ("labelled_name", "dicom_person_name", "patient_full_name", "colon_name_shape",
                           "label_space_name"):
            return start, end
        strict = pattern in ("patient_full_name", "colon_name_shape")
        if pattern == "colon_name_shape" and "," not in text[start:end]:
            if ROMAN_NUMERAL.fullmatch(text[start:end].rpartition(" ")[2]):
                return None
        span = trim_name(text, start, end, strict=strict)
        if (pattern in ("patient_full_name", "label_space_name") and span is not None
                and name_words(text[span[0]:span[1]]) < 2):
            return None
        if span is None or followed_by_eponym_noun(text, span[1]):
            return None
        return span


def _name_shaped(token: Token) -> bool:
    """Whether a word can be part of a name after a service's label: a Census name or a word no list holds."""
    return token.kind in (NAME, AMBIGUOUS, UNKNOWN) and not token.clinical and not is_non_name_word(token.word.lower())
