"""Frames as 8-bit images for reading: the viewer's grey, stretched, in either polarity."""
from __future__ import annotations

import numpy as np

PERCENTILE_SAMPLE = 250_000
SPECKLE_SIGMA = 0.7  # a light blur first: single-pixel speckle averages out, strokes survive


def display_gray(frame: np.ndarray, photometric: str) -> np.ndarray:
    """A frame as 8-bit grey the way a viewer shows it (colour as luminance, MONOCHROME1 inverted)."""
    if frame.ndim == 2 and frame.dtype.kind in "ui" and frame.itemsize <= 2:
        # Integer grey through a lookup table: one gather instead of float arithmetic over every pixel.
        low = int(frame.min())
        table = stretch(np.arange(low, int(frame.max()) + 1, dtype=np.float32), _limits(frame))
        gray = table[frame.astype(np.int32) - low]
    else:
        plane = frame.astype(np.float32)
        if plane.ndim == 3:
            plane = plane @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        gray = stretch(plane)
    return 255 - gray if photometric == "MONOCHROME1" else gray


def stretch(plane: np.ndarray, limits: tuple[float, float] | None = None) -> np.ndarray:
    """Contrast-stretch to 0..255 between robust percentiles (text may sit anywhere in a 16-bit range)."""
    lo, hi = limits or _limits(plane)
    if hi <= lo:
        return np.zeros(plane.shape, dtype=np.uint8)
    return np.clip((plane - lo) * (255.0 / (hi - lo)), 0, 255).astype(np.uint8)


def _limits(plane: np.ndarray) -> tuple[float, float]:
    """The 0.5th and 99.9th percentiles (the extremes when those coincide), from a regular subsample:
    a full-size radiograph's grey levels are as well described by a quarter million of its pixels."""
    step = max(1, int(np.sqrt(plane.size / PERCENTILE_SAMPLE)))
    lo, hi = np.percentile(plane[::step, ::step] if plane.ndim >= 2 else plane, (0.5, 99.9))
    if hi <= lo:
        lo, hi = plane.min(), plane.max()
    return float(lo), float(hi)


def dark_on_light(gray: np.ndarray) -> np.ndarray:
    """Invert dark-background images: tesseract reads dark text on a light page best."""
    return 255 - gray if float(np.median(gray)) < 128 else gray


def light_on_dark(gray: np.ndarray) -> np.ndarray:
    """The other polarity: text lighter than its surroundings on a mostly light image becomes dark ink."""
    return 255 - dark_on_light(gray)
