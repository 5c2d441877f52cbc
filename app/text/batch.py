"""De-identify a JSONL file of reports: line by line, bad lines reported by number, output written atomically."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

from ..identity import IdentityKeys
from ..jsonl import Handler, JsonlRun, map_jsonl
from ..profiles import Profile
from .engine import ReportDeidentifier


def check_patient_fields(item: dict) -> str:
    """Return why a report's optional `patient` / `study_date` cannot be used, or ""."""
    if item.get("patient") is not None and not isinstance(item["patient"], dict):
        return "`patient` must be an object"
    if item.get("study_date") is not None and not isinstance(item["study_date"], str):
        return "`study_date` must be a string"
    return ""


def deidentify_report(engine: ReportDeidentifier, item: dict) -> dict:
    """Return the output line for one valid report: id, text, entities (offsets into the input)."""
    result = engine.deidentify(item["text"], item.get("patient"), item.get("study_date"), str(item["id"]))
    return {"id": item["id"], "text": result.text, "entities": [e.as_dict() for e in result.entities]}


def deidentify_jsonl(source: Path, destination: Path, profile: Profile, keys: IdentityKeys, workers: int = 1,
                     on_line: Callable[[int], None] | None = None) -> JsonlRun:
    """De-identify every line of `source` into `destination` (written through a temporary file)."""
    kinds: Counter = Counter()
    run = map_jsonl(source, destination, partial(_handler, profile, keys), validate=check_patient_fields,
                    workers=workers, on_output=lambda out: kinds.update(e["type"] for e in out["entities"]),
                    on_line=on_line)
    run.details = {"profile": profile.label, "entities": dict(sorted(kinds.items()))}
    return run


def _handler(profile: Profile, keys: IdentityKeys) -> Handler:
    engine = ReportDeidentifier(profile, keys)
    engine.load_models()  # before any worker is forked, so the workers share one copy
    return partial(deidentify_report, engine)
