"""Word tokens of a report classified against the gazetteers, shared by the gazetteer recognizers.

Each word is one of: a name (a Census name that is not English vocabulary), ambiguous (a Census
name that is also an English word: Young, Price), unknown (neither English nor clinical nor in any
list: Okonkwo, Raghunathan, the "not a safe word" class of Philter and NLM Scrubber), an initial,
or vocabulary (English, clinical or report language). Case is judged per line: on a line written
all in capitals (or a report all in lower case) capitalisation says nothing, so only the lists do.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import NamedTuple

import regex

from ..allow_list import load_allow_list, named_as_person
from ._gazetteer import device_makers, drug_names, given_names, is_english, misspells_english, surnames
from ._names import NOT_INITIALS, is_non_name_word
from ._places import STATE_NAMES

NAME, AMBIGUOUS, UNKNOWN, INITIAL, VOCABULARY = "name", "ambiguous", "unknown", "initial", "vocabulary"
# Ward and bedside shorthand that no dictionary lists ("aline", "mech vent", "PERRLA").
SHORTHAND = frozenset(
    "aline endo mech perl perrl perrla trach vent peep cpap bipap cvp abg vbg ngt ogt picc tele dispo"
    " lytes neuro resp cardio gtt prn pts grav pmicu csru tsicu cvicu gu brady tachy hx sx dx tx rx fx px"
    " bx sylvian med meds rec hosp ref req acct enc adm dept vanco levo neo dopa dobut nitro levoquin"
    # Emergency ward, rhythms, ventilator modes and line or limb sites ("returned to NSR", "sent from TLC").
    " ew nsr svt afib imv simv psv tlc rle lle rue lue cv"
    # Minute volume, inhalers, insulin, culture shorthand ("Ve", "MDI's", "8u lente", "C. DIFF").
    " pearla ve mdi lente gluc dopp tyl diff oob hct".split()
)
# Bedside shorthand that is also a given name or a surname: shorthand unless written in Title case ("PERLA",
# "perla" are the pupils; "LIMA to LAD" a graft; "SWAN GANZ" a catheter; "LE's", "le's" the lower extremities;
# "Perla Sandoval", "Dr. Le" persons).
SHORTHAND_NAMES = frozenset("perla lima rima ganz cheyne marg abi le".split())
# Capitalised words that are no one's name: peoples, languages, faiths, holidays ("American College", "Spanish").
COMMON_PROPER = frozenset(
    """american african asian caucasian hispanic latino latina european spanish english french german italian
    chinese japanese korean vietnamese russian polish portuguese haitian creole arabic indian mexican cuban
    jewish catholic christian muslim hindu buddhist christmas thanksgiving easter god lord
    europe america africa asia
    iranian persian farsi dari pashto afghan iraqi syrian lebanese egyptian somali ethiopian eritrean amharic
    tigrinya swahili nigerian ghanaian kenyan brazilian colombian guatemalan salvadoran honduran peruvian
    dominican jamaican ukrainian bosnian albanian armenian turkish greek urdu hindi punjabi bengali gujarati
    tamil nepali burmese laotian hmong cambodian khmer filipino cantonese mandarin""".split())
# Given names that are also auxiliary verbs ("wife will make", "WILL BE IN LATER").
AUXILIARIES = frozenset("will may can must did".split())
_TITLE_BEFORE = regex.compile(r"(?i:\b(?:drs?|mr|mrs|ms|miss|prof)\.?[ \t]+)$")
# A label whose slot only a name fills, and labels that usually precede a person's name.
_NAME_LABEL_BEFORE = regex.compile(r"(?i:\b(?:patient(?:'s)?[ \t]+)?name[ \t]*:[ \t]*)$")
_CREDENTIAL_AFTER = regex.compile(r",?[ \t]+(?:MD|M\.D\.|DO|RN|NP|PA-C|CNM|CRNA|PhD|PHD)(?![\p{L}-])")
_PERSON_LABEL_BEFORE = regex.compile(
    r"(?i:\b(?:patient|pt|ref|referring|ordering|attending|requesting|referred[ \t]+by|cc)[ \t]*[:#]?[ \t]*)$")
# Care units by their acronyms: NSICU, CVICU, PCU, CCU ("seen by NSICU team").
_CARE_UNIT = regex.compile(r"[a-z]{0,3}icu|[a-z]{1,2}cu")
_INITIAL_FIRST = regex.compile(r"\p{Lu}\.[ \t]?\p{Lu}\p{L}")
_LOWER_INITIAL_FIRST = regex.compile(r"\p{Ll}\.[ \t]?\p{Ll}{2}")
# Letters glued to digits ("Q24h", "MgSO4", "x2") are codes and doses, not words.
_WORD = regex.compile(r"(?<![\p{L}\d'’])\p{L}[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)*(?![\p{L}\d])")
# The same words on ASCII text, where letters are A-Z and a-z: the standard engine finds them in two thirds of the time.
_ASCII_WORD = re.compile(r"(?<![A-Za-z0-9'])[A-Za-z][A-Za-z']*(?:-[A-Za-z][A-Za-z']*)*(?![A-Za-z0-9])")


class Token(NamedTuple):
    """One word: where it is, how it is written, what the lists say about it."""

    start: int
    end: int
    word: str
    kind: str
    capitalised: bool  # Title case on a mixed-case line, so capitalisation means something
    upper: bool  # written in capitals on a mixed-case line ("Patient BRENNAN, AISLING")
    one_case: bool  # its line (or the whole text) is written in one case
    given: bool  # a Census given name (even if also English)
    clinical: bool  # a drug or an eponym on the allow-list (Foley, Hickman): a name only where a name is cued


@lru_cache(maxsize=8)
def tokens(text: str) -> tuple[Token, ...]:
    """The classified words of `text` (cached: both gazetteer recognizers read the same report)."""
    lower_report = not _has_upper(text)
    out: list[Token] = []
    line_end, one_case = -1, False
    # Tuples built directly, a span joined to the word's cached fields: a report has hundreds of words.
    append, new_token = out.append, tuple.__new__
    # One pass over the whole text: a word never holds a line break, and a line break satisfies the pattern's
    # look-arounds as a line's edge does. The GIL stays held (a `regex` iterator lets go of it at every word).
    for m in _ASCII_WORD.finditer(text) if text.isascii() else _WORD.finditer(text, concurrent=False):
        span = m.span()
        if span[0] > line_end:
            start = span[0]
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", start)
            line_end = len(text) if line_end < 0 else line_end
            segment = text[line_start:line_end]
            one_case = lower_report or not _has_lower(segment) or not _has_upper(segment)
        append(new_token(Token, span + _word_fields(m.group(), one_case)))
    return tuple(out)


def word_token(text: str, start: int, end: int) -> Token:
    """text[start:end] classified as one word of its line, even where `tokens` sees none ("pellworth2")."""
    line_end = text.find("\n", end)
    line = text[text.rfind("\n", 0, start) + 1:line_end if line_end >= 0 else len(text)]
    one_case = not _has_upper(text) or not _has_lower(line) or not _has_upper(line)
    return tuple.__new__(Token, (start, end) + _word_fields(text[start:end], one_case))


def _has_upper(text: str) -> bool:
    """Whether any character is upper case; ASCII text is compared whole instead of character by character."""
    return text != text.lower() if text.isascii() else any(ch.isupper() for ch in text)


def _has_lower(text: str) -> bool:
    """Whether any character is lower case; ASCII text is compared whole instead of character by character."""
    return text != text.upper() if text.isascii() else any(ch.islower() for ch in text)


@lru_cache(maxsize=1)
def _eponyms() -> frozenset[str]:
    return load_allow_list().single_words()


# A surname's prefix and apostrophe: O'Connell, D'Souza, L'Heureux.
_NAME_PREFIX = regex.compile(r"[odl]['’]\p{L}{3}")


def is_eponym(token: Token) -> bool:
    """Whether a word is a one-word eponym of the allow-list (Paget, Castleman), not a drug or ward shorthand."""
    # Every eponym is classified clinical (no eponym is a COMMON_PROPER word, tested): most words are not, and are
    # answered without lower-casing them.
    return token.clinical and token.word.lower().removesuffix("'s").removesuffix("’s") in _eponyms()


@lru_cache(maxsize=65536)
def _word_fields(word: str, one_case: bool) -> tuple[str, str, bool, bool, bool, bool, bool]:
    """A Token's fields after its span: the word and its class (cached, reports repeat their words)."""
    return (word, *_word_class(word, one_case))


