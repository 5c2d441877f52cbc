"""Clock times: 14:32, 14:32:05, 2:32 PM, 2pm, 1432 hours."""
from __future__ import annotations

from pathlib import Path

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer
from ._calendar import SPOKEN_CLOCK

CUES_PATH = Path(__file__).resolve().parents[1] / "data" / "time_cues.txt"
# Labels of a moment in a timeline (data/time_cues.txt), one word each.
_EVENT_WORDS = tuple(w for w in (line.split("#", 1)[0].strip() for line in CUES_PATH.read_text(encoding="utf-8")
                                 .splitlines()) if w)
_EVENT = "|".join(regex.escape(w) for w in sorted(_EVENT_WORDS, key=len, reverse=True))

_AMPM = r"(?:[ \t]*(?i:a\.m\.|p\.m\.|am|pm)(?!\w))"
_AMPM_SHORT = r"(?:[ \t]*(?i:a\.m\.|p\.m\.|am|pm|a|p)(?!\w))"
# "04:12 CST", "0244 CT": a two-letter zone only where no word follows ("0244 CT scan" is a scan).
_ZONE = (r"(?:[ \t]*(?:[ECMPA][SD]T|UTC|GMT|BST|IST|CES?T|AE[SD]T|AC[SD]T|AW[SD]T|NZ[SD]T)(?!\w)"
         r"|[ \t]+[ECMP]T(?=[ \t]*(?:[.,;)|]|$)))")


# A hedge before a time of day ("approx. 2130", "around 0400"); "~" is left out, as notes write it before volumes.
_HEDGE = r"(?i:approx\.?|approximately|around|about|circa|ca\.)"
# An hours unit written onto a time ("1430hrs", "17:05 h", "15:15 hours").
_HOURS = r"(?:[ \t]?(?i:hours|hrs?|h)(?!\w))"
# Four digits that are a time of day and no year ("0915", "2130"; never "1998" or "2019").
_HHMM = r"(?!19|20)(?:[01]\d|2[0-3])[0-5]\d"
_DOTTED_ANCHOR = Anchor(r"(?<![0-9.,])(?:[01][0-9]|2[0-3])\.[0-5][0-9](?![0-9])")
_MONTH_ABBREVIATION = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
_AMPM_OR_ZONE = regex.compile(r"(?i)[ap]\.?m|[A-Z]T$")
# Words of a call or a read-back in the clause before a time ("d/w" is discussed with), or a signature's credential
# right before it.
_CALL_BEFORE = regex.compile(
    r"(?i:\b(?:aware|notified|paged|called|informed|discussed|contacted|phoned|communicated|verified|reported"
    r"|conveyed|relayed|telephoned|spoke)\b|(?<!\w)d/w(?!\w))|(?:\b(?:MD|M\.D\.|DO|RN|NP|PA|PA-C),?[ \t]+$)")
# A quantity's name right before the digits: "volume 1500.", "DLP 1152."
_QUANTITY_BEFORE = regex.compile(r"(?i:volume|vol|dose|dlp|ctdi\w*|count|score|size|weight|mas|kvp?|ml|cc|mgy|series|se"
                                 r"|images?|slices?|frames?|im|level|number|no|#|total|sum|length|id|mrn|acc\w*)[ \t:=]*$")
# Words of a procedure's or a study's phase that a span of clock times follows in its clause.
_TIMED = regex.compile(r"(?i:\b(?:sedation|sedated|anesthesia|anaesthesia|GA|MAC|ingested|injected|infused|uptake"
                       r"|time-out|timeout|procedure)\b)")
_READ_BACK_AFTER = regex.compile(r"[ \t]*(?i:read[ \t-]*back)")
# A label word and four digits that could be a time of day, with nothing after them that makes them a quantity:
# one step of a timeline ("Door 0914", "needle: 0948", "tPA given 1952").
_TIMELINE_STEP = (r"(?<=(?<![\w.-])\p{L}[\p{L}'/-]*\.?:?[ \t]{1,3})(?<![\w:./-])(?:[01]\d|2[0-3])[0-5]\d"
                  r"(?![\w:/]|[.,]\d|[ \t]*(?:[-x×/]|(?i:mm|cm|ml|cc|mg|kg|hu|units?|mgy|gy|%)\b))")
_TIMELINE_STEPS = regex.compile(_TIMELINE_STEP)


