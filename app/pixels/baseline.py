"""A text line's box carried along its baseline while glyphs of the line's own colour and height continue.

Tiny text printed over a textured background (a 7 px accession line over a pathology slide's tissue) stands
out from its surroundings only where the background is flat: the ink candidates and the contrast-based ink
runs both stop where the texture starts, so a line flagged as PHI was masked only up to there and its last
digits stayed readable. Burned-in text is drawn in one colour, which the tissue does not share: the colour of
the box's ink finds the rest of the line on the same rows, as strokes as tall as its glyphs.
"""
from __future__ import annotations

import cv2
import numpy as np

from .ink import CONTEXT, INK_SHARE, InkMap, Rect, true_runs

CANDIDATES = 5  # the most frequent colours of the box's ink (in steps of QUANTUM) tried as its glyphs' colour
QUANTUM = 32  # grey levels per channel: compressed or anti-aliased glyphs of one colour fall together
TOLERANCE = 48  # grey levels per channel: the same colour through compression and anti-aliasing
ROW_SHARE = 0.25  # of the box's median glyph row's pixels of the colour: a row cut off the box holds glyphs too
GROW = 3  # rows a glyph cut by the box may go on above or below it (more is another line, or a field)
MIN_GLYPH_ROWS = 0.3  # of the box's height, spanned by the glyphs (boxes are padded: an ink candidate by half a line)
OUTSIDE = 2  # rows just above and below the glyph rows: text of one line leaves them free of its colour
GLYPH_SHARE = 0.6  # of the glyph rows, spanned by a stroke (a connected run of the colour) of a glyph
STROKE_SHARE = 0.5  # of a word's pixels of the colour, in strokes as tall as glyphs (speckle makes small blobs)
MAX_TALL_SHARE = 0.5  # of a word's columns reaching outside the glyph rows (descenders do; a colour field does)
MAX_FILL = 0.6  # of a word's rows and columns covered by its colour: strokes leave room, a bar does not
MAX_AROUND = 0.05  # of the pixels a line height above or below a word, holding its colour
GAP_HEIGHTS = 2.0  # blank columns, in glyph heights, that a line continues across (about three characters)
WORD_GAP_HEIGHTS = 0.5  # blank columns, in glyph heights, inside one word (between its characters)
RULE_HEIGHTS = 2.0  # a run of the colour along one row this many glyph heights long is a rule, not a glyph's stroke
# Rows above and below a pixel that a rule's run may step to: a scanned page turned 2 degrees steps its ruled lines
# a row every 29 columns, shorter than a rule's run; with a row either side a run stands three steps long.
RULE_STEP = 1


