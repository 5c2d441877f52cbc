"""Read every frame that may carry text once: learned detection and recognition, identical and static content once."""
from __future__ import annotations

import numpy as np

from .frames import DecodedPixels, frame_digest
from .ink import overlaps
from .ocr import Line
from .textlines import find_lines

# Above this changed fraction a partial read saves little and loses line context: read the frame fully.
FULL_READ_ABOVE = 0.6
CROP_PAD = 16  # pixels of context kept around changed content so cut words are read whole


def read_frames(pixels: DecodedPixels, frames: list[int] | None = None) -> tuple[dict[int, list[Line]], int]:
    """Detect and read the text lines of `frames` (default all); return lines per frame and how many were read.

    Identical frames (same bytes) are read once. A later frame that differs from the last fully
    read frame only inside a rectangle is read only there: lines of the reference frame outside
    that rectangle stand on unchanged pixels, so the detector would return them again. This makes
    cine loops with a static text overlay cost one full read plus reads of the moving part.
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
            lines = find_lines(pixels.view(index))
            reference = (index, lines)
        elif changed[2] <= changed[0]:  # same values under another byte pattern
            lines = reference[1]
        else:
            x0, y0, x1, y1 = changed
            kept = [line for line in reference[1] if not any(overlaps(w.box, changed) for w in line)]
            lines = kept + find_lines(pixels.view(index)[y0:y1, x0:x1], (x0, y0))
        by_digest[digest] = result[index] = lines
    return result, reads


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
