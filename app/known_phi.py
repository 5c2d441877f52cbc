"""How a patient's known identifiers are written and compared: defined once for every engine that looks for them.

The header engine learns a file's names and IDs and searches its output for them, the pixel engine
looks for them in burned-in text, the report-text engine in reports. All three split a person name,
write a date or a time of day, and fold text for comparison in the ways this module gives, so a value
one engine finds is a value the others find too. Plain strings in, plain strings out.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# Honorifics and degrees written beside a name: never a part of it.
TITLES = frozenset({"MD", "DO", "DR", "PHD"})
# Dash look-alikes that compatibility decomposition leaves alone, read as the ASCII hyphen.
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")
_DROPPED_CATEGORIES = ("Cf", "Mn", "Me")  # format (soft hyphen, zero-width, joiners, BOM) and combining marks


# -- folding: what a reader sees ------------------------------------------------------------------

@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """Return what one character reads as: compatibility-decomposed, marks and invisibles dropped."""
    if unicodedata.category(char) in _DROPPED_CATEGORIES:
        return ""
    decomposed = unicodedata.normalize("NFKD", char.translate(_DASHES))
    return "".join(c for c in decomposed if unicodedata.category(c) not in _DROPPED_CATEGORIES)


def fold(text: str) -> str:
    """Return `text` as a reader sees it: fullwidth forms, ligatures, accents, soft hyphens, zero-width joiners gone."""
    return text if text.isascii() else "".join(fold_char(c) for c in text)


def fold_case(text: str) -> str:
    """Return `text` folded and case-folded: two spellings of one identifier compare equal."""
    return text.lower() if text.isascii() else fold(text).casefold()


# -- person names ---------------------------------------------------------------------------------

def pn_components(value: str) -> list[str]:
    """Return every component of a DICOM person name, in each component group, stripped of spaces, dots, commas."""
    return [part.strip(" .,") for part in value.replace("=", "^").split("^")]


def name_components(name: str) -> list[str]:
    """Return a person name's components, family name first, titles left out.

    Takes a DICOM person name (FAMILY^GIVEN^MIDDLE), "Family, Given Middle" or "Given Middle Family".
    """
    name = name.strip()
    if "^" in name or "=" in name:
        parts = pn_components(name)
    elif "," in name:
        family, _, rest = name.partition(",")
        parts = [family] + rest.split()
    else:
        words = name.split()
        parts = words[-1:] + words[:-1]
    return [p.strip(" .") for p in parts if p.strip(" .") and p.strip(" .").upper() not in TITLES]


def name_renderings(family: str, given: str) -> tuple[str, ...]:
    """Return a whole name the ways it is written: "Family, Given", "Given Family" and with the given initial."""
    if not (family and given):
        return (family or given,) if family or given else ()
    return (f"{family}, {given}", f"{given} {family}", f"{given[0]} {family}", f"{given[0]}. {family}",
            f"{family} {given[0]}", f"{family}, {given[0]}.")


# -- addresses ------------------------------------------------------------------------------------

def address_parts(address: str) -> list[str]:
    """Return the parts of a postal address written on lines or between commas: street, town, region and code.

    A town alone names where the patient lives: free text ("visiting from <town>") repeats it without the rest.
    """
    return [part.strip(" .") for part in re.split(r"[,;\r\n^]+", address) if part.strip(" .")]


# -- dates and times ------------------------------------------------------------------------------

def date_renderings(value: str) -> tuple[str, ...]:
    """Return a date (DICOM DA, or ISO with any separators) as devices print and people write it; () if no date."""
    d = _parse_date(value)
    if d is None:
        return ()
    y, m, dd, yy = f"{d.year:04d}", f"{d.month:02d}", f"{d.day:02d}", f"{d.year % 100:02d}"
    month = MONTHS[d.month - 1]
    mon = month[:3]
    return (f"{y}{m}{dd}", f"{y}-{m}-{dd}", f"{y}/{m}/{dd}",
            f"{m}/{dd}/{y}", f"{d.month}/{d.day}/{y}", f"{m}/{dd}/{yy}", f"{d.month}/{d.day}/{yy}",
            f"{m}-{dd}-{y}", f"{d.month}-{d.day}-{y}",
            f"{dd}/{m}/{y}", f"{dd}.{m}.{y}", f"{dd}-{m}-{y}",
            f"{dd}-{mon}-{y}", f"{d.day}-{mon}-{y}", f"{dd} {mon} {y}", f"{d.day} {mon} {y}", f"{d.day} {month} {y}",
            f"{mon} {dd} {y}", f"{mon} {d.day} {y}", f"{mon} {d.day}, {y}", f"{mon}. {d.day}, {y}",
            f"{month} {d.day}, {y}", f"{month} {d.day} {y}")


def _parse_date(value: str) -> date | None:
    """Return the date eight digits spell (YYYYMMDD, whatever separates them), or None."""
    digits = re.sub(r"\D", "", value)
    if len(digits) != 8:
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def time_renderings(value: str) -> tuple[str, ...]:
    """Return a DICOM TM value as HH:MM:SS, HHMMSS and HH:MM (the forms screens print)."""
    digits = value.split(".")[0]
    if len(digits) < 4 or not digits.isdigit():
        return ()
    hh, mm, ss = digits[:2], digits[2:4], digits[4:6]
    return (f"{hh}:{mm}:{ss}", f"{hh}{mm}{ss}", f"{hh}:{mm}") if ss else (f"{hh}:{mm}",)
