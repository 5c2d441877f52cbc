"""Faint text lines on speckle: bands of rows whose smoothed stroke contrast stands above the local background's.

A low-contrast line (a quarter of the display's range, or black on a noisy black margin) on a speckled field is
missed by the learned detector and by the ink candidates alike: per pixel its glyphs differ from the speckle by
about the speckle's own spread. Summed along a row over a line's length, though, the strokes' contrast stands
well above what speckle sums to in the rows around it. These bands only say where to look: the recogniser then
reads each, and the matcher decides, as for any other line.
"""
from __future__ import annotations

from typing import NamedTuple

import cv2
import numpy as np

from .frames import channel_mean
from .ink import Rect, overlaps
from .per_frame import PerFrame

# Screens print text 8-20 px tall: windows are sized for a LINE px line (the bands found are their own height).
LINE = 14
SMOOTH = 1.0  # Gaussian sigma, in pixels: speckle is one pixel wide, a stroke's contrast survives it
BACKGROUND = 3 * LINE  # pixels: the local mean a stroke stands out from (text covers a small part of it)
NOISE = 8 * LINE  # pixels: the window the speckle's spread is measured over
NOISE_FLOOR = 0.2  # grey levels: a flat area's spread is no smaller (black margins hold almost no noise)
ALONG = 3 * LINE  # columns each row's contrast is summed over: a few glyphs of a line
ACROSS = LINE // 2  # rows it is summed over: a stroke's height, less than a line
# A band's summed contrast must stand this many spreads above the rows and columns around it (AROUND) and the
# frame's typical (median) level by this many of its robust spreads: the first finds a line on a black margin
# beside a bright fan, the second keeps speckle in a texture's quiet corner from standing out of it.
ABOVE_AROUND = 2.0
# ... and somewhere by PEAK. Speckle's bands often do too: on the synthetic screens about two a screen are read
# (0.1 CPU s), nearly all read as nothing legible and dropped.
PEAK = 3.9
# A band standing out by CLEAR is text by its shape alone: speckle's bands stood below 5.1 (even on uniform speckle,
# where they are most), the bands of 7-9 px digits a quarter of the range off their background at 6.6-7.6, where
# no reader makes them out. Read as nothing legible, such a band cannot be shown free of PHI.
CLEAR = 6.0
# The row sums spread every stroke over ACROSS rows, so a line of text makes a band about that tall at least: on the
# seed-7, 101 and 202 screens the 280 bands whose reading was kept were 7-27 rows (3 of them 7), and 187 of the 456 read
# as nothing were 5-6 rows, speckle's, each a read of the recogniser's for nothing. A band that is not `clear` is read
# only from this many rows.
SPECKLE_ROWS = ACROSS
AROUND = (8 * LINE, 6 * LINE)  # columns, rows
ABOVE_FRAME = 2.0
MAD_TO_SD = 1.4826
JOIN = LINE  # columns bridged between words, so a line comes out as one band
MIN_HEIGHT, MAX_HEIGHT = 5, 40  # rows: a band's height as text 8-20 px tall makes it
MIN_ASPECT = 2.5  # a band's width to its height: a line holds a few glyphs at least
ROOM = (LINE // 2, 3)  # pixels added left/right and above/below: the sums fade at a line's ends
# Each band is read stretched: a line on a black margin (grey levels 0-5) then shows; read as shown too, the
# bands cost twice the time and read no more PHI.
STRETCH_SMOOTH = 0.8  # Gaussian sigma before stretching, in pixels
STRETCH = (1, 99)  # percentiles of the crop mapped to black and white
# A screen's black margin is its own background: beside a bright ultrasound fan, a window spanning both measured
# dark text there against the fan's level and speckle, and the text's strokes vanished in it (a date 11 px tall on
# the margin a line height from the fan stood 1.5 spreads out, 5.2 against the margin alone). Dark strokes on
# pixels this dark (grey levels) are measured against the margin's pixels alone, those at least MARGIN_ERODE px
# inside it (the fan's edge, blurred into the margin, is neither), where they make up MARGIN_SHARE of the window.
MARGIN_LEVEL = 16
MARGIN_ERODE = 7
MARGIN_SHARE = 0.2
# Dark text on such a margin wider than the rows and columns around it (AROUND) stood out of them only by 3.6: they
# held the line itself. Measured against the rows above and below it alone, the synthetic screens' dark margin lines
# stood 7.9-15 out, speckle at most 7.6, and that in bands a row of speckle high (5-7 rows: the row sums spread a
# stroke over ACROSS rows), text's 9 or more. Such bands are read too (their peak, and so whether they are `clear`,
# is that of the rows and columns around them, as for any other).
MARGIN_PEAK = 7.5
MARGIN_MIN_HEIGHT = ACROSS + 2
# A margin strip with too few rows of its own for that (a date on the strip between a fan's lower edge and the frame's,
# 11 px from the edge: the rows around it were the fan's, or the line itself reflected) is measured against the frame's
# margin as a whole, its typical row sum and robust spread: the synthetic screens' dark margin lines stood 8.3-15 out
# of it, speckle's line-shaped bands at most 6.3; a margin of one flat value is given at least MARGIN_SPREAD_FLOOR.
MARGIN_SPREAD_FLOOR = 0.05
# A bright field's straight edge on such a margin (an ultrasound fan's lower edge) is no line, yet its rows stand out as
# light against a window holding the margin: a band as wide as the fan, which read with a line beside it was masked
# whole. A light band whose EDGE_ROWS rows on one side are (in the median) the margin's and on the other the field's,
# its own rows at least half as bright as the field's, is that edge: a text line's rows are its background's on both
# sides, and a light line on the margin beside a field is, in the median of its rows, still mostly margin.
EDGE_ROWS = ACROSS


class Band(NamedTuple):
    """A faint text-like band: its box and how far its summed contrast stands above the rows around it."""

    box: Rect
    peak: float

    @property
    def clear(self) -> bool:
        """Whether the band is text by its shape alone (`CLEAR`)."""
        return self.peak >= CLEAR


def faint_lines(view: np.ndarray) -> list[Band]:
    """The faint text-like bands of an 8-bit RGB image, dark or light on their background (remembered for the last
    few images: the reader reads them and the cleaner masks the clear ones it read as nothing)."""
    return _remembered(view)


def _found(view: np.ndarray) -> list[Band]:
    """`faint_lines`, worked out."""
    rows, cols = view.shape[:2]
    smooth = _smooth(view)
    contrast = smooth - cv2.blur(smooth, (BACKGROUND | 1, BACKGROUND | 1))
    noise = _spread(contrast)
    dark, spread, margin = _on_margin(smooth, contrast, noise)
    bands: list[Band] = []
    for sign, signed, deviation in ((1.0, contrast, noise), (-1.0, dark, spread)):
        summed = cv2.blur(np.clip(sign * signed / deviation, 0.0, None), (ALONG | 1, ACROSS | 1))
        median = float(np.median(summed))  # the frame's median costs as much as the rest of a look: taken once
        score, out_of_frame = _standing(summed), _out_of_frame(summed, median)
        found = _bands(score, out_of_frame, score, PEAK, MIN_HEIGHT)
        if sign < 0 and margin is not None:
            on_margin = np.maximum(_standing(summed, apart=True), _standing_on_margin(summed, margin))
            found += [band for band in _bands(score, out_of_frame, np.where(margin, on_margin, 0.0), MARGIN_PEAK,
                                              MARGIN_MIN_HEIGHT)
                      if not any(overlaps(band[0], other) for other, _ in found)]
        found += _beside(summed, median, score, [box for box, _ in found])
        if sign > 0 and margin is not None:
            found = [band for band in found if not _along_edge(smooth, band[0])]
        bands += [Band(_padded(box, rows, cols), peak) for box, peak in found if _tall_enough(box, peak)]
    return bands


_remembered = PerFrame(_found)


def _tall_enough(box: Rect, peak: float) -> bool:
    """Whether a band is tall enough to be read (`SPECKLE_ROWS`), or text by its shape alone (`CLEAR`) whatever its
    height."""
    return box[3] - box[1] >= SPECKLE_ROWS or peak >= CLEAR


def _smooth(view: np.ndarray) -> np.ndarray:
    """The image's grey level, smoothed (float32)."""
    gray = channel_mean(view) if view.ndim == 3 else view.astype(np.float32)
    return cv2.GaussianBlur(gray, (0, 0), SMOOTH)


def _spread(contrast: np.ndarray, weight: np.ndarray | None = None) -> np.ndarray:
    """The local root mean square of `contrast` (over the pixels of `weight`, 0 or 1, when given), plus NOISE_FLOOR."""
    square = contrast * contrast if weight is None else contrast * contrast * weight
    # The box filter's running sums can leave a flat area's mean square a hair below zero: clip before the root,
    # or the area's NaN spreads through the row sums and no band can stand there.
    mean = np.maximum(cv2.blur(square, (NOISE | 1, NOISE | 1)), 0.0)
    if weight is not None:
        mean /= np.maximum(cv2.blur(weight, (NOISE | 1, NOISE | 1)), 1e-6)
    return np.sqrt(mean) + NOISE_FLOOR


def _on_margin(smooth: np.ndarray, contrast: np.ndarray,
               noise: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """`contrast` and `noise` for dark strokes: on a black margin (`MARGIN_LEVEL`), against the margin alone; and
    where that margin is (None: nowhere)."""
    dark = smooth <= MARGIN_LEVEL
    inside = cv2.erode(dark.view(np.uint8), np.ones((MARGIN_ERODE, MARGIN_ERODE), np.uint8)).astype(np.float32)
    share = cv2.blur(inside, (BACKGROUND | 1, BACKGROUND | 1))
    own = dark & (share >= MARGIN_SHARE)
    if not own.any():
        return contrast, noise, None
    margin = smooth - cv2.blur(smooth * inside, (BACKGROUND | 1, BACKGROUND | 1)) / np.maximum(share, 1e-6)
    return np.where(own, margin, contrast), np.where(own, _spread(margin, inside), noise), own


def _along_edge(smooth: np.ndarray, box: Rect) -> bool:
    """Whether a light band runs along a bright field's edge on a black margin (`EDGE_ROWS`): the rows on one side of
    it are the margin's, those on the other side the field's, and its own rows (in the median) about as bright."""
    x0, y0, x1, y1 = box
    above, own, below = (float(np.median(smooth[top:bottom, x0:x1])) if bottom > top else None
                         for top, bottom in ((max(0, y0 - EDGE_ROWS), y0), (y0, y1),
                                             (y1, min(smooth.shape[0], y1 + EDGE_ROWS))))
    if above is None or below is None or (above <= MARGIN_LEVEL) == (below <= MARGIN_LEVEL):
        return False
    return own >= max(above, below) / 2


def _standing(summed: np.ndarray, apart: bool = False) -> np.ndarray:
    """How many spreads `summed` stands above its mean over the rows and columns around it (AROUND); `apart`: over
    those rows but its own LINE rows."""
    window = (AROUND[0] | 1, AROUND[1] | 1)
    mean, square = cv2.blur(summed, window), cv2.blur(summed * summed, window)
    if apart:
        own = (AROUND[0] | 1, LINE | 1)
        whole, part = window[0] * window[1], own[0] * own[1]
        mean = (mean * whole - cv2.blur(summed, own) * part) / (whole - part)
        square = (square * whole - cv2.blur(summed * summed, own) * part) / (whole - part)
    spread = np.sqrt(np.clip(square - mean * mean, 0.0, None))
    return (summed - mean) / np.maximum(spread, 1e-6)


def _beside(summed: np.ndarray, median: float, score: np.ndarray, found: list[Rect]) -> list[tuple[Rect, float]]:
    """The bands that stand out (PEAK) once the `found` bands are measured apart: their sums set to the frame's `median`,
    the rest stands against the rows around it again; each with its peak of `score` (how it stood with them).

    A faint line a line or two from a stronger one (a referrer's name 14 rows under a phone number, an ID 25 rows over
    a date) stood 1.2-2.8 out of rows that held that line too, whose sums spread them; apart from it, 4.0."""
    if not found:
        return []
    apart = summed.copy()
    for x0, y0, x1, y1 in (_padded(box, *summed.shape) for box in found):
        apart[y0:y1, x0:x1] = median
    standing = _standing(apart)
    return [band for band in _bands(score, _out_of_frame(apart, float(np.median(apart))), standing, PEAK, MIN_HEIGHT)
            if not any(overlaps(band[0], other) for other in found)]


def _standing_on_margin(summed: np.ndarray, margin: np.ndarray) -> np.ndarray:
    """How many robust spreads (at least MARGIN_SPREAD_FLOOR) `summed` stands above its median over the `margin`."""
    values = summed[margin]
    median = float(np.median(values))
    robust = MAD_TO_SD * float(np.median(np.abs(values - median)))
    return (summed - median) / max(robust, MARGIN_SPREAD_FLOOR)


def _out_of_frame(summed: np.ndarray, median: float) -> np.ndarray:
    """Where `summed` stands ABOVE_FRAME robust spreads above its `median` over the frame (worked out once per map: a
    margin screen's map is looked at twice)."""
    robust = MAD_TO_SD * float(np.median(np.abs(summed - median)))
    return summed > median + ABOVE_FRAME * robust


def _bands(score: np.ndarray, out_of_frame: np.ndarray, standing: np.ndarray, peak: float,
           lowest: int) -> list[tuple[Rect, float]]:
    """The line-shaped regions (at least `lowest` rows) where `standing` is above ABOVE_AROUND and the summed contrast
    stands `out_of_frame`, and where `standing` reaches `peak` somewhere; with the peak of `score` in each."""
    on = ((standing > ABOVE_AROUND) & out_of_frame).astype(np.uint8)
    on = cv2.morphologyEx(on, cv2.MORPH_CLOSE, np.ones((1, JOIN), np.uint8))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(on)
    found = []
    for index, (x, y, w, h, _) in enumerate(stats[1:], 1):
        if not (lowest <= h <= MAX_HEIGHT and w >= MIN_ASPECT * h):
            continue
        mine = labels[y:y + h, x:x + w] == index
        if standing[y:y + h, x:x + w][mine].max() >= peak:
            found.append(((int(x), int(y), int(x + w), int(y + h)), float(score[y:y + h, x:x + w][mine].max())))
    return found


def _padded(box: Rect, rows: int, cols: int) -> Rect:
    """`box` with ROOM around it, clipped to the frame."""
    x0, y0, x1, y1 = box
    return max(0, x0 - ROOM[0]), max(0, y0 - ROOM[1]), min(cols, x1 + ROOM[0]), min(rows, y1 + ROOM[1])


def stretched(view: np.ndarray, box: Rect) -> np.ndarray:
    """`box` of an 8-bit RGB image as the recogniser reads it: its grey smoothed and stretched between the crop's
    near-extremes (a line a few grey levels off its background then spans the whole range), as RGB."""
    x0, y0, x1, y1 = box
    gray = cv2.GaussianBlur(channel_mean(view[y0:y1, x0:x1]), (0, 0), STRETCH_SMOOTH)
    low, high = np.percentile(gray, STRETCH)
    image = np.clip((gray - low) * (255.0 / max(float(high - low), 1.0)), 0, 255).astype(np.uint8)
    return np.repeat(image[..., None], 3, axis=2)
