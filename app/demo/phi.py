"""What the demo's identifying values are: person names and the kinds of PHI placed in files and reports.

The test corpora (tests/synth) record their ground truth in the same kinds, so a leak checker knows
how to search for each value.
"""
from __future__ import annotations

from dataclasses import dataclass

PERSON_NAME = "person_name"
IDENTIFIER = "id"
DATE = "date"
DATETIME = "datetime"
TIME = "time"
ADDRESS = "address"
PHONE = "phone"
INSTITUTION = "institution"
DEVICE = "device"
DEMOGRAPHIC = "demographic"
UID = "uid"


@dataclass(frozen=True)
class PersonName:
    """A person's name with DICOM PN and natural-language renderings."""

    family: str
    given: str
    middle: str = ""
    prefix: str = ""
    suffix: str = ""

    def dicom(self, *, upper: bool = False, middle_initial: bool = False) -> str:
        """Render as DICOM PN `FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX` with trailing empties dropped."""
        middle = self.middle[:1] if middle_initial and self.middle else self.middle
        parts = [self.family, self.given, middle, self.prefix, self.suffix]
        while parts and not parts[-1]:
            parts.pop()
        text = "^".join(parts)
        return text.upper() if upper else text

    @property
    def natural(self) -> str:
        """Return "Given Family"."""
        return f"{self.given} {self.family}"

    @property
    def full_natural(self) -> str:
        """Return "Given Middle Family" (or "Given Family" without a middle name)."""
        return " ".join(p for p in (self.given, self.middle, self.family) if p)

    @property
    def last_first(self) -> str:
        """Return "Family, Given"."""
        return f"{self.family}, {self.given}"

    @classmethod
    def parse(cls, value: str) -> PersonName:
        """Read a DICOM PN string `FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX` (missing parts empty)."""
        return cls(*(value.split("^") + [""] * 5)[:5])
