"""Read every frame that may carry text once: learned detection and recognition, identical and static content once.

The learned detector misses very small text (7-10 px, printed by consoles beside the image) that the
hand-made ink candidates (`detect.py`) still find; on screens those candidates are read too, and kept
when the recogniser makes out text in them. On a harsh texture both miss a tiny line that an overlay drew
in one exact colour: on screens such rows of glyphs (`strokes.py`) are read too, from a rendering of their
colour alone; and a faint line far from any other on speckle, which all of them miss, is read from a stretched
rendering of the band of rows it stands out in (`faint.py`). Films print text large enough for the detector alone.
"""
from __future__ import annotations

import functools

import cv2
import numpy as np

from ..budget import check_budget
from .detect import text_candidates
from .faint import LINE, ROOM, faint_lines, stretched
from .frames import DecodedPixels, channel_mean, frame_digest, per_pixel
from .ink import InkMap, Rect, grown, mostly_same, overlaps, text_runs, union
from .ocr import Line
from .strokes import GlyphRow, glyph_rows, keyed
from .textlines import PAD, detect_lines, is_turned, read_boxes, read_images, screen_sized

# Ink candidates are mostly speckle (10 of 609 kept in 36 synthetic files and 40 textured images), yet each is read
# alone: read side by side in one line first, to read alone only those in which that line made out a character,
# 1-2 of the 6 kept in the files were lost; and no shape tells speckle apart (those kept were 4-16 px tall, 2-17
# times as wide, while only 11 of the 609 were less than 1.5 times as wide as tall).
MIN_CANDIDATE_CONFIDENCE = 50.0  # an ink candidate is kept only when read this confidently ...
MIN_CANDIDATE_CHARACTERS = 2  # ... as at least this many letters or digits (speckle reads as one glyph or none)
# An ink candidate is read only from this many rows: a thinner band (one row at the half resolution the
# candidates are found at) holds no glyph, and the recogniser read such bands of speckle as stray digits.
MIN_CANDIDATE_HEIGHT = 4
# Nor is one read whose ink, thresholded within the crop the recogniser would read (Otsu, the minority class is ink),
# makes fewer than this many connected pieces: glyphs stand apart, so that is an edge or a bar, not a line of text. On
# the seed-7 screens 101 of the 169 candidates read as nothing were one piece (the edge of an ultrasound fan against its
# black margin), none of the 16 read as text, nor any of the 318 lines the detector found.
MIN_CANDIDATE_PIECES = 2
# A faint band is read stretched, which turns speckle into glyph-like blots: its reading is kept only when this
# confident (its text read 75-98 on the synthetic screens; speckle 50-60, e.g. five letters beside a mask, whose
# line then changed how verification read the faint line under the mask).
MIN_FAINT_CONFIDENCE = 70.0
# ... or when read doubtfully (at MIN_CANDIDATE_CONFIDENCE or more) as a number: at least this many letters or digits,
# half of them digits. On the synthetic screens only text bands were read so (a faint date read "56p.2D21" at 59, an MRN
# "Q0:1669756" at 61: 4 of 470 bands), speckle's doubtful readings being letters; such a band read as nothing legible
# cannot be shown free of PHI and is masked (`doubtful_faint`).
DOUBTFUL_CHARACTERS = 4
# A faint band is read even where a detected box overlaps it when it reaches this many columns past the boxes on its
# rows (its ROOM and half a line): a line that runs from a dark margin onto a bright fan or film is detected only
# where it stands out, and the rest of it, a name or the last digits, is left to the band.
BEYOND_FOUND = ROOM[0] + LINE // 2

# Above this changed fraction a partial read saves little and loses line context: read the frame fully.
FULL_READ_ABOVE = 0.6
CROP_PAD = 16  # pixels of context kept around changed content so cut words are read whole
# A detected box taller than this many times the frame's median box may hold several lines: downscaled for
# detection, a film's closely stacked label lines (name, ID, date, time) merge into one box, which the
# recogniser, reading one line per box, reads as nothing.
TALL_BOX = 1.6
LINE_ROOM = 0.4  # of a line's ink height, added around each split line as the detector adds room around text


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
        digest = frame_digest(frame) if len(wanted) > 1 else b""  # a lone frame repeats nothing
        if digest in by_digest:
            result[index] = by_digest[digest]
            continue
        check_budget()  # each frame's detection and reading takes a while: stop a file whose time is up
        reads += 1
        changed = _changed_rect(pixels.array[reference[0]], frame) if reference else None
        if changed is None:
            lines = read_frame(pixels.view(index))
            reference = (index, lines)
        elif changed[2] <= changed[0]:  # same values under another byte pattern
            lines = reference[1]
        else:
            x0, y0, x1, y1 = changed
            kept = [line for line in reference[1] if not any(overlaps(w.box, changed) for w in line)]
            lines = kept + read_frame(pixels.view(index)[y0:y1, x0:x1], (x0, y0))
        by_digest[digest] = result[index] = lines
    return result, reads


