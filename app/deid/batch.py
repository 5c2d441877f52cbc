"""De-identify a file or a folder tree: outputs, quarantine, linkage file, summary; optionally in parallel."""
from __future__ import annotations

import csv
import multiprocessing
import hashlib
import json
import logging
import os
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import TypeVar

from ..budget import DEFAULT_FILE_TIME_LIMIT, TimeBudgetExceeded, time_budget
from ..dicom.errors import NotDicom, Quarantined
from ..dicom.policy import Policy
from ..dicom.transform import HeaderTransformer, TextCleaner
from ..errors import InvalidInput
from ..identity import IdentityKeys
from ..run_summary import RunSummary
from .lifetime import die_with_parent
from .pipeline import Deidentified, deidentify_bytes

log = logging.getLogger(__name__)
T = TypeVar("T")
# Files go to workers in chunks (one message each way per chunk), a few chunks per worker queued ahead.
CHUNK_FILES, CHUNKS_IN_FLIGHT = 8, 2
READ_CHUNK = 1 << 20  # what a read asks for past the size the file had when opened
LINK_COLUMNS = ("source_path", "output_path", "source_sop_instance_uid", "output_sop_instance_uid", "status", "reason")


@dataclass(frozen=True)
class FileResult:
    """What happened to one input file (one row of the linkage file)."""

    source_path: str
    output_path: str
    source_sop_instance_uid: str
    output_sop_instance_uid: str
    status: str  # ok | quarantined | skipped
    reason: str
    reason_code: str = ""


@dataclass
class BatchSummary(RunSummary):
    """Counts and speed of one de-identification run."""

    COUNTED, RATE = "files_in", "files_per_second"

    profile: str
    files_in: int = 0
    written: int = 0
    quarantined: int = 0
    skipped: int = 0
    workers: int = 1
    reasons: dict = field(default_factory=dict)


@dataclass(frozen=True)
class BatchPlan:
    """Where a run reads and writes; validated before any file is touched."""

    source: Path
    destination: Path
    quarantine: Path
    link_file: Path | None = None
    workers: int = 1
    time_limit: float | None = DEFAULT_FILE_TIME_LIMIT  # seconds per file; None: no limit


def plan_batch(source: Path, destination: Path, quarantine: Path | None = None, link_file: Path | None = None,
               workers: int = 1, time_limit: float | None = DEFAULT_FILE_TIME_LIMIT) -> BatchPlan:
    """Resolve and check a run's paths; raise InvalidInput for anything unsafe."""
    source, destination = Path(source).resolve(), Path(destination).resolve()
    if not source.exists():
        raise InvalidInput("the source does not exist")
    quarantine = Path(quarantine).resolve() if quarantine else destination.with_name(destination.name + ".quarantine")
    if _inside(quarantine, destination):
        raise InvalidInput("--quarantine must not be inside the destination: quarantined files hold PHI")
    if link_file is not None:
        link_file = Path(link_file).resolve()
        if _inside(link_file, destination):
            raise InvalidInput("--link-file must not be inside the destination: it links pseudonyms to identities")
    if source.is_dir() and (_inside(destination, source) or _inside(quarantine, source)):
        raise InvalidInput("the destination and quarantine must not be inside the source folder")
    if _inside(source, destination):
        raise InvalidInput("the source must not be inside the destination")
    if workers < 1:
        raise InvalidInput("--workers must be at least 1")
    if time_limit is not None and time_limit <= 0:
        raise InvalidInput("the time limit per file must be a positive number of seconds")
    return BatchPlan(source, destination, quarantine, link_file, workers, time_limit)


def iter_input_files(source: Path) -> Iterator[Path]:
    """Yield the files of a run in a stable order (the file itself, or the tree below a folder)."""
    if source.is_file():
        yield source
        return
    for folder, dirs, files in os.walk(source):
        dirs.sort()
        for name in sorted(files):
            yield Path(os.path.join(folder, name))  # one path parse per file, not two


