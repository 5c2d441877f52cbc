"""Where text ink is: contrast against a median background, split into text lines and whole text runs."""
from __future__ import annotations

from functools import cached_property, reduce

import cv2
import numpy as np
from PIL import Image, ImageFilter

from .display import SPECKLE_SIGMA, display_gray
from .frames import per_pixel

Rect = tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive)

# The background is a median over 22 px (11 at half resolution): a median follows straight edges
# (fan borders, collimation) that a blur smears into false ink, and ignores strokes narrower than
# half its window, so glyphs up to ~40 px stand out whole.
MEDIAN_WINDOW = 11
INK_SHARE = 0.45  # ink = contrast of at least this share of the seed's strongest strokes
STROKE_PERCENTILE = 98
RUN_REACH = 10  # a text run is looked for this many seed heights left and right of the seed
BAND_SHARE = 0.08  # a row belongs to a text line when it holds this share of the line's densest row
RUN_GAP = 2.0  # a run continues across blank columns up to this many line heights (wide word spaces)
MIN_LINE = 3  # rows: thinner bands are a rule or speckle, not a line of text
STROKE_COLUMNS = 3  # ink is counted over this many columns: strokes span neighbours, speckle hits do not
GLYPH_HEIGHT = 0.4  # share of the line's rows a glyph's ink covers (lower-case letters: the x-height)
CONTEXT = 2 * MEDIAN_WINDOW  # pixels around a local map, so its median background is the frame's


def text_runs(frame: np.ndarray, photometric: str, seed: Rect) -> list[Rect]:
    """InkMap.runs for one seed, computed on the part of the frame it can reach (cheaper than a whole map)."""
    rows, cols = frame.shape[:2]
    x0, y0, x1, y1 = seed
    height = max(4, y1 - y0)
    reach, above = RUN_REACH * height + CONTEXT, height + CONTEXT
    ax, ay, ax1, ay1 = _clip((x0 - reach, y0 - above, x1 + reach, y1 + above), rows, cols)
    local = InkMap(frame[ay:ay1, ax:ax1], photometric)
    return [(a + ax, b + ay, c + ax, d + ay) for a, b, c, d in local.runs((x0 - ax, y0 - ay, x1 - ax, y1 - ay))]


