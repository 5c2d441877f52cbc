"""What replaces each detected span: a [TAG], a consistent surrogate, or the date moved by the patient's shift."""
from __future__ import annotations

import hashlib
import hmac
import re
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from faker import Faker

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


def shift_date_text(original: str, days: int) -> str | None:
    """Return the date text moved by `days` in its own format, or None when it cannot be parsed."""
    text = original.strip()
    for pattern, fmt in _DATE_FORMATS:
        if not pattern.match(text):
            continue
        try:
            parsed = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        moved = parsed + timedelta(days=days)
        if fmt[:2] in ("%m", "%d") and not re.search(r"(?:^|[/\- ])0\d", text):
            # Written without zero padding (3/4/21): write the shifted date the same way.
            fmt = fmt.replace("%m", str(moved.month)).replace("%d", str(moved.day))
        return moved.strftime(fmt)
    return None


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
            "TIME": lambda: fake.time("%H:%M"), "AGE": lambda: "90+",
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
