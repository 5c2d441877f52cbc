"""OCR every frame that may carry text, reading identical and static content once."""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .crops import read_text_lines
from .display import dark_on_light, display_gray, light_on_dark, local_contrast
from .frames import DecodedPixels, frame_digest
from .ink import Rect, overlaps
from .ocr import BLOCK_CONFIG, GLOBAL_CONFIG, TESSERACT_CONFIG, Line, group_lines, ocr_words, read_lines

# Above this changed fraction a partial read saves little and loses line context: read the frame fully.
FULL_READ_ABOVE = 0.6
CROP_PAD = 16  # pixels of context kept around changed content so cut words are read whole


def read_frame(frame: np.ndarray, photometric: str, origin: tuple[int, int] = (0, 0), *,
               verifying: bool = False) -> list[Line]:
    """OCR one frame (or crop): a whole-page reading, then every text line on its own.

    The whole page is read as a local-contrast image. On speckled backgrounds tesseract's page
    layout drops or splits strings that it reads well in isolation, so detection then reads each
    text line (found by the ink detector, or around any word-like fragment of the page reading) as
    its own crop. Verification instead adds the plain display image in both polarities, read as
    sparse text with a global threshold and as a block: readings different from the ones that
    chose the boxes, so one preprocessing's blind spot is not trusted twice.
    """
    page = ocr_words(local_contrast(frame), TESSERACT_CONFIG)
    lines = group_lines(page, origin)
    if verifying:
        gray = display_gray(frame, photometric)
        for image in (dark_on_light(gray), light_on_dark(gray)):
            lines += read_lines(image, origin, GLOBAL_CONFIG) + read_lines(image, origin, BLOCK_CONFIG)
        return lines
    fragments = [word.box for _, word in page if any(c.isalnum() for c in word.text)]
    return lines + read_text_lines(frame, photometric, fragments, origin)


def read_frames(pixels: DecodedPixels, frames: list[int] | None = None, *,
                verifying: bool = False) -> tuple[dict[int, list[Line]], int]:
    """OCR `frames` (default all, `verifying` a redaction); return lines per frame and how many were read.

    Identical frames (same bytes) are read once. A later frame that differs from the last fully
    read frame only inside a rectangle is read only there: words of the reference frame outside
    that rectangle stand on unchanged pixels, so tesseract would return them again. This makes cine
    loops with a static text overlay cost one full read plus reads of the moving part.
    """
    wanted = list(range(pixels.frame_count)) if frames is None else frames
    by_digest: dict[bytes, list[Line]] = {}
    result: dict[int, list[Line]] = {}
    reference: tuple[int, list[Line]] | None = None
    reads = 0
    for index in wanted:
        frame = pixels.array[index]
        digest = frame_digest(frame)
        if digest in by_digest:
            result[index] = by_digest[digest]
            continue
        reads += 1
        changed = _changed_rect(pixels.array[reference[0]], frame) if reference else None
        if changed is None:
            lines = read_frame(frame, pixels.photometric, verifying=verifying)
            reference = (index, lines)
        elif changed[2] <= changed[0]:  # same values under another byte pattern
            lines = reference[1]
        else:
            x0, y0, x1, y1 = changed
            kept = [tuple(w for w in line if not overlaps(w.box, changed)) for line in reference[1]]
            lines = [line for line in kept if line] + read_frame(frame[y0:y1, x0:x1], pixels.photometric, (x0, y0),
                                                                 verifying=verifying)
        by_digest[digest] = result[index] = lines
    return result, reads


def read_regions(pixels: DecodedPixels, regions: Mapping[int, Rect], *,
                 verifying: bool = False) -> tuple[dict[int, list[Line]], int]:
    """OCR one rectangle of each listed frame; return lines per frame and how many were read.

    The same pixels at the same place (a static overlay in a cine loop) are read once.
    """
    by_digest: dict[bytes, list[Line]] = {}
    result: dict[int, list[Line]] = {}
    for index, (x0, y0, x1, y1) in regions.items():
        crop = pixels.array[index, y0:y1, x0:x1]
        digest = frame_digest(crop) + bytes(f"{x0},{y0}", "ascii")
        if digest not in by_digest:
            by_digest[digest] = read_frame(crop, pixels.photometric, (x0, y0), verifying=verifying)
        result[index] = by_digest[digest]
    return result, len(by_digest)


def _changed_rect(reference: np.ndarray, frame: np.ndarray) -> tuple[int, int, int, int] | None:
    """The padded rectangle holding every pixel that differs from `reference`, or None to read fully."""
    diff = reference != frame
    if diff.ndim == 3:
        diff = diff.any(axis=2)
    rows, cols = np.flatnonzero(diff.any(axis=1)), np.flatnonzero(diff.any(axis=0))
    if rows.size == 0:
        return (0, 0, 0, 0)
    height, width = diff.shape
    x0, x1 = max(0, cols[0] - CROP_PAD), min(width, cols[-1] + 1 + CROP_PAD)
    y0, y1 = max(0, rows[0] - CROP_PAD), min(height, rows[-1] + 1 + CROP_PAD)
    if (x1 - x0) * (y1 - y0) > FULL_READ_ABOVE * width * height:
        return None
    return int(x0), int(y0), int(x1), int(y1)

