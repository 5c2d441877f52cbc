"""Tesseract on image frames: polarity-free local-contrast preprocessing, words grouped in lines."""
from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pytesseract
from PIL import Image, ImageFilter

# Tesseract's OpenMP threads fight each other (and other processes) on small images: one thread is faster.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

# Sparse text (psm 11), LSTM engine; inversion is unnecessary on local-contrast images, and Sauvola
# local thresholding keeps faint strokes that a global Otsu threshold loses on speckled backgrounds.
TESSERACT_CONFIG = "--oem 1 --psm 11 -c tessedit_do_invert=0 -c thresholding_method=2"
# Verification also reads as one uniform block (psm 6): a layout analysis that groups small text
# differently finds strings that sparse-text mode misses on busy backgrounds.
BLOCK_CONFIG = "--oem 1 --psm 6 -c tessedit_do_invert=0"
# ... and as sparse text with tesseract's global (Otsu) threshold instead of the local one.
GLOBAL_CONFIG = "--oem 1 --psm 11 -c tessedit_do_invert=0"
MIN_CONFIDENCE = 30.0
# Below this size tesseract misses small glyphs; 2x brings 10 px text to a readable x-height.
UPSCALE_BELOW = 1400
SPECKLE_SIGMA = 0.7
BACKGROUND_SIGMA = 12  # wider than a stroke, narrower than anatomy: the "local background" of a glyph
WIDE_BACKGROUND_SIGMA = 40  # for large glyphs, whose strokes a narrow background blur hollows out
TIGHTEN_FROM = 24  # word boxes at least this tall are checked for swallowed speckle rows
INK_ROW_SHARE = 0.35
CROP_CONTEXT = 16


class OcrUnavailable(RuntimeError):
    """Tesseract is missing or failed; the message carries no image content."""


@dataclass(frozen=True)
class Word:
    """One recognised word: its text (never logged), confidence and box in frame pixels."""

    text: str
    conf: float
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 (x1, y1 exclusive)

    def __repr__(self) -> str:  # the text may be PHI
        return f"Word(box={self.box}, conf={self.conf:.0f})"


Line = tuple[Word, ...]


def read_frame(frame: np.ndarray, photometric: str, origin: tuple[int, int] = (0, 0), *,
               verifying: bool = False) -> list[Line]:
    """OCR one frame (or crop) with at most two preprocessings; a frame without text costs one pass.

    The first pass reads a local-contrast image (|pixel - local background|), which shows bright
    and dark text alike as dark ink on white whatever its colour, background gradient or
    photometric interpretation, so one pass serves both polarities. When it finds words, a
    wide-background local-contrast image follows (large glyphs come out hollow in the first).
    Verification instead always adds the plain display image in both polarities: readings different
    from the one that chose the boxes, so one preprocessing's blind spot is not trusted twice.
    """
    lines = read_lines(local_contrast(frame), origin)
    if verifying:
        gray = display_gray(frame, photometric)
        for image in (_dark_on_light(gray), _light_on_dark(gray)):
            lines += read_lines(image, origin, GLOBAL_CONFIG) + read_lines(image, origin, BLOCK_CONFIG)
    elif lines:
        lines += read_lines(local_contrast(frame, WIDE_BACKGROUND_SIGMA), origin)
    return lines


def display_gray(frame: np.ndarray, photometric: str) -> np.ndarray:
    """A frame as 8-bit grey the way a viewer shows it (colour as luminance, MONOCHROME1 inverted)."""
    plane = frame.astype(np.float32)
    if plane.ndim == 3:
        plane = plane @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    gray = _stretch(plane)
    return 255 - gray if photometric == "MONOCHROME1" else gray