def _word_class(word: str, one_case: bool) -> tuple[str, bool, bool, bool, bool, bool]:
    """(kind, capitalised, upper, one_case, given, clinical) of a word."""
    core = word.lower().removesuffix("'s").removesuffix("’s")
    given = core in given_names()
    upper = not one_case and word.isupper() and len(word) > 1
    capitalised = not one_case and word[0].isupper() and not upper
    clinical = (core in drug_names() or core in _eponyms() or core in SHORTHAND or core in device_makers()
                or _CARE_UNIT.fullmatch(core) is not None
                or core in SHORTHAND_NAMES and not word.istitle() or core.replace("-", "") in SHORTHAND)
    if core in COMMON_PROPER:
        return VOCABULARY, False, upper, one_case, False, False
    # The Census writes O'Connell and D'Souza without their apostrophe (OCONNELL, DSOUZA); "can't" is no CANT.
    census = given or core in surnames() or (_NAME_PREFIX.match(core) is not None
                                             and core.replace("'", "").replace("’", "") in surnames())
    if len(word) == 1 and word.isupper():
        kind = INITIAL
    elif upper and NOT_INITIALS.fullmatch(word):
        kind = VOCABULARY  # an acronym on a mixed-case line (CT, ICU, RLL)
    elif is_non_name_word(core) or len(core) < 2:
        kind = VOCABULARY
    elif clinical:
        kind = AMBIGUOUS if census else VOCABULARY
    elif census:
        kind = AMBIGUOUS if is_english(core) else NAME
    elif "-" in core:
        kind = _hyphenated(core)
    elif is_english(core) or not core.replace("'", "").replace("’", "").isalpha():
        kind = VOCABULARY
    else:
        kind = UNKNOWN
    return kind, capitalised, upper, one_case, given, clinical


