"""Calendar dates in the formats reports use, with month and day ranges checked."""
from __future__ import annotations

from datetime import date

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer
from ...known_phi import MONTHS
from ._calendar import CLOCK_24, DAY, MONTH, MONTH_ANY_CASE, MONTH_NUM, ORDINAL, SPOKEN_DAY, SPOKEN_YEAR, WEEKDAY, YEAR, YEAR4

# Numbers glued to letters, slashes or decimals are levels, ratios or measurements (C5/6, 1.2/3).
# A dash or colon right after a word joins a date to it ("OVERDOSE-4/7/91", "HX:8/30"); after a number it does not.
_L = r"(?:(?<![\w/.:-])|(?<=\p{L}[-:]))"
_R = r"(?![\w/]|[.:-]\d)"
# A cue word written onto the date ("on3/4/21"): one look-behind per word length, each of fixed width, so the
# standard engine reads the pattern too.
_GLUED_CUE = r"(?<=(?<!\p{L})(?i:on|at|of))|(?<=(?<!\p{L})(?i:from))|(?<=(?<!\p{L})(?i:since))"
_SEP1 = r"(?:[ \t]*[-/.][ \t]*|[ \t]+(?:of[ \t]+)?|)"
_SEP2 = r"(?:[ \t]*[-/.,][ \t]*|[ \t]+|)"
# Words after which a bare "3/14" is a date rather than a ratio or a score.
_DATE_CUE = (
    r"(?i:on|dated|since|from|prior|until|through|thru|between|seen|obtained|performed|done|comparison|compared"
    r"[ \t]+(?:to|with)|dos|exam(?:ination)?s?|stud(?:y|ies)|scans?|last|next|by|before|after|as[ \t]+of"
    r"|radiographs?|x-?rays?|films?|ct|cta|mri|mra|mr|pet|pet/ct|pet/mr|spect|us|ultrasound|sonogram|mammogram"
    r"|echo|biops(?:y|ies)|surgery|resection|procedure|admission|admitted|discharged?|visit|injury|fall"
    r"|fracture|onset|started|began|scheduled|follow-?up|screened|imaged|scanned|examined|biopsied|treated|operated)"
)
_STUDY = (
    r"radiographs?|x-?rays?|films?|ct|cta|ctv|mri|mra|mrv|mrcp|ercp|mr|pet|pet/ct|pet/mr|spect|ultrasound|sonogram"
    r"|mammograms?|echo|echocardiogram|biops(?:y|ies)|angiogram|fluoroscopy|scans?|exams?|examinations?|stud(?:y|ies)"
    r"|imaging|cxr|kub|dexa|dxa|notes?|visit|labs?|report|surgery|procedure|comparisons?|priors?|duplex|doppler"
    r"|\w+(?:gram|graphy)s?"
)
# Words that make "4/5" a score, grade or count.
_SCORE_WORDS = (
    r"grade|grades|score|scored|strength|power|pain|gleason|ratio|series|se|image|im|img|of|by|x|stage|level|rads"
    r"|class|type|tanner|apgar|bpp|gcs|nihss|aspects|rated|out|cores?|nodes?|views?|positive|negative|mallampati"
    r"|ef|bp|g|p"
    # A nodal stage before the nodes it counts ("pN1a (2/14)").
    r"|[pcy]?n[0-3x][a-c]?"
    # "ac" is the assist-control mode, not the antecubital fossa of a line's site ("PICC L AC 3/9").
    r"|psv|ps|peep|peep/ps|ps/peep|cpap|bipap|simv|imv|(?<!\b(?:r|l|rt|lt|right|left)[ \t])ac|vent|settings"
    r"|rales|crackles|changed[ \t]+to|to"
)
_DOB = r"(?i:dob|d\.o\.b\.?|date[ \t]+of[ \t]+birth|birth[ \t]*date|birthdate|born(?:[ \t]+on)?)"
# Units and nouns that show "3/4" or "2021" is not a date.
_NOT_AFTER = (r"(?![ \t]*(?i:mm|cm|m\b|ml|cc|mg|kg|g\b|%|strength|str\b|views?|power|grade|lesions?|nodes?|levels?|x\b"
              r"|up\b|ns\b|normal[ \t]+saline|systolic|diastolic|holosystolic|murmur|sem\b|days?\b|weeks?\b|hours?\b"
              r"|hrs?\b|units?\b|breaths?\b|pillows?\b|l\b|lpm\b|liters?\b|times\b|cp\b|pain\b|psv\b|ps\b|peep\b"
              r"|cpap\b|bipap\b|ips\b|zones?\b|fields?\b|segments?\b|cores?\b))")


