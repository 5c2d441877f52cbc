"""What every report reader yields: a report's plain values, or a problem with one message."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class IncomingReport:
    """One report as read from its file; identifying values are sealed before they are stored."""

    source_format: str
    report_id: str
    text: str
    accession: str = ""
    study_uid: str = ""
    patient_id: str = ""
    patient_name: str = ""
    birth_date: str = ""
    sex: str = ""
    study_date: date | None = None


@dataclass(frozen=True)
class ReportProblem:
    """A message that could not be read: where it is (line, message or entry number) and why, never its content."""

    where: str
    reason: str
