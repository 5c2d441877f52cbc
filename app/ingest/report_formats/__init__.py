"""Report file formats: one small reader module each, registered by file suffix.

A reader turns one file into IncomingReport values and per-message problems;
it never touches the index, and a malformed message never yields a half report.
Each module is imported only when a file of its format comes (fhir.resources
alone takes half a second to import).
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path

from ...errors import InvalidInput
from .model import IncomingReport, ReportProblem

Reader = Callable[[Path], Iterator[IncomingReport | ReportProblem]]
# suffix -> module in this package whose `read(path)` reads it
READERS = {".jsonl": "jsonl", ".hl7": "hl7v2", ".json": "fhir", ".ndjson": "fhir"}


def reader_for(path: Path) -> Reader:
    """Return the reader for a report file by its suffix; InvalidInput for an unknown one."""
    module = READERS.get(path.suffix.lower())
    if module is None:
        raise InvalidInput(f"{path.name}: unknown report format (expected {', '.join(sorted(READERS))})")
    return importlib.import_module(f"{__name__}.{module}").read


__all__ = ["IncomingReport", "ReportProblem", "reader_for"]