def local_contrast(frame: np.ndarray, sigma: float = BACKGROUND_SIGMA) -> np.ndarray:
    """|pixel - local background| (strongest over colour channels), stretched, as dark ink on white."""
    planes = [frame] if frame.ndim == 2 else [frame[..., c] for c in range(frame.shape[2])]
    strongest: np.ndarray | None = None
    for plane in planes:
        # A light blur first: speckle averages out, strokes (>= 1 px, upscaled later) survive.
        image = Image.fromarray(_stretch(plane.astype(np.float32))).filter(ImageFilter.GaussianBlur(SPECKLE_SIGMA))
        background = np.asarray(image.filter(ImageFilter.GaussianBlur(sigma)), dtype=np.float32)
        diff = np.abs(np.asarray(image, dtype=np.float32) - background)
        strongest = diff if strongest is None else np.maximum(strongest, diff)
    top = float(np.percentile(strongest, 99.7))
    return 255 - np.clip(strongest * (255.0 / max(top, 1.0)), 0, 255).astype(np.uint8)


def ink_rows(frame: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """Shrink a tall word box to the rows that hold its ink (tesseract boxes swallow adjacent speckle).

    Rows whose local-contrast ink is under INK_ROW_SHARE of the strongest row are cut from the top
    and bottom, then a third of the kept height is given back for faint ascenders and descenders.
    """
    x0, y0, x1, y1 = box
    if y1 - y0 < TIGHTEN_FROM:
        return box
    cx0, cy0 = max(0, x0 - CROP_CONTEXT), max(0, y0 - CROP_CONTEXT)
    crop = frame[cy0:y1 + CROP_CONTEXT, cx0:x1 + CROP_CONTEXT]
    ink = 255.0 - local_contrast(crop)[y0 - cy0:y1 - cy0, x0 - cx0:x1 - cx0]
    rows = ink.mean(axis=1)
    kept = np.flatnonzero(rows >= INK_ROW_SHARE * rows.max())
    if kept.size == 0:
        return box
    slack = max(3, int(kept[-1] - kept[0] + 1) // 3)
    return x0, y0 + max(0, int(kept[0]) - slack), x1, y0 + min(y1 - y0, int(kept[-1]) + 1 + slack)


def read_lines(image: np.ndarray, origin: tuple[int, int] = (0, 0), config: str = TESSERACT_CONFIG) -> list[Line]:
    """OCR an 8-bit image; return its text lines with boxes in the caller's coordinates (`origin` offset)."""
    scale = 2 if max(image.shape) < UPSCALE_BELOW else 1
    pil = Image.fromarray(image)
    if scale != 1:
        pil = pil.resize((pil.width * scale, pil.height * scale), Image.Resampling.BICUBIC)
    try:
        data = pytesseract.image_to_data(pil, lang="eng", config=config, output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractNotFoundError:
        raise OcrUnavailable("tesseract is not installed") from None
    except (pytesseract.TesseractError, OSError, RuntimeError) as exc:
        raise OcrUnavailable(f"tesseract failed ({type(exc).__name__})") from None
    lines: dict[tuple[int, int, int], list[Word]] = {}
    ox, oy = origin
    for i, text in enumerate(data["text"]):
        text = text.strip()
        conf = float(data["conf"][i])
        if not text or conf < MIN_CONFIDENCE:
            continue
        x, y, w, h = (data[k][i] for k in ("left", "top", "width", "height"))
        box = (ox + x // scale, oy + y // scale, ox + -(-(x + w) // scale), oy + -(-(y + h) // scale))
        lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(
            Word(text, conf, box))
    return [tuple(words) for words in lines.values()]


def _stretch(plane: np.ndarray) -> np.ndarray:
    """Contrast-stretch to 0..255 between robust percentiles (text may sit anywhere in a 16-bit range)."""
    lo, hi = np.percentile(plane, (0.5, 99.9))
    if hi <= lo:
        lo, hi = float(plane.min()), float(plane.max())
    if hi <= lo:
        return np.zeros(plane.shape, dtype=np.uint8)
    return np.clip((plane - lo) * (255.0 / (hi - lo)), 0, 255).astype(np.uint8)


def _dark_on_light(gray: np.ndarray) -> np.ndarray:
    """Invert dark-background images: tesseract reads dark text on a light page best."""
    return 255 - gray if float(np.median(gray)) < 128 else gray


def _light_on_dark(gray: np.ndarray) -> np.ndarray:
    """The other polarity: text lighter than its surroundings on a mostly light image becomes dark ink."""
    return 255 - _dark_on_light(gray)