# Where a bare day/month sits, seen from its start (text before) and end (text after).
_CUE_BEFORE = regex.compile(rf"(?<!\w){_DATE_CUE}[ \t]*:?[ \t]+$")
_STUDY_BEFORE = regex.compile(
    rf"(?<!\w)(?i:{_STUDY})(?:[ \t]+[\p{{L}}/-]+){{0,3}}?[ \t]*(?:[:(,]|of|on|dated|from)?[ \t]*$"
)
# The edge of a header's column: the line's start, two blanks, a bar or a label's colon.
_COLUMN_EDGE = regex.compile(r"(?:^|\n|[ \t]{2}|[|:][ \t]*)$")
_PLACE_BRACKET_BEFORE = regex.compile(r"(?<!\w)(?i:at|from|in)[ \t]+\p{Lu}[^\n()]{0,60}?[ \t]\($")
# A whole number right before makes a mixed fraction ("1 1/2"); a decimal or a count does not ("WBC 16.0 8/22",
# "CABG X3 10/5").
_SCORE_BEFORE = regex.compile(rf"(?:\b(?i:{_SCORE_WORDS})[ \t:]{{0,3}}|\(|(?<![\w.])\d+[ \t]+)$")
# A ventilator mode shortly before on the same line makes "10/5" a setting; a pain word near "/10" a score.
_SETTING_BEFORE = regex.compile(
    r"(?<!\w)(?i:psv|ps|peep|cpap|bipap|bi-pap|ips|imv|simv|fio2|flow-?by|ventilation|trial)(?!\w)[^\n\w]{0,4}"
    r"(?:[.\d]+%?[^\n\w]{1,3})?$")
# A pressure-support/PEEP pair ("5/5", "10/5", "15/10") and a ventilator word earlier in its clause on its line.
_PRESSURES = regex.compile(r"(?:[5-9]|1\d|2[05])/(?:5|8|10)")
_VENT_CLAUSE = regex.compile(r"(?<!\w)(?i:psv|ps|peep|cpap|bipap|bi-pap|fio2|abg|vent|ventilator|sats?|tv|imv|simv|ac"
                             r"|settings|mask)(?!\w)[^\n.;]*$")
_PAIN_NEAR = regex.compile(r"(?i:pain|cp|angina|discomfort|pressure|ache|c/o|#)(?!\w)|(?<!\w)#")
# A clock time right after or before a day/month ("8/25 @ 1230", "(10/17 0500)", "at 2300 10/15", "7pm 10/15").
_MILITARY = rf"{CLOCK_24}(?!\d)"
_TIME_AFTER = regex.compile(rf",?[ \t]+(?:at[ \t]+|@[ \t]*)?(?:\d{{1,2}}:\d\d|{_MILITARY})|[ \t]*@[ \t]*\d"
                           r"|[ \t]+(?i:am|pm)(?!\w)")
_TIME_BEFORE = regex.compile(rf"(?<![\w/.])(?:\d{{1,2}}:\d\d|{CLOCK_24}|\d{{1,2}}[ \t]*(?i:am|pm|a|p))[ \t]+$")
# A weekday written just before a date, and "the" before a day ("Friday, 9 June", "the 2nd of May").
_WEEKDAY_LEAD = regex.compile(rf"(?<!\w){WEEKDAY},?[ \t]+(?:(?i:the)[ \t]+)?$")
# A weekday then the date in brackets: "last Saturday (3/4)" is no fraction.
_WEEKDAY_BRACKET = regex.compile(rf"(?<!\w){WEEKDAY}[ \t]*\($")
# Inside brackets, a clock time glued before ("2200(9/12)") or more day/months listed after ("x3(3/22, 5/19)") make
# a day/month a date even after a number ("strength (5/5, 4/5)" is still a score).
_CLOCK_BEFORE = regex.compile(rf"(?<![\w/.])(?:\d{{1,2}}:\d\d|{CLOCK_24})$")
_DATES_LISTED_AFTER = regex.compile(r"(?:,[ \t]*\d{1,2}/\d{1,2})+\)")
_DECIMAL_BEFORE = regex.compile(r"(?<![\w.])\d+\.\d+$")
# A day/month and a word that runs a course on to the next one ("11/2 to ", "3/4 thru ").
_DAY_MONTH_TO_BEFORE = regex.compile(r"(?<![\w/.])(?P<first>\d{1,2}/\d{1,2})(?:/\d{2,4})?[ \t]+(?i:to|thru|through|until|till)"
                                     r"[ \t]+$")
