"""Pixel data and technical attributes for synthetic files: pydicom's bundled test files, their identity removed.

The templates ship inside the pydicom wheel, so nothing is ever downloaded. Each is read once, stripped of
the template's own identity, dates, UIDs and references, and handed out as fresh copies.
"""
from __future__ import annotations

import io
import warnings
from collections.abc import Mapping

import pydicom
from PIL import Image, ImageDraw
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.uid import ImplicitVRLittleEndian

# Kept from a template; everything else in group 0008 is identity, dates or references.
_KEEP_0008 = frozenset({
    "SpecificCharacterSet", "ImageType", "SOPClassUID", "Modality", "Manufacturer", "ManufacturerModelName",
    "ConversionType", "LossyImageCompression", "LossyImageCompressionRatio", "LossyImageCompressionMethod",
})
_DROP_0018 = frozenset({
    "DeviceSerialNumber", "ProtocolName", "AcquisitionDateTime", "DateOfLastCalibration", "TimeOfLastCalibration",
    "PlateID", "CassetteID", "DetectorID",
})
_DROP_0020 = frozenset({
    "StudyInstanceUID", "SeriesInstanceUID", "FrameOfReferenceUID", "StudyID", "ImageComments", "SeriesNumber",
    "InstanceNumber", "AcquisitionNumber", "SynchronizationFrameOfReferenceUID", "PositionReferenceIndicator",
})
_DROP_GROUPS = frozenset({0x0010, 0x0012, 0x0032, 0x0038, 0x0040, 0x0070, 0x0088, 0x0400, 0x4008, 0xFFFA, 0xFFFC})
_DROP_RT = frozenset({
    "ReferencedRTPlanSequence", "ReferencedStructureSetSequence", "ReferencedFrameOfReferenceSequence",
    "ReviewerName", "ReviewDate", "ReviewTime",
})


def template_path(name: str) -> str:
    """Locate a bundled pydicom test file without ever triggering a download."""
    from pydicom.data import get_testdata_file, get_testdata_files

    if "/" in name:
        found = get_testdata_files(name)
        path = found[0] if found else None
    else:
        path = get_testdata_file(name, download=False)
    if not path:
        raise FileNotFoundError(f"pydicom test file {name!r} is not bundled with this pydicom install")
    return str(path)


def _strip_template(ds: Dataset) -> None:
    """Remove the template's own identity, dates, UIDs and references (keep pixel/technical data)."""
    ds.remove_private_tags()
    for elem in list(ds):
        group, keyword = elem.tag.group, elem.keyword
        if (
            group in _DROP_GROUPS
            or (group == 0x0008 and keyword not in _KEEP_0008)
            or (group == 0x0018 and keyword in _DROP_0018)
            or (group == 0x0020 and keyword in _DROP_0020)
            or (0x5000 <= group <= 0x50FF or 0x6000 <= group <= 0x60FF)
            or keyword in _DROP_RT
        ):
            del ds[elem.tag]


class Templates:
    """Cleans each template once and hands out fresh copies parsed from the cleaned bytes."""

    def __init__(self, files: Mapping[str, str], placeholder_uid: str) -> None:
        self.files = files  # key -> pydicom test file name
        self.placeholder_uid = placeholder_uid
        self._cache: dict[str, bytes] = {}

    def _prepare(self, key: str) -> bytes:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # some templates declare one VR encoding and use another
            ds = pydicom.dcmread(template_path(self.files[key]), force=True)
            for _ in ds.iterall():  # decode every element so re-encoding cannot trip on raw values
                pass
            _strip_template(ds)
            if not getattr(ds, "file_meta", None) or "TransferSyntaxUID" not in ds.file_meta:
                ds.file_meta = FileMetaDataset()
                ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
            # Placeholders so the cleaned template is a valid file; every instance overwrites them.
            ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
            ds.file_meta.MediaStorageSOPInstanceUID = self.placeholder_uid
            buf = io.BytesIO()
            ds.save_as(buf, enforce_file_format=True)
        return buf.getvalue()

    def load(self, key: str) -> FileDataset:
        """Return a fresh, mutable copy of a cleaned template."""
        if key not in self._cache:
            self._cache[key] = self._prepare(key)
        return pydicom.dcmread(io.BytesIO(self._cache[key]))


def burned_in_frame(lines: list[str], rows: int = 64, cols: int = 96) -> bytes:
    """Render a small RGB ultrasound-like frame with text burned into the pixels."""
    img = Image.new("RGB", (cols, rows), (0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.pieslice((8, 14, cols - 8, rows + 40), 230, 310, fill=(70, 70, 70))
    for i, line in enumerate(lines):
        draw.text((2, 1 + 11 * i), line[:16], fill=(255, 255, 255))
    return img.tobytes()


def put_ultrasound_frame(ds: Dataset, pixels: bytes, rows: int = 64, cols: int = 96) -> None:
    """Make `ds` one uncompressed RGB ultrasound frame holding `pixels` (from `burned_in_frame`)."""
    ds.Modality = "US"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "ABDOMINAL"]
    ds.Manufacturer = "Acme Ultrasound"
    ds.ManufacturerModelName = "Sonic 5"
    for keyword in ("PixelSpacing", "NumberOfFrames", "ConversionType"):
        if keyword in ds:
            delattr(ds, keyword)
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel = 3
    ds.PhotometricInterpretation = "RGB"
    ds.PlanarConfiguration = 0
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.PixelData = pixels
    ds["PixelData"].VR = "OB"
