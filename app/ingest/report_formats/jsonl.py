"""JSONL reports: {"id", "text", "accession"?, "study_uid"?, "patient": {"id", "name"?, "birth_date"?, "sex"?},
"study_date"?} per line.

The input lines of `cleanroom deid reports` are taken too, so one file serves both: there the
patient's ID is `patient.mrn`, the accession `patient.accession`, and the study UID `study_instance_uid`.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ...jsonl import parse_report_line
from ..dates import parse_date
from .model import IncomingReport, ReportProblem

OPTIONAL_TEXT = ("accession", "study_uid", "study_instance_uid", "study_date")
PATIENT_TEXT = ("id", "mrn", "name", "birth_date", "sex", "accession")


def read(path: Path) -> Iterator[IncomingReport | ReportProblem]:
    """Yield each line's report, or the line number and what is wrong with it."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            item, reason = parse_report_line(line)
            reason = reason or _shape_problem(item)
            if reason:
                yield ReportProblem(f"line {number}", reason)
                continue
            patient = item.get("patient") or {}
            yield IncomingReport(
                "jsonl", str(item["id"]), item["text"],
                accession=item.get("accession") or patient.get("accession") or "",
                study_uid=item.get("study_uid") or item.get("study_instance_uid") or "",
                patient_id=patient.get("id") or patient.get("mrn") or "",
                patient_name=patient.get("name") or "", birth_date=patient.get("birth_date") or "",
                sex=(patient.get("sex") or "").upper()[:16], study_date=parse_date(item.get("study_date")))


def _shape_problem(item: dict) -> str:
    if not item["text"].strip():
        return "empty `text`"
    for key in OPTIONAL_TEXT:
        if not isinstance(item.get(key) or "", str):
            return f"`{key}` must be a string"
    if item.get("study_date") and parse_date(item["study_date"]) is None:
        return "`study_date` is not a date (YYYY-MM-DD or YYYYMMDD)"
    patient = item.get("patient")
    if patient is None:
        return ""
    if not isinstance(patient, dict):
        return "`patient` must be an object"
    for key in PATIENT_TEXT:
        if not isinstance(patient.get(key) or "", str):
            return f"`patient.{key}` must be a string"
    return ""
