"""Pixel data in and out: decode every frame once, mask boxes on the native array, re-encode natively."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydicom.dataset import Dataset
from pydicom.pixels import get_decoder
from pydicom.uid import ExplicitVRLittleEndian

from ..errors import InvalidInput

RGB_LIKE = frozenset({"RGB", "YBR_FULL", "YBR_FULL_422", "YBR_RCT", "YBR_ICT", "YBR_PARTIAL_420"})


class UndecodablePixels(InvalidInput):
    """The pixel data is missing, unsupported or corrupt (the message names no value)."""


@dataclass(frozen=True)
class DecodedPixels:
    """All frames as one native array (frames, rows, cols[, samples]) and how they are now encoded."""

    array: np.ndarray
    photometric: str  # after decoding: YBR is converted to RGB

    @property
    def frame_count(self) -> int:
        """Number of frames."""
        return int(self.array.shape[0])


def decode(ds: Dataset) -> DecodedPixels:
    """Decode the dataset's pixel data without touching `ds`; raise UndecodablePixels when it cannot be."""
    if "PixelData" not in ds:
        raise UndecodablePixels("the file has no pixel data")
    if int(ds.get("BitsAllocated", 0) or 0) not in (8, 16, 32):
        raise UndecodablePixels("unsupported bits allocated")
    syntax = getattr(getattr(ds, "file_meta", None), "TransferSyntaxUID", None) or ExplicitVRLittleEndian
    try:
        array, meta = get_decoder(syntax).as_array(ds)
    except Exception as exc:  # unknown syntaxes and corrupt data raise many types
        raise UndecodablePixels(f"pixel data cannot be decoded ({type(exc).__name__})") from None
    samples = int(ds.get("SamplesPerPixel", 1) or 1)
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    shape = (frames, int(ds.Rows), int(ds.Columns)) + ((samples,) if samples > 1 else ())
    try:
        array = array.reshape(shape)
    except ValueError:
        raise UndecodablePixels("pixel data does not match its dimensions") from None
    photometric = str(meta.get("photometric_interpretation") or ds.get("PhotometricInterpretation", ""))
    return DecodedPixels(array, "RGB" if samples == 3 and photometric in RGB_LIKE else photometric)


def frame_digest(frame: np.ndarray) -> bytes:
    """A digest of one frame's bytes, to OCR identical frames once."""
    return hashlib.blake2b(np.ascontiguousarray(frame).tobytes(), digest_size=16).digest()


def masked(pixels: DecodedPixels, boxes: Iterable[tuple[int, int, int, int, int]]) -> np.ndarray:
    """Return a copy of the frames with each (frame, x0, y0, x1, y1) box filled with the frame's black."""
    out = pixels.array.copy()
    rows, cols = out.shape[1], out.shape[2]
    for frame, x0, y0, x1, y1 in boxes:
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(cols, x1), min(rows, y1)
        if x0 < x1 and y0 < y1:
            out[frame, y0:y1, x0:x1] = _black(pixels.array[frame], pixels.photometric)
    return out


def encode(array: np.ndarray, ds: Dataset, photometric: str) -> tuple[bytes, Mapping[str, Any]]:
    """Native little-endian bytes (padded to even length) and the attributes that must change with them."""
    bits = int(ds.BitsAllocated)
    dtype = np.dtype(f"<{'i' if int(ds.get('PixelRepresentation', 0) or 0) else 'u'}{bits // 8}")
    data = np.ascontiguousarray(array).astype(dtype, copy=False).tobytes()
    if len(data) % 2:
        data += b"\0"
    attributes: dict[str, Any] = {"PhotometricInterpretation": photometric}
    if array.ndim == 4:
        attributes["PlanarConfiguration"] = 0
    return data, attributes


def _black(frame: np.ndarray, photometric: str) -> Any:
    """The value a viewer shows as black: the frame's minimum (maximum for MONOCHROME1, zero for colour)."""
    if frame.ndim == 3:
        return 0
    return frame.max() if photometric == "MONOCHROME1" else frame.min()
