"""HL7 v2 ORU^R01 result messages: one report per message, its OBX text assembled in order.

Mapping: report ID from OBR-3 (filler order number), else MSH-10; accession from
OBR-18, else OBR-3; study date from OBR-7; patient from PID-3 (first ID), PID-5,
PID-7, PID-8; study instance UID from a ZDS-1 segment (IHE) when present.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import hl7

from ..dates import parse_date
from .model import IncomingReport, ReportProblem

_SEGMENT_BREAK = re.compile(r"\r\n|\n|\r")


def read(path: Path) -> Iterator[IncomingReport | ReportProblem]:
    """Yield each message's report, or its number and what is wrong with it."""
    text = path.read_text(encoding="utf-8", errors="replace")
    for number, segments in enumerate(_messages(text), 1):
        try:
            yield _report(hl7.parse("\r".join(segments)))
        except _Refused as exc:
            yield ReportProblem(f"message {number}", str(exc))
        except Exception as exc:  # hl7 raises several types for malformed messages; their text may quote content
            yield ReportProblem(f"message {number}", f"not a parsable HL7 v2 message ({type(exc).__name__})")


class _Refused(Exception):
    """A well-formed message this reader does not take (its message is PHI-free)."""


def _messages(text: str) -> Iterator[list[str]]:
    """Split a file into messages: each starts at an MSH segment (files use \\r, \\n or \\r\\n between segments)."""
    current: list[str] = []
    for line in _SEGMENT_BREAK.split(text.lstrip("\ufeff")):
        if not line.strip():
            continue
        if line.startswith("MSH") and current:
            yield current
            current = []
        current.append(line)
    if current:
        yield current


def _report(message: hl7.Message) -> IncomingReport:
    if not str(_field(message, "MSH", 9)).startswith("ORU"):
        raise _Refused("not an ORU^R01 result message")
    lines = [message.unescape(str(obx[5])) for obx in _segments(message, "OBX") if len(obx) > 5]
    text = "\n".join(lines).replace("\r", "\n").strip()
    if not text:
        raise _Refused("no report text in its OBX segments")
    order = _field(message, "OBR", 3)
    report_id = order or _field(message, "MSH", 10)
    if not report_id:
        raise _Refused("no report ID (OBR-3 or MSH-10)")
    return IncomingReport(
        "hl7", report_id, text, accession=_field(message, "OBR", 18) or order, study_uid=_field(message, "ZDS", 1),
        patient_id=_field(message, "PID", 3), patient_name=_whole(message, "PID", 5),
        birth_date=_field(message, "PID", 7)[:8], sex=_field(message, "PID", 8).upper()[:16],
        study_date=parse_date(_field(message, "OBR", 7)))


def _segments(message: hl7.Message, name: str) -> list:
    try:
        return message.segments(name)
    except KeyError:
        return []


def _field(message: hl7.Message, segment: str, field: int) -> str:
    """Return the first component of the first repetition of a field, "" when absent."""
    try:
        return message.unescape(str(message[f"{segment}.F{field}.R1.C1"])).strip()
    except (KeyError, IndexError):
        return ""


def _whole(message: hl7.Message, segment: str, field: int) -> str:
    """Return a field's first repetition with all its components (a name: FAMILY^GIVEN), "" when absent."""
    found = _segments(message, segment)
    if not found or len(found[0]) <= field:
        return ""
    return str(found[0][field]).split("~")[0].strip()
