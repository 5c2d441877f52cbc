"""Frames as 8-bit images for reading: the viewer's grey, and polarity-free local contrast."""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

SPECKLE_SIGMA = 0.7  # a light blur first: single-pixel speckle averages out, strokes survive
BACKGROUND_SIGMA = 12  # wider than a stroke, narrower than anatomy: the "local background" of a glyph


def display_gray(frame: np.ndarray, photometric: str) -> np.ndarray:
    """A frame as 8-bit grey the way a viewer shows it (colour as luminance, MONOCHROME1 inverted)."""
    plane = frame.astype(np.float32)
    if plane.ndim == 3:
        plane = plane @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    gray = stretch(plane)
    return 255 - gray if photometric == "MONOCHROME1" else gray


def local_contrast(frame: np.ndarray, sigma: float = BACKGROUND_SIGMA) -> np.ndarray:
    """|pixel - local background| (strongest over colour channels), stretched, as dark ink on white.

    Light-on-dark, dark-on-light, coloured and MONOCHROME1 text then look alike, and anatomy
    flattens out, so one reading serves every polarity.
    """
    planes = [frame] if frame.ndim == 2 else [frame[..., c] for c in range(frame.shape[2])]
    strongest: np.ndarray | None = None
    for plane in planes:
        image = Image.fromarray(stretch(plane.astype(np.float32))).filter(ImageFilter.GaussianBlur(SPECKLE_SIGMA))
        background = np.asarray(image.filter(ImageFilter.GaussianBlur(sigma)), dtype=np.float32)
        diff = np.abs(np.asarray(image, dtype=np.float32) - background)
        strongest = diff if strongest is None else np.maximum(strongest, diff)
    top = float(np.percentile(strongest, 99.7))
    return 255 - np.clip(strongest * (255.0 / max(top, 1.0)), 0, 255).astype(np.uint8)


def stretch(plane: np.ndarray) -> np.ndarray:
    """Contrast-stretch to 0..255 between robust percentiles (text may sit anywhere in a 16-bit range)."""
    lo, hi = np.percentile(plane, (0.5, 99.9))
    if hi <= lo:
        lo, hi = float(plane.min()), float(plane.max())
    if hi <= lo:
        return np.zeros(plane.shape, dtype=np.uint8)
    return np.clip((plane - lo) * (255.0 / (hi - lo)), 0, 255).astype(np.uint8)


def dark_on_light(gray: np.ndarray) -> np.ndarray:
    """Invert dark-background images: tesseract reads dark text on a light page best."""
    return 255 - gray if float(np.median(gray)) < 128 else gray


def light_on_dark(gray: np.ndarray) -> np.ndarray:
    """The other polarity: text lighter than its surroundings on a mostly light image becomes dark ink."""
    return 255 - dark_on_light(gray)