def read_frame(view: np.ndarray, origin: tuple[int, int] = (0, 0)) -> list[Line]:
    """The text lines of an 8-bit RGB image: the detector's, and on screens the ink candidates read as text and the
    one-colour glyph rows. A row is read from its colour alone even where the detector found it: the texture
    around its glyphs garbles the detector's reading of it."""
    boxes = one_line_each(view, detect_lines(view))
    extra = [c for c in ink_candidates(view) if not any(overlaps(c, b) for b in boxes)]
    legible = [(box, line) for box, line in zip(extra, read_boxes(view, extra, origin)) if _legible(line)]
    found = read_boxes(view, boxes, origin, flipped=True) + [line for _, line in legible]
    faint = read_faint(view, boxes + [box for box, _ in legible], origin)
    banded = _on_bands(view, found + read_keyed(view, tiny_rows(view), origin), origin)
    return banded[:len(found)] + faint + banded[len(found):]


def tiny_rows(view: np.ndarray) -> list[GlyphRow]:
    """The one-colour rows of tiny glyphs in a screen-sized 8-bit RGB image (none for films: see the module
    docstring)."""
    return glyph_rows(view) if screen_sized(view) else []


def read_faint(view: np.ndarray, found: list[Rect], origin: tuple[int, int] = (0, 0)) -> list[Line]:
    """The faint bands (`faint`) of a screen-sized image that reach past the `found` boxes (`_beyond`), each read
    stretched: the readings of text, not speckle, and every reading of a band that is text by its shape alone
    (`clear_faint`)."""
    if not screen_sized(view):
        return []
    bands = [band for band in faint_lines(view) if _beyond(band.box, found)]
    lines = read_images([stretched(view, band.box) for band in bands], [band.box for band in bands], origin,
                        placed=True)
    return [OnBand(line, _shifted(band.box, origin)) for band, line in zip(bands, lines)
            if band.clear or _legible(line, MIN_FAINT_CONFIDENCE) or _doubtful_number(line)]


class OnBand(tuple):
    """A line standing on a faint band (`faint`): its words, and the band's box in the caller's coordinates, from
    which its mask is fitted (`engine._fitted`)."""

    band: Rect

    def __new__(cls, words: Line, band: Rect) -> "OnBand":
        line = super().__new__(cls, words)
        line.band = band
        return line

    def __getnewargs__(self) -> tuple[Line, Rect]:  # copied or pickled, a line keeps its band
        return tuple(self), self.band


def _on_bands(view: np.ndarray, lines: list[Line], origin: tuple[int, int]) -> list[Line]:
    """`lines`, each read as characters on the rows of a faint band of a screen-sized image and within its columns
    carrying that band (the last such, `OnBand`).

    Such a band is read only when it reaches well past the lines found on it (`_beyond`); either way its box reaches
    where the line's ink goes on past the box it was found in, and the line's mask is fitted from it, as a line read
    in a band is.
    """
    if not screen_sized(view):
        return lines
    bands = [_shifted(band.box, origin) for band in faint_lines(view)][::-1]
    out: list[Line] = []
    for line in lines:
        box = functools.reduce(union, (word.box for word in line))
        band = next((band for band in bands if (box[1], box[3]) == (band[1], band[3])
                     and band[0] <= box[0] and box[2] <= band[2]), None) if any(word.text for word in line) else None
        out.append(line if band is None else OnBand(line, band))
    return out


def _shifted(box: Rect, origin: tuple[int, int]) -> Rect:
    """`box` moved by `origin` (columns, rows)."""
    ox, oy = origin
    return box[0] + ox, box[1] + oy, box[2] + ox, box[3] + oy


def read_in_faint(lines: list[Line]) -> dict[Rect, Rect]:
    """The boxes of `lines` read as characters on a faint band (`OnBand`: read in it, or found on its rows and within
    its columns), each with its band's box."""
    return {functools.reduce(union, (word.box for word in line)): line.band for line in lines
            if isinstance(line, OnBand) and any(word.text for word in line)}


def _beyond(band: Rect, found: list[Rect]) -> bool:
    """Whether `band` overlaps none of `found`, or reaches BEYOND_FOUND columns past those it overlaps."""
    mine = [box for box in found if overlaps(band, box)]
    return not mine or max(min(box[0] for box in mine) - band[0], band[2] - max(box[2] for box in mine)) >= BEYOND_FOUND


def turned_lines(lines: list[Line]) -> list[Rect]:
    """The boxes of `lines` that stand turned a quarter turn (`textlines.is_turned`): text by the detector's finding, at
    risk whatever it was read as (a rendering sets the patient's lines along its side edges)."""
    return [box for box in (functools.reduce(union, (word.box for word in line)) for line in lines) if is_turned(box)]


