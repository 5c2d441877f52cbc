"""Read a DICOM file's header only, never its pixel data: an index needs a few dozen values, not megabytes."""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError

from .errors import NotDicom, UnreadableDicom
from .rewrite import looks_like_bare_dataset
from .scan import CHARACTER_SET, ScannedDataset, scan_selected

# Most headers end well inside this; longer ones (enhanced multi-frame functional groups) go to pydicom,
# which reads element by element and stops at the pixel data too.
HEADER_PREFIX_BYTES = 64 * 1024
DICOMDIR_CLASS = "1.2.840.10008.1.3.10"


@dataclass(frozen=True)
class Header:
    """A file's data set up to its pixel data, and the file-meta facts that say how it is encoded."""

    dataset: Dataset | ScannedDataset
    transfer_syntax: str
    media_storage_class: str


def read_header(path: Path, tags: frozenset[int]) -> Header:
    """Return the header of the DICOM file at `path` (at least `tags`); raise NotDicom, UnreadableDicom or OSError.

    Explicit VR little-endian files are scanned for `tags` alone (and the character set that decodes them);
    other transfer syntaxes are read whole up to the pixel data by pydicom.
    """
    with open(path, "rb") as handle:
        prefix = handle.read(HEADER_PREFIX_BYTES)
        scanned = scan_selected(prefix, tags | {CHARACTER_SET}, complete=len(prefix) < HEADER_PREFIX_BYTES)
        if scanned is not None:
            header = Header(scanned.dataset, scanned.transfer_syntax, scanned.media_storage_class)
        else:
            handle.seek(0)
            header = _read_with_pydicom(handle, prefix)
    if header.media_storage_class == DICOMDIR_CLASS:
        raise NotDicom("DICOMDIR (a media index, not an instance)")
    return header


def _read_with_pydicom(handle: BinaryIO, prefix: bytes) -> Header:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = dcmread(handle, stop_before_pixels=True)
        except InvalidDicomError:
            if not looks_like_bare_dataset(prefix):
                raise NotDicom("not a DICOM file") from None
            handle.seek(0)
            try:
                ds = dcmread(handle, force=True, stop_before_pixels=True)
            except Exception as exc:
                raise UnreadableDicom(f"DICOM data set without a header could not be parsed ({type(exc).__name__})") \
                    from None
        except Exception as exc:  # pydicom raises many types for damaged files; the message may quote values
            raise UnreadableDicom(f"cannot be parsed ({type(exc).__name__})") from None
    meta = getattr(ds, "file_meta", None) or Dataset()
    return Header(ds, str(meta.get("TransferSyntaxUID", "") or ""), str(meta.get("MediaStorageSOPClassUID", "") or ""))