_THE_LEAD = regex.compile(r"(?<!\w)(?i:the)[ \t]+$")
# French months, as French writes them (lower case; capitalised opening a line), with and without accents.
_FRENCH_MONTHS = ("janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre"
                  " decembre")
_FRENCH_MONTH = "(?:" + "|".join(f"{m}|{m.capitalize()}" for m in _FRENCH_MONTHS.split()) + r")(?!\p{L})"
# Month words, for anchoring the patterns that contain one.
_MONTH_ANCHOR = Anchor(
    words="jan january feb february mar march apr april may jun june jul july aug august sep sept september oct"
    " october nov november dec december",
    at="near", before=25, after=40,
)

# Month words that name a month alone in lower case or capitals: full names and abbreviations ("jun" with its
# period), never "may", "march", "mar" or "dec" (decreased), which are ordinary words or note shorthand.
# Full month names that are no English word, for days read out in any case ("april twenty first").
_SPOKEN_MONTHS = "|".join(m for m in MONTHS if m not in ("May", "March"))
_MONTHS_ALONE = "|".join(sorted(
    {m.lower() for m in MONTHS if m not in ("May", "March")} | {"sept\\.?", "jun\\."}
    | {m[:3].lower() + "\\.?" for m in MONTHS if m not in ("May", "March", "December", "June")},
    key=len, reverse=True))

# An ordinal day ("14th"): both ordinal patterns look only near one, sharing the hits.
_ORDINAL_ANCHOR = Anchor(regex=r"\d(?:st|nd|rd|th)\b", at="near", before=30, after=30)


def _dated(text: str, start: int, end: int, separator: str) -> bool:
    """Whether the text around a bare day/month makes it a date."""
    before = text[max(0, start - 90):start]
    if _SETTING_BEFORE.search(before) or (text[start:end].endswith("/10") and _PAIN_NEAR.search(
            text, max(0, start - 40), min(len(text), end + 30))):
        return False  # ventilator settings ("CPAP .5% 5/5", "PS 10/5") and pain scores ("CP 4/10")
    if _PRESSURES.fullmatch(text, start, end) and _VENT_CLAUSE.search(text, max(0, start - 35), start):
        return False  # pressure support over PEEP in a ventilator clause ("SIMV/PS, 40%, 600X4, & 5/10", "on 13/10")
    if _CUE_BEFORE.search(before):
        return True
    if separator == "/" and (earlier := _DAY_MONTH_TO_BEFORE.search(before)) is not None and _dated(
            text, start - len(before) + earlier.start("first"), start - len(before) + earlier.end("first"), "/"):
        return True  # the second day of a course or a shift ("11/2 to 11/3", "from 3/4 thru 3/9")
    if separator != "/":
        return False  # "3-4" without a cue is a range
    if _STUDY_BEFORE.search(before) or (text[end:end + 1] == ")" and _PLACE_BRACKET_BEFORE.search(before)):
        return True
    if _TIME_AFTER.match(text, end) or _TIME_BEFORE.search(before):
        return True
    if before.endswith("(") and text[end:end + 1] in "),":
        # "yesterday (3/18)", "(7/7, Dr. X)": a day and month alone in brackets, after words that are no score.
        before = before[:-1].rstrip(" \t")
        if _CLOCK_BEFORE.search(before) or (_DATES_LISTED_AFTER.match(text, end) and not _SCORE_BEFORE.search(before)):
            return True
        # A lab value's decimal before the brackets dates it ("INR 2.3 (12/4)"); a whole number is a count or a score.
        return not before or _DECIMAL_BEFORE.search(before) is not None or not (
            _SCORE_BEFORE.search(before) or before[-1].isdigit())
    # Otherwise a real day and month written with a slash is a date unless a score word leads to it
    # ("strength 5/5", "grade 2/4"): notes date events without any cue ("cdiff 8/12 neg", "WBC 16.0 8/22").
    return not _SCORE_BEFORE.search(before)


