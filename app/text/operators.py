"""What replaces each detected span: a [TAG], a consistent surrogate, or the date moved by the patient's shift."""
from __future__ import annotations

import hashlib
import hmac
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from faker import Faker

from ..known_phi import MONTHS
from .recognizers._calendar import ORDINAL, WEEKDAY

TAGS = {"PERSON": "[NAME]", "DATE": "[DATE]", "TIME": "[TIME]", "ID": "[ID]", "PHONE": "[PHONE]", "EMAIL": "[EMAIL]",
        "URL": "[URL]", "ADDRESS": "[ADDRESS]", "ZIP": "[ZIP]", "ORGANIZATION": "[ORGANIZATION]", "AGE": "[AGE>89]"}

# (pattern, strptime format) pairs for dates that can be shifted and written back in the same form.
DATE_FORMATS = (
    (r"\d{1,2}/\d{1,2}/\d{4}", "%m/%d/%Y"), (r"\d{1,2}/\d{1,2}/\d{2}", "%m/%d/%y"),
    (r"\d{1,2}-\d{1,2}-\d{4}", "%m-%d-%Y"), (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"), (r"\d{4}/\d{2}/\d{2}", "%Y/%m/%d"),
    (r"\d{8}", "%Y%m%d"), (r"\d{1,2}-[A-Za-z]{3}-\d{4}", "%d-%b-%Y"), (r"\d{1,2} [A-Za-z]{3} \d{4}", "%d %b %Y"),
    (r"\d{1,2} [A-Za-z]{4,9} \d{4}", "%d %B %Y"), (r"[A-Za-z]{4,9} \d{1,2}, \d{4}", "%B %d, %Y"),
    (r"[A-Za-z]{3} \d{1,2}, \d{4}", "%b %d, %Y"), (r"[A-Za-z]{3}\. \d{1,2}, \d{4}", "%b. %d, %Y"),
    (r"[A-Za-z]{3} \d{1,2} \d{4}", "%b %d %Y"), (r"[A-Za-z]{4,9} \d{1,2} \d{4}", "%B %d %Y"),
)
_DATE_FORMATS = [(re.compile(pattern + r"$"), fmt) for pattern, fmt in DATE_FORMATS]
# Formats whose day and month may be written with or without a zero (20210314 and 2021-03-14 have fixed widths).
_FLEXIBLE = frozenset(fmt for pattern, fmt in DATE_FORMATS if r"\d{1,2}" in pattern)


def treatment(kind: str, *, operator: str, date_mode: str, keep_ages: bool) -> str:
    """Return what happens to a span of `kind` (keep, shift, redact or surrogate) under a profile's rules."""
    # Text dates follow the header's date policy, so intervals in text match the images.
    if kind == "DATE":
        return {"keep": "keep", "shift": "shift"}.get(date_mode, "redact")
    if kind == "AGE" and keep_ages:
        return "keep"
    return operator


def redact(kind: str, original: str) -> str:
    """Return the tag that stands for a kind of PHI, e.g. [NAME]."""
    return TAGS.get(kind, f"[{kind}]")


@dataclass(frozen=True)
class DateStyle:
    """How one report writes its dates, for what a date alone cannot tell: zero padding, abbreviated months.

    A shifted date must not say what the original was: "10/15/2000" shows no padding and "May 12" no
    abbreviation, so writing them one way for such originals and another for the rest would tell a reader the
    original month or day. Such a date takes its report's style, else the usual one for its form (numbers
    padded, "12-Mar-2021" padded, "March 2, 2021" not; months in full).
    """

    padded: frozenset[str] = frozenset({"numeric"})  # the date families written with zero padding
    abbreviated: bool = False

    @classmethod
    def of(cls, dates: Iterable[str]) -> DateStyle:
        """The style the report's dates show (ambiguous ones, like "10/15/2000" or "May 12", show none)."""
        shown: dict[str, bool] = {}  # family: padded or not, as the report's dates show it
        abbreviated = full = False
        for text in dates:
            parsed = _parse(text)
            if parsed is None:
                continue
            padding = _padding_shown(text, parsed[1])
            if padding is not None:  # one padded date makes its family padded
                family = _family(parsed[1])
                shown[family] = shown.get(family, False) or padding
            month = _month_form(text)
            full |= month == "full"
            abbreviated |= month == "abbreviated"
        padded = {family for family in ("numeric", "prose") if shown.get(family, family in cls().padded)}
        return cls(padded=frozenset(padded), abbreviated=abbreviated and not full)


_WORD = re.compile(r"[A-Za-z]+")
_FULL_MONTHS = frozenset(name.lower() for name in MONTHS) - {"may"}
_ABBREVIATED_MONTHS = frozenset(name[:3].lower() for name in MONTHS) - {"may"} | {"sept"}


# A leading weekday ("Tuesday, January 16, 2024", "Sat 23 Mar 2024") is written again for the moved date: the
# date recognizer's own weekday and ordinal forms, so every span it finds can be read here.
_WEEKDAY = re.compile(rf"(?P<name>{WEEKDAY})(?!\w),?\s+")
# An ordinal day ("15th of May 2021", "May 15th, 2021") takes the moved day's own suffix.
_ORDINAL = re.compile(rf"(?<=\d){ORDINAL}\b(?P<of>\s+of\b)?", re.IGNORECASE)
_ORDINAL_DAY = "%o"  # stands for the day and its suffix until the moved date is known
_ARTICLE = re.compile(r"the\s+", re.IGNORECASE)


def _parse(text: str) -> tuple[str, str, date] | None:
    """What comes before the date (an article, a weekday: as a format), the date's format (%o for an ordinal
    day) and the date it names, or None."""
    article = _ARTICLE.match(text)  # "the 2nd of January 2024": a recognizer may take the article along
    prefix = article.group() if article else ""
    text = text[len(prefix):]
    weekday = _WEEKDAY.match(text)
    if weekday:
        prefix += _weekday_directive(weekday.group("name")) + text[weekday.end("name"):weekday.end()]
        text = text[weekday.end():]
    ordinal = _ORDINAL.search(text)
    core = _ORDINAL.sub("", text) if ordinal else text
    for pattern, fmt in _DATE_FORMATS:
        if pattern.match(core):
            try:
                day = datetime.strptime(core, fmt).date()
            except ValueError:
                continue
            if ordinal and "%d" in fmt:
                fmt = fmt.replace("%d", _ORDINAL_DAY + (" of" if ordinal.group("of") else ""))
            return prefix, fmt, day
    return None


def _weekday_directive(written: str) -> str:
    """%A for a weekday written in full, %a for one abbreviated ("Tue", "Tues"), with its full stop if it had one."""
    name = written.rstrip(".")
    return ("%A" if name.lower().endswith("day") else "%a") + written[len(name):]


def _ordinal(day: int) -> str:
    """The day with its English ordinal suffix: 1st, 2nd, 3rd, 11th, 22nd."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _family(fmt: str) -> str:
    """"prose" for dates led by a month name ("March 2, 2021"), else "numeric" (padding conventions differ)."""
    return "prose" if fmt.startswith(("%b", "%B")) else "numeric"


def _padding_shown(text: str, fmt: str) -> bool | None:
    """Whether a date shows zero padding (True), shows none (False), or cannot tell ("10/15/2000", "20210314")."""
    if fmt not in _FLEXIBLE:
        return None
    if "%y" in fmt:
        text = re.sub(r"\D\d{2}$", "", text)  # a two-digit year is no day or month
    numbers = re.findall(r"(?<!\d)\d{1,2}(?!\d)", text)
    if any(n.startswith("0") for n in numbers):
        return True
    return False if any(len(n) == 1 for n in numbers) else None


def _month_form(text: str) -> str | None:
    """Whether a date's month word is written in full, abbreviated, or neither ("May" is both, numbers none)."""
    for word in _WORD.findall(text.lower()):  # the first month word: a weekday may come before it
        if word in _FULL_MONTHS:
            return "full"
        if word in _ABBREVIATED_MONTHS:
            return "abbreviated"
    return None


def shift_date_text(original: str, days: int, style: DateStyle = DateStyle()) -> str | None:
    """Return the date text moved by `days` in its own format, or None when it cannot be parsed.

    What the date does not show itself (padding of two-digit numbers, "May" in full or abbreviated) comes
    from `style`, its report's.
    """
    text = original.strip()
    parsed = _parse(text)
    if parsed is None:
        return None
    prefix, fmt, day = parsed
    moved = day + timedelta(days=days)
    if "%b" in fmt and _month_form(text) is None and not style.abbreviated:
        fmt = fmt.replace("%b.", "%B").replace("%b", "%B")  # "May", written in full
    padding = _padding_shown(text, fmt)
    if padding is False or (padding is None and fmt in _FLEXIBLE and _family(fmt) not in style.padded):
        fmt = fmt.replace("%m", str(moved.month)).replace("%d", str(moved.day))
    return moved.strftime(prefix + fmt.replace(_ORDINAL_DAY, _ordinal(moved.day)))


@dataclass(frozen=True)
class Surrogates:
    """Realistic fake values, the same for the same input within one patient (keyed HMAC seeds)."""

    key: bytes

    def value(self, kind: str, original: str, patient: str) -> str:
        """Return the surrogate for `original` of `kind`, stable for this patient."""
        seed = int.from_bytes(hmac.new(self.key, f"{patient}\x1f{kind}\x1f{_normal(original)}".encode(),
                                       hashlib.sha256).digest()[:8], "big")
        fake = _faker()
        fake.seed_instance(seed)  # reseeded per value, so a reused instance gives what a new one would
        maker = {
            "PERSON": lambda: _name_like(original, fake),
            "ID": lambda: _id_like(original, fake),
            "PHONE": fake.numerify("(###) ###-####").__str__,
            "EMAIL": fake.email, "URL": fake.url, "ADDRESS": fake.street_address, "ZIP": fake.zipcode,
            "ORGANIZATION": lambda: f"{fake.last_name()} Medical Center",
            "TIME": lambda: fake.time("%H:%M"), "AGE": lambda: _age_like(original),
            "DATE": lambda: fake.date_between(date(1990, 1, 1), date(2020, 12, 31)).strftime("%m/%d/%Y"),
        }.get(kind)
        return maker() if maker else redact(kind, original)


_local = threading.local()


def _faker() -> Faker:
    """Return this thread's Faker (building one costs about 20 times what a surrogate does)."""
    if not hasattr(_local, "faker"):
        _local.faker = Faker("en_US")
    return _local.faker


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _name_like(original: str, fake: Faker) -> str:
    family, given = fake.last_name(), fake.first_name()
    if "," in original:
        return f"{family}, {given}"
    words = original.replace(".", "").split()
    if len(words) == 1:
        return family
    return f"{given} {family}"


def _id_like(original: str, fake: Faker) -> str:
    # Same shape (letters stay letters, digits stay digits) so downstream parsers still work.
    return "".join(fake.random_uppercase_letter() if c.isalpha() else str(fake.random_digit()) if c.isdigit() else c
                   for c in original)


# Where the unit written onto an age begins ("92-year-old", "ninety-one years old", "93y"); no number word starts
# with a "y".
_AGE_UNIT = re.compile(r"[ \t-]*(?<![A-Za-z])(?:years?|yrs?|yo|y)(?![A-Za-z])", re.IGNORECASE)


def _age_like(original: str) -> str:
    # Safe Harbor's aggregate, in the age's own wording: "92-year-old" -> "90+-year-old".
    unit = _AGE_UNIT.search(original)
    return "90+" + (original[unit.start():] if unit else "")