class TimeRecognizer(SpanPatternRecognizer):
    """Finds times of day (signature, call and scan times).

    A two-digit hour with minutes is a time on its own. "1:10" with a one-digit hour could be a
    ratio or dilution, so it is scored lower and dropped next to those words; four-digit military
    times need "hours"/"hrs" after them or "at" before them, else they are just numbers.
    """

    ENTITY = "TIME"
    PATTERNS = (
        # After a space, or after the "T" of an ISO timestamp (2023-01-05T08:15:00).
        ("clock", rf"(?:(?<=\dT)|(?<![\w:.]))(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:{_AMPM}|{_HOURS}|Z)?"
                  rf"{_ZONE}?(?!\w|:\d|\.\d)",
         0.8),
        ("clock_ampm", rf"(?<![\w:.])(?:1[0-2]|0?[1-9]):[0-5]\d(?::[0-5]\d)?{_AMPM_SHORT}{_ZONE}?", 0.85),
        # "9:15" without AM/PM: a time unless it is a ratio or dilution ("1:10 dilution").
        ("clock_one_digit", rf"(?<![\w:.]|(?i:ratio|dilution|of)[ \t]{{1,3}})\d:[0-5]\d(?::[0-5]\d)?{_ZONE}?"
                            r"(?![\w:]|\.\d|[ \t]*(?i:ratio|dilution|solution|mix))", 0.6),
        # "11.45 am": a full stop between hour and minutes, only with am/pm (else it is a decimal).
        ("clock_dotted_ampm", rf"(?<![\w:.])(?:1[0-2]|0?[1-9])\.[0-5]\d{_AMPM}{_ZONE}?", 0.8),
        ("hour_ampm", rf"(?<![\w:.])(?:1[0-2]|0?[1-9]){_AMPM}{_ZONE}?", 0.7,
         Anchor(r"\d[ \t]*(?:a\.m\.|p\.m\.|am|pm)(?![a-z])", at="near", before=4, after=12)),
        # "1430 hrs", "1500h": the unit is written onto the time and goes with it; "0415Z" is military Zulu time.
        ("military_hours", rf"(?<![\w:.])(?:[01]\d|2[0-3])[0-5]\d(?:{_HOURS}|Z(?!\w))", 0.85),
        # "16.20 hrs", "at 14.35", "Start time 08.30", "12/03/2024 14.32": a full stop between hour and minutes,
        # where an hours unit, "at", a time's label or a date before it shows it is no decimal.
        ("clock_dotted_hours", rf"(?<![\w:.,])(?:[01]\d|2[0-3])\.[0-5]\d{_HOURS}", 0.7, _DOTTED_ANCHOR),
        ("clock_dotted_cued", r"(?:(?<=(?<!\w)(?i:at|@|time(?:[ \t]+(?:of[ \t]+\p{L}+|in|out))?|tm)[ \t:]{1,3})|(?<=\d[/.-]\d{2,4}[ \t]{1,2}))"
                              r"(?P<phi>(?:[01]\d|2[0-3])\.[0-5]\d)(?![\w]|[.,]\d|[ \t]*(?i:mm|cm|ml|cc|mg|kg|g|hu|%))",
         0.6, _DOTTED_ANCHOR),
        # "scanned 0915-0940", "from 0915 to 0940", "2115 GMT": four-digit times as a range after a word that times
        # it ("SVR 1500-2250" is a range of values), or with a named zone; never years ("2019-2020").
        ("military_range", rf"(?<=(?<!\w)(?i:from|between|at|@|time|times|hours|hrs|scanned|imaged|performed|done|exam"
                           rf"|study|procedure|session|slot|booked|appointment)[ \t:]{{1,3}})"
                           rf"(?P<phi>{_HHMM})[ \t]*(?:[-–]|(?i:to))[ \t]*(?P<phi>{_HHMM})"
                           r"(?![\w:/]|[.,]\d|[ \t]*(?:[-x×/]|(?i:mm|cm|ml|cc|mg|hu|units?|%)\b))", 0.6,
         Anchor(r"(?<![0-9])[0-2][0-9][0-5][0-9][ \t]*(?:[-–]|to)[ \t]*[0-2][0-9][0-5][0-9](?![0-9])")),
        # "Sedation (moderate) 0908-1015", "fentanyl 50 mcg; 1144-1209": a later time after an earlier one, in a clause
        # that times a sedation, an anaesthetic or a tracer's uptake (`refine`).
        ("military_range_timed", rf"(?<![\w:./-])(?P<phi>{_HHMM})[ \t]*[-–][ \t]*(?P<phi>{_HHMM})"
                                 r"(?![\w:/]|[.,]\d|[ \t]*(?:[-x×/]|(?i:mm|cm|ml|cc|mg|hu|units?|%)\b))", 0.6,
         Anchor(r"(?<![0-9])[0-2][0-9][0-5][0-9][ \t]*[-–][ \t]*[0-2][0-9][0-5][0-9](?![0-9])")),
        ("military_zoned", rf"(?<![\w:./-])(?P<phi>{_HHMM}[ \t]*(?:[ECMP][SD]T|UTC|GMT|BST|AE[SD]T))(?!\w)", 0.6,
         Anchor(r"[0-9]{4}[ \t]*(?:[ECMP][SD]T|UTC|GMT|BST|AE[SD]T)\b", case_sensitive=True, at="near", before=4,
                after=0)),
        # "at 0415", "since 2200", and hedged: "at approx. 2130", "around 0400" (never a year; no unit after).
        ("military_cued", rf"(?<!\w)(?:(?i:at|@|known[ \t]+well|since)(?:[ \t]*{_HEDGE})?|{_HEDGE})[ \t]*"
                          rf"(?P<phi>(?:[01]\d|2[0-3])[0-5]\d{_ZONE}?)"
                          r"(?!\w|:\d|\.\d|[ \t]*(?i:mm|cm|ml|cc|mg|hu|units?|%)"
                          r"|[ \t]+\p{Lu}\p{Ll})",
         0.6),
        # "8/15/22 1432": four digits right after a date are its time.
        # "8/15/22 1432", "5/12 0400", "9/21 0857": four digits right after a date are its time; "0322 8/8",
        # "1915, 8/2", "0741 Sun 11/5": and right before one.
        # "03DEC2026 0118", "20261203 0341" (an HL7 date, then its time), "12/03/2026  0115-0150" (a procedure's span),
        # "Compared to 12/3/2026 0015: ..." (the time closing a label).
        # "Mar 1, 2026 1305", "03/04/26  |  1315": after a month's name and a day, and in the column after a date's.
        ("military_after_date", r"(?<![\w/.])(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,4}[.-]\d{1,2}[.-]\d{2,4}"
                                rf"|\d{{1,2}}[ -]?{_MONTH_ABBREVIATION}[ -]?\d{{2,4}}|(?:19|20)\d\d(?:0[1-9]|1[0-2])\d\d"
                                rf"|{_MONTH_ABBREVIATION}\p{{Ll}}*\.?[ \t]+\d{{1,2}},?[ \t]+(?:19|20)\d\d),?"
                                r"(?:[ \t]+(?:@[ \t]*)?|[ \t]*@[ \t]*|[ \t]*\|[ \t]*)"
                                rf"(?P<phi>(?:[01]\d|2[0-3])[0-5]\d(?:{_ZONE}|[-–]{_HHMM})?)"
                                r"(?![\w/]|:\d|\.\d)", 0.7),
        # "202311300714": an HL7 timestamp, date and time run together; the time is its last four (or six) digits.
        ("compact_timestamp", r"(?<![\w.-])(?:1[89]|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
                              r"(?P<phi>(?:[01]\d|2[0-3])[0-5]\d(?:[0-5]\d)?)(?![\w.-])", 0.7),
        ("military_before_date", r"(?<![\w/.:-])(?P<phi>(?:[01]\d|2[0-3])[0-5]\d),?[ \t]+(?:\p{L}{3}\.?[ \t]+)?"
                                 r"\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\w/]|\.\d)", 0.7),
        # "Door 0914, CT 0921, needle 0948", "Arrival 0342  Puncture 0455": a line of labelled four-digit steps is a
        # timeline; `refine` wants a second step on the line and one that cannot be a year.
        ("military_timeline", rf"(?P<phi>{_TIMELINE_STEP})", 0.6,
         Anchor(r"[a-z][.:]?[ \t]{1,3}[0-2][0-9][0-5][0-9](?![0-9])", at="near", before=0, after=8)),
        # "Arrival 0342", "LKW 2130", "Prelim: 2255": four digits after the label of a moment in a timeline.
        ("military_event", rf"(?<![\w-])(?i:{_EVENT})[ \t]*[:=]?[ \t]{{0,3}}(?P<phi>{_HHMM})"
                           r"(?![\w:/]|[.,]\d|[ \t]*(?:[-x×/]|(?i:mm|cm|ml|cc|mg|mcg|meq|kg|g|l|kcal|hu|iu|units?|mgy|gy|%)\b))",
         0.6, Anchor(words=" ".join(_EVENT_WORDS), at="start")),
        # "retry 0705", "(found 0815)", "Lugol's given 0800": four digits with a leading zero are a time of day
        # wherever they stand, as no year, count or measure is written so; not after a quantity's name or a range's
        # first number (`refine`), nor before a study's letters ("0244 CT scan").
        ("military_leading_zero", r"(?<![\w:./#-])0\d[0-5]\d"
                                  r"(?![\w:/-]|[.,]\d|[ \t]*(?:[x×/]|(?i:mm|cm|ml|cc|mg|mcg|kg|g|hu|units?|mgy|gy|%)\b)|[ \t]+\p{Lu}{2})",
         0.6, Anchor(r"0[0-9][0-5][0-9](?![0-9])", at="near", before=0, after=4)),
        # "3 15 am", "10 40 a m": voice recognition writes the hour and minutes apart.
        ("spoken_clock", r"(?<![\w:.])(?:1[0-2]|0?[1-9])[ \t][0-5]\d[ \t]*(?i:a\.?[ \t]?m\.?|p\.?[ \t]?m\.?)(?!\w)", 0.6,
         Anchor(r"[0-9][ \t][0-5][0-9][ \t]*[ap]\.?[ \t]?m", at="near", before=2, after=10)),
        # "two forty five pm", "at three oh five": a time read out in words, with am/pm or after "at" (never a
        # clock-face position: "at two thirty o'clock", "at ten fifteen position").
        ("spoken_words_clock", rf"(?<![\w-]){SPOKEN_CLOCK}[ \t]*(?i:a\.?[ \t]?m\.?|p\.?[ \t]?m\.?)(?!\w)", 0.6,
         Anchor(r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) [a-z -]{2,14}[ap]\.? ?m",
                at="near", before=2, after=16)),
        ("spoken_words_at", rf"(?<=(?<!\w)(?i:at)[ \t]+)(?>{SPOKEN_CLOCK})(?![ \t-]*(?i:o['’]?clock|position|axis))", 0.5,
         Anchor(r"\bat[ \t]+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[ \t]", at="near",
                before=0, after=48)),
        ("hour_h_minute", r"(?<![\w:.])(?:[01]?\d|2[0-3])h[0-5]\d(?!\w)", 0.7),
        # "time 1147", "TIME: 0142", "Time of exam: 0912": four digits after a time's label.
        ("military_labelled", r"(?<!\w)(?i:time(?:[ \t]+(?:of[ \t]+\p{L}+|in|out|seen|called|started|finished))?|tm)[ \t]*[:=]?[ \t]*(?P<phi>(?:[01]\d|2[0-3])[0-5]\d)(?![\w:/]|\.\d)",
         0.7),
        # "Started 0915, finished 0940", "Seen 0930": four digits right after a past-tense verb, no quantity after.
        ("military_after_verb", r"(?<![\w-])(?i:\p{L}{3,}ed|seen|done|read|begun)[ \t]+"
                                r"(?P<phi>(?!19|20)(?:[01]\d|2[0-3])[0-5]\d)(?![\w:/.,-]\d|\w|[ \t]*(?:[-x×/]|(?i:mm|cm|ml|cc|mg|mcg"
                                r"|g|kg|hu|u|iu|units?|mgy|cgy|gy|msv|mas|kvp?|%|times|patients?|cases?|images?|slices?"
                                r"|frames?|counts?|steps?|beats?|views?|points?|sec|seconds?|ms)\b))", 0.6,
         # Found from the verb's last letters and the digits, so no word is read letter by letter.
         Anchor(r"(?:ed|seen|done|read|begun)[ \t]+(?:[01][0-9]|2[0-3])[0-5][0-9](?![0-9])", at="near", before=30,
                after=0)),
        # "StudyTime=143022", "<StudyTime>1430", "study_time: 0915": an export's time key.
        ("keyed", r"(?:[Tt]ime|TIME)[ \t]*(?:[:=>]|\"[ \t]*:)[ \t]*\"?(?P<phi>(?:[01]\d|2[0-3])[0-5]\d(?:[0-5]\d(?:\.\d+)?)?)"
                  r"(?![\w:/]|\.\d)", 0.7, Anchor(r"time[ \t]*(?:[:=>]|\"[ \t]*:)[ \t]*\"?[0-9]{4}", at="start")),
        # "... aware 1152.", "Anders Halvorsen, MD 0317", "TRAUMA SURGERY 0158 READ BACK", "Called RN Ines Varga
        # 0512 re: NG tube": four digits ending a
        # clause of a call or a signature; `refine` wants the call's or signature's words around them.
        ("military_clause", r"(?<![\w:./-])(?P<phi>(?:[01]\d|2[0-3])[0-5]\d)"
                            r"(?=[ \t]*(?:[.;,)]|$|(?i:read[ \t-]*back|hrs?\b|hours|(?:by|via)[ \t]+\p{L}|re\b|regarding\b)))", 0.6),
    )
    CONTEXT = ("time", "called", "paged", "discussed", "signed", "hours")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """Drop a bare "(4:47)" (a series:image reference), ranges of numbered things, and clause-final digits away
        from a call or signature."""
        if pattern == "military_range" and _QUANTITY_BEFORE.search(_clause(text, match.start())):
            return None  # "series 1001-1200", "images 0010-0120"
        if pattern == "military_range_timed":
            first, last = match.captures("phi")
            sentence = _clause(text, match.start(), _SENTENCE_END)  # "Sedation: midazolam 2 mg; 1144-1209"
            timed = first < last and _TIMED.search(sentence) and not _QUANTITY_BEFORE.search(_clause(text, start))
            return (start, end) if timed else None
        if pattern == "military_timeline":
            return (start, end) if _is_timeline(text, start) else None
        if pattern == "military_leading_zero" and (_QUANTITY_BEFORE.search(_clause(text, start))
                                                   or _RANGE_BEFORE.search(text, max(0, start - 8), start)):
            return None  # "series 0012", "images 0120 to 0240"
        if pattern == "military_clause":
            clause = _clause(text, start)
            called = _CALL_BEFORE.search(clause) or _READ_BACK_AFTER.match(text, end)
            return (start, end) if called and not _QUANTITY_BEFORE.search(clause) else None
        bracketed = text[start - 1:start] == "(" and text[end:end + 1] == ")"
        if bracketed and pattern in ("clock", "clock_one_digit") and ":" in text[start:end]:
            # "(4:47)" is a series:image reference, "aware (21:48)" the time of a call.
            if not _AMPM_OR_ZONE.search(text[start:end]) and not _CALL_BEFORE.search(_clause(text, start)):
                return None
        return start, end


