"""The instance's archive folder: DICOM fetched from a PACS or received over the network, one file per instance.

Files land at `<archive>/<study UID>/<series UID>/<SOP instance UID>.dcm`, owner-only, written whole or
not at all. The UIDs come from another system, so they are checked before they name a path.
"""
from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

from pydicom.dataset import Dataset

from ..deid.batch import write_atomically
from ..dicom.rewrite import VALID_UID
from ..errors import CleanroomError

UID_MAX = 64


class UnstorableInstance(CleanroomError):
    """A received or fetched instance cannot be kept; `code` says why, the message holds no value from it."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def valid_uid(uid: str) -> bool:
    """Return whether `uid` is a valid UID (PS3.5 9.1: digits and dots, at most 64 characters)."""
    # Anything else ("../..", "/etc") must never steer a path.
    return bool(uid) and len(uid) <= UID_MAX and VALID_UID.fullmatch(uid) is not None


def archive_path(root: Path, study_uid: str, series_uid: str, sop_instance_uid: str) -> Path:
    """Return where an instance lives in the archive; UnstorableInstance when a UID is not a valid UID."""
    if not all(map(valid_uid, (study_uid, series_uid, sop_instance_uid))):
        raise UnstorableInstance("invalid_uid", "a Study, Series or SOP Instance UID is missing or not a valid UID")
    return root / study_uid / series_uid / f"{sop_instance_uid}.dcm"


def store_dataset(root: Path, dataset: Dataset) -> Path:
    """Write a data set (with its file meta) into the archive atomically and return its path."""
    path = archive_path(root, *dataset_uids(dataset))
    buffer = BytesIO()
    try:
        dataset.save_as(buffer, enforce_file_format=True)
    except Exception as exc:  # pydicom refusing a value; its message may quote the value
        raise UnstorableInstance("unwritable", f"the instance could not be encoded ({type(exc).__name__})") from None
    return store_bytes(path, buffer.getvalue())


def store_bytes(path: Path, data: bytes) -> Path:
    """Write a whole DICOM file to its archive path atomically (never half a file) and return the path."""
    try:
        write_atomically(path, data, private=True)
    except OSError as exc:
        raise UnstorableInstance("storage", f"the archive folder cannot be written ({exc.strerror})") from None
    return path


def make_durable(path: Path) -> Path:
    """Return once a file written with store_bytes would survive a crash or power loss."""
    try:
        for synced in (path, path.parent):  # the file's bytes, then the folder entry that names it
            handle = os.open(synced, os.O_RDONLY)
            try:
                os.fsync(handle)
            finally:
                os.close(handle)
    except OSError as exc:
        raise UnstorableInstance("storage", f"the archive folder cannot be written ({exc.strerror})") from None
    return path


def dataset_uids(dataset: Dataset) -> tuple[str, str, str]:
    """Return a data set's Study, Series and SOP Instance UIDs ("" where missing)."""
    return tuple(str(dataset.get(keyword, "") or "").strip()
                 for keyword in ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID"))
