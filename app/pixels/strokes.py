"""Lines of tiny text drawn in one exact colour with one-pixel strokes, found and rendered without their background.

A scanner's or console's overlay prints its label in one colour with hard edges. On a harsh texture (stained
tissue with dark nuclei, coarse speckle, quantum noise) a 6-9 px line of it has less contrast than the texture:
the learned detector, at a screen's scale, sees no line that small; the ink candidates, at half resolution,
average its one-pixel strokes into the texture; tesseract's own layout drops it. But the texture almost
never does what a glyph's stroke does: keep one exact colour down a column while differing sharply from the
pixels left and right of it. Such stroke pixels pick the colour; the pixels of that colour around them are
then glyphs when they form, on one row, several components as tall as a line of text, made of thin strokes
rather than solid blobs, with little of the colour just above and below the row. Only the glyphs' colour is kept in the
rendering the readers get, so the texture no longer hides them.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .ink import Rect, grown, overlaps, union
from .per_frame import PerFrame

STEP = 16  # grey levels (on some channel) from a stroke pixel to the pixels left and right of it
MIN_SEEDS = 3  # stroke pixels of one colour that start a candidate row
REACH = 4  # glyph heights: stroke pixels this close along a row are looked at together, and this far around
MIN_HEIGHT, MAX_HEIGHT = 5, 16  # a glyph's rows: tiny text (larger text the other finders see)
MIN_GLYPHS = 4  # glyphs of one height in a row (capitals and digits share theirs; speckle blobs do not)
ALIGN = 1  # pixels: how far the tops and the bottoms of a row's glyphs may differ
MAX_SOLID = 0.6  # of a glyph's pixels in 2x2 squares of its colour: one-pixel strokes meet in few; blobs are squares
MAX_WIDTH = 4.0  # glyph heights: touching glyphs of tiny text make one wider component
GAP = 1.2  # glyph heights between neighbouring glyphs of one row (a word space)
BESIDE = 0.5  # glyph heights from a row's end to a part of a glyph it takes in (a character's gap)
MIN_PURITY = 0.75  # of the colour's pixels in a row's box, in its glyphs (speckle of the colour makes small blobs)
MAX_AROUND = 0.05  # of the pixels a line height above (or below) a row that may hold its colour
CLEAR = 2  # rows next to a row's glyphs left out of that test: descenders and commas reach into them


@dataclass(frozen=True)
class GlyphRow:
    """A row of glyphs of one exact colour: its box (the glyphs' pixels) and that colour (R, G, B)."""

    box: Rect
    colour: tuple[int, int, int]


def glyph_rows(view: np.ndarray) -> list[GlyphRow]:
    """The rows of one-colour tiny glyphs in an 8-bit RGB image (remembered for the last few images)."""
    return _remembered(view)


def _found(view: np.ndarray) -> list[GlyphRow]:
    """`glyph_rows`, worked out."""
    ys, xs = np.nonzero(_stroke_seeds(view))
    codes = _packed(view[ys, xs])
    rows, cols = view.shape[:2]
    found: list[GlyphRow] = []
    kinds, counts = np.unique(codes, return_counts=True)
    for code in kinds[counts >= MIN_SEEDS].tolist():
        mine = codes == code
        for x0, y0, x1, y1 in _clusters(xs[mine], ys[mine]):
            # Wide enough for the parts of the row without vertical strokes (a run of 2s, 3s and 7s).
            area = (max(0, x0 - REACH * MAX_HEIGHT), max(0, y0 - MAX_HEIGHT), min(cols, x1 + REACH * MAX_HEIGHT),
                    min(rows, y1 + MAX_HEIGHT))
            found += _rows(view, area, _unpacked(code))
    return _merged(found)


_remembered = PerFrame(_found)


def keyed(view: np.ndarray, row: GlyphRow, pad: int) -> np.ndarray:
    """The row's box grown by `pad`, its glyphs' colour black and everything else white (8-bit grey)."""
    rows, cols = view.shape[:2]
    x0, y0, x1, y1 = grown(row.box, pad, rows, cols)
    return 255 - _same(view[y0:y1, x0:x1], row.colour)


def _clusters(xs: np.ndarray, ys: np.ndarray) -> list[Rect]:
    """Boxes of stroke pixels of one colour that may be one row: split where MAX_HEIGHT rows, then REACH glyph
    heights of columns, hold none; only boxes of at least MIN_SEEDS pixels."""
    boxes = []
    order = np.argsort(ys, kind="stable")
    for band in np.split(order, np.flatnonzero(np.diff(ys[order]) > MAX_HEIGHT) + 1):
        across = band[np.argsort(xs[band], kind="stable")]
        for part in np.split(across, np.flatnonzero(np.diff(xs[across]) > REACH * MAX_HEIGHT) + 1):
            if part.size >= MIN_SEEDS:
                x, y = xs[part], ys[part]
                boxes.append((int(x.min()), int(y.min()), int(x.max()) + 1, int(y.max()) + 1))
    return boxes


def _stroke_seeds(view: np.ndarray) -> np.ndarray:
    """Pixels of a vertical stroke: the colour of the pixels above and below them, STEP from those left and right."""
    rows, cols = view.shape[:2]
    seeds = np.zeros((rows, cols), bool)
    if rows < 3 or cols < 3:
        return seeds
    down = _channel_max(cv2.absdiff(view[1:], view[:-1])) == 0  # row y against row y + 1
    steps = _channel_max(cv2.absdiff(view[:, 1:], view[:, :-1])) >= STEP  # column x against column x + 1
    seeds[1:-1, 1:-1] = down[:-1, 1:-1] & down[1:, 1:-1] & steps[1:-1, :-1] & steps[1:-1, 1:]
    return seeds


def _rows(view: np.ndarray, area: Rect, colour: tuple[int, int, int]) -> list[GlyphRow]:
    """The glyph rows of `colour` in `area` of the frame."""
    ax, ay, ax1, ay1 = area
    same = _same(view[ay:ay1, ax:ax1], colour)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(same, connectivity=8)
    x, y, w, h, n = (stats[:, i] for i in range(5))
    solid = np.bincount(labels[_in_squares(same)], minlength=count)
    glyph = (h >= MIN_HEIGHT) & (h <= MAX_HEIGHT) & (w <= MAX_WIDTH * h) & (solid <= MAX_SOLID * n) & (n >= h)
    glyph[0] = False  # the background
    boxes = sorted((int(x[i]), int(y[i]), int(x[i] + w[i]), int(y[i] + h[i])) for i in np.flatnonzero(glyph))
    rows = []
    for members in _aligned(boxes):
        x0, y0 = min(g[0] for g in members), min(g[1] for g in members)
        x1, y1 = max(g[2] for g in members), max(g[3] for g in members)
        inside = labels[y0:y1, x0:x1][same[y0:y1, x0:x1] > 0]
        if np.count_nonzero(glyph[inside]) >= MIN_PURITY * inside.size \
                and _clear_around(view, (ax + x0, ay + y0, ax + x1, ay + y1), colour):
            x0, y0, x1, y1 = _widened((x0, y0, x1, y1), stats[1:])
            rows.append(GlyphRow((ax + x0, ay + y0, ax + x1, ay + y1), colour))
    return rows


def _in_squares(mask: np.ndarray) -> np.ndarray:
    """The set pixels of an 8-bit mask that lie in a 2x2 square of set pixels."""
    on = mask > 0
    squares = on[:-1, :-1] & on[1:, :-1] & on[:-1, 1:] & on[1:, 1:]  # each square's top left pixel
    inside = np.zeros_like(on)
    for dy in (0, 1):
        for dx in (0, 1):
            inside[dy:dy + squares.shape[0], dx:dx + squares.shape[1]] |= squares
    return inside


def _widened(box: Rect, stats: np.ndarray) -> Rect:
    """A row's box widened over the other components of its colour within its rows (CLEAR more above and below),
    each within a character's gap of the last: a Q whose tail reaches lower, a comma, a hyphen, touching glyphs."""
    x0, y0, x1, y1 = box
    reach = BESIDE * (y1 - y0)
    x, y, w, h = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3]
    within = (y >= y0 - CLEAR) & (y + h <= y1 + CLEAR) & (w <= MAX_WIDTH * (y1 - y0))
    parts = sorted(zip(x[within].tolist(), y[within].tolist(), (x + w)[within].tolist(), (y + h)[within].tolist()))
    grew = True
    while grew:
        grew = False
        for left, top, right, bottom in parts:
            if (right <= x0 and x0 - right <= reach) or (x1 <= left and left - x1 <= reach):
                x0, y0, x1, y1 = min(x0, left), min(y0, top), max(x1, right), max(y1, bottom)
                grew = True
    return x0, y0, x1, y1


