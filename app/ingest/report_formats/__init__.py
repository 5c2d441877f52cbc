"""Report file formats: one small reader each, registered by file suffix.

A reader turns one file into IncomingReport values and per-message problems;
it never touches the index, and a malformed message never yields a half report.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ...errors import InvalidInput
from .model import IncomingReport, ReportProblem

Reader = Callable[[Path], Iterator[IncomingReport | ReportProblem]]
_READERS: dict[str, Reader] = {}


def reader(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register the decorated function as the reader of files with these suffixes."""
    def register(function: Reader) -> Reader:
        for suffix in suffixes:
            _READERS[suffix] = function
        return function
    return register


def reader_for(path: Path) -> Reader:
    """Return the reader for a report file by its suffix; InvalidInput for an unknown one."""
    from . import fhir, hl7v2, jsonl  # noqa: F401  -- importing registers each reader

    found = _READERS.get(path.suffix.lower())
    if found is None:
        raise InvalidInput(f"{path.name}: unknown report format (expected {', '.join(sorted(_READERS))})")
    return found


__all__ = ["IncomingReport", "ReportProblem", "reader", "reader_for"]
