"""Long cine loops: which frames to read and verify when one overlay of text is burned into every frame.

A cine's burned-in text is an overlay drawn at the same place in each frame while the anatomy moves
under and around it. Reading every frame of a 96-frame XA loop took longer than a file may
(`too_slow`). Instead a sample of frames is read, plus any frame that changes the overlay the sample
shares (where all sampled frames agree, anatomy does not move); the masks found are applied to every
frame. Verification reads the frames that were read, plus any frame whose pixels under the masks
differ from the frame before it (a running clock, a counter): elsewhere under the masks a frame holds
what a verified frame held.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .frames import per_pixel

SAMPLE_FRAMES = 8  # frames read of a longer loop, evenly spaced, the first and last included
# Pixels of the sample's shared overlay a frame must change to be read too: a glyph has more, and a
# lone pixel flicker of a lossy codec fewer.
NEW_OVERLAY_PIXELS = 12


def sampled(frame_count: int) -> bool:
    """Whether a loop of `frame_count` frames is read from a sample rather than frame by frame."""
    return frame_count > SAMPLE_FRAMES


def frames_to_read(array: np.ndarray) -> list[int]:
    """The sample's frames of `array` (frames, rows, cols[, samples]), and every frame that changes
    at least NEW_OVERLAY_PIXELS of the pixels on which all sampled frames agree."""
    count = array.shape[0]
    sample = sorted({round(i * (count - 1) / (SAMPLE_FRAMES - 1)) for i in range(SAMPLE_FRAMES)})
    first = array[sample[0]]
    shared = np.ones(first.shape[:2], dtype=bool)
    for index in sample[1:]:
        shared &= _same(array[index], first)
    chosen = set(sample)
    for index in range(count):
        if index not in chosen and np.count_nonzero(shared & ~_same(array[index], first)) >= NEW_OVERLAY_PIXELS:
            chosen.add(index)
    return sorted(chosen)


def changed_under(array: np.ndarray, rects: Iterable[tuple[int, int, int, int]]) -> list[int]:
    """Frames whose pixels inside any of `rects` (x0, y0, x1, y1) differ from the previous frame's."""
    changed = []
    rects = list(dict.fromkeys(rects))
    for index in range(1, array.shape[0]):
        if any(not np.array_equal(array[index, y0:y1, x0:x1], array[index - 1, y0:y1, x0:x1])
               for x0, y0, x1, y1 in rects):
            changed.append(index)
    return changed


def _same(frame: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Per pixel, whether two frames hold the same value (every sample of a colour pixel)."""
    return per_pixel(frame == other, np.logical_and)
