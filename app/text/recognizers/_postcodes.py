"""Postcodes next to their town ("10115 Berlin", "D-80331 Munchen", "Quezon City 1108"): when such a pair is an address.

The postcode and the town are found by two recognizers (ZIP and ADDRESS) from the same patterns
(`_places.POSTCODE_BEFORE_TOWN`, `_places.POSTCODE_ABROAD` after a town); both ask here, so they agree.
"""
from __future__ import annotations

import regex

from ._base import Anchor
from ._gazetteer import is_english, listed_place
from ._names import is_non_name_word

# Two digits, perhaps more and two capitals, then a capitalised word: a cheap look for `POSTCODE_BEFORE_TOWN` (a
# country's letters may stand just before the hit: "DK-4000 Roskilde").
BEFORE_TOWN_ANCHOR = Anchor(r"\d\d[ -]?(?:\d{2,3}|[A-Z]{2})?[ \t]+[A-Z][a-z]", at="near", before=4, after=40,
                            case_sensitive=True)
# A capitalised town's last word, then a postcode abroad that closes the field ("Osaka 530-0001,", "Haifa 3303119.").
AFTER_TOWN_ANCHOR = Anchor(r"[A-Z][a-z]+,?[ \t]+(?:\d{5}-\d{3}|\d{3}-\d{4}|[A-Z]\d{2}[ \t]?[A-Z0-9]{4}|\d{3}[ \t]\d{2}"
                           r"|\d{4,7})(?![\w-])[ \t]*(?:[;,.|)\n]|$)", at="near", before=30, after=30,
                           case_sensitive=True, stop=r"[^\p{L}\s,]")
# Four digits that read as a year: a year, unless the town beside them is listed.
YEAR = regex.compile(r"(?:1[89]|20)\d\d")
# Two capitals after four digits are a Dutch postcode's letters, never a modality ("2021 CT Head").
_MODALITIES = frozenset("CT MR US XR NM PT CR DX MG RF IR AP PA".split())


def postcode_before_town(text: str, match: regex.Match) -> bool:
    """Whether a `POSTCODE_BEFORE_TOWN` match is a postcode and its town rather than a number before words."""
    town, code = match.group("town"), match.group("code")
    listed = listed_place(town)
    if not listed and any(is_english(w) or is_non_name_word(w) for w in regex.split(r"[ \t-]+", town.lower())):
        return False
    if match.group("country") is not None:
        return True  # "D-80331", "CH-8001": a country's letter before the number says postcode
    return not (match.group("letters") in _MODALITIES or (YEAR.fullmatch(code) and not listed))


def postcode_after_town(town: str, code: str) -> bool:
    """Whether `code` after `town` is a postcode abroad: the town is listed, and the code does not read as a year."""
    return listed_place(town) and not YEAR.fullmatch(code)
