"""DICOM / HL7 / FHIR dates to Python dates, and ages at a study."""
from __future__ import annotations

import re
from datetime import date

_DIGITS = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_AGE = re.compile(r"^(\d{3})([DWMY])$")
_AGE_UNIT_YEARS = {"D": 1 / 365.25, "W": 7 / 365.25, "M": 1 / 12, "Y": 1}


def parse_date(text: str | None) -> date | None:
    """Return the date at the start of a DA, HL7 TS or ISO date (time parts ignored), or None."""
    match = _DIGITS.match((text or "").strip())
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def age_in_years(birth: date | None, on: date | None, age_string: str = "") -> int | None:
    """Return whole years from birth to `on`, else from a DICOM AS value ("079Y"), else None."""
    if birth and on and on >= birth:
        return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    match = _AGE.match(age_string.strip())
    if match:
        return int(int(match.group(1)) * _AGE_UNIT_YEARS[match.group(2)])
    return None