def _hyphenated(core: str) -> str:
    """Forman-Lyons is a name if a part is one; a compound of English words (follow-up) is vocabulary."""
    parts = [p for p in core.split("-") if p]
    if any(len(p) < 2 or is_non_name_word(p) or p in drug_names() or p in _eponyms() or p in SHORTHAND for p in parts):
        return VOCABULARY
    if any(p in surnames() and not is_english(p) for p in parts):
        return NAME
    if all(is_english(p) for p in parts):
        # "Brook-Mason": a double family name of English words is as ambiguous as "Painter" alone.
        return AMBIGUOUS if any(p in surnames() for p in parts) else VOCABULARY
    return UNKNOWN


@lru_cache(maxsize=1)
def _states_no_one_is_named() -> frozenset[str]:
    """States named by one word that is no Census given name ("NEBRASKA"; "Virginia" is also a given name)."""
    return frozenset(name.lower() for name in STATE_NAMES if " " not in name) - given_names()


def _inverted_census_pair(text: str, inside: list[Token]) -> bool:
    """Whether the words are "FAMILY, GIVEN": two Census names parted by a comma alone (English words too: HILL,
    COOPER), the order only a name is written in; report and clinical words were vetoed before."""
    return (len(inside) == 2 and text[inside[0].end:inside[1].start].strip() == ","
            and all(t.kind in (NAME, AMBIGUOUS) for t in inside))


