"""De-identify a JSONL file of reports: line by line, bad lines reported by number, output written atomically."""
from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..dicom.identity import IdentityKeys
from ..errors import InvalidInput
from ..profiles import Profile
from .engine import ReportDeidentifier

CHUNK = 64


@dataclass
class ReportBatchSummary:
    """Counts of one run; line numbers of bad lines, never their content."""

    profile: str
    lines_in: int = 0
    written: int = 0
    invalid: int = 0
    seconds: float = 0.0
    reports_per_second: float = 0.0
    workers: int = 1
    entities: dict = field(default_factory=dict)
    invalid_lines: list = field(default_factory=list)

    def as_dict(self) -> dict:
        """Return the summary as JSON-ready data."""
        return asdict(self)


def parse_report_line(line: str) -> tuple[dict | None, str]:
    """Return (report, "") for a valid input line, or (None, reason) without echoing the content."""
    try:
        item = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return None, "not valid JSON"
    if not isinstance(item, dict):
        return None, "not a JSON object"
    if not isinstance(item.get("id"), (str, int)) or isinstance(item.get("id"), bool):
        return None, "missing or invalid `id`"
    if not isinstance(item.get("text"), str):
        return None, "missing or invalid `text`"
    if item.get("patient") is not None and not isinstance(item["patient"], dict):
        return None, "`patient` must be an object"
    if item.get("study_date") is not None and not isinstance(item["study_date"], str):
        return None, "`study_date` must be a string"
    return item, ""


def deidentify_report(engine: ReportDeidentifier, item: dict) -> dict:
    """Return the output line for one valid report: id, text, entities (offsets into the input)."""
    result = engine.deidentify(item["text"], item.get("patient"), item.get("study_date"), str(item["id"]))
    return {"id": item["id"], "text": result.text, "entities": [e.as_dict() for e in result.entities]}


def deidentify_jsonl(source: Path, destination: Path, profile: Profile, keys: IdentityKeys, workers: int = 1,
                     on_line: Callable[[int], None] | None = None) -> ReportBatchSummary:
    """De-identify every line of `source` into `destination` (written through a temporary file)."""
    source, destination = Path(source).resolve(), Path(destination).resolve()
    if not source.is_file():
        raise InvalidInput("the input file does not exist")
    if source == destination:
        raise InvalidInput("the output must not overwrite the input")
    started = time.monotonic()
    summary = ReportBatchSummary(profile=profile.label, workers=workers)
    kinds: Counter = Counter()
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.{os.getpid()}.partial")
    try:
        with source.open(encoding="utf-8", errors="replace") as lines, partial.open("w", encoding="utf-8") as out:
            for number, outcome in _outcomes(lines, profile, keys, workers):
                summary.lines_in += 1
                if isinstance(outcome, str):
                    summary.invalid += 1
                    summary.invalid_lines.append({"line": number, "reason": outcome})
                else:
                    out.write(json.dumps(outcome, ensure_ascii=False) + "\n")
                    summary.written += 1
                    kinds.update(e["type"] for e in outcome["entities"])
                if on_line:
                    on_line(number)
        os.replace(partial, destination)
    finally:
        if partial.exists():
            partial.unlink()
    summary.entities = dict(sorted(kinds.items()))
    summary.seconds = round(time.monotonic() - started, 3)
    summary.reports_per_second = round(summary.written / summary.seconds, 1) if summary.seconds else 0.0
    return summary


def _outcomes(lines, profile: Profile, keys: IdentityKeys, workers: int) -> Iterator[tuple[int, dict | str]]:
    numbered = ((number, line) for number, line in enumerate(lines, start=1) if line.strip())
    if workers == 1:
        engine = ReportDeidentifier(profile, keys)
        for number, line in numbered:
            yield number, _one(engine, line)
        return
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(profile, keys)) as pool:
        yield from pool.map(_in_worker, numbered, chunksize=CHUNK)


def _one(engine: ReportDeidentifier, line: str) -> dict | str:
    item, reason = parse_report_line(line)
    return deidentify_report(engine, item) if item is not None else reason


_engine: ReportDeidentifier | None = None


def _init_worker(profile: Profile, keys: IdentityKeys) -> None:
    global _engine
    _engine = ReportDeidentifier(profile, keys)


def _in_worker(numbered: tuple[int, str]) -> tuple[int, dict | str]:
    number, line = numbered
    return number, _one(_engine, line)
