"""Where a patient was sent, came from or lives, when the notes name it by a word no list holds.

A hospital's own notes name it and its wards by local abbreviations and names ("transferred to GH",
"admit to pellworth 2", "TAKEN TO PELLWORTH7", "followed at gh"), and a home by a town too small
for the gazetteer ("lives in Glenbrook"). After a verb of moving or living and its preposition, the
next word is an institution, a ward or a place when it is in no English, clinical or care-unit list:
an acronym that names no kind of unit (ICU, PCU, EW and ward shorthand are left alone), a Census or
unknown word, or either with a ward number. An unlisted acronym before an emergency ward ("GH EW")
names the hospital too, and so does one shaped as a hospital's (…H, …MC) after "at" or "seen by" ("seen by
WVMC"); a describing word in Title case before "Hospital" after a moving verb is its name ("to County Hospital").
"""
from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult

from ..words import word_index
from ._base import WordRecognizer
from ._gazetteer import misspells_english
from ._institutions import GENERIC_WORDS, MOVING_CUE, UNIT_ACRONYM, is_facility_word
from ._names import MONTH_NAMES, NOT_INITIALS, is_non_name_word
from ._tokens import AMBIGUOUS, NAME, UNKNOWN, VOCABULARY, Token, word_token
from .field_value import generic_places

# Plain `re`: the text is folded to unaccented letters already, and `re` scans a report fast.
_CUE = re.compile(
    rf"{MOVING_CUE}|\b(?:followed|seen|treated|cathed|hospitalized)[ \t]+at[ \t]+(?:the[ \t]+)?(?=[A-Za-z])"
    r"|\b(?:lives|living|resides|residing|shelter|vacation|vacationing)[ \t]+(?:(?:nearby|alone|locally|now|currently)"
    r"[ \t]+|with[ \t]+(?:[A-Za-z'-]+[ \t]+){1,4})?(?:in|on)[ \t]+(?:the[ \t]+)?(?=[A-Z])"
    # A town a scene or a home is near ("rollover near Corrigaux", "ranch near Tarrowind").
    r"|\bnear[ \t]+(?=(?-i:[A-Z][a-z]))"
    # Where a home, a job or a doctor is ("home in Corrigaux", "works in Tarrowind", "PCP in Zorvathe"); not where a
    # family, a birth or a trip was, which is as often a country, no PHI.
    r"|\b(?:home|work|works|worked|working|job|employed|pcp|farm|farmer|ranch|rancher)[ \t]+in[ \t]+(?=[A-Z])"
    # Where a study or a visit took place ("prior MRI in Corrigaux", "was seen in Tarrowind last week") and where a
    # traveller came from or went ("flight from Zorvathe", "tourist from Pellmore", "trip to Ardovan").
    r"|\b(?:seen|treated|evaluated|imaged|scanned|performed|done|obtained|planned|scheduled|mri|ct|xr|us|pet"
    r"|surgery|biopsy)[ \t]+in[ \t]+(?=[A-Z])"
    r"|\b(?:flight|flights|flew|trip|travel|travels|traveled|travelled|traveling|travelling|tourist|visitor|visiting"
    r"|immigrated|emigrated|immigrant|refugee)[ \t]+(?:from|to)[ \t]+(?=[A-Z])",
    re.IGNORECASE)
# The place: one word, a ward number glued or spaced after it ("pellworth2", "Pellingham 5"), never a date
# or a time ("GH 7/23", "OR at 10:30"); or a word and a facility word ("LAUREL REGIONAL", "UNION HOSP").
_PLACE = re.compile(r"(?P<word>[A-Za-z]+)(?:(?P<ward>[ \t]?\d{1,2}[A-Za-z]?)|[ \t]+(?P<head>[A-Za-z]+))?"
                    r"(?![A-Za-z\d/:']|\.\d)")
# The cues' first words, for anchoring on the shared word index (the cue is tried only where one stands).
_CUE_WORDS = frozenset(
    """near transfer transferred transfered trans xfer xfered xferred tx txd tx'd admit admitted adm sent referred came
    brought arrived taken presented medflight medflighted flown returned discharged d/c'd d/cd went going go come
    comes coming arrival en enroute followed seen treated cathed hospitalized lives living resides residing shelter
    vacation vacationing dc'd dcd dc d/c discharge discharging transferring transfering readmitted
    re-admitted transport transported transporting airlift airlifted life lifeflight lifeflighted moved diverted
    evacuated home work works worked working job employed pcp farm farmer ranch rancher evaluated imaged scanned
    performed done obtained planned scheduled mri ct xr us pet surgery biopsy flight flights flew trip travel travels
    traveled travelled traveling travelling tourist visitor visiting immigrated emigrated immigrant refugee""".split())
