"""Hospitals, clinics and wards named by a place or a person plus a facility word, or after "to"/"from".

The organization recognizer knows institutions by their heads ("... Medical Center"); notes and
letters name them more loosely: "Tulsa Surgical Group", "Missoula Community", "Whitfield Breast
Center", "from Mercy Regional", "at St. Anselm's", "transfer to Pellingham 5", "U Maryland". A
capitalised run on one line that ends in a facility word is an institution when it also holds a
place, a name or a word in no English list, or when "from", "at" or "to" leads to it; a saint's
name is one by itself, and a state's university by its letter; a name word and a ward number after
"to", "from", "on", "at" or "per" is a ward.
"""
from __future__ import annotations

import re

import regex
from presidio_analyzer import RecognizerResult

from ..words import word_index
from ._base import WordRecognizer
from ._gazetteer import given_names, misspells_english
from ._institutions import GENERIC_WORDS, institution_extent, is_facility_word, names_a_facility
from .gazetteer_place import find_places
from ._names import CREDENTIAL, NOT_INITIALS, is_non_name_word
from ._places import STATE_NAMES_RE
from ._tokens import AMBIGUOUS, AUXILIARIES, NAME, UNKNOWN, VOCABULARY, Token, tokens
from ._vocabulary import looks_clinical

LEADS = frozenset("from at to in through via".split())
TITLES = frozenset("dr drs mr mrs ms miss prof".split())
_JOIN = regex.compile(r"[ \t]{1,2}(?:(?:of|the|and|&)[ \t]{1,2})?")
# Plain `re` on purpose: the text is already folded to unaccented letters, and `re` scans a report far faster.
_SAINT = re.compile(r"\b(?:St\.?[ \t]+(?P<saint>[A-Z][a-z]+)|(?:Saint|ST\.|SAINT)[ \t]+(?P<caps>[A-Z][A-Za-z]+))"
                    r"(?:['’][sS])?")
# The same typed in lower case or capitals without the period ("to st joseph's", "TX TO ST BRENDAN'S"), where "st" is
# also sinus tachycardia ("ST 110S", "st changes"): a saint only by a given name owned or led to (`_cased_saint`).
_CASED_SAINT = re.compile(r"(?i:st\.?|saint)[ \t]+(?P<name>[A-Za-z]{3,})(?P<owned>['’][sS])?(?![\w'’])")
_SAINT_LEAD = re.compile(r"(?:\b(?i:to|from|at)|@)[ \t]+$")
# Hospitals named for a devotion, in any case ("Holy Cross", "sacred heart Memorial", "GOOD SAMARITAN", "Our Lady of
# Mercy").
_DEVOTION = re.compile(r"\b(?i:holy[ \t]+(?:cross|family|name|redeemer|spirit|trinity)|sacred[ \t]+heart"
                       r"|good[ \t]+(?:samaritan|shepherd)|our[ \t]+lady[ \t]+of[ \t]+[a-z]+)\b(?:[ \t]+(?i:memorial|hospital|medical[ \t]+center))?")
# "transfer to pellingham 2", "awaiting bed for Pellingham 4", "TRANSFER PELLWORTH 2", "callout Pellingham 4".
_WARD = re.compile(r"\b(?:[Tt][Oo]|[Ff][Rr][Oo][Mm]|[Oo][Nn]|[Aa][Tt]|[Pp][Ee][Rr]|[Ff][Oo][Rr]"
                   r"|(?i:transfer|callout|c/o))[ \t]+"
                   r"(?P<ward>[A-Za-z]{2,}[ \t]+\d{1,2}[A-Za-z]?)(?![A-Za-z\d/:%]|\.\d)")

# A state university by its letter: "U Maryland scale", "U. of Michigan".
_STATE_UNIVERSITY = re.compile(rf"\bU\.?[ \t]+(?:of[ \t]+)?{STATE_NAMES_RE}")
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")
_LOWER_HEADS = frozenset("hospital clinic rehab hospice".split())
_LEADS_BEFORE = (
    regex.compile(rf"(?<!\p{{L}}){CREDENTIAL}(?:,|[ \t]+[-–]{{1,2}})[ \t]+$"),
    regex.compile(r"(?<![\d/.-])(?:\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|(?:19|20)\d\d)[ \t]*(?:,|\()[ \t]*$"),
    regex.compile(r"(?i:facility|site|institution|hospital|practice|clinic|group|location)[ \t]*:[ \t]*$"),
)