def _aligned(glyphs: list[Rect]) -> list[list[Rect]]:
    """Runs of at least MIN_GLYPHS glyphs (sorted by left edge) sharing a top and a bottom, each within GAP
    glyph heights of the last."""
    if len(glyphs) < MIN_GLYPHS:
        return []
    tops, bottoms = np.array([g[1] for g in glyphs]), np.array([g[3] for g in glyphs])
    pairs = np.unique(np.stack([tops, bottoms], axis=1), axis=0)
    near = (np.abs(tops[None, :] - pairs[:, :1]) <= ALIGN) & (np.abs(bottoms[None, :] - pairs[:, 1:]) <= ALIGN)
    runs = []
    for (top, bottom), members in zip(pairs.tolist(), near):
        if np.count_nonzero(members) < MIN_GLYPHS:
            continue
        row = [glyphs[i] for i in np.flatnonzero(members)]
        gap = GAP * (bottom - top)
        start = 0
        for index in range(1, len(row) + 1):
            if index == len(row) or row[index][0] - row[index - 1][2] > gap:
                if index - start >= MIN_GLYPHS:
                    runs.append(row[start:index])
                start = index
    # Rows found from neighbouring (top, bottom) pairs are one row: keep the one with most glyphs.
    runs.sort(key=len, reverse=True)
    kept: list[list[Rect]] = []
    for run in runs:
        if not any(set(run) & set(other) for other in kept):
            kept.append(run)
    return kept


