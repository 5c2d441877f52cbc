"""Index DICOM files and folder trees: headers only, idempotent by SOP Instance UID, never stopped by one bad file."""
from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..db import Database
from ..deid.batch import iter_input_files
from ..errors import InvalidInput
from ..run_summary import RunSummary
from ..sealed import Sealer
from .batching import Batches
from .index_writer import IndexWriter
from .instances import FileOutcome, describe_file
from .reports import relink_reports

BATCH_SIZE = 500


@dataclass
class IngestSummary(RunSummary):
    """Counts and speed of one folder ingest."""

    COUNTED, RATE = "files_in", "instances_per_second"

    files_in: int = 0
    indexed: int = 0
    updated: int = 0
    skipped: int = 0
    unreadable: int = 0
    workers: int = 1
    reasons: dict = field(default_factory=dict)


def list_files(paths: Iterable[Path]) -> list[Path]:
    """Return every file under the given files and folders, in a stable order; InvalidInput for a missing one."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise InvalidInput(f"{path} does not exist")
        files.extend(iter_input_files(path))
    return files


def ingest_dicom(db: Database, sealer: Sealer, paths: Iterable[Path], workers: int = 1,
                 on_outcome: Callable[[FileOutcome, int], None] | None = None) -> IngestSummary:
    """Index every DICOM file under `paths`; `on_outcome(outcome, files_total)` is called once per file."""
    if workers < 1:
        raise InvalidInput("--workers must be at least 1")
    summary = IngestSummary(workers=workers)
    with summary.timed():
        files = list_files(paths)
        reasons: Counter = Counter()
        writer = IndexWriter(db, sealer)

        def write(batch: list[FileOutcome]) -> None:
            for outcome, status in zip(batch, writer.write([outcome.record for outcome in batch])):
                _count(summary, status)
                if on_outcome:
                    on_outcome(FileOutcome(outcome.path, status), len(files))

        with Batches(write, BATCH_SIZE) as batches:
            for outcome in _described(files, workers):
                summary.files_in += 1
                if outcome.record is not None:
                    batches.add(outcome)
                    continue
                reasons[outcome.reason_code] += 1
                _count(summary, outcome.status)
                if on_outcome:
                    on_outcome(outcome, len(files))
        relink_reports(db)
        summary.reasons = dict(sorted(reasons.items()))
    return summary


def _count(summary: IngestSummary, status: str) -> None:
    setattr(summary, status, getattr(summary, status) + 1)


def _described(files: list[Path], workers: int) -> Iterator[FileOutcome]:
    if workers == 1 or len(files) < 2:
        yield from map(describe_file, files)
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(describe_file, files, chunksize=64)
