"""Annotate a JSONL file of reports: {id, text} lines in, {id, findings, labels} lines out."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

from ..jsonl import Handler, JsonlRun, map_jsonl
from .annotate import Annotator
from .annotators import shipped_annotator
from .store import load_ontology


def annotation_record(annotator: Annotator, item: dict, roll_up: bool = False) -> dict:
    """Return the output line for one report: its mentions and its per-concept labels."""
    result = annotator.annotate(item["text"])
    labels = annotator.ontology.roll_up(result.labels) if roll_up else result.labels
    return {"id": item["id"], "findings": [f.as_dict() for f in result.findings], "labels": dict(sorted(labels.items()))}


def annotate_jsonl(source: Path, destination: Path, ontology_path: Path, cache_dir: Path | None = None, *,
                   roll_up: bool = False, workers: int = 1,
                   on_line: Callable[[int], None] | None = None) -> JsonlRun:
    """Annotate every line of `source` into `destination` (written atomically)."""
    ontology = load_ontology(ontology_path, cache_dir)
    statuses: Counter = Counter()
    run = map_jsonl(source, destination, partial(_handler, Path(ontology_path), cache_dir, roll_up),
                    workers=workers, on_output=lambda out: statuses.update(out["labels"].values()), on_line=on_line)
    run.details = {"ontology_version": ontology.version, "labels": dict(sorted(statuses.items()))}
    return run


def _handler(ontology_path: Path, cache_dir: Path | None, roll_up: bool) -> Handler:
    annotator = shipped_annotator(load_ontology(ontology_path, cache_dir))
    return partial(annotation_record, annotator, roll_up=roll_up)