class FacilityRecognizer(WordRecognizer):
    """Finds loosely named institutions and wards."""

    ENTITY = "ORGANIZATION"

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Return one result per institution or ward."""
        words = tokens(text)
        by_start = {t.start: t for t in words}
        spans = _facility_runs(text, words, find_places(text))
        spans += [m.span() for m in _SAINT.finditer(text) if _saint_name(m.group("saint") or m.group("caps"))]
        index = word_index(text)
        saints = (_CASED_SAINT.match(text, start) for word in ("st", "saint") for start, _ in index.get(word, ()))
        spans += [m.span() for m in saints if m is not None and _cased_saint(text, m)]
        spans += [m.span() for m in _DEVOTION.finditer(text)]
        spans += [m.span() for m in _STATE_UNIVERSITY.finditer(text)]
        for match in _WARD.finditer(text):
            token = by_start.get(match.start("ward"))
            if token is not None and _ward_name(token):
                spans.append(match.span("ward"))
        spans = [institution_extent(text, start, end) for start, end in spans]
        return [self.result(start, end) for start, end in spans]


def _joins(gap: str) -> bool:
    """Whether the text between two words keeps them in one name (one space, the usual gap, needs no regex)."""
    return gap == " " or _JOIN.fullmatch(gap) is not None


def _facility_runs(text: str, words: tuple[Token, ...], place_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Capitalised runs ending in a facility word that hold a distinctive word or follow a lead word."""
    if not names_a_facility(word_index(text).keys()):
        return []  # the shared word index answers "any facility word at all?" without a pass over the words
    spans, i = [], 0
    while i < len(words):
        if not _capital(words[i]):
            i += 1
            continue
        j = i
        while j + 1 < len(words) and _in_run(words[j + 1]) and _joins(text[words[j].end:words[j + 1].start]):
            j += 1
        run = words[i:j + 1]
        # The run ends at its last facility word ("Savannah Endocrine 11/3", "Tulsa Surgical Group.").
        ends = [k for k, t in enumerate(run) if _facility(t)]
        if ends and ends[-1] > 0:
            # Ordinary capitalised words after the last facility word still name it ("Lakeside Imaging Scheduling").
            tail = run[ends[-1] + 1:]
            if len(tail) > 2 or any(t.kind != VOCABULARY or t.upper or looks_clinical(t.word.lower()) for t in tail):
                run = run[:ends[-1] + 1]
            head = [t for t in run if not _facility(t)]
            in_place = any(s <= run[0].start < e or run[0].start <= s < run[-1].end for s, e in place_spans)
            strong = (NAME,) if run[0].one_case else (NAME, UNKNOWN)
            distinctive = in_place or any(t.kind in strong and not t.clinical and not t.upper for t in head)
            # "Cedar Valley Oncology": two capitalised words that are neither report nor clinical language name
            # an institution as surely as one word in no list does ("Same Day Surgery" is report language).
            distinctive = distinctive or sum(_plain_english(t) for t in head) >= 2
            # "Tidewater Endocrine Surgery", "Saguaro Dental Specialists": an ordinary word that is no report
            # language opening the run, mid-sentence, makes it a name (at a sentence start it may be prose).
            distinctive = distinctive or (bool(head) and _plain_english(head[0]) and not _sentence_start(text, run[0]))
            if i > 0 and words[i - 1].word.lower() in TITLES:
                i = j + 1
                continue  # "Dr. Lindqvist ENT": a person and a specialty
            line_start = text.rfind("\n", 0, run[0].start)
            led = i > 0 and words[i - 1].word.lower() in LEADS and words[i - 1].end >= line_start
            # A practice after a credential ("Referring: Elisabeth Haugland, MD, Northern Lights Neuroendocrine
            # Program"), a prior study's date ("CT 01/08/2024, Summit Imaging") or a facility label.
            led = led or any(lead.search(text, max(line_start + 1, run[0].start - 24), run[0].start) is not None
                             for lead in _LEADS_BEFORE)
            # A lead word needs a word that says which institution: "from Outside Imaging" names none.
            led = led and not run[0].one_case and any(t.word.lower() not in GENERIC_WORDS for t in head)
            if distinctive or led:
                spans.append((run[0].start, run[-1].end))
        i = j + 1
    return spans


def _saint_name(word: str) -> bool:
    """Whether the word after "St."/"ST." can be a saint's name: "ST. No", "ST. BP", "ST. ABGs" (sinus
    tachycardia, then the next sentence) are report words and acronyms."""
    return not (is_non_name_word(word.lower()) or NOT_INITIALS.fullmatch(word) or len(word) <= 2
                or _ACRONYM_PLURAL.fullmatch(word))


def _cased_saint(text: str, match: re.Match) -> bool:
    """Whether "st" and a given name in one case name a saint's institution: the name is owned ("st joseph's"), a
    moving or placing word leads to it ("TO ST BRENDAN") or a facility word follows it ("st anne hospital")."""
    name = match.group("name")
    if name.lower() not in given_names() or name.lower() in AUXILIARIES or is_non_name_word(name.lower()):
        return False
    following = _NEXT_WORD.match(text, match.end())
    led = _SAINT_LEAD.search(text, max(0, match.start() - 8), match.start()) is not None
    return bool(match.group("owned") or led or following and is_facility_word(following.group(1)))


def _sentence_start(text: str, token: Token) -> bool:
    before = text[:token.start].rstrip(" \t")
    return not before or before[-1] in ".!?\n:"


def _plain_english(token: Token) -> bool:
    word = token.word.lower()
    # English words that are also surnames count too ("Black Mesa High School").
    return (token.capitalised and token.kind in (VOCABULARY, AMBIGUOUS) and not token.clinical
            and word not in GENERIC_WORDS and not is_non_name_word(word))


def _ward_name(token: Token) -> bool:
    # "transfer to Pellingham 5", "ON PELLWORTH 2", never "AC 12", "SBP 80", "Lasix 40".
    if token.clinical:
        return False
    if token.one_case or token.upper:
        # An unknown word in capitals may be a slip of the pen ("TO RECIEVE 1 BAG"), not a ward's name.
        return (token.kind == NAME and len(token.word) >= 4
                or token.kind == UNKNOWN and len(token.word) >= 6 and not misspells_english(token.word.lower()))
    return token.kind in (NAME, UNKNOWN) and token.capitalised


def _in_run(token: Token) -> bool:
    # "admitted to Sinai hospital": a name's head word may be written in lower case.
    return _capital(token) or (not token.one_case and token.word in _LOWER_HEADS)


def _capital(token: Token) -> bool:
    return token.word[0].isupper() and (not token.one_case or _facility(token) or token.kind in (NAME, UNKNOWN))


def _facility(token: Token) -> bool:
    return is_facility_word(token.word)
