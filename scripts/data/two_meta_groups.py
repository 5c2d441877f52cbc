"""Derive the regression set's two-meta-group file from pydicom's MR_small_jpeg_ls_lossless.dcm (MIT).

Some writers wrap a Part 10 file again: the outer file meta names the real (compressed) transfer
syntax, a second meta group written after it names Explicit VR Little Endian, and the data set with
its encapsulated pixel data follows unchanged. pydicom keeps the last group's values.

Usage: python scripts/data/two_meta_groups.py tests/data/dicom-real/files/derived/MR_small_jpeg_ls_two_meta_groups.dcm
"""
from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.dataset import FileMetaDataset
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_file_meta_info
from pydicom.uid import ExplicitVRLittleEndian


def meta_group(template: FileMetaDataset, transfer_syntax: str) -> bytes:
    """Return a file meta group like `template` but naming `transfer_syntax`."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = template.MediaStorageSOPClassUID
    meta.MediaStorageSOPInstanceUID = template.MediaStorageSOPInstanceUID
    meta.TransferSyntaxUID = transfer_syntax
    meta.ImplementationClassUID = template.ImplementationClassUID
    buffer = DicomBytesIO()
    buffer.is_little_endian, buffer.is_implicit_VR = True, False
    write_file_meta_info(buffer, meta)
    return buffer.getvalue()


def main() -> None:
    source = Path(get_testdata_file("MR_small_jpeg_ls_lossless.dcm")).read_bytes()
    meta = dcmread(BytesIO(source)).file_meta
    dataset_start = 132 + 12 + meta.FileMetaInformationGroupLength  # preamble, DICM, (0002,0000), group
    data = source[:132] + meta_group(meta, meta.TransferSyntaxUID) + meta_group(meta, ExplicitVRLittleEndian) \
        + source[dataset_start:]
    Path(sys.argv[1]).parent.mkdir(parents=True, exist_ok=True)
    Path(sys.argv[1]).write_bytes(data)


if __name__ == "__main__":
    main()
