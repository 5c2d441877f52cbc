"""The work folder of an export in progress, with a journal of its finished studies, so a killed export resumes.

`.NAME.partial/` beside the destination holds:

    lock            locked (flock) by the one process writing this export
    journal.jsonl   the export's identity, then one line per finished study
    payload/        the package's data files as they are made: images per study, the tables at the end
    reports/        each finished study's de-identified report lines (joined in package order at the end)
    scratch/        converters' intermediate files (a killed run's leftovers there are never packaged)
    package/NAME/   the bag, assembled from the payload (hard links) once every study is finished

Every file is written to a temporary name and renamed, and a study's line is appended only after all
of its files are in place, so a line describes whole files. A kill mid-append leaves a torn last line,
which is cut off. A restart with another identity (definition, profile, keys, index rows) starts over.
Lines are not fsynced: a killed process loses nothing; after a machine crash, a study whose files no
longer match its line is done again.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import Conflict

JOURNAL_FORMAT = 2  # 2: a study's quarantined files (`held`)
OUTPUT_TREES = ("dicom", "png", "nifti")  # <tree>/<patient>/<study>/... in the payload


class ExportInProgress(Conflict):
    """Another process is writing this export now (a second run, or a job handed out twice)."""


def work_folder(destination: Path) -> Path:
    """Return the hidden work folder of an export to `destination`."""
    return destination.with_name(f".{destination.name}.partial")


@dataclass
class StudyRecord:
    """What one finished study left in the work folder; pseudonyms and UIDs only, no PHI."""

    id: int
    files: int = 0  # instances read, released or not
    instances: int = 0  # released
    quarantined: dict = field(default_factory=dict)
    pseudonym: str = ""  # of the study's last released instance ("" when none was released)
    study_uid: str = ""
    folders: list = field(default_factory=list)  # [pseudonym, study UID] of every output folder it wrote
    reports: int = 0
    series_without_nifti: int = 0  # series dcm2niix made no volume of (NIfTI asked for)
    # [position among the study's files, reason code, reason, copy in the quarantine folder] per quarantined
    # file: the index gives its source back, so the export's audit event records it even after a resume.
    held: list = field(default_factory=list)
    digest: str = ""  # of its files' names and sizes, checked on resume


class ExportWork:
    """An export's work folder, locked for one writer, with the finished studies read back from its journal."""

    def __init__(self, destination: Path, identity: dict):
        self.destination, self.folder, self.identity = destination, work_folder(destination), identity
        self.payload, self.reports = self.folder / "payload", self.folder / "reports"
        self.scratch = self.folder / "scratch"
        self.journal = self.folder / "journal.jsonl"
        self.done: dict[int, StudyRecord] = {}
        self._lock_fd = -1

    def __enter__(self) -> ExportWork:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock_fd = os.open(self.folder / "lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._lock_fd)
            raise ExportInProgress(f"another export is writing {self.destination} now") from None
        if not self._resume():
            self._start_over()
        return self

    def __exit__(self, *exc) -> None:
        os.close(self._lock_fd)

    def record(self, study: StudyRecord) -> None:
        """Append a finished study's line (its files are all in place)."""
        study.digest = self.digest(study)
        self._append(asdict(study))
        self.done[study.id] = study

    def digest(self, study: StudyRecord) -> str:
        """Return the hash of the names and sizes of the files a study wrote."""
        files = [path for pseudonym, study_uid in study.folders for tree in OUTPUT_TREES
                 for path in _files_under(self.payload / tree / pseudonym / study_uid)]
        files += [path for path in (self.report_file(study.id),) if path.exists()]
        listing = "".join(f"{path.relative_to(self.folder)}\0{path.stat().st_size}\n" for path in sorted(files))
        return hashlib.sha256(listing.encode()).hexdigest()

    def report_file(self, study_id: int) -> Path:
        """Return where a study's de-identified report lines are kept until the package is assembled."""
        return self.reports / f"{study_id}.jsonl"

    def forget(self, study: StudyRecord) -> None:
        """Remove what a study wrote, so it is done again from nothing."""
        for pseudonym, study_uid in study.folders:
            for tree in OUTPUT_TREES:
                shutil.rmtree(self.payload / tree / pseudonym / study_uid, ignore_errors=True)
        self.report_file(study.id).unlink(missing_ok=True)

    def close_finished(self) -> None:
        """Remove the work folder of a finished export (the journal first: a half-removed folder starts over)."""
        self.journal.unlink(missing_ok=True)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _resume(self) -> bool:
        """Read the journal back; False when there is none to resume (absent, torn header, another identity)."""
        try:
            raw = self.journal.read_bytes()
        except FileNotFoundError:
            return False
        lines, kept = raw.split(b"\n"), 0
        try:
            if json.loads(lines[0]) != {"format": JOURNAL_FORMAT, **self.identity}:
                return False
        except ValueError:
            return False
        kept = len(lines[0]) + 1
        for line in lines[1:-1]:  # the part after the last newline is a torn line, or nothing
            study = StudyRecord(**json.loads(line))
            self.done[study.id] = study
            kept += len(line) + 1
        os.truncate(self.journal, kept)
        for study in list(self.done.values()):
            if self.digest(study) != study.digest:  # a file gone or cut short since (a machine crash)
                self.forget(study)
                del self.done[study.id]
        return True

    def _start_over(self) -> None:
        for entry in self.folder.iterdir():
            if entry.name != "lock":
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        self.done = {}
        self._append({"format": JOURNAL_FORMAT, **self.identity})

    def _append(self, entry: dict) -> None:
        fd = os.open(self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (json.dumps(entry, sort_keys=True) + "\n").encode())
        finally:
            os.close(fd)


def _files_under(folder: Path) -> list[Path]:
    return [Path(root) / name for root, _, names in os.walk(folder) for name in names]