def along_baseline(view: np.ndarray, box: Rect) -> Rect:
    """`box` (in an 8-bit RGB `view`) widened left and right over the words of its glyphs' colour and height
    that continue its line, each within GAP_HEIGHTS glyph heights of the last; `box` itself when none do."""
    ink = _ink_colours(view, box)
    if ink.size == 0:
        return box
    steps = 256 // QUANTUM
    bins = ((ink[:, 0] // QUANTUM) * steps + ink[:, 1] // QUANTUM) * steps + ink[:, 2] // QUANTUM
    counts = np.bincount(bins)
    # A box's ink also holds what borders it (a rule, an edge of flat colour): each of its main colours is
    # tried, and the one that carries the line furthest is its glyphs'.
    lines = [_line_of(view, box, np.median(ink[bins == index], axis=0))
             for index in np.argsort(counts, kind="stable")[::-1][:CANDIDATES] if counts[index]]
    return max((line for line in lines if line is not None), key=lambda line: line[2] - line[0], default=box)


def _ink_colours(view: np.ndarray, box: Rect) -> np.ndarray:
    """The colours (n, 3) of the pixels inside `box` that stand out as ink from the background around them."""
    rows, cols = view.shape[:2]
    x0, y0, x1, y1 = box
    ax, ay = max(0, x0 - CONTEXT), max(0, y0 - CONTEXT)
    seed = (x0 - ax, y0 - ay, x1 - ax, y1 - ay)
    ink = InkMap(view[ay:min(rows, y1 + CONTEXT), ax:min(cols, x1 + CONTEXT)], "RGB").ink(seed, seed)
    if ink is None:
        return np.empty((0, 3), np.int16)
    return view[y0:y1, x0:x1][ink >= INK_SHARE].astype(np.int16)


def _line_of(view: np.ndarray, box: Rect, colour: np.ndarray) -> Rect | None:
    """`box` widened over the words of `colour` that continue it, or None when `colour` does not form glyphs
    in the box."""
    glyph_rows = _glyph_rows(view, box, colour)
    if glyph_rows is None:
        return None
    x0, y0, x1, y1 = box
    top, bottom = glyph_rows
    band = _Band(view, top, bottom, colour)
    # Words beyond the box, and a word's part beyond it, must each show glyphs of their own.
    words: list[tuple[int, int]] = []
    for start, stop in true_runs(_bridged(band.glyphs.any(axis=0), max(1, round(WORD_GAP_HEIGHTS * band.height)))):
        words += [part for part in ((start, min(stop, x0)), (max(start, x0), min(stop, x1)), (max(start, x1), stop))
                  if part[0] < part[1]]
    mine = [i for i, (start, stop) in enumerate(words) if x0 <= start and stop <= x1]
    if not any(band.glyph_span(*words[i]) for i in mine):
        return None
    gap = max(2, round(GAP_HEIGHTS * band.height))
    # Gaps are measured between words, the extent taken from their glyphs (speckle may stand beside a word).
    reached, left = x0, x0
    for i in range(mine[0] - 1, -1, -1):
        span = band.glyph_span(*words[i]) if reached - words[i][1] <= gap else None
        if span is None:
            break
        reached, left = words[i][0], min(left, span[0])
    reached, right = x1, x1
    for i in range(mine[-1] + 1, len(words)):
        span = band.glyph_span(*words[i]) if words[i][0] - reached <= gap else None
        if span is None:
            break
        reached, right = words[i][1], max(right, span[1])
    return left, min(y0, top), right, max(y1, bottom)


def _glyph_rows(view: np.ndarray, box: Rect, colour: np.ndarray) -> tuple[int, int] | None:
    """The longest run of rows (top, bottom) holding `colour` in the box's columns that crosses the box's rows,
    within GROW rows outside it: a box cut short by a row or two (a tight ink box on a textured
    background) still gets its glyphs' whole height. None when it spans under MIN_GLYPH_ROWS of the box or
    reaches the frame's top or bottom (a border, or text whose rows cannot be shown to end)."""
    x0, y0, x1, y1 = box
    reach = GROW + 1  # and one row more, where no cut glyph may go on
    start = max(0, y0 - reach)
    same = _same_colour(view[start:min(view.shape[0], y1 + reach), x0:x1], colour)
    # Only strokes that cross the box's rows and end within reach: a glyph it cut goes on; speckle of the
    # colour beside it, and a field of the colour that a glyph touches, do not.
    count, labels = cv2.connectedComponents(same.astype(np.uint8), connectivity=8)
    crossing = np.zeros(count, bool)
    crossing[labels[y0 - start:y1 - start]] = True
    crossing[labels[0]] = crossing[labels[-1]] = crossing[0] = False
    counts = crossing[labels].sum(axis=1)
    inside = counts[y0 - start:y1 - start]
    if not inside.any():
        return None
    held = counts >= max(1.0, ROW_SHARE * float(np.median(inside[inside > 0])))
    runs = [(start + a, start + b) for a, b in true_runs(held) if start + a < y1 and y0 < start + b]
    top, bottom = max(runs, key=lambda run: run[1] - run[0], default=(0, 0))
    if top == 0 or bottom == view.shape[0] or bottom - top < MIN_GLYPH_ROWS * (y1 - y0):
        return None
    return top, bottom


class _Band:
    """Where one colour lies on a line's glyph rows, on the rows just outside them, and a line height away."""

    def __init__(self, view: np.ndarray, top: int, bottom: int, colour: np.ndarray) -> None:
        self.height = bottom - top
        start = max(0, top - self.height)
        same = without_rules(_same_colour(view[start:bottom + self.height], colour), RULE_HEIGHTS * self.height)
        self.glyphs = same[top - start:bottom - start]
        self.tall = (same[max(0, top - OUTSIDE - start):top - start].any(axis=0)
                     | same[bottom - start:bottom - start + OUTSIDE].any(axis=0))
        self.above, self.below = same[:top - start], same[bottom - start:]

    def glyph_span(self, start: int, stop: int) -> tuple[int, int] | None:
        """The columns of the glyphs of the line that columns start..stop hold, or None when they hold none: the
        colour forms strokes as tall as its glyphs (speckle of a grey near theirs makes small blobs), leaves
        room between them and stays inside the glyph rows (a field of the colour, or a taller line, reaches past
        them), and is rare a line height above or below them (speckle lies on both sides; another line of text,
        on one)."""
        glyphs = self.glyphs[:, start:stop]
        inked = glyphs.any(axis=0)
        strokes = _tall_strokes(glyphs, GLYPH_SHARE * self.height)
        held = (np.count_nonzero(glyphs) <= MAX_FILL * glyphs.size
                and min(_share(self.above[:, start:stop]), _share(self.below[:, start:stop])) <= MAX_AROUND
                and np.count_nonzero(self.tall[start:stop] & inked) <= MAX_TALL_SHARE * np.count_nonzero(inked)
                and np.count_nonzero(strokes) >= STROKE_SHARE * np.count_nonzero(glyphs))
        columns = np.flatnonzero(strokes.any(axis=0))
        return (start + int(columns[0]), start + int(columns[-1]) + 1) if held and columns.size else None


def _share(mask: np.ndarray) -> float:
    """The share of `mask` that is set (0 for no pixels: nothing lies there)."""
    return float(mask.mean()) if mask.size else 0.0


def _tall_strokes(mask: np.ndarray, height: float) -> np.ndarray:
    """The set pixels of `mask` in connected strokes (8-neighbours) at least `height` rows tall."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    tall = stats[:, cv2.CC_STAT_HEIGHT] >= height
    tall[0] = False  # the background
    return tall[labels]


def _same_colour(pixels: np.ndarray, colour: np.ndarray) -> np.ndarray:
    """Where 8-bit `pixels` (rows, cols, 3) are within TOLERANCE of `colour` on every channel."""
    low, high = np.clip(np.ceil(colour - TOLERANCE), 0, 255), np.clip(np.floor(colour + TOLERANCE), 0, 255)
    return cv2.inRange(np.ascontiguousarray(pixels), low, high) > 0


def without_rules(mask: np.ndarray, length: float) -> np.ndarray:
    """`mask` without its horizontal runs at least `length` long, each row taken with RULE_STEP rows either side (a
    turned page's rule steps from row to row): a form's ruled line under a filled field touches the value's
    descenders and, taken for one of its strokes, carried the mask to the rule's end."""
    steps = cv2.dilate(mask.astype(np.uint8), np.ones((1 + 2 * RULE_STEP, 1), np.uint8))
    rule = cv2.morphologyEx(steps, cv2.MORPH_OPEN, np.ones((1, max(1, round(length))), np.uint8))
    return mask & (rule == 0)


def _bridged(columns: np.ndarray, reach: int) -> np.ndarray:
    """`columns` with blank runs shorter than `reach` between two set columns filled (one word's characters)."""
    out = columns.copy()
    for start, stop in true_runs(~columns):
        if 0 < start and stop < columns.size and stop - start < reach:
            out[start:stop] = True
    return out
