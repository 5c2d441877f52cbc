"""Postcodes written before their town ("10115 Berlin", "D-80331 Munchen"): when such a pair is an address.

The postcode and the town are found by two recognizers (ZIP and ADDRESS) from one pattern
(`_places.POSTCODE_BEFORE_TOWN`); both ask here, so they agree.
"""
from __future__ import annotations

import regex

from ._gazetteer import is_english, listed_place
from ._names import is_non_name_word

_YEAR = regex.compile(r"(?:1[89]|20)\d\d")
# Two capitals after four digits are a Dutch postcode's letters, never a modality ("2021 CT Head").
_MODALITIES = frozenset("CT MR US XR NM PT CR DX MG RF IR AP PA".split())
# What stands before a postcode that opens an address's last part: its comma, the line's start, a bracket or a bar.
_OPENS = ("", "\n", ",", "(", "|", ";")


def postcode_before_town(text: str, match: regex.Match) -> bool:
    """Whether a `POSTCODE_BEFORE_TOWN` match is a postcode and its town rather than a number before words."""
    town, code = match.group("town"), match.group("code")
    listed = listed_place(town)
    if not listed and any(is_english(w) or is_non_name_word(w) for w in regex.split(r"[ \t-]+", town.lower())):
        return False
    if match.group("country") is not None:
        return True  # "D-80331", "CH-8001": a country's letter before the number says postcode
    if match.group("letters") in _MODALITIES or (_YEAR.fullmatch(code) and not listed):
        return False
    return text[:match.start("code")].rstrip(" \t")[-1:] in _OPENS
