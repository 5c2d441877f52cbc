"""Lines stacked beside PHI: read each band beside it on its own, and mask ink lines there no reading makes out.

Consoles print identity in blocks: name, ID, birth date, study date, one line under another. The
line beside a PHI line is the likeliest place for more PHI, and often the hardest to read: small
text packed tight against its neighbour, or text in a dark corner whose contrast the frame's
display stretch flattens. So the bands above and below every PHI line are read again, each as
its own image. An ink line there whose glyphs the readings saw but none made out with confidence
cannot be shown to be free of PHI, and is masked as well; the block is followed line by line.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from .crops import read_bands
from .frames import frame_digest
from .ink import Rect, overlaps, text_runs
from .match import TEXT
from .ocr import Line

UNREADABLE = "unreadable_text"
BAND_LINES = 1.5  # a band reaches this many PHI-line heights above and below the line (one more line, not two)
BAND_REACH = 2.0  # ... and this many beyond its ends: stacked lines are left-, right- or centre-aligned
CLEARANCE = 1  # pixels left between a PHI line and its band, so the band holds none of its strokes
MAX_ROUNDS = 4  # lines followed away from the first PHI line of a block
MIN_LEADING = 2  # pixels between two lines of a block
STACKED_HEIGHT = (0.5, 2.5)  # an unread ink line's height, in PHI-line heights, for it to be a line of the block
STACKED_SHARE = 0.5  # ... and the share of the shorter line's width the two lines have in common
VOUCH_CONFIDENCE = 50.0  # a word read at least this confidently shows what an ink line holds (as for plain text)
VOUCH_SHARE = 0.5  # ... when such words span this share of the line's width (and glyphs are seen where any words do)

Marked = tuple[Rect, str]  # a box to mask (before margin) and its kind


class BandReader:
    """Reads bands of frames, once per band position and content (a cine loop's static overlay is read once)."""

    def __init__(self, photometric: str) -> None:
        self.photometric = photometric
        self._read: dict[bytes, list[Line]] = {}

    def read(self, frame: np.ndarray, bands: list[tuple[Rect, int, bool]]) -> list[Line]:
        """Lines read in `bands` (rect, expected text height, whether ink lines are known there) of `frame`."""
        lines: list[Line] = []
        pending: list[tuple[bytes, tuple[Rect, int, bool]]] = []
        for band in bands:
            (x0, y0, x1, y1), height, _ = band
            key = frame_digest(frame[y0:y1, x0:x1]) + bytes(f"{x0},{y0},{height}", "ascii")
            if key in self._read:
                lines += self._read[key]
            else:
                pending.append((key, band))
        if pending:
            fresh = read_bands(frame, self.photometric, [band for _, band in pending])
            for key, ((x0, y0, x1, y1), _, _) in pending:
                self._read[key] = [line for line in fresh if _inside(line, (x0, y0, x1, y1))]
            lines += fresh
        return lines


def beside_phi(frame: np.ndarray, reader: BandReader, phi: list[Rect], lines: list[Line],
               to_mask: Callable[[list[Line]], list[Marked]]) -> list[Marked]:
    """What else to mask in the blocks around the `phi` lines of `frame` (whose readings are `lines`).

    `to_mask` turns readings into the boxes to mask. PHI read in a band is a new PHI line whose
    own bands are read in the next round; an unread ink line is masked but leads no further
    (it may be speckle).
    """
    rows, cols = frame.shape[:2]
    marked: list[Marked] = []
    known = list(dict.fromkeys(phi))
    heard = list(lines)
    pending = known
    for _ in range(MAX_ROUNDS):
        bands = {band: line for line in pending for band in _bands(line, rows, cols)
                 if not any(_covers(k, band[0]) for k in known)}
        if not bands:
            break
        runs = {band: text_runs(frame, reader.photometric, band[0]) for band in bands}
        fresh = reader.read(frame, [(rect, height, bool(runs[rect, height])) for rect, height in bands])
        heard += fresh
        found = list(dict.fromkeys(to_mask(fresh)))
        pending = [box for box, kind in found if kind != TEXT and not any(overlaps(box, k) for k in known)]
        known += [box for box, _ in found]
        for band, line in bands.items():
            for run in runs[band]:
                if _stacked(run, line) and not any(overlaps(run, k) for k in known) and _unread(run, heard):
                    found.append((run, UNREADABLE))
                    known.append(run)
        marked += found
    return marked


def _bands(box: Rect, rows: int, cols: int) -> Iterable[tuple[Rect, int]]:
    """The bands above and below a line (clipped to the frame), each with the line's height."""
    x0, y0, x1, y1 = box
    height = y1 - y0
    reach, depth = round(BAND_REACH * height), round(BAND_LINES * height)
    left, right = max(0, x0 - reach), min(cols, x1 + reach)
    above = (max(0, y0 - CLEARANCE - depth), y0 - CLEARANCE)
    below = (y1 + CLEARANCE, min(rows, y1 + CLEARANCE + depth))
    for top, bottom in (above, below):
        if bottom - top >= 4 and right > left:
            yield (left, top, right, bottom), height


def _stacked(run: Rect, line: Rect) -> bool:
    """Whether an ink line is another line of `line`'s block: apart, of a like height, sharing most of its width.

    Ink touching the line is its own blurred edge, not a line of its own.
    """
    height, other = run[3] - run[1], line[3] - line[1]
    shared = min(run[2], line[2]) - max(run[0], line[0])
    apart = run[3] + MIN_LEADING <= line[1] or line[3] + MIN_LEADING <= run[1]
    return (apart and STACKED_HEIGHT[0] * other <= height <= STACKED_HEIGHT[1] * other
            and shared >= STACKED_SHARE * min(run[2] - run[0], line[2] - line[0]))


def _covers(outer: Rect, inner: Rect) -> bool:
    """Whether `outer` holds all of `inner`."""
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _inside(line: Line, rect: Rect) -> bool:
    """Whether the middle of the line's first word lies inside `rect` (the band it was read in)."""
    x0, y0, x1, y1 = line[0].box
    return rect[0] <= (x0 + x1) / 2 < rect[2] and rect[1] <= (y0 + y1) / 2 < rect[3]


def _unread(run: Rect, lines: list[Line]) -> bool:
    """Whether readings saw glyphs along most of the ink line `run` but made out too few of them with confidence.

    Speckle that the ink threshold strings into a line is mostly not read as glyphs at all.
    """
    return _span(run, lines, 0.0, 1) >= VOUCH_SHARE > _span(run, lines, VOUCH_CONFIDENCE, 2)


def _span(run: Rect, lines: list[Line], confidence: float, letters: int) -> float:
    """The share of the ink line `run`'s width spanned by words read with `confidence` and `letters` alphanumerics."""
    x0, y0, x1, y1 = run
    covered = np.zeros(max(0, x1 - x0), dtype=bool)
    for line in lines:
        for word in line:
            wx0, wy0, wx1, wy1 = word.box
            shared = min(y1, wy1) - max(y0, wy0)
            if (word.conf >= confidence and sum(c.isalnum() for c in word.text) >= letters
                    and shared >= 0.5 * (y1 - y0)):
                covered[max(0, wx0 - x0):max(0, wx1 - x0)] = True
    return float(covered.mean()) if covered.size else 0.0
