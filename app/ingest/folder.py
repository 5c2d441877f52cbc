"""Index DICOM files and folder trees: headers only, idempotent by SOP Instance UID, never stopped by one bad file."""
from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..db import Database
from ..deid.batch import iter_input_files
from ..errors import InvalidInput
from ..sealed import Sealer
from .index_writer import IndexWriter
from .instances import FileOutcome, describe_file
from .reports import relink_reports

BATCH_SIZE = 500


@dataclass
class IngestSummary:
    """Counts and speed of one folder ingest; holds no PHI, so it can go to logs, audit, jobs and --json."""

    files_in: int = 0
    indexed: int = 0
    updated: int = 0
    skipped: int = 0
    unreadable: int = 0
    seconds: float = 0.0
    instances_per_second: float = 0.0
    workers: int = 1
    reasons: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        """Return the summary as plain JSON-ready data."""
        return asdict(self)


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
    started = time.monotonic()
    files = list_files(paths)
    summary = IngestSummary(workers=workers)
    reasons: Counter = Counter()
    writer = IndexWriter(db, sealer)
    pending: list[FileOutcome] = []

    def flush() -> None:
        new = writer.write([outcome.record for outcome in pending])
        for outcome in pending:
            status = "indexed" if outcome.record.sop_instance_uid in new else "updated"
            new.discard(outcome.record.sop_instance_uid)  # a second copy in one batch is an update
            _count(summary, status)
            if on_outcome:
                on_outcome(FileOutcome(outcome.path, status), len(files))
        pending.clear()

    for outcome in _described(files, workers):
        summary.files_in += 1
        if outcome.record is not None:
            pending.append(outcome)
            if len(pending) >= BATCH_SIZE:
                flush()
            continue
        reasons[outcome.reason_code] += 1
        _count(summary, outcome.status)
        if on_outcome:
            on_outcome(outcome, len(files))
    if pending:
        flush()
    relink_reports(db)
    summary.reasons = dict(sorted(reasons.items()))
    summary.seconds = round(time.monotonic() - started, 3)
    summary.instances_per_second = round(summary.files_in / summary.seconds, 1) if summary.seconds else 0.0
    return summary


def index_file(writer: IndexWriter, path: Path) -> FileOutcome:
    """Index one file now (a file received over the network); its outcome says indexed, updated or why not."""
    outcome = describe_file(path)
    if outcome.record is None:
        return outcome
    return FileOutcome(outcome.path, "indexed" if writer.write([outcome.record]) else "updated")


def _count(summary: IngestSummary, status: str) -> None:
    setattr(summary, status, getattr(summary, status) + 1)


def _described(files: list[Path], workers: int) -> Iterator[FileOutcome]:
    if workers == 1 or len(files) < 2:
        yield from map(describe_file, files)
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(describe_file, files, chunksize=64)
