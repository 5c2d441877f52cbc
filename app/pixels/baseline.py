"""A text line's box carried along its baseline while glyphs of the line's own colour and height continue.

Tiny text printed over a textured background (a 7 px accession line over a pathology slide's tissue) stands
out from its surroundings only where the background is flat: the ink candidates and the contrast-based ink
runs both stop where the texture starts, so a line flagged as PHI was masked only up to there and its last
digits stayed readable. Burned-in text is drawn in one colour, which the tissue does not share: the line's
glyph colour, taken inside the box, finds the rest of the line on the same rows.
"""
from __future__ import annotations

import numpy as np

from .ink import Rect, true_runs

CANDIDATES = 5  # the box's most frequent colours (in steps of QUANTUM) tried as the glyphs' colour
QUANTUM = 32  # grey levels per channel: compressed or anti-aliased glyphs of one colour fall together
TOLERANCE = 48  # grey levels per channel: the same colour through compression and anti-aliasing
ROW_PIXELS = 2  # pixels of the colour that make a row of the box one of the glyphs' (one may be a blend of edges)
MIN_GLYPH_ROWS = 0.4  # of the box's height, spanned by the glyphs (a detector's box adds about 0.2 above and below)
OUTSIDE = 2  # rows just above and below the glyph rows: text of one line leaves them free of its colour
GLYPH_SHARE = 0.6  # of the glyph rows, spanned by a word's pixels of the colour: a word of this line's size
MAX_TALL_SHARE = 0.5  # of a word's columns reaching outside the glyph rows (descenders do; a colour field does)
MAX_FILL = 0.6  # of a word's rows and columns covered by its colour: strokes leave room, a bar does not
GAP_HEIGHTS = 1.5  # blank columns, in glyph heights, that a line continues across (two or three characters)
WORD_GAP_HEIGHTS = 0.5  # blank columns, in glyph heights, inside one word (between its characters)


def along_baseline(view: np.ndarray, box: Rect) -> Rect:
    """`box` (in an 8-bit RGB `view`) widened left and right over the words of its glyphs' colour and height
    that continue its line, each within GAP_HEIGHTS glyph heights of the last; `box` itself when none do.

    The glyphs' colour is the most frequent one in the box whose pixels there form words of one line: the
    background's colours (flat or textured) also fill the rows around the glyphs.
    """
    x0, y0, x1, y1 = box
    inside = view[y0:y1, x0:x1].astype(np.int16)
    if inside.size == 0:
        return box
    bins, counts = np.unique((inside // QUANTUM).reshape(-1, 3), axis=0, return_counts=True)
    for index in np.argsort(counts)[::-1][:CANDIDATES]:
        colour = np.median(inside[(inside // QUANTUM == bins[index]).all(axis=2)], axis=0)
        line = _line_of(view, box, colour)
        if line is not None:
            return line
    return box


def _line_of(view: np.ndarray, box: Rect, colour: np.ndarray) -> Rect | None:
    """`box` widened over the words of `colour` continuing it, or None when `colour` does not form the box's
    glyphs (too few rows of it, or it fills the rows around them too)."""
    glyph_rows = _glyph_rows(view, box, colour)
    if glyph_rows is None:
        return None
    rows = view.shape[0]
    x0, y0, x1, y1 = box
    top, bottom = glyph_rows
    height = bottom - top
    above, below = max(0, top - OUTSIDE), min(rows, bottom + OUTSIDE)
    same = _same_colour(view[above:below].astype(np.int16), colour)
    in_band = same[top - above:bottom - above]
    tall = same[:top - above].any(axis=0) | same[bottom - above:].any(axis=0)
    words = true_runs(_bridged(in_band.any(axis=0), max(1, round(WORD_GAP_HEIGHTS * height))))
    mine = [i for i, (start, stop) in enumerate(words) if start < x1 and x0 < stop]
    if not mine or not all(_a_word(in_band[:, start:stop], tall[start:stop], height)
                            for start, stop in (words[i] for i in mine)):
        return None
    gap = max(2, round(GAP_HEIGHTS * height))
    first, last = mine[0], mine[-1]
    while first > 0 and words[first][0] - words[first - 1][1] <= gap and _a_word(
            in_band[:, slice(*words[first - 1])], tall[slice(*words[first - 1])], height):
        first -= 1
    while last + 1 < len(words) and words[last + 1][0] - words[last][1] <= gap and _a_word(
            in_band[:, slice(*words[last + 1])], tall[slice(*words[last + 1])], height):
        last += 1
    return min(x0, words[first][0]), min(y0, top), max(x1, words[last][1]), max(y1, bottom)


def _glyph_rows(view: np.ndarray, box: Rect, colour: np.ndarray) -> tuple[int, int] | None:
    """The longest run of rows (top, bottom) holding `colour` in the box's columns that crosses the box's rows:
    a box cut short by a row or two (a tight ink box on a textured background) still gets its glyphs' whole
    height. None when it spans under MIN_GLYPH_ROWS of the box or reaches the frame's top or bottom."""
    x0, y0, x1, y1 = box
    reach = y1 - y0
    start = max(0, y0 - reach)
    stop = min(view.shape[0], y1 + reach)
    held = _same_colour(view[start:stop, x0:x1].astype(np.int16), colour).sum(axis=1) >= ROW_PIXELS
    runs = [(start + a, start + b) for a, b in true_runs(held) if start + a < y1 and y0 < start + b]
    top, bottom = max(runs, key=lambda run: run[1] - run[0], default=(0, 0))
    # A run reaching the frame's edge is a border or a field, or text whose rows cannot be shown to end.
    if top == 0 or bottom == view.shape[0] or bottom - top < MIN_GLYPH_ROWS * (y1 - y0):
        return None
    return top, bottom


def _same_colour(pixels: np.ndarray, colour: np.ndarray) -> np.ndarray:
    """Where `pixels` (rows, cols, 3) are within TOLERANCE of `colour` on every channel."""
    return (np.abs(pixels - colour) <= TOLERANCE).all(axis=2)


def _bridged(columns: np.ndarray, reach: int) -> np.ndarray:
    """`columns` with blank runs shorter than `reach` between two set columns filled (one word's characters)."""
    out = columns.copy()
    for start, stop in true_runs(~columns):
        if 0 < start and stop < columns.size and stop - start < reach:
            out[start:stop] = True
    return out


def _a_word(band: np.ndarray, tall: np.ndarray, height: int) -> bool:
    """Whether a run of columns holds glyphs of the line: its colour spans most of the glyph rows and stays
    inside them (a field of that colour, or a taller stroke, reaches the rows around)."""
    rows = np.flatnonzero(band.any(axis=1))
    inked = band.any(axis=0)
    return (rows.size > 0 and rows[-1] - rows[0] + 1 >= GLYPH_SHARE * height
            and np.count_nonzero(tall & inked) <= MAX_TALL_SHARE * np.count_nonzero(inked)
            and np.count_nonzero(band) <= MAX_FILL * band.size)