# A clause ends at a full stop (not a title's: "Called to Dr. Quist 1104"), a semicolon or a line break.
_CLAUSE_END = regex.compile(r"[\n;]|(?<!(?<!\w)(?i:dr|mr|mrs|ms|prof))\.")
_SENTENCE_END = regex.compile(r"\n|(?<!(?<!\w)(?i:dr|mr|mrs|ms|prof))\.")


# The end of a range of numbers before the digits ("images 0120 to 0240"): the range's, not a time's.
_RANGE_BEFORE = regex.compile(r"\d[ \t]*(?:to|-|–)[ \t]*$")


def _is_timeline(text: str, start: int) -> bool:
    """Whether the line around `start` holds two or more labelled four-digit steps, one of them no year."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    steps = [m for m in _TIMELINE_STEPS.finditer(line)
             if not _QUANTITY_BEFORE.fullmatch(line[:m.start()].rsplit(None, 1)[-1])]  # "DLP 1152" is a dose
    return len(steps) >= 2 and any(not m.group().startswith(("19", "20")) for m in steps)


def _clause(text: str, start: int, end_pattern: regex.Pattern = _CLAUSE_END) -> str:
    """The clause before `start`: back to a sentence's full stop, a semicolon or a line break (at most 100 chars)."""
    clause = text[max(0, start - 100):start]
    ends = [m.end() for m in end_pattern.finditer(clause)]
    return clause[ends[-1] if ends else 0:]