class InkMap:
    """One frame's (or crop's) signed contrast per plane: luminance, and chroma for colour."""

    def __init__(self, frame: np.ndarray, photometric: str) -> None:
        self.shape = frame.shape[:2]
        self._backgrounds: list[tuple[Image.Image, Image.Image]] = []  # each plane, and its background at half size
        coarse: list[np.ndarray] = []
        planes = _planes(frame, photometric)
        self.gray = planes[0]
        for plane in planes:
            image = Image.fromarray(plane)
            small = np.asarray(image.resize((max(1, image.width // 2), max(1, image.height // 2)),
                                            Image.Resampling.BOX))
            # OpenCV's median (edges replicated, as PIL's) gives PIL's values some thirty times faster.
            small_bg = cv2.medianBlur(small, MEDIAN_WINDOW)
            small_gray, small_background = small.astype(np.float32), small_bg.astype(np.float32)
            if not coarse:  # the grey plane at half resolution, and its background, for line detection
                self.small_gray, self.small_background = small_gray, small_background
            coarse.append(np.abs(small_gray - small_background))
            self._backgrounds.append((image, Image.fromarray(small_bg)))
        self.coarse = reduce(np.maximum, coarse)  # |contrast| at half resolution, for line detection

    @cached_property
    def planes(self) -> list[np.ndarray]:
        """Signed contrast per plane at full resolution, made on first use: finding line candidates reads only
        the half-resolution maps, and a whole frame's blur and background cost a third of its map."""
        planes = []
        for image, small_bg in self._backgrounds:
            background = np.asarray(small_bg.resize(image.size, Image.Resampling.BILINEAR), np.float32)
            sharp = np.asarray(image.filter(ImageFilter.GaussianBlur(SPECKLE_SIGMA)), np.float32)
            planes.append(sharp - background)
        return planes

    def ink(self, seed: Rect, area: Rect) -> np.ndarray | None:
        """Ink strength over `area` (1 = the strongest strokes in `seed`), or None where `seed` shows none.

        The polarity and plane are those that dominate inside `seed`: text is lighter or darker
        than its surroundings, rarely both, and coloured text may differ from grey only in chroma.
        """
        best: tuple[float, np.ndarray] | None = None
        for plane in self.planes:
            for sign, level in zip((1.0, -1.0), _stroke_levels(plane, seed)):
                if best is None or level > best[0]:
                    best = (level, sign * plane)
        if best is None or best[0] <= 0:
            return None
        ax0, ay0, ax1, ay1 = area
        return np.clip(best[1][ay0:ay1, ax0:ax1] / best[0], 0.0, None)

    def crop(self, rect: Rect) -> np.ndarray:
        """`rect` as dark ink on white (8-bit), for OCR."""
        ink = self.ink(rect, rect)
        if ink is None:
            return np.full((rect[3] - rect[1], rect[2] - rect[0]), 255, np.uint8)
        return (255 - np.clip(ink, 0, 1) * 255).astype(np.uint8)

    def plain_crop(self, rect: Rect) -> np.ndarray:
        """`rect` of the viewer's grey, stretched within the crop (8-bit), for OCR; its polarity is left to the reader.

        Beside a black area the contrast map also inks the area's edge and merges it with the
        glyphs; the plain grey keeps them apart.
        """
        x0, y0, x1, y1 = rect
        crop = self.gray[y0:y1, x0:x1].astype(np.float32)
        if crop.size == 0:
            return np.full((max(0, y1 - y0), max(0, x1 - x0)), 255, np.uint8)
        lo, hi = np.percentile(crop, (1, 99))  # a crop is mostly background: stretch between its near-extremes
        return np.clip((crop - lo) * (255.0 / max(float(hi - lo), 1.0)), 0, 255).astype(np.uint8)

    def runs(self, seed: Rect) -> list[Rect]:
        """The text lines crossing `seed`, each widened to its whole run of ink (words of one string).

        A tall OCR box that swallowed two lines, or speckle above and below, comes back as one tight
        box per line; a box around part of a string (OCR read a fragment) grows to the whole string.
        """
        rows, cols = self.shape
        x0, y0, x1, y1 = _clip(seed, rows, cols)
        if x1 <= x0 or y1 <= y0:
            return []
        height = max(4, y1 - y0)
        area = _clip((x0 - RUN_REACH * height, y0 - height, x1 + RUN_REACH * height, y1 + height), rows, cols)
        ink = self.ink((x0, y0, x1, y1), area)
        if ink is None:
            return []
        on = ink >= INK_SHARE
        ax, ay = area[0], area[1]
        found = []
        for top, bottom in _bands(on, x0 - ax, x1 - ax, y0 - ay, y1 - ay):
            span = _extend(on, top, bottom, x0 - ax, x1 - ax)
            if span is None:
                continue
            # Rows again over the whole run: ascenders and descenders may lie outside the seed's columns.
            again = [b for b in _bands(on, span[0], span[1], top, bottom) if b[0] < bottom and top < b[1]]
            top, bottom = min([top] + [b[0] for b in again]), max([bottom] + [b[1] for b in again])
            found.append((ax + span[0], ay + top, ax + span[1], ay + bottom))
        return found


def _stroke_levels(plane: np.ndarray, seed: Rect) -> tuple[float, float]:
    """How strong the lightest and the darkest strokes inside `seed` stand out ((0, 0) when it is empty)."""
    x0, y0, x1, y1 = seed
    core = plane[y0:y1, x0:x1]
    if core.size == 0:
        return 0.0, 0.0
    hi, lo = np.percentile(core, (STROKE_PERCENTILE, 100 - STROKE_PERCENTILE))
    return float(hi), float(-lo)


def _planes(frame: np.ndarray, photometric: str) -> list[np.ndarray]:
    """8-bit planes to look for ink in: stretched luminance, and chroma for colour (tinted text on grey).

    A grey frame shown as RGB (every view of a radiograph) has no chroma: a plane of zeros has no
    contrast, so it could never be the plane ink is found in, and it is left out.
    """
    planes = [display_gray(frame, photometric)]
    if frame.ndim == 3:
        full = float(np.iinfo(frame.dtype).max) if frame.dtype.kind in "ui" else 1.0
        chroma = per_pixel(frame, np.maximum).astype(np.float32) - per_pixel(frame, np.minimum).astype(np.float32)
        if chroma.any():
            planes.append(np.clip(chroma * (255.0 / full), 0, 255).astype(np.uint8))
    return planes


def _bands(on: np.ndarray, c0: int, c1: int, r0: int, r1: int) -> list[tuple[int, int]]:
    """Row ranges of text lines that cross rows r0..r1, judged on columns c0..c1 of the ink mask."""
    profile = on[:, c0:c1].mean(axis=1)
    inside = profile[r0:r1]
    if inside.size == 0 or inside.max() <= 0:
        return []
    outside = np.concatenate([profile[:max(0, r0 - 2)], profile[r1 + 2:]])
    noise = float(np.median(outside)) if outside.size else 0.0
    threshold = max(2 * noise + 0.01, BAND_SHARE * float(inside.max()))
    bands = []
    for start, stop in true_runs(profile >= threshold):
        if stop - start >= MIN_LINE and start < r1 and r0 < stop:
            bands.append((int(start), int(stop)))
    return bands


def _extend(on: np.ndarray, top: int, bottom: int, c0: int, c1: int) -> tuple[int, int] | None:
    """Columns of the ink run through c0..c1 within rows top..bottom, across gaps up to RUN_GAP heights.

    A column is ink when it holds more ink pixels than speckle would put there, estimated from the
    rows above and below in the columns around it, so runs stop where the text ends, not the noise.
    """
    tall = bottom - top
    counts = _window_sums(on[top:bottom].sum(axis=0), STROKE_COLUMNS)
    others = np.concatenate([on[:max(0, top - 2)], on[bottom + 2:]])
    if others.shape[0]:
        width = 2 * tall + 1
        density = _window_sums(others.mean(axis=0), width) / width
        expected = density * tall * STROKE_COLUMNS
    else:
        expected = np.zeros(counts.shape)
    inked = counts >= np.maximum(2.0, expected + 3 * np.sqrt(expected))
    # A glyph reaches across much of the line's height; a speckle blob beside the text does not.
    band = on[top:bottom]
    for start, stop in true_runs(inked):
        beside_seed = stop <= c0 or c1 <= start
        if beside_seed and np.count_nonzero(band[:, start:stop].any(axis=1)) < GLYPH_HEIGHT * tall:
            inked[start:stop] = False
    seeded = np.flatnonzero(inked[c0:c1])
    if seeded.size == 0:
        return None
    start, stop = c0 + int(seeded[0]), c0 + int(seeded[-1])
    gap = max(6, int(RUN_GAP * tall))
    while (left := np.flatnonzero(inked[max(0, start - gap):start])).size:
        start = max(0, start - gap) + int(left[0])
    while (right := np.flatnonzero(inked[stop + 1:stop + 1 + gap])).size:
        stop = stop + 1 + int(right[-1])
    return start, stop + 1


def _window_sums(values: np.ndarray, width: int) -> np.ndarray:
    """Sum over a centred window of `width` at each index, as long as `values` even when the window is longer."""
    full = np.convolve(values, np.ones(width), mode="full")
    start = (width - 1) // 2
    return full[start:start + values.size]


def true_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) of each run of True in a 1-D mask."""
    edges = np.flatnonzero(np.diff(np.concatenate([[False], mask, [False]]).astype(np.int8)))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def overlaps(a: Rect, b: Rect) -> bool:
    """Whether two rectangles intersect."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def grown(rect: Rect, by: int, rows: int, cols: int) -> Rect:
    """`rect` with `by` pixels more on every side, limited to a frame of `rows` x `cols`."""
    x0, y0, x1, y1 = rect
    return _clip((x0 - by, y0 - by, x1 + by, y1 + by), rows, cols)


def mostly_same(a: Rect, b: Rect) -> bool:
    """Whether two rectangles share more than half of the smaller one's area."""
    width, height = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return width > 0 and height > 0 and width * height > smaller / 2


def union(a: Rect, b: Rect) -> Rect:
    """The smallest rectangle holding both."""
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def _clip(rect: Rect, rows: int, cols: int) -> Rect:
    """`rect` limited to the frame."""
    x0, y0, x1, y1 = rect
    return max(0, x0), max(0, y0), min(cols, x1), min(rows, y1)
