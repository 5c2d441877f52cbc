"""Shift DICOM DA and DT values by whole days; cap ages over 89 (HIPAA Safe Harbor)."""
from __future__ import annotations

from datetime import date, timedelta

AGE_CAP = "090Y"


def shift_da(value: str, days: int) -> str | None:
    """Return the DA value (possibly multi-valued or a range) moved by `days`, or None if unparseable."""
    out = []
    for part in value.strip().split("\\"):
        if "-" in part:  # a date range in a query-style value: shift both ends
            ends = [shift_da(end, days) if end else "" for end in part.split("-", 1)]
            if None in ends:
                return None
            out.append("-".join(ends))
            continue
        moved = _shift_yyyymmdd(part.strip(), days)
        if moved is None:
            return None
        out.append(moved)
    return "\\".join(out)


def shift_dt(value: str, days: int) -> str | None:
    """Return the DT value with its date part moved by `days`; time and offset are kept."""
    out = []
    for part in value.strip().split("\\"):
        part = part.strip()
        if len(part) < 8:
            # Year or year-month precision: shifting by days is meaningless, so drop the value.
            return None
        moved = _shift_yyyymmdd(part[:8], days)
        if moved is None:
            return None
        out.append(moved + part[8:])
    return "\\".join(out)


def _shift_yyyymmdd(text: str, days: int) -> str | None:
    if text == "":
        return ""
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        moved = date(int(text[:4]), int(text[4:6]), int(text[6:])) + timedelta(days=days)
    except (ValueError, OverflowError):
        return None
    return moved.strftime("%Y%m%d") if moved.year >= 1 else None


def age_in_years(age: str) -> float | None:
    """Return a DICOM AS value ('045Y', '018M', '003W', '010D') in years, or None."""
    age = age.strip()
    if len(age) != 4 or not age[:3].isdigit() or age[3] not in "DWMY":
        return None
    return int(age[:3]) / {"D": 365.25, "W": 52.18, "M": 12, "Y": 1}[age[3]]


def cap_age(age: str) -> str:
    """Return `090Y` for ages over 89 years (Safe Harbor aggregates them), else the age unchanged."""
    years = age_in_years(age)
    return AGE_CAP if years is not None and years > 89 else age


def years_between(birth: str, later: str) -> float | None:
    """Return the years from a DA birth date to a later DA date, or None if either is unusable."""
    try:
        born = date(int(birth[:4]), int(birth[4:6]), int(birth[6:8]))
        then = date(int(later[:4]), int(later[4:6]), int(later[6:8]))
    except (ValueError, IndexError):
        return None
    return (then - born).days / 365.25