class FileDeidentifier:
    """De-identifies single files into a destination tree, quarantining what cannot be proven clean."""

    def __init__(self, policy: Policy, keys: IdentityKeys, destination: Path | None, quarantine: Path,
                 time_limit: float | None = DEFAULT_FILE_TIME_LIMIT,
                 source_reference: Callable[[str], str] | None = None):
        self.transformer = HeaderTransformer(policy, keys, _text_cleaner(policy, keys))
        self.policy, self.keys, self.destination, self.quarantine = policy, keys, destination, quarantine
        self.time_limit = time_limit
        # Source paths name patients and MRNs: a quarantined copy's sidecar holds, at most, the keyed
        # reference its database record is found by (app/deid/quarantined.py), never the path.
        self.source_reference = source_reference

    def process(self, path: Path) -> FileResult:
        """De-identify one file and return what happened to it; never raises for bad input."""
        try:
            data = read_file(path)
        except OSError as exc:
            return FileResult(str(path), "", "", "", "skipped", f"cannot read the file ({exc.strerror})", "unreadable")
        return self.process_bytes(data, str(path))[1]

    def process_bytes(self, data: bytes, source: str, write: bool = True) -> tuple[Deidentified | None, FileResult]:
        """De-identify DICOM bytes; write the output under the destination unless `write` is False."""
        try:
            with time_budget(self.time_limit):
                result = deidentify_bytes(data, self.transformer)
        except NotDicom as exc:
            return None, FileResult(source, "", "", "", "skipped", str(exc), NotDicom.code)
        except Quarantined as exc:
            return None, self._quarantine(source, data, exc)
        except TimeBudgetExceeded:
            return None, self._quarantine(source, data, Quarantined(
                "too_slow", f"not finished within the time limit of {self.time_limit:g} s per file"))
        except Exception as exc:  # a library or engine failure on one file must not stop the run
            return None, self._quarantine(source, data, _unexpected(exc))
        out = ""
        if write:
            out = os.path.join(self.destination, result.pseudonym, result.study_uid, result.series_uid,
                               f"{result.sop_instance_uid}.dcm")
            if not write_atomically(out, result.data, replace=False):
                conflict = Quarantined("duplicate_sop_instance", "another file with the same SOP Instance UID but "
                                                                 "different content was already written")
                return None, self._quarantine(source, data, conflict)
        return result, FileResult(source, out, result.source_sop_instance_uid, result.sop_instance_uid, "ok", "")

    def _quarantine(self, source: str, data: bytes, reason: Quarantined) -> FileResult:
        digest = hashlib.sha256(data).hexdigest()[:24]
        target = self.quarantine / reason.code / f"{digest}.dcm"
        write_atomically(target, data, private=True)
        sidecar = {"reason_code": reason.code, "reason": reason.message, "profile": self.policy.profile.label,
                   "quarantined_at": datetime.now(timezone.utc).isoformat()}
        if self.source_reference is not None:
            sidecar["source_lookup"] = self.source_reference(source)
        write_atomically(target.with_suffix(".json"), json.dumps(sidecar, indent=1).encode(), private=True)
        return FileResult(source, str(target), "", "", "quarantined", reason.message, reason.code)


def _unexpected(exc: Exception) -> Quarantined:
    """Log an unexpected failure by its type and place only (messages may quote values) and say why it stops."""
    place = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    log.warning("a file could not be processed: %s at %s:%s", type(exc).__name__,
                place.filename if place else "?", place.lineno if place else "?")
    return Quarantined("unwritable", f"the file could not be processed or written ({type(exc).__name__})")


def _text_cleaner(policy: Policy, keys: IdentityKeys) -> TextCleaner | None:
    """Return how kept free text that holds identifiers is cleaned under this policy (None: the header engine's)."""
    if not policy.cleans_text:
        # Without a cleaning option the header engine redacts the file's own identifiers and generic PHI shapes:
        # no report-text engine, whose start-up would cost more than a thousand files' de-identification
        # (and which is imported only here, so a run without one never loads presidio).
        return None
    from ..text.engine import lazy_descriptor_cleaner

    # Free text goes through the report-text engine, the file's own identifiers as known PHI.
    return lazy_descriptor_cleaner(policy.profile, keys)


