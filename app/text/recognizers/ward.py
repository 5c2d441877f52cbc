"""Hospital wards and units that locate a patient: "4 West", "3 NORTH", "7 Tower", "6EAST", "Pavilion C"."""
from __future__ import annotations

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer
from ._institutions import GENERIC_WORDS, is_facility_word
from ._names import is_non_name_word
from ._tokens import AMBIGUOUS, NAME, UNKNOWN, Token, word_token
from ._vocabulary import looks_clinical

_SIDE = r"(?:North|South|East|West|Tower|Wing|NORTH|SOUTH|EAST|WEST|TOWER|WING)"
_BUILDING = r"(?:Pavilion|Tower|Wing|Building|Bldg|PAVILION|TOWER|WING|BUILDING|BLDG)"
_CARE_UNITS = "ICU|MICU|SICU|CCU|CSRU|CVICU|TSICU|NSICU|CTICU|NICU|PICU"


# The care unit a floor's ward may take ("4 North ICU", "5 West Step-Down").
_CARE_UNIT = r"(?:ICU|Intensive[ \t]+Care(?:[ \t]+Unit)?|Step[ -]?[Dd]own(?:[ \t]+Unit)?|HDU|IMCU)"


class WardRecognizer(SpanPatternRecognizer):
    """Finds a floor number with a side or tower ("5 South"), a lettered building ("Pavilion C"), a numbered
    care unit ("MICU 3") and a unit's pod ("PICU Pod 4").

    Unit types (ICU, ED, and the kinds a speciality names: "Neuro ICU", "Burn ICU", "Cardiac Step-Down Unit") exist in
    every hospital and identify nobody's, so they stay as clinical context, as the PhysioNet notes' gold leaves them;
    rooms, bays and beds are not an institution's wards either: a bed's or room's own code after its label ("NICU bed
    C-11", "rm 7W-714") places the patient and is taken as an identifier (`identifier.py`), not here.
    """

    ENTITY = "ORGANIZATION"
    PATTERNS = (
        # "4 North", "4 North ICU": the care unit on that floor goes with it.
        ("floor_side", rf"(?<![\w/.,:-])\d{{1,2}}[ \t-]?{_SIDE}(?:[ \t]+{_CARE_UNIT})?(?![\w-])", 0.6,
         Anchor(words="north south east west tower wing", at="near", before=4, after=0,
                regex=r"\d(?:north|south|east|west|tower|wing)\b")),
        ("building_letter", rf"(?<![\w-]){_BUILDING}[ \t]+[A-Z](?![\w-])", 0.6,
         Anchor(words="pavilion tower wing building bldg", at="start")),
        # "Ward 7B", "ward: 12", "Nightingale Ward": a numbered or named ward (never "the surgical ward"); "WARD 3" in
        # a note written in capitals is left, as the notes' gold leaves it.
        ("numbered_ward", r"(?<![\w-])(?:Ward|ward)[ \t]*:?[ \t]*\d{1,2}[A-Za-z]?(?![\w-]|[.,/]\d)", 0.6,
         Anchor(words="ward", at="start")),
        # "MICU 2", "CCU 4B": a numbered care unit is one ward of one hospital (never "ICU 2 days", a stay).
        ("numbered_unit", r"(?<![\w-])[A-Z]{0,3}(?:ICU|CCU|PCU|HDU)[ \t]+\d{1,2}[A-Z]?(?![\w.:/-])"
                          r"(?![ \t]*(?i:days?|weeks?|hours?|hrs?|times?|beds?|patients?|admissions?|%))", 0.6,
         Anchor(r"(?:icu|ccu|pcu|hdu) [0-9]", at="near", before=4, after=24)),
        ("unit_pod", r"(?<![\w-])[A-Z]{2,5}[ \t]+(?:Pod|POD)[ \t]+[A-Z0-9]{1,2}(?![\w-])", 0.6,
         Anchor(words="pod", at="near", before=8, after=8)),
        ("named_ward", r"(?<![\w-])(?P<name>\p{Lu}\p{Ll}+(?:[ \t]\p{Lu}\p{Ll}+)?)[ \t]+(?:Ward|WARD)(?![\w-])", 0.6,
         Anchor(words="ward", at="near", before=40, after=0)),
        # "transferred to Pellworth MICU", "BREYER SICU TEAM": a building's or a donor's name before an intensive care
        # unit's acronym says which hospital's unit it is ("Medical ICU", "NEURO ICU" say only what kind).
        ("named_unit", rf"(?<![\w-])(?P<phi>\p{{Lu}}[\p{{L}}'’]+)[ \t]+(?:{_CARE_UNITS})(?![\w-])", 0.6,
         Anchor(words=_CARE_UNITS.replace("|", " ").lower(), at="near", before=30, after=0)),
    )

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """A named ward's name must say which ward ("Maternity Ward" and "The Ward" are any hospital's)."""
        if pattern == "named_unit":
            return (start, end) if _unit_name(word_token(text, start, end)) else None
        if pattern != "named_ward":
            return start, end
        words = match.group("name").lower().split()
        if all(word in GENERIC_WORDS or is_non_name_word(word) or is_facility_word(word) or looks_clinical(word)
               for word in words):
            return None
        return start, end


def _unit_name(token: Token) -> bool:
    """Whether the word before a care unit's acronym names one hospital's unit: a Census name (an English one only in
    Title case: "Breyer CCU"), or a word in no list (of five letters or more where capitals say nothing), never report
    or clinical language."""
    word = token.word.lower()
    if (token.clinical or word in GENERIC_WORDS or is_facility_word(word) or is_non_name_word(word)
            or looks_clinical(word)):
        return False
    return (token.kind == NAME or token.kind == AMBIGUOUS and token.capitalised
            or token.kind == UNKNOWN and len(word) >= (5 if token.one_case or token.upper else 4))
