"""Regex pieces for calendar words and numbers, shared by the date and time recognizers and their tests."""
from __future__ import annotations

from ...known_phi import MONTHS

# Each month's abbreviations: its first three letters, and "Sept" too.
_ABBREVIATIONS = {"September": ("Sept", "Sep")}


def _month_alternatives() -> str:
    # Title case and ALL CAPS only: lower-case "may" and "march" are ordinary words.
    forms: list[str] = []
    for full in MONTHS:
        forms += [full, full.upper()]
        for abbr in _ABBREVIATIONS.get(full, (full[:3],)):
            # "May." happens too, by analogy with "Mar."
            forms += [abbr + r"\.?", abbr.upper() + r"\.?"]
    forms.sort(key=len, reverse=True)
    return "(?:" + "|".join(dict.fromkeys(forms)) + r")(?!\p{L})"


MONTH = _month_alternatives()
# Any case, for forms with a day and a year around the month ("nov 3 2021"), where "may" cannot be the verb.
MONTH_ANY_CASE = "(?i:" + MONTH + ")"
# A weekday written before a date ("Friday, 9 June 2023", "Weds 4/9", "Thur 3/6").
WEEKDAY = r"(?i:mon|tues?|wed(?:nes|s)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?i:day)?\.?"
DAY = r"(?:0?[1-9]|[12]\d|3[01])"
ORDINAL = r"(?:st|nd|rd|th|ST|ND|RD|TH)"
YEAR4 = r"(?:1[89]\d\d|20\d\d)"
YEAR = rf"(?:{YEAR4}|['’]?\d\d)"
MONTH_NUM = r"(?:0?[1-9]|1[0-2])"
# A 24-hour clock time in four digits ("0730", "2215"), as notes and sign-offs write it.
CLOCK_24 = r"(?:[01]\d|2[0-3])[0-5]\d"
# Days and years read out by voice recognition ("April twenty first", "october third twenty twenty five").
_UNITS = "first second third fourth fifth sixth seventh eighth ninth"
_ORDINAL_WORDS = (_UNITS + " tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth"
                  " nineteenth twentieth thirtieth").split()
SPOKEN_DAY = (r"(?i:(?:twenty|thirty)[ \t-](?:" + "|".join(_UNITS.split()) + r")|" + "|".join(_ORDINAL_WORDS) + r")(?!\p{L})")
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_UNDER_100 = rf"(?:{_TENS}(?:[ \t-]{_ONES})?|{_TEENS}|oh[ \t]{_ONES})"
SPOKEN_YEAR = rf"(?i:(?:nineteen|twenty)[ \t]{_UNDER_100}|two[ \t]thousand(?:[ \t]and)?(?:[ \t](?:{_UNDER_100}|{_ONES}))?)(?!\p{{L}})"
# A clock time read out: an hour word, then minutes ("two forty five", "three oh five", "eleven fifteen").
SPOKEN_CLOCK = (r"(?i:(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[ \t]+"
                rf"(?:{_TENS}(?:[ \t-]{_ONES})?|{_TEENS}|oh[ \t]{_ONES}))(?!\p{{L}})")