def read_file(path: Path) -> bytes:
    """Return a file's bytes, read through its descriptor (half the system calls of a file object's read)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        chunks = [os.read(fd, os.fstat(fd).st_size or READ_CHUNK)]
        while chunks[-1]:  # until the end of the file, wherever it is now
            chunks.append(os.read(fd, READ_CHUNK))
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 2 else b"".join(chunks)


def write_atomically(path: Path | str, data: bytes, private: bool = False, replace: bool = True) -> bool:
    """Write bytes so that no reader ever sees half a file, even when the process is killed while writing.

    With `replace=False` an existing file is kept: True is returned only when it holds the same bytes
    (a re-run), False when it differs (two inputs claiming one output).
    """
    # Paths as strings (os.path), not pathlib objects: the batch writes one file per input.
    path = os.fspath(path)
    try:
        fd, tmp = _open_to_write(path, private)
    except FileNotFoundError:  # folders are made on first use: most files of a run land in existing ones
        os.makedirs(_folder(path), mode=0o700 if private else 0o777, exist_ok=True)
        fd, tmp = _open_to_write(path, private)
    try:
        try:
            _write_all(fd, data)
            if private:
                os.fchmod(fd, 0o600)
            if tmp is None:
                # Written without a name, so a killed process leaves nothing behind; it gets its name now.
                if not replace:
                    return _link_new(fd, path, data)
                try:
                    _link_unnamed(fd, path)  # nothing to replace, the common case: no temporary name to rename
                    return True
                except FileExistsError:
                    tmp = _temporary_name(path)
                    _link_unnamed(fd, tmp)
        finally:
            os.close(fd)
        if replace:
            os.replace(tmp, path)
            return True
        return _link_new(tmp, path, data)
    finally:
        if tmp is not None and os.path.lexists(tmp):
            os.unlink(tmp)


def _open_to_write(path: str, private: bool) -> tuple[int, str | None]:
    """Open an unnamed file in path's folder (Linux O_TMPFILE) where the file system allows, else a temporary name.

    Returns the descriptor and the temporary name (None for an unnamed file: most writes never need a second name).
    """
    mode = 0o600 if private else 0o666
    if hasattr(os, "O_TMPFILE"):
        try:
            return os.open(_folder(path), os.O_TMPFILE | os.O_WRONLY, mode), None
        except FileNotFoundError:
            raise
        except OSError:
            pass  # a file system without unnamed files
    tmp = _temporary_name(path)
    return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode), tmp


def _folder(path: str) -> str:
    return os.path.dirname(path) or os.curdir


def _temporary_name(path: str) -> str:
    folder, name = os.path.split(path)
    return os.path.join(folder, f".{name}.{os.getpid()}.tmp")


def _write_all(fd: int, data: bytes) -> None:
    # os.write on the descriptor, not a file object: no buffer to build, and none of its fstat and seek calls.
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _link_unnamed(fd: int, path: str) -> None:
    # linkat with AT_SYMLINK_FOLLOW, which os.link uses only given a directory descriptor: /proc/self/fd/N
    # names the open file itself, not the magic link to it. The source path is absolute, so linkat ignores
    # the descriptor passed with it (the file's own): no folder needs opening.
    os.link(f"/proc/self/fd/{fd}", path, src_dir_fd=fd, follow_symlinks=True)


def _link_new(source: int | str, path: str, data: bytes) -> bool:
    """Name `source` (an unnamed file's descriptor, or a temporary name) `path`, atomically, unless `path` exists."""
    try:
        # Atomic create-if-absent, also between worker processes.
        _link_unnamed(source, path) if isinstance(source, int) else os.link(source, path)
        return True
    except FileExistsError:
        return read_file(path) == data


def run_batch(plan: BatchPlan, policy: Policy, keys: IdentityKeys,
              on_result: Callable[[FileResult, int], None] | None = None,
              source_reference: Callable[[str], str] | None = None) -> BatchSummary:
    """Run a whole batch; `on_result(result, files_total)` is called after each file, in input order.

    `source_reference` names a quarantined file's source in its sidecar (see FileDeidentifier).
    """
    summary = BatchSummary(profile=policy.profile.label, workers=plan.workers)
    with summary.timed():
        files = list(iter_input_files(plan.source))
        reasons: Counter = Counter()
        link = _LinkWriter(plan.link_file) if plan.link_file else None
        try:
            for result in _results(plan, policy, keys, files, source_reference):
                summary.files_in += 1
                if result.status == "ok":
                    summary.written += 1
                else:
                    reasons[result.reason_code] += 1
                    summary.quarantined += result.status == "quarantined"
                    summary.skipped += result.status == "skipped"
                if link:
                    link.write(result)
                if on_result:
                    on_result(result, len(files))
        except BaseException:
            if link:
                link.abandon()  # an interrupted run leaves its rows under the .partial name, never as complete
            raise
        if link:
            link.close()
        summary.reasons = dict(sorted(reasons.items()))
    return summary


def _results(plan: BatchPlan, policy: Policy, keys: IdentityKeys, files: list[Path],
             source_reference: Callable[[str], str] | None) -> Iterator[FileResult]:
    worker = FileDeidentifier(policy, keys, plan.destination, plan.quarantine, plan.time_limit, source_reference)
    workers = plan.workers if len(files) > 1 else 1
    return (result for _, result in deidentify_files(worker, ((None, path) for path in files), workers))


def deidentify_files(worker: FileDeidentifier, items: Iterable[tuple[T, Path]],
                     workers: int = 1) -> Iterator[tuple[T, FileResult]]:
    """Yield (tag, result) for each (tag, path) in input order; with workers > 1, on forked worker processes.

    `items` is read lazily and only a few chunks per worker are in flight, so a caller can stream any number
    of files through without holding their list.
    """
    if workers == 1:
        yield from ((tag, worker.process(path)) for tag, path in items)
        return
    if worker.policy.cleans_text:
        from ..text.engine import shared_engine

        shared_engine(worker.policy.profile, worker.keys).load_models()  # built and loaded once here, not per worker
    # Forked workers are handed this de-identifier (fork copies it, nothing is pickled), with its tables
    # and caches already loaded.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_set_worker,
                             initargs=(worker, os.getpid())) as pool:
        in_flight: deque = deque()
        for chunk in _chunks(items, CHUNK_FILES):
            in_flight.append(([tag for tag, _ in chunk], pool.submit(_process_in_worker, [p for _, p in chunk])))
            if len(in_flight) >= CHUNKS_IN_FLIGHT * workers:
                yield from _collect(in_flight.popleft())
        while in_flight:
            yield from _collect(in_flight.popleft())


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _collect(submitted: tuple[list, Future]) -> Iterator[tuple]:
    tags, future = submitted
    return zip(tags, future.result())


_worker: FileDeidentifier | None = None


def _set_worker(worker: FileDeidentifier, parent: int) -> None:
    global _worker
    _worker = worker
    die_with_parent(parent)


def _process_in_worker(paths: list[Path]) -> list[FileResult]:
    return [_worker.process(path) for path in paths]


class _LinkWriter:
    """Writes the linkage CSV as results arrive, under a temporary name until the run ends."""

    def __init__(self, path: Path):
        self.path = path
        self.partial = path.with_name(path.name + ".partial")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self.handle = os.fdopen(fd, "w", newline="", encoding="utf-8")
        self.writer = csv.writer(self.handle)
        self.writer.writerow(LINK_COLUMNS)

    def write(self, result: FileResult) -> None:
        self.writer.writerow([getattr(result, column) for column in LINK_COLUMNS])

    def close(self) -> None:
        self.handle.close()
        os.replace(self.partial, self.path)

    def abandon(self) -> None:
        self.handle.close()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