def doubtful_faint(view: np.ndarray, lines: list[Line]) -> list[Rect]:
    """The faint bands of a screen-sized image read as a doubtful number (`DOUBTFUL_CHARACTERS`; none for films)."""
    if not screen_sized(view):
        return []
    doubtful = [functools.reduce(union, (word.box for word in line)) for line in lines if _doubtful_number(line)]
    return [band.box for band in faint_lines(view) if any(mostly_same(band.box, box) for box in doubtful)]


def clear_faint(view: np.ndarray) -> list[Rect]:
    """The faint bands of a screen-sized image that are text by their shape alone, read or not (none for films)."""
    return [band.box for band in faint_lines(view) if band.clear] if screen_sized(view) else []


def read_keyed(view: np.ndarray, rows: list[GlyphRow], origin: tuple[int, int] = (0, 0)) -> list[Line]:
    """Each glyph row read as one line from its colour alone, black on white."""
    images = [np.repeat(keyed(view, row, PAD)[..., None], 3, axis=2) for row in rows]
    return read_images(images, [row.box for row in rows], origin)


def one_line_each(view: np.ndarray, boxes: list[Rect]) -> list[Rect]:
    """The detector's boxes with each tall one that holds stacked lines of ink split into a box per line."""
    if not boxes:
        return boxes
    median = float(np.median([box[3] - box[1] for box in boxes]))
    rows, cols = view.shape[:2]
    out: list[Rect] = []
    for box in boxes:
        # A turned line is tall too, its glyphs stacked like lines of ink: it stays whole.
        tall = len(boxes) < 3 or box[3] - box[1] > TALL_BOX * median
        lines = _ink_lines(view, box) if tall and not is_turned(box) else []
        if len(lines) < 2:
            out.append(box)
            continue
        for run in lines:
            line = grown(run, max(2, round(LINE_ROOM * (run[3] - run[1]))), rows, cols)
            if not any(mostly_same(line, other) for other in boxes):  # the detector found this line alone too
                out.append(line)
    return out


def _ink_lines(view: np.ndarray, box: Rect) -> list[Rect]:
    """The lines of ink crossing `box`, when they lie one under another (none overlapping another's rows)."""
    runs = sorted((run for run in text_runs(view, "RGB", box) if overlaps(run, box)), key=lambda run: run[1])
    if any(below[1] < above[3] for above, below in zip(runs, runs[1:])):
        return []
    return runs


def ink_candidates(view: np.ndarray) -> list[Rect]:
    """Hand-made text-line candidates of a screen-sized 8-bit RGB image (none for films: see the module docstring)."""
    if not screen_sized(view):
        return []
    return [box for box in text_candidates(InkMap(view, "RGB"))
            if box[3] - box[1] >= MIN_CANDIDATE_HEIGHT and _ink_pieces(view, box) >= MIN_CANDIDATE_PIECES]


def _ink_pieces(view: np.ndarray, box: Rect) -> int:
    """How many connected pieces the ink of `box` (with the recogniser's PAD) makes, thresholded within it."""
    rows, cols = view.shape[:2]
    x0, y0, x1, y1 = grown(box, PAD, rows, cols)
    gray = channel_mean(view[y0:y1, x0:x1]).astype(np.uint8)
    _, light = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = light if light.mean() <= 0.5 else 1 - light
    return cv2.connectedComponents(ink, connectivity=8)[0] - 1


def _legible(line: Line, confidence: float = MIN_CANDIDATE_CONFIDENCE) -> bool:
    """Whether the recogniser read text, not speckle, in an ink candidate (or a faint band, at `confidence`)."""
    return (min(word.conf for word in line) >= confidence
            and sum(c.isalnum() for word in line for c in word.text) >= MIN_CANDIDATE_CHARACTERS)


def _doubtful_number(line: Line) -> bool:
    """Whether a line was read at MIN_CANDIDATE_CONFIDENCE or more as DOUBTFUL_CHARACTERS letters or digits, half of
    them digits."""
    characters = [c for word in line for c in word.text if c.isalnum()]
    return (bool(line) and min(word.conf for word in line) >= MIN_CANDIDATE_CONFIDENCE
            and len(characters) >= DOUBTFUL_CHARACTERS and 2 * sum(c.isdigit() for c in characters) >= len(characters))


def _changed_rect(reference: np.ndarray, frame: np.ndarray) -> tuple[int, int, int, int] | None:
    """The padded rectangle holding every pixel that differs from `reference`, or None to read fully."""
    diff = per_pixel(reference != frame, np.logical_or)
    rows, cols = np.flatnonzero(diff.any(axis=1)), np.flatnonzero(diff.any(axis=0))
    if rows.size == 0:
        return (0, 0, 0, 0)
    height, width = diff.shape
    x0, x1 = max(0, cols[0] - CROP_PAD), min(width, cols[-1] + 1 + CROP_PAD)
    y0, y1 = max(0, rows[0] - CROP_PAD), min(height, rows[-1] + 1 + CROP_PAD)
    if (x1 - x0) * (y1 - y0) > FULL_READ_ABOVE * width * height:
        return None
    return int(x0), int(y0), int(x1), int(y1)
