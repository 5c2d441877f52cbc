"""Postal codes: US ZIP codes (5 or 9 digits), UK and Canadian postcodes, Australian and Indian ones, where
something shows they are postal codes."""
from __future__ import annotations

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer
from ._gazetteer import NO_PLACES, is_english, places
from ._names import is_non_name_word
from ._places import (
    AU_STATE,
    CANADA_POSTCODE,
    INDIA_PIN,
    POSTCODE_ABROAD,
    POSTCODE_BEFORE_TOWN,
    POSTCODE_CLOSES,
    STATE,
    UK_POSTCODE,
)
from ._postcodes import AFTER_TOWN_ANCHOR, BEFORE_TOWN_ANCHOR, YEAR, postcode_after_town, postcode_before_town
from ._tokens import UNKNOWN, word_token

_ZIP = r"\d{5}(?:-\d{4})?(?![\w-]|\.\d)"


class ZipCodeRecognizer(SpanPatternRecognizer):
    """Finds postal codes: after a state ("IL 62704", "NSW 2150") or a label, closing an address after a town
    ("Pasadena 91101", "Bengaluru - 560038"), and in the UK's and Canada's own shapes ("SW1A 1AA", "K1A 0B1").

    A bare number is more often a dose, a count or a code than a postal code, so it is only one in those
    positions; ZIP+4 ("62704-1234") and the letter-and-digit postcodes are distinctive enough alone.
    """

    ENTITY = "ZIP"
    PATTERNS = (
        # "IL 62704", and "KS^66604" in an HL7 address's components.
        ("after_state", rf"(?<![\p{{L}}]){STATE}(?:\.?,?[ \t]{{1,3}}|\^)(?P<phi>{_ZIP})", 0.85,
         Anchor(r"[ \t^]\d{5}(?![0-9])", at="near", before=30, after=12, case_sensitive=True, stop=r"[^\p{L}\s.,]")),
        ("after_au_state", rf"(?<![\p{{L}}]){AU_STATE}\.?,?[ \t]{{1,3}}(?P<phi>\d{{4}})(?![\w-]|[.,/]\d)", 0.8,
         Anchor(r"\b(?:nsw|vic|qld|sa|wa|tas|nt|act)\.?,?[ \t]{1,3}\d{4}(?![0-9])")),
        ("labelled", r"(?i:zip(?:[ \t]*code)?|postal[ \t]*code|post[ \t]*code|postcode|zipcode|pin[ \t]*code|pincode"
                     r"|pin)[ \t]*[:#-]?[ \t]*"
                     rf"(?P<phi>{_ZIP}|{INDIA_PIN}(?!\d)|\d{{4}}(?![\w-])|(?i:{UK_POSTCODE}|{CANADA_POSTCODE})(?![\w-]))", 0.9,
         Anchor(r"zip|postal|post[ \t]*code|\bpin")),
        # Mexico's "C.P.", Brazil's "CEP" and Germany's "PLZ" label a postcode too.
        ("labelled_abroad", r"(?<![\p{L}.])(?:C\.[ \t]?P\.|CEP|PLZ)[ \t]*[:#-]?[ \t]*"
                            r"(?P<phi>\d{5}(?:-\d{3})?|\d{4})(?![\w-])",
         0.85, Anchor(r"C\.[ \t]?P\.|CEP|PLZ", case_sensitive=True)),
        ("zip_plus_four", r"(?<![\w.-])\d{5}-\d{4}(?![\w-]|\.\d)", 0.45),
        ("uk_postcode", rf"(?<![\w-]){UK_POSTCODE}(?![\w-])", 0.7,
         Anchor(r"(?<![A-Za-z0-9-])[A-Z]{1,2}[0-9][A-Z0-9]?[ \t]?[0-9][A-Z]{2}(?![A-Za-z0-9-])", case_sensitive=True)),
        # Ireland's Eircode ("A65 F4E2"): a routing key, a blank, then four letters and digits mixed (never "T12 L1").
        ("eircode", r"(?<![\w-])(?:[AC-FHKNPRTV-Y]\d{2}|D6W)[ \t](?=[A-Z]*\d)(?=\d*[A-Z])[AC-FHKNPRTV-Y0-9]{4}(?![\w-])",
         0.6, Anchor(r"(?<![A-Za-z0-9-])(?:[A-Z][0-9]{2}|D6W) [A-Z0-9]{4}(?![A-Za-z0-9-])", case_sensitive=True)),
        ("canadian_postcode", rf"(?<![\w-]){CANADA_POSTCODE}(?![\w-])", 0.6,
         Anchor(r"(?<![A-Za-z0-9-])[A-Z][0-9][A-Z][ \t]?[0-9][A-Z][0-9](?![A-Za-z0-9-])", case_sensitive=True)),
        # "Pasadena 91101", "Dallas 75240;", "Salem (01970)": five digits closing an address after a town's
        # name (checked against the place list in `refine`).
        ("after_place", rf"(?P<place>\p{{Lu}}\p{{Ll}}+(?:[ \t]\p{{Lu}}\p{{Ll}}+)?),?[ \t]+(?P<o>\()?(?P<phi>{_ZIP})"
                        r"(?(o)\))(?=[ \t]*(?:[;,.|)]|$))", 0.6,
         Anchor(r"[ \t(]\d{5}(?![0-9])", at="near", before=30, after=12, case_sensitive=True, stop=r"[^\p{L}\s,(]")),
        # "Koln (50667)", "Manila (1004)": a town abroad with its postcode in brackets (checked in `refine`:
        # the town is listed or its words are in no list, and four digits that read as a year are a year).
        ("bracketed_after_town", r"(?P<place>\p{Lu}\p{Ll}+(?:[ \t]\p{Lu}\p{Ll}+)?)[ \t]*\((?P<phi>\d{4,5})\)", 0.6,
         Anchor(r"\(\d{4,5}\)", at="near", before=30, after=12, case_sensitive=True, stop=r"[^\p{L}\s(]")),
        # "Quezon City 1108", "Sao Paulo 01310-100", "Dublin D02 X285": a postcode abroad after a listed town
        # (checked in `refine`; four digits that read as a year are a year).
        ("after_town_abroad", r"(?P<place>\p{Lu}\p{Ll}+(?:[ \t]\p{Lu}\p{Ll}+)?),?[ \t]+"
                              rf"(?P<phi>{POSTCODE_ABROAD})(?=[ \t]*(?:[;,.|)]|$))", 0.6,
         AFTER_TOWN_ANCHOR),
        # "10115 Berlin", "CH-8001 Zurich", "00-950 Warszawa": the postcode before its town, as continental Europe
        # writes it (checked in `refine`).
        ("before_town", rf"(?<![\w.,/:-]){POSTCODE_BEFORE_TOWN}", 0.6,
         BEFORE_TOWN_ANCHOR),
        # "Bengaluru 560038", "Pune - 411 001": an Indian PIN closing an address after a town's name that is no
        # report word (checked in `refine`).
        ("pin_after_town", rf"(?P<town>\p{{Lu}}\p{{L}}+),?[ \t]*[-–]?[ \t]*(?P<phi>{INDIA_PIN})(?!\d){POSTCODE_CLOSES}",
         0.6, Anchor(r"[ \t,-][1-9][0-9]{2}[ \t]?[0-9]{3}(?![0-9])", at="near", before=30, after=12,
                     case_sensitive=True, stop=r"[^\p{L}\s,-]")),
    )
    CONTEXT = ("zip", "postal", "address", "mail", "postcode", "pin")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """Keep a number after a capitalised word only if that word is a town's name (or, for a PIN, no report word)."""
        if pattern == "pin_after_town":
            town = match.group("town")
            # "Platelets 150000": a count after an English word is no PIN after a town.
            return None if (is_non_name_word(town.lower()) or is_english(town.lower())
                            or (town.isupper() and len(town) <= 4)) else (start, end)
        if pattern == "bracketed_after_town" and _unlisted_town(text, match):
            return start, end
        if pattern in ("bracketed_after_town", "after_town_abroad"):
            return (start, end) if postcode_after_town(match.group("place"), match.group("phi")) else None
        if pattern == "before_town":
            return match.span("code") if postcode_before_town(text, match) else None
        if pattern != "after_place":
            return start, end
        return (start, end) if _listed_here(match.group("place")) else None


def _unlisted_town(text: str, match: regex.Match) -> bool:
    """Whether a bracketed number follows a town too small for the gazetteer ("Geaturk (50667)"): every word of the
    place is in no English, clinical or name list, and the number does not read as a year. A drug, a score or a
    scanner before a bracketed number ("Keppra (1000)", "Agatston (1250)") is vocabulary."""
    words = [(m.start(), m.end()) for m in regex.finditer(r"\p{L}+", match.group("place"))]
    offset = match.start("place")
    return not YEAR.fullmatch(match.group("phi")) and all(
        word_token(text, offset + start, offset + end).kind == UNKNOWN for start, end in words)


def _listed_here(place: str) -> bool:
    """Whether a capitalised name (or its last word) is a US town."""
    table, words = places(), tuple(place.lower().split())
    return words in table.get(words[0], NO_PLACES).names or words[-1:] in table.get(words[-1], NO_PLACES).names
