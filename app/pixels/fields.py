"""Ink beside a form's open label that the masks of the values read there leave uncovered.

A label read apart from its value ("MRN:", then "27752197" on its row) takes the value's mask, fitted to the value's
ink, instead of VALUE_REACH line heights of its ruled field. A part of the value the reader missed (a last word in
paler ink, a word beyond a wide space, letters written uphill off the read line) stands outside that mask: it is
found here as glyph strokes on the label's rows, the ruled line aside, so the field can be masked whole again.
"""
from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from .baseline import RULE_HEIGHTS, without_rules
from .ink import CONTEXT, InkMap, Rect

# Contrast past the paper's by this many robust deviations of the field's own contrast is ink: a pale pen's strokes
# stand well clear of a scanner's noise, which the light blur of the contrast map has already averaged.
NOISE_DEVIATIONS = 4.0
STROKE_ROWS = 0.4  # of the label's height: a glyph's stroke spans this many rows, speckle does not
COVER_PAD = 2  # pixels: ink this close to a mask is inside the margin every mask is given
MIN_UNCOVERED = 1.0  # of the label's height, in pixels of strokes: less is a stroke's stray edge, not a glyph


def uncovered_ink(view: np.ndarray, label: Rect, field: Rect, masks: Sequence[Rect]) -> tuple[int, int] | None:
    """The columns (start, stop) of glyph strokes in `field` (beside the `label`, on its rows) that no mask
    covers, in an 8-bit RGB `view`; None when every stroke there is covered."""
    rows, cols = view.shape[:2]
    height = label[3] - label[1]
    x0, y0, x1, y1 = field
    if x1 <= x0 or height <= 0:
        return None
    # The strokes are followed half a line above and below the field: a value written uphill leaves its rows.
    top, bottom = max(0, y0 - height // 2), min(rows, y1 + height // 2)
    ax, ay = max(0, min(label[0], x0) - CONTEXT), max(0, top - CONTEXT)
    plane = InkMap(view[ay:min(rows, bottom + CONTEXT), ax:min(cols, x1 + CONTEXT)], "RGB").planes[0]
    printed = plane[label[1] - ay:label[3] - ay, label[0] - ax:label[2] - ax]
    if printed.size == 0:
        return None
    lightest, darkest = np.percentile(printed, (98, 2))
    # The value is written in the label's polarity: dark on paper, or light on a dark screen.
    contrast = (1.0 if lightest >= -darkest else -1.0) * plane[top - ay:bottom - ay, x0 - ax:x1 - ax]
    spread = 1.4826 * float(np.median(np.abs(contrast - np.median(contrast))))
    ink = without_rules(contrast > max(NOISE_DEVIATIONS * spread, 1.0), RULE_HEIGHTS * height)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    tall = stats[:, cv2.CC_STAT_HEIGHT] >= STROKE_ROWS * height
    tall[0] = False  # the background
    strokes = tall[labels]
    strokes[:y0 - top] = strokes[y1 - top:] = False  # only the strokes crossing the label's rows
    for mx0, my0, mx1, my1 in masks:
        strokes[max(0, my0 - COVER_PAD - top):max(0, my1 + COVER_PAD - top),
                max(0, mx0 - COVER_PAD - x0):max(0, mx1 + COVER_PAD - x0)] = False
    if np.count_nonzero(strokes) < MIN_UNCOVERED * height:
        return None
    columns = np.flatnonzero(strokes.any(axis=0))
    return x0 + int(columns[0]), x0 + int(columns[-1]) + 1