@lru_cache(maxsize=8)
def _starts(text: str) -> list[int]:
    return [t.start for t in tokens(text)]


# Person recognizers and their refinements ask about the same span again and again (a titled name that also signs, a
# name before a credential judged while trimming and again as found): each span is judged once per report.
@lru_cache(maxsize=256)
def plausible_name(text: str, start: int, end: int) -> bool:
    """Whether a span a cue-based recognizer calls a name has a word that could be one.

    In capitals (or all lower case) cue words alone ("signed", a credential) pick up phrases of
    ordinary words ("COMPLETE VS", "REPEAT BUN"): there a name needs a Census name, a given name,
    or a word of four letters or more in no list, and no ordinary word. In mixed case a span of
    nothing but vocabulary and acronyms ("Isolated PVC") is no name. After a title anything goes.
    """
    if _TITLE_BEFORE.search(text, max(0, start - 8), start):
        return True
    words = tokens(text)
    first = bisect_left(_starts(text), start)
    inside = []
    for t in words[first:]:
        if t.start >= end:
            break
        if t.end <= end and t.kind != INITIAL and len(t.word) > 1:  # "r. fitzgibbon": a lower-case initial
            inside.append(t)
    if all(len(t.word) <= 2 for t in inside):
        # Initials ("K.M.", "LW", "mk") have nothing to judge them by, unless every one is ward shorthand ("called HO").
        return not inside or not all(t.word.isupper() and NOT_INITIALS.fullmatch(t.word) for t in inside)
    span = text[start:end]
    if any(ch.islower() for ch in span) and any(ch.isupper() for ch in span):
        # A drug or an eponym is a name only where it is written as one ("Referring: Castleman", "Castleman MD").
        cued = named_as_person(text, start, end)
        return any((cued and is_eponym(t) or t.kind != VOCABULARY and not t.clinical) and not t.upper for t in inside)
    # A drug or an eponym says "no name" unless it is an eponym with a given name after its comma ("CASTLEMAN, MARIA").
    given = any(t.given and not t.clinical and t.kind != VOCABULARY and "," in text[start:t.start] for t in inside)
    if any(t.clinical and not (given and is_eponym(t)) or t.word.lower() in COMMON_PROPER
           or t.word.lower() in _states_no_one_is_named() or is_non_name_word(t.word.lower()) for t in inside):
        return False
    if _NAME_LABEL_BEFORE.search(text, max(0, start - 24), start):
        return True  # "Name: WHITE, SNOW": only a name fills that slot
    if _inverted_census_pair(text, inside):
        return True  # "VETERAN: BROWN, MILLS J": a cue's family name, its comma, a given name, both Census names
    if len(inside) == 1 and (inside[0].word.lower() in AUXILIARIES or inside[0].kind == UNKNOWN
                             and misspells_english(inside[0].word.lower())):
        return False  # "SON HAS CALLED AND WILL VISIT", "DROPLET PRECUATIONS": a verb, a slip of the pen
    if len(inside) == 1 and (_INITIAL_FIRST.match(text, start) is not None or (
            _LOWER_INITIAL_FIRST.match(text, start) is not None and inside[0].kind != VOCABULARY)):
        return True  # "Q. LANDER RRT", "t. fisher rrt": an initial and one family name (a Census one in lower case)
    if any(t.kind == VOCABULARY for t in inside) and not _PERSON_LABEL_BEFORE.search(text, max(0, start - 24), start):
        return False
    # After a label that names people ("Patient BRENNAN, AISLING M", "REF HALVARD STRAND") one listed name suffices;
    # before a credential two words English has too will do ("RIVERS, FROST MD").
    return any(t.kind == NAME or t.given or (t.kind == UNKNOWN and len(t.word) >= 4) for t in inside) or (
        len(inside) >= 2 and _CREDENTIAL_AFTER.match(text, end) is not None)