# Who saw, worked up or treated a patient, and where: after "at", or one of these verbs and "by", an unlisted
# acronym shaped as hospitals name themselves (ending in H for hospital or MC for medical center) is one ("seen by
# WVMC", "the renal team at LRH"); other acronyms there are times, settings and services ("at MN", "at KVO", "by EMS").
_BY_VERB = re.compile(r"\b(?:seen|evaluated|eval'?d|w/u|worked[ \t]+up|followed|managed|treated|screened|accepted"
                      r"|consulted)[ \t]+$", re.IGNORECASE)
_ACRONYM_AFTER = re.compile(r"[ \t]+(?:the[ \t]+)?(?P<word>[A-Za-z]{2,5})(?![A-Za-z\d/:'&-]|\.\d)")
# Heads that one or two words in no list before them name, in any case ("lukigon sutrourk hospital", "GRUSAI HOUSE",
# "Brellwood rehab"): where capitals say nothing only the words' absence from every list marks the name.
_NAMED_HEADS = frozenset("hospital hosp rehab house manor memorial".split())
_TWO_WORDS_BEFORE = re.compile(r"(?:(?<![A-Za-z'-])([A-Za-z]+)[ \t])?(?<![A-Za-z'-])([A-Za-z]+)[ \t]$")
# A long word in capitals after "at" or "from" ("DSA at BRELLWOOD", "records from KESTONBURY requested").
_SHOUTED = re.compile(r"[A-Z]{6,}(?![A-Za-z\d/:'&-]|\.\d)")
# The word after it: a criterion, a trial or a scale it names is no place ("PIOPED criteria", "NASCET trial").
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")
# "found unresponsive -> GH EW", "admitted to GH ER": a hospital's acronym before its emergency ward.
_EMERGENCY_WARDS = ("ew", "er")
_WORD_BEFORE = re.compile(r"(?<![A-Za-z])(?P<word>[A-Za-z]{2,5})[ \t]+$")
# What a hospital owns: a unit or a service after its acronym makes it the hospital's ("KVH MICU", "PER KVH POLICY", "KVH
# page operator"); clinical acronyms shaped alike (LVH, IVH, SDH) are not followed by these, as they are by "admission"
# or "protocol".
_HOSPITAL_FOLLOWERS = frozenset(
    "icu micu sicu ccu csru cvicu tsicu nsicu pacu ed policy policies pharmacy security operator".split())
# Words that describe a hospital but, in Title case before "Hospital" after a moving verb, are its name ("sent to
# County Hospital", "transferred from Community Hospital"); "outside", "other" or "referring" never are.
_NAMING_DESCRIPTIONS = frozenset("memorial general community regional county university city mercy".split())
_HOSPITAL_HEADS = frozenset("hospital hosp infirmary".split())
# Between the places of a list: a comma, "and", "or" or "&", then a capital.
_LIST_JOINT = re.compile(r"(?:[ \t]*,[ \t]*(?:(?:and|or)[ \t]+)?|[ \t]+(?:and|or|&)[ \t]+)(?=[A-Z])")
# After "at" or "from" alone (no moving verb) only a hospital's or a rehabilitation centre's head makes the word before
# it a name.
_AT_HEADS = _HOSPITAL_HEADS | {"rehab"}
_AT_LEAD = re.compile(r"[ \t]*(?:(?i:the)[ \t]+)?(?=[A-Za-z])")
# What a number after a moving verb counts when it names no ward ("transferred to Level 2 care", "to Line 3").
_COUNTED = frozenset("level round class line pump zone area door gate grade stage phase".split())
# Rhythms and ventilator modes a patient "returned to" ("returned to SR", "returned to AC"), which no
# dictionary lists as words.
_RHYTHMS_AND_MODES = frozenset("sr sb st af afl vt vf ac prvc cmv aprv hfov rsr pc vc".split())


