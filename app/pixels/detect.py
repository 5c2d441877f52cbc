"""Text-line candidates found without OCR: contrast that stays strong along a horizontal band.

Tesseract's page layout analysis drops whole strings on speckled backgrounds even when it could
read them in isolation. These candidates only say where to look; OCR still decides what is there.
"""
from __future__ import annotations

import numpy as np
from PIL import Image

from .ink import InkMap, Rect, true_runs

# All sizes at the half resolution of InkMap.coarse.
LINE_WINDOW = (1, 4)  # half-height, half-width: a 3x9 window lies along a line of glyphs
TILE = 32
HALF_NORMAL_Q25 = 0.3186  # the first quartile of |noise| in units of its standard deviation
NOISE_FLOOR = 3.0  # grey levels: flat black margins have almost no noise, and nothing is that faint
MIN_SCORE = 1.5  # mean contrast along the window, in units of the local noise
MIN_CONTRAST = 12.0  # grey levels
# On a flat panel (local noise at most QUIET_NOISE: a console's side bar, a screen's black margin) a line only
# QUIET_CONTRAST off its background is text all the same: a grey console's 7-9 px lines 12-40 levels off their panel
# spanned only 8-13 levels in the 3x9 window's mean at half resolution, and the learned detector missed them.
QUIET_NOISE = 4.0
QUIET_CONTRAST = 6.0
JOIN = 3  # columns bridged between glyphs, so a word or line comes out as one box
MAX_LINE = 96  # full-resolution pixels; taller hits are anatomy or edges, not a line of text
# Text drawn at the display's black or white point on a background near it (black on dark grey)
# has little contrast but many pixels at the extreme, which speckle rarely reaches at half resolution.
EXTREME = 8  # grey levels from 0 or 255
EXTREME_SHARE = 0.2  # of a window's pixels


def text_candidates(ink: InkMap) -> list[Rect]:
    """Boxes (full resolution) of text-like bands: contrast above the local speckle (less on a flat panel), or
    black/white-point strokes."""
    coarse = ink.coarse
    mean = _window_mean(coarse, *LINE_WINDOW)
    noise = _noise(coarse)
    hits = (mean > MIN_SCORE * np.maximum(noise, NOISE_FLOOR)) & (mean > np.where(noise <= QUIET_NOISE, QUIET_CONTRAST,
                                                                                     MIN_CONTRAST))
    hits |= _extreme_strokes(ink)
    boxes = []
    for x0, y0, x1, y1 in _xy_cut(_widen(hits, JOIN)):
        if 2 * (y1 - y0) <= MAX_LINE:
            boxes.append((2 * x0, 2 * y0, 2 * x1, 2 * y1))
    return boxes


def _extreme_strokes(ink: InkMap) -> np.ndarray:
    """Windows dense with pixels at the black (white) point where the background is not (half resolution)."""
    gray, background = ink.small_gray, ink.small_background
    dark = (gray <= EXTREME) & (background >= EXTREME + MIN_CONTRAST)
    light = (gray >= 255 - EXTREME) & (background <= 255 - EXTREME - MIN_CONTRAST)
    return _window_mean((dark | light).astype(np.float32), *LINE_WINDOW) >= EXTREME_SHARE


def _window_mean(values: np.ndarray, half_height: int, half_width: int) -> np.ndarray:
    """Mean over a (2*half_height+1) x (2*half_width+1) window around each pixel (edges replicated)."""
    padded = np.pad(values.astype(np.float64), ((half_height + 1, half_height), (half_width + 1, half_width)),
                    mode="edge")
    total = padded.cumsum(axis=0).cumsum(axis=1)
    h, w = 2 * half_height + 1, 2 * half_width + 1
    sums = total[h:, w:] - total[:-h, w:] - total[h:, :-w] + total[:-h, :-w]
    return (sums / (h * w)).astype(np.float32)


def _noise(values: np.ndarray) -> np.ndarray:
    """Local speckle level per pixel: each tile's lower quartile, raised to its neighbours' maximum.

    The lower quartile ignores the text a tile may hold; the neighbour maximum keeps a tile that is
    half flat margin from judging the speckle beside it against the margin's silence.
    """
    rows, cols = values.shape
    th, tw = -(-rows // TILE), -(-cols // TILE)
    padded = np.pad(values, ((0, th * TILE - rows), (0, tw * TILE - cols)), mode="edge")
    tiles = padded.reshape(th, TILE, tw, TILE).transpose(0, 2, 1, 3).reshape(th, tw, -1)
    level = np.percentile(tiles, 25, axis=2) / HALF_NORMAL_Q25
    around = np.pad(level, 1, mode="edge")
    level = np.max([around[i:i + th, j:j + tw] for i in range(3) for j in range(3)], axis=0)
    image = Image.fromarray(level.astype(np.float32), mode="F").resize((tw * TILE, th * TILE),
                                                                        Image.Resampling.BILINEAR)
    return np.asarray(image)[:rows, :cols]


def _widen(mask: np.ndarray, reach: int) -> np.ndarray:
    """The mask dilated horizontally by `reach` columns."""
    padded = np.pad(mask, ((0, 0), (reach, reach)))
    out = np.zeros_like(mask)
    for shift in range(2 * reach + 1):
        out |= padded[:, shift:shift + mask.shape[1]]
    return out


def _xy_cut(mask: np.ndarray) -> list[Rect]:
    """Split the mask at empty rows, then empty columns, recursively, into boxes of connected content."""
    boxes: list[Rect] = []
    pending = [(0, 0, mask)]
    while pending:
        x0, y0, part = pending.pop()
        rows = true_runs(part.any(axis=1))
        for r0, r1 in rows:
            band = part[r0:r1]
            cols = true_runs(band.any(axis=0))
            if len(rows) == 1 and len(cols) == 1:
                boxes.append((x0 + cols[0][0], y0 + r0, x0 + cols[0][1], y0 + r1))
                continue
            pending += [(x0 + c0, y0 + r0, band[:, c0:c1]) for c0, c1 in cols]
    return boxes
