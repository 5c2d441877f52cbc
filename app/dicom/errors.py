"""Why a file did not become a clean output; every message is PHI-free."""
from __future__ import annotations

from ..errors import CleanroomError


class NotDicom(CleanroomError):
    """The input is not a DICOM file at all: skipped, not quarantined."""

    code = "not_dicom"


class Quarantined(CleanroomError):
    """The input cannot be proven clean; it goes to quarantine with this reason."""

    http_status = 422

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class UnreadableDicom(Quarantined):
    """The input looks like DICOM but cannot be parsed completely."""

    def __init__(self, message: str):
        super().__init__("unreadable", message)