class WhereaboutsRecognizer(WordRecognizer):
    """Finds the institution, ward or town a patient moved to or from or lives in, named by a word in no list."""

    ENTITY = "ORGANIZATION"

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Return one result per unlisted institution, ward or town after a moving or living verb."""
        results = []
        index = word_index(text)
        starts = sorted(start for word in _CUE_WORDS & index.keys() for start, _ in index[word])
        for cue in filter(None, (_CUE.match(text, start) for start in starts)):
            if cue.group("into") and cue.group().split()[0].lower() not in ("came", "brought"):
                continue  # "went into AFIB": into leads to a place only after coming or bringing
            match = _PLACE.match(text, cue.end())
            if match is None:
                continue
            token = word_token(text, match.start(), match.end("word"))
            if match.group("head") and is_facility_word(match.group("head")):
                if _names_an_institution(token, match.group("head")):
                    results.append(self.result(match.start(), match.end()))
            elif _names_a_place(token, ward=match.group("ward") is not None):
                results.append(self.result(match.start(), match.end("ward") if match.group("ward") else match.end("word")))
                results += [self.result(*span) for span in _listed_after(text, match.end("word"))]
        for start in _at_places(text, index):
            match = _PLACE.match(text, start)
            if match is not None and match.group("head") and _named_hospital(text, match):
                results.append(self.result(match.start(), match.end()))
        for start, end in sorted(index.get("at", []) + index.get("by", [])):
            if text[start:end].lower() == "by" and not _BY_VERB.search(text, max(0, start - 16), start):
                continue
            match = _ACRONYM_AFTER.match(text, end)
            if match is not None and _hospital_acronym(word_token(text, match.start("word"), match.end("word"))):
                results.append(self.result(match.start("word"), match.end("word")))
        for start in _at_places(text, index):
            match = _SHOUTED.match(text, start)
            if match is not None and _shouted_name(word_token(text, match.start(), match.end())) and not (
                    (after := _NEXT_WORD.match(text, match.end())) and is_non_name_word(after.group(1).lower())):
                results.append(self.result(match.start(), match.end()))
        for head in _NAMED_HEADS & index.keys():
            for start, _ in index[head]:
                named = _unlisted_name_before(text, start)
                if named is not None:
                    results.append(self.result(named, start + len(head)))
        for ward in _EMERGENCY_WARDS:
            for start, end in index.get(ward, ()):
                match = _WORD_BEFORE.search(text, max(0, start - 8), start)
                if match is None or not text[start:end].isupper() and not text[start:end].islower():
                    continue
                token = word_token(text, match.start(), match.end("word"))
                if _acronym(token) and _names_a_place(token, ward=False):
                    results.append(self.result(match.start(), match.end("word")))
        for follower in _HOSPITAL_FOLLOWERS & index.keys():
            for start, _ in index[follower]:
                match = _WORD_BEFORE.search(text, max(0, start - 8), start)
                if match is not None and _hospital_acronym(word_token(text, match.start("word"), match.end("word"))):
                    results.append(self.result(match.start("word"), match.end("word")))
        return results


def _listed_after(text: str, end: int) -> list[tuple[int, int]]:
    """The further places of a list after the first ("came from Tuvalu, Moorea and Nadi", "from Tarbes or Pau")."""
    spans = []
    while (joint := _LIST_JOINT.match(text, end)) and (match := _PLACE.match(text, joint.end())):
        token = word_token(text, match.start(), match.end("word"))
        if match.group("ward") or not token.capitalised or token.upper or not _names_a_place(token, ward=False):
            break
        spans.append((match.start(), match.end("word")))
        end = match.end("word")
    return spans


def _at_places(text: str, index) -> list[int]:
    """Where the words after "at", "@" or "from" begin (past a "the"): where a patient is, was or came from."""
    leads = [end for _, end in index.get("at", []) + index.get("from", [])]
    leads += [i + 1 for i, ch in enumerate(text) if ch == "@"] if "@" in text else []
    return [m.end() for m in filter(None, (_AT_LEAD.match(text, end) for end in leads))]


def _named_hospital(text: str, match: re.Match) -> bool:
    """Whether a word and a hospital's head after "at" or "from" name one hospital in any case ("at ashby hospital",
    "@ ELMORE HOSP", "from frederick rehab"); a word that only describes one ("at outside hospital", "from another
    hospital") does not."""
    if match.group("head").lower() not in _AT_HEADS:
        return False
    token = word_token(text, match.start(), match.end("word"))
    # A short word in no list is shorthand ("prev" for previous), a Census name or a longer unknown word a name.
    listed = token.kind in (NAME, AMBIGUOUS) or token.kind == UNKNOWN and len(token.word) >= 5
    return listed and not (_kind_of_place(token) or is_non_name_word(token.word.lower()))


def _names_a_place(token: Token, ward: bool) -> bool:
    """Whether the word after a moving verb names one institution, ward or town rather than a kind of unit."""
    word = token.word
    # A unit's acronym is written in capitals or one case ("NICU", "picu"); "Hanau" or "Oahu" in Title case is a town.
    unit = UNIT_ACRONYM.fullmatch(word) and (token.upper or token.one_case)
    if _kind_of_place(token) or unit or word.lower() in _RHYTHMS_AND_MODES or word.lower() in MONTH_NAMES:
        return False
    if ward:
        # "pellworth 2"; "SNOW 2" too, a Census name English has, though not the thing a number counts ("Level 2").
        return (token.kind in (NAME, UNKNOWN) or token.kind == AMBIGUOUS and not is_non_name_word(word.lower())
                and word.lower() not in _COUNTED) and (len(word) >= 4 or _acronym(token))
    if _acronym(token) and not token.one_case:
        return token.kind != VOCABULARY  # "GH", "GBMC": an acronym no list holds
    if token.one_case:
        # In one case nothing marks a proper noun: a Census name, or an unknown word of some length or an acronym's.
        return token.kind == NAME or (token.kind == UNKNOWN and (len(word) >= 5 or len(word) <= 3))
    # In capitals on a mixed-case line a word is shouted as a name is ("transfer to BRELLWOOD arranged").
    return (token.capitalised or token.upper) and token.kind in (NAME, UNKNOWN, AMBIGUOUS)


def _hospital_acronym(token: Token) -> bool:
    """Whether a word after "at" or "seen by" is a hospital's acronym in capitals that no list holds ("WVMC", "LRH")."""
    return (token.word.isupper() and _acronym(token) and token.word.endswith(("H", "MC")) and token.kind == UNKNOWN
            and not _kind_of_place(token) and not UNIT_ACRONYM.fullmatch(token.word))


def _unlisted_name_before(text: str, head: int) -> int | None:
    """Where the one or two words of five letters or more in no list right before a facility's head start, if any."""
    match = _TWO_WORDS_BEFORE.search(text, max(0, head - 40), head)
    if match is None:
        return None
    start = None
    for group in (2, 1):
        if match.group(group) is None:
            break
        token = word_token(text, match.start(group), match.end(group))
        # Shorter words in no list are shorthand ("prev rehab", "oth hosp").
        if not (token.kind == UNKNOWN and len(token.word) >= 5 and not token.clinical and not _kind_of_place(token)
                and not misspells_english(token.word.lower())):
            break
        start = match.start(group)
    return start


def _shouted_name(token: Token) -> bool:
    """Whether a long word in capitals on a mixed-case line is a name no list holds, as a shouted place is; in a
    line or a report all in capitals it is only emphasis."""
    return token.upper and token.kind in (NAME, UNKNOWN) and not _kind_of_place(token)


def _names_an_institution(token: Token, head: str) -> bool:
    """Whether the word before a facility word after a moving verb says which institution ("BRAMBLE REGIONAL", "to
    County Hospital": a word that only describes a hospital names one when written in Title case before it)."""
    if token.capitalised and token.word.lower() in _NAMING_DESCRIPTIONS and head.lower() in _HOSPITAL_HEADS:
        return True
    return not (_kind_of_place(token) or is_non_name_word(token.word.lower()))


def _kind_of_place(token: Token) -> bool:
    """Whether a word names a kind of place or unit, or is clinical or bedside shorthand, never one place."""
    lower = token.word.lower()
    return bool(token.clinical or lower in generic_places() or lower in GENERIC_WORDS or is_facility_word(lower)
                or NOT_INITIALS.fullmatch(token.word.upper()))


def _acronym(token: Token) -> bool:
    return 2 <= len(token.word) <= 5 and (token.word.isupper() or token.one_case and len(token.word) <= 3)