_OCR_DIGITS = str.maketrans("lIO", "110")


def _misread_date(written: str) -> bool:
    """Whether a month/day/year holding OCR's letters for digits reads as a real date once they are read back, with
    most of its characters real digits ("l1/06/2026"; never "I/O")."""
    if written.isascii() and not any(ch in "lIO" for ch in written):
        return False  # plain digits: the ordinary patterns decide
    if sum(ch.isdigit() for ch in written) < 4:
        return False
    month, day, year = (int(part) for part in written.translate(_OCR_DIGITS).split("/"))
    year += (2000 if year < 50 else 1900) if year < 100 else 0
    return 1850 <= year <= 2099 and _valid(year, month, day)


def _valid(year: int | None, month: int, day: int) -> bool:
    try:
        date(year if year is not None else 2000, month, day)  # 2000 is a leap year: allows Feb 29
    except ValueError:
        return False
    return True


class DateRecognizer(SpanPatternRecognizer):
    """Finds dates: 03/14/2021, 3-14-21, 14-Mar-2021, March 14th, 2021, 2021-03-14, 20210314, March 2021, the 14th.

    Every numeric form is checked for a real month and day; a bare day/month pair is a date unless its
    surroundings make it a ratio, strength, setting or range (see `_dated`).
    """

    ENTITY = "DATE"
    PATTERNS = (
        ("dob", rf"{_DOB}[ \t]*[:#=]?[ \t]*(?P<phi>\d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}|\d{{6,8}})(?![\w/])", 0.9,
         Anchor(words="dob d date birth birthdate born")),
        # A range's second date goes with the first ("10/3/93-10/5/93", "3/4/21 - 3/9"), else neither is found.
        # A preposition typed onto it ("am labs on10/14/82") leaves it a date.
        ("mdy", rf"(?:{_L}|{_GLUED_CUE})"
                rf"(?P<a>\d{{1,2}})(?P<s>[-/])(?P<b>\d{{1,2}})(?P=s)(?P<y>\d{{4}}|\d{{2}})"
                rf"(?:[ \t]?-[ \t]?\d{{1,2}}/\d{{1,2}}(?:/(?:\d{{4}}|\d{{2}}))?)?{_R}{_NOT_AFTER}", 0.8),
        ("dotted", rf"{_L}(?P<a>\d{{1,2}})\.(?P<b>\d{{1,2}})\.(?P<y>{YEAR4}){_R}", 0.7),
        # A scanned or faxed page read back by OCR writes 1 as "l" or "I" and 0 as "O" ("0l/14/1957", "O5/l8/2OO0").
        ("misread_mdy", r"(?<![\w/])[0-9lIO]{1,2}/[0-9lIO]{1,2}/(?:[0-9lIO]{4}|[0-9lIO]{2})(?![\w/])", 0.6,
         Anchor(r"[0-9lio]/[0-9lio]", at="near", before=3, after=12)),
        # Spanish, as Puerto Rico's reports write it: "jueves 6 de febrero de 2025", "3 de enero".
        ("spanish", r"(?<![\w.-])(?:(?i:lunes|martes|miercoles|jueves|viernes|sabado|domingo),?[ \t]+)?"
                    r"(?:0?[1-9]|[12]\d|3[01])[ \t]+(?i:de)[ \t]+(?i:enero|febrero|marzo|abril|mayo|junio|julio|agosto"
                    r"|septiembre|setiembre|octubre|noviembre|diciembre)(?:[ \t]+(?i:de|del)[ \t]+(?:1[89]|20)\d\d)?(?!\w)",
         0.7, Anchor(words="enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre"
                           " diciembre", at="near", before=30, after=12)),
        # "3.14.25" with a two-digit year: only where a date's cue or a column's edge stands before it (`refine`).
        ("dotted_short", rf"{_L}(?P<a>\d{{1,2}})\.(?P<b>\d{{1,2}})\.(?P<y>\d{{2}}){_R}", 0.6),
        ("ymd", rf"{_L}(?P<y>{YEAR4})(?P<s>[-/.])(?P<a>\d{{1,2}})(?P=s)(?P<b>\d{{1,2}})(?![\d/]|[.:-]\d)", 0.85),
        ("ymd_compact", rf"(?<![\w.-])(?P<y>{YEAR4})(?P<a>0[1-9]|1[0-2])(?P<b>0[1-9]|[12]\d|3[01])(?![\w.-])", 0.6),
        # "202311300714": an HL7 timestamp's date, its time run on after it.
        ("ymd_compact_time", rf"(?<![\w.-])(?P<phi>(?P<y>{YEAR4})(?P<a>0[1-9]|1[0-2])(?P<b>0[1-9]|[12]\d|3[01]))"
                             r"(?:[01]\d|2[0-3])[0-5]\d(?:[0-5]\d)?(?![\w.-])", 0.6),
        ("mdy_compact", rf"(?<![\w.-])(?P<a>0[1-9]|1[0-2])(?P<b>0[1-9]|[12]\d|3[01])(?P<y>{YEAR4})(?![\w.-])", 0.3),
        ("day_month_year", rf"(?<![\w.-]){DAY}{ORDINAL}?{_SEP1}{MONTH_ANY_CASE}{_SEP2}{YEAR}(?![\w-]|[.:]\d)", 0.85,
         _MONTH_ANCHOR),
        ("month_day_year",
         rf"(?<![\w.]){MONTH_ANY_CASE}[ \t]*[-/ ][ \t]*{DAY}{ORDINAL}?(?:[ \t]*[-/,][ \t]*|[ \t]+){YEAR}(?![\w]|[.:-]\d)",
         0.85, _MONTH_ANCHOR),
        # "dob 03 05 2019", "EXAM DATE 07 04 2022": numbers apart by spaces are a date only after a date's label.
        ("labelled_spaced", rf"(?:{_DOB}|(?i:date|dated|dos))[ \t]*[:#=]?[ \t]*"
                            rf"(?P<phi>(?P<a>\d{{1,2}})[ \t](?P<b>\d{{1,2}})[ \t](?P<y>{YEAR4}))(?![\w/])", 0.8,
         Anchor(words="dob d date dated dos birth birthdate born")),
        # "March 2021", "Oct '23".
        ("month_year", rf"(?<![\w.]){MONTH}(?:(?:[ \t]*,?[ \t]+|[ \t]+(?i:of)[ \t]+|[ \t]*[-/][ \t]*|['’]){YEAR4}"
                       r"|[ \t]*['’]\d\d)(?!\w|[.-]\d)",
         0.7,
         _MONTH_ANCHOR),
        # "Mar 95", "March of 87": a two-digit number no day can be is the year; not "May", nor "Dec" or "MAR", which
        # notes write for decreased and the medication record ("SATS DEC 92", "MAR 40").
        ("month_short_year", rf"(?<![\w.])(?!May|MAY|Dec\b|DEC\b|MAR\b){MONTH}[ \t]+(?:(?i:of)[ \t]+)?(?:3[2-9]|[4-9]\d)"
                             r"(?![\w%]|[.,:/]\d|[ \t]*(?i:mm|cm|ml|cc|mg|kg|units?|percent)(?!\w))", 0.6, _MONTH_ANCHOR),
        # A month alone after a word that times an event ("scanned in June", "since April", "mid-August"): the
        # month is a date element HIPAA removes. In Title case a full name, so "may" the verb never is; notes also
        # write it in any case and shorten it ("admitted in sept.", "SINCE OCTOBER"), where only names and
        # abbreviations that are no English word count ("may", "march", "mar", "dec" never do).
        ("month_alone", rf"(?<=(?<![\w-])(?i:in|since|during|until|till|from|early|late|mid|last|next|this|through)"
                        rf"[ \t]|(?i:mid)-)(?:{'|'.join(MONTHS)}|(?i:{_MONTHS_ALONE}))(?![\p{{L}}\d]|[ \t]+\d)", 0.6,
         _MONTH_ANCHOR),
        # "April twenty first", "october third twenty twenty five": a day (and year) read out after its month, in
        # any case but for "may" and "march", which are words ("March second opinion" is no date).
        ("spoken_day", rf"(?<![\w.])(?:{MONTH}|(?i:{_SPOKEN_MONTHS}))[ \t]+(?:(?i:the)[ \t]+)?{SPOKEN_DAY}"
                       r"(?![ \t]+(?i:opinion|look|read|reading|review|series|image|dose|trimester|degree))"
                       rf"(?:,?[ \t]+{SPOKEN_YEAR})?", 0.6, _MONTH_ANCHOR),
        # "spring 2021", "Winter of 2019": a season of a year is more than the year ("fall" is left: it is an injury).
        ("season_year", rf"(?<![\w-])(?i:spring|summer|autumn|winter)[ \t]+(?:(?i:of)[ \t]+)?{YEAR4}(?![\w-]|[.:]\d)", 0.6,
         Anchor(words="spring summer autumn winter")),
        # "2025 Mar 08": year first, the month spelt.
        ("year_month_day", rf"(?<![\w.-]){YEAR4}[ \t]+{MONTH}[ \t]+{DAY}(?![\w:]|[.,]\d)", 0.7, _MONTH_ANCHOR),
        ("numeric_month_year", rf"{_L}(?P<a>{MONTH_NUM})/(?P<y>{YEAR4}){_R}{_NOT_AFTER}", 0.6),
        ("month_day", rf"(?<![\w.]){MONTH}[ \t]+{DAY}{ORDINAL}?(?![\w:]|[.,]\d|[ \t]*(?:mm|cm|%))", 0.6, _MONTH_ANCHOR),
        # Notes write a month shortened in lower case or capitals with its day ("oct 3", "3rd oct", "SEPT 14TH"); "may",
        # "march", "mar" and "dec" are words or shorthand there.
        ("month_day_any_case", rf"(?<![\w.])(?i:{_MONTHS_ALONE})[ \t]+{DAY}{ORDINAL}?(?![\w:]|[.,]\d|[ \t]*(?:mm|cm|%))",
         0.6, _MONTH_ANCHOR),
        ("day_month_any_case", rf"(?<![\w.-]){DAY}{ORDINAL}?(?:[ \t]+of)?[ \t]+(?i:{_MONTHS_ALONE})(?![\w-])", 0.6,
         _MONTH_ANCHOR),
        # Not before a year (day_month_year has it), but before a time ("24th of November 7:29 a.m.").
        ("day_month", rf"(?<![\w.-]){DAY}{ORDINAL}?(?:[ \t]+of)?[ \t]+{MONTH}(?![ \t]*{YEAR}(?![\d:]))", 0.6,
         _MONTH_ANCHOR),
        # A day and month without a year ("3/14"): with a slash a date unless a score, setting, fraction or
        # unit says otherwise ("strength 4/5", "PS 10/5", "1/3", "5/5 mm"); with a dash only after a date's
        # cue ("on 3-14"), as "3-4" is a range. `refine` checks.
        ("month_day_bare", rf"{_L}(?P<a>\d{{1,2}})(?P<s>[/-])(?P<b>\d{{1,2}}){_R}{_NOT_AFTER}", 0.6),
        # A course from one day/month to another ("vanco 10/3-10/10"): both halves real days, judged as the first.
        ("month_day_range", rf"{_L}(?P<a>\d{{1,2}})(?P<s>/)(?P<b>\d{{1,2}})[ \t]?-[ \t]?(?P<c>\d{{1,2}})/(?P<d>\d{{1,2}}){_R}"
                            rf"{_NOT_AFTER}", 0.6, Anchor(regex=r"[0-9]{1,2}/[0-9]{1,2} ?- ?[0-9]{1,2}/[0-9]")),
        # A night shift or a course of days within one month ("NPN 11/2-3", "vanco 10/3-5"): the second day after the first.
        ("month_day_days", rf"{_L}(?P<a>\d{{1,2}})(?P<s>/)(?P<b>\d{{1,2}})-(?P<c>\d{{1,2}}){_R}{_NOT_AFTER}", 0.6,
         Anchor(regex=r"[0-9]{1,2}/[0-9]{1,2}-[0-9]")),
        # "le 9 novembre", "1er mars 2026", "depuis novembre 2025": a French date, its month in lower case, with its
        # day or its year (a month's name alone is no date).
        ("french_date", rf"(?<![\w/.-])(?:(?:1er|{DAY})[ \t]+{_FRENCH_MONTH}(?:[ \t]+{YEAR4})?|{_FRENCH_MONTH}[ \t]+{YEAR4})"
                        r"(?![\w/]|[.-]\d)", 0.6, Anchor(words=_FRENCH_MONTHS, at="near", before=8, after=6)),
        # "on the 14th", "since the 3rd of this month"; not "the 4th ventricle".
        ("ordinal_day",
         r"(?<!\w)(?i:on|since|from|until|by|before|after|of|through|is|was|it['’]s)[ \t]+(?i:the)[ \t]+"
         rf"(?P<phi>{DAY}{ORDINAL})(?![\w])(?![ \t]+(?!of\b|at\b|and\b|in\b|or\b|to\b)\p{{L}})",
         0.6, _ORDINAL_ANCHOR),
        # "signed the 14th at 08:05": a day followed by a clock time.
        ("ordinal_day_time", rf"(?<!\w)(?i:the)[ \t]+(?P<phi>{DAY}{ORDINAL})(?=,?[ \t]+(?i:at[ \t]+|@[ \t]*)\d{{1,2}}"
                             r"(?::[0-5]\d|[ \t]*(?i:am|pm|a\.m\.|p\.m\.)))",
         0.6, _ORDINAL_ANCHOR),
    )
    CONTEXT = ("date", "dob", "birth", "born", "dated", "exam", "study", "comparison", "signed", "admission")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """Reject impossible month/day/year combinations, and day/month pairs outside a date's surroundings."""
        if pattern == "misread_mdy":
            return (start, end) if _misread_date(text[start:end]) else None
        span = self._checked(text, start, end, pattern, match)
        if span is None:
            return None
        # The words that belong to a written date go with it.
        lead = _WEEKDAY_LEAD.search(text, max(0, span[0] - 24), span[0])
        if lead is None and text[span[0]].isdigit() and pattern not in ("ordinal_day", "ordinal_day_time"):
            lead = _THE_LEAD.search(text, max(0, span[0] - 8), span[0])
        return (lead.start(), *span[1:]) if lead else span

    def _checked(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        groups = match.groupdict()
        if "a" not in groups or groups["a"] is None:
            return start, end
        a = int(groups["a"])
        b = int(groups["b"]) if groups.get("b") else 1
        year_text = groups.get("y")
        year = None
        if year_text:
            year = int(year_text)
            if len(year_text) == 2:
                year += 2000 if year < 50 else 1900
            elif not 1850 <= year <= 2099:
                return None
        before = text[max(0, start - 90):start]
        if (pattern == "month_day_bare" and a < b <= 4 and not _CUE_BEFORE.search(before)
                and not _TIME_AFTER.match(text, end) and not _WEEKDAY_LEAD.search(before)
                and not _WEEKDAY_BRACKET.search(before)):
            return None  # 1/2, 2/3, 3/4: fractions unless a date's cue, a weekday or a time goes with them
        if pattern == "month_day_range":
            halves = ((a, b), (int(groups["c"]), int(groups["d"])))
            if any(m < d <= 4 for m, d in halves):
                return None  # "rales 1/4-1/2 up": a range of fractions
            real = all(_valid(None, m, d) or _valid(None, d, m) for m, d in halves)
            return (start, end) if real and _dated(text, start, start + len(f"{groups['a']}/{groups['b']}"), "/") else None
        if pattern == "month_day_days":
            c = int(groups["c"])
            real = b < c and (_valid(None, a, c) or _valid(None, c, a)) and not a < b <= 4
            return (start, end) if real and _dated(text, start, start + len(f"{groups['a']}/{groups['b']}"), "/") else None
        if pattern == "month_day_bare":
            # "3/14" in the US, "14/3" elsewhere: either reading may be the date; "8/87" is a month and year.
            real = _valid(None, a, b) or _valid(None, b, a)
            month_year = 1 <= a <= 12 and len(groups["b"]) == 2 and int(groups["b"]) >= 32
            if month_year and match.group("s") == "/" and not _SCORE_BEFORE.search(text[max(0, start - 90):start]):
                return start, end
            return (start, end) if real and _dated(text, start, end, match.group("s")) else None
        if pattern == "dotted_short" and not (_COLUMN_EDGE.search(before) or _CUE_BEFORE.search(before)):
            return None  # "1.2.10" in running text may be a section or a version
        if pattern in ("mdy", "dotted", "dotted_short", "labelled_spaced"):
            # Month first (US) or day first (elsewhere): either reading must be a real date.
            return (start, end) if _valid(year, a, b) or _valid(year, b, a) else None
        return (start, end) if _valid(year, a, b) else None
