"""Pixel data in and out: decode every frame once, mask boxes on the native array, re-encode natively."""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydicom.dataset import Dataset
from pydicom.encaps import encapsulate, generate_frames
from pydicom.pixels import apply_color_lut, get_decoder
from pydicom.uid import ExplicitVRLittleEndian, JPEGBaseline8Bit, JPEGExtended12Bit

from ..errors import InvalidInput
from .display import display_gray, stretch
from .jpeg_scan import corrected

RGB_LIKE = frozenset({"RGB", "YBR_FULL", "YBR_FULL_422", "YBR_RCT", "YBR_ICT", "YBR_PARTIAL_420"})


class UndecodablePixels(InvalidInput):
    """The pixel data is missing, unsupported or corrupt (the message names no value)."""


@dataclass(frozen=True)
class DecodedPixels:
    """All frames as one native array (frames, rows, cols[, samples]) and how they are now encoded."""

    array: np.ndarray
    photometric: str  # after decoding: YBR is converted to RGB
    palette: np.ndarray | None = None  # PALETTE COLOR: the 8-bit RGB a viewer shows for each stored value
    # The last frame's view: detection, then marking, ask for the same frame in turn (a radiograph's
    # view is a stretch of millions of pixels). One frame only, so a long cine costs no memory.
    _last_view: dict[int, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    @property
    def frame_count(self) -> int:
        """Number of frames."""
        return int(self.array.shape[0])

    def view(self, index: int) -> np.ndarray:
        """Frame `index` as the 8-bit RGB image a viewer shows (palette applied, grey stretched, MONOCHROME1
        inverted); read-only, as it is shared between callers."""
        if index not in self._last_view:
            view = self._render(index)
            view.flags.writeable = False
            self._last_view.clear()
            self._last_view[index] = view
        return self._last_view[index]

    def _render(self, index: int) -> np.ndarray:
        """Frame `index` as a viewer shows it, computed (a new array, or a read-only view of the frame)."""
        frame = self.array[index]
        if self.palette is not None:
            return self.palette[np.clip(frame, 0, len(self.palette) - 1)]
        if frame.ndim == 3:
            return frame.view() if frame.dtype == np.uint8 else stretch(frame.astype(np.float32))
        return np.repeat(display_gray(frame, self.photometric)[..., None], 3, axis=2)

    def with_array(self, array: np.ndarray) -> "DecodedPixels":
        """The same encoding around other frames (a masked copy)."""
        return DecodedPixels(array, self.photometric, self.palette)


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
        array, meta = _decode_corrected_jpeg(ds, syntax, exc)
    samples = int(ds.get("SamplesPerPixel", 1) or 1)
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    shape = (frames, int(ds.Rows), int(ds.Columns)) + ((samples,) if samples > 1 else ())
    try:
        array = array.reshape(shape)
    except ValueError:
        raise UndecodablePixels("pixel data does not match its dimensions") from None
    photometric = str(meta.get("photometric_interpretation") or ds.get("PhotometricInterpretation", ""))
    palette = _palette(ds, array) if photometric == "PALETTE COLOR" else None
    return DecodedPixels(array, "RGB" if samples == 3 and photometric in RGB_LIKE else photometric, palette)


def _decode_corrected_jpeg(ds: Dataset, syntax: str, error: Exception) -> tuple[np.ndarray, dict]:
    """Decode sequential JPEG frames again with their scan headers corrected (`jpeg_scan`), or raise
    UndecodablePixels naming the first error."""
    undecodable = UndecodablePixels(f"pixel data cannot be decoded ({type(error).__name__})")
    if syntax not in (JPEGBaseline8Bit, JPEGExtended12Bit):
        raise undecodable from None
    try:
        frames = list(generate_frames(ds.PixelData, number_of_frames=int(ds.get("NumberOfFrames", 1) or 1)))
        fixed = [corrected(frame) for frame in frames]
        if not any(fixed):
            raise undecodable from None
        copy = Dataset({tag: element for tag, element in ds.items() if tag != 0x7FE00010})
        copy.file_meta = ds.file_meta
        copy.PixelData = encapsulate([new or old for new, old in zip(fixed, frames)])
        copy["PixelData"].VR = "OB"
        return get_decoder(syntax).as_array(copy)
    except UndecodablePixels:
        raise
    except Exception:  # still corrupt: the first error is the one to report
        raise undecodable from None


def _palette(ds: Dataset, array: np.ndarray) -> np.ndarray | None:
    """The 8-bit RGB of every stored value up to the frames' largest (None when the LUT cannot be applied).

    Without it the stored values are palette indices whose order says nothing of brightness: text
    drawn in a light palette entry can be darker, as an index, than the background around it.
    """
    if array.dtype.kind != "u":
        return None
    try:
        lut = apply_color_lut(np.arange(int(array.max()) + 1, dtype=array.dtype), ds)
    except Exception:  # a missing or malformed LUT raises many types: the frames are then read as grey
        return None
    depth = int(ds.RedPaletteColorLookupTableDescriptor[2]) if "RedPaletteColorLookupTableDescriptor" in ds else 8
    return (lut >> (depth - 8) if depth > 8 else lut).astype(np.uint8)


def per_pixel(values: np.ndarray, combine: np.ufunc) -> np.ndarray:
    """`values` (rows, cols[, samples]) with each pixel's samples combined by `combine` (np.maximum, np.logical_and...).

    Sample by sample: numpy's reductions over a 3-long last axis are some twenty times slower
    (16 ms for a 640x480 RGB frame, 0.6 ms so).
    """
    if values.ndim < 3:
        return values
    return functools.reduce(combine, [values[..., i] for i in range(values.shape[2])])


def channel_mean(view: np.ndarray) -> np.ndarray:
    """An 8-bit RGB image's mean of its three samples per pixel (float32), bit for bit numpy's `mean(axis=2)`.

    The mean depends only on the samples' sum (0-765, exact in float32), so it is looked up from that sum: some six
    times faster than numpy's reduction over the 3-long axis, which faint-line finding ran over every screen.
    """
    total = view[..., 0].astype(np.uint16)
    total += view[..., 1]
    total += view[..., 2]
    return _MEAN_OF_SUM[total]


def _mean_of_sum() -> np.ndarray:
    """numpy's float32 mean of three 8-bit samples, for each possible sum of them."""
    sums = np.arange(3 * 255 + 1)
    samples = np.stack([np.clip(sums - 255 * k, 0, 255) for k in range(3)], axis=1).astype(np.uint8)
    return samples.astype(np.float32).mean(axis=1)


_MEAN_OF_SUM = _mean_of_sum()


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
            out[frame, y0:y1, x0:x1] = _black(pixels, frame)
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


def _black(pixels: DecodedPixels, index: int) -> Any:
    """The value a viewer shows as black: the frame's minimum (maximum for MONOCHROME1, zero for colour,
    the darkest palette entry for PALETTE COLOR)."""
    frame = pixels.array[index]
    if frame.ndim == 3:
        return 0
    if pixels.palette is not None:
        return int(np.argmin(pixels.palette.astype(np.int32).sum(axis=1)))
    return frame.max() if pixels.photometric == "MONOCHROME1" else frame.min()