def _clear_around(view: np.ndarray, box: Rect, colour: tuple[int, int, int]) -> bool:
    """Whether a line height above or below a row (past CLEAR rows) is nearly free of its colour; a row at the
    frame's top or bottom edge has only one side to judge."""
    x0, y0, x1, y1 = box
    height = y1 - y0
    sides = (view[max(0, y0 - CLEAR - height):max(0, y0 - CLEAR), x0:x1], view[y1 + CLEAR:y1 + CLEAR + height, x0:x1])
    return min((float(np.count_nonzero(_same(side, colour))) / (side.shape[0] * side.shape[1])
                for side in sides if side.size), default=0.0) <= MAX_AROUND


def _merged(rows: list[GlyphRow]) -> list[GlyphRow]:
    """Rows of one colour that overlap (one row found from several areas) as one."""
    merged: list[GlyphRow] = []
    for row in rows:
        while (index := next((i for i, other in enumerate(merged)
                              if other.colour == row.colour and overlaps(other.box, row.box)), None)) is not None:
            row = GlyphRow(union(row.box, merged.pop(index).box), row.colour)
        merged.append(row)
    return merged


def _same(pixels: np.ndarray, colour: tuple[int, int, int]) -> np.ndarray:
    """Where 8-bit RGB `pixels` are exactly `colour`, as 0/255 (8-bit)."""
    return cv2.inRange(np.ascontiguousarray(pixels), colour, colour)


def _channel_max(difference: np.ndarray) -> np.ndarray:
    """The largest of an 8-bit RGB difference's three channels, per pixel."""
    return np.maximum(np.maximum(difference[..., 0], difference[..., 1]), difference[..., 2])


def _packed(colours: np.ndarray) -> np.ndarray:
    """Colours (n, 3) as one integer each."""
    rgb = colours.astype(np.int32)
    return (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]


def _unpacked(code: int) -> tuple[int, int, int]:
    """A packed colour's (R, G, B)."""
    return (code >> 16) & 255, (code >> 8) & 255, code & 255
