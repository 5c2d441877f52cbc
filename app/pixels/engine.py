"""The pixel cleaner: decide what to read, find PHI text lines, mask them, verify with another reader, or quarantine."""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from pydicom.dataset import Dataset
from pydicom.uid import ExplicitVRLittleEndian

from ..budget import check_budget
from ..profiles.schema import PixelPolicy
from .baseline import along_baseline
from .blocks import ID_LIKE, NAME_LIKE, UNREADABLE, Marked, beside_phi, is_unread
from .cine import changed_under, frames_to_read, sampled
from .crops import merge_rects, read_crops
from .fields import uncovered_ink
from .frames import DecodedPixels, UndecodablePixels, decode, encode, frame_digest, masked
from .ink import Rect, grown, mostly_same, overlaps, text_runs, union
from .known import known_phi_terms
from .margin import MARGIN_TEXT, margin_marks
from .match import KNOWN, PATTERN, TEXT, PhiMatcher
from .ocr import Line, OcrUnavailable, Word
from .reader import clear_faint, doubtful_faint, read_frames, read_in_faint, tiny_rows, turned_lines
from .textlines import TextMap, detect_boxes, is_turned, read_boxes, readings_kept, remembered_map, screen_sized
from .regions import region_boxes
from .strokes import GlyphRow
from .risk import burned_in_risk, only_a_document, unlabelled_projection

REGION = "region"
VERIFY_ROUNDS = 3  # mask what verification still reads and read again; after this, quarantine
# Later verification rounds read only this far around the new masks (in line heights, at least
# REREAD_MIN pixels): elsewhere the pixels, and so what the previous round read there, are unchanged.
REREAD_LINES = 2
REREAD_MIN = 32
# Verification reads bands BAND line heights past the top and the bottom of every mask and WIDER line heights
# past its ends: a faint line just above or below a masked one, which the detector missed.
BAND = 2
WIDER = 3
MAX_BAND_READ = 0.5  # of a band's area inside lines and masks tesseract reads: more, and the band is theirs
# A band is read only where text may stand: where the detector's map of the unmasked frame gives text some likelihood,
# or where the band's grey spans fewer than DARK_SPREAD levels (a near-black margin: the detector, given the frame
# unstretched, sees nothing there, and the recogniser can still make a line out). On the seed-7 screens every band
# that read anything passed (6 of 11 by the map, the 5 on black margins by their spread), and 273 of the 375 that read
# nothing did not. On the textured images (one 6-9 px line each, which the detector never sees) its map is under 0.01
# over every band, where the recogniser read speckle as letters in 52 of 123: their line is verified by tesseract's
# readings of it and its glyph rows, as before.
MIN_TEXT_LIKELIHOOD = 0.01
DARK_SPREAD = 32.0
INK_SPAN = 0.8  # of a read line's width: its runs of ink are masked only when they span this much of it
# A character read is at least this share of its box's height wide (digits about 0.55, narrow letters less, averaged
# over a word): glyph rows spanning under INK_SPAN of the width its characters need hold only part of what was read.
CHAR_WIDTH = 0.45
# A label read with no value after it ("Ref:" on a black margin, the name on the bright fan beyond): its value is
# masked unread, this many line heights on from the label (a name or a number of about 15 characters).
VALUE_REACH = 10
Box = tuple[int, int, int, int, int, str]  # frame, x0, y0, x1, y1, kind
MIN_TEXT_CONFIDENCE = 50.0  # plain (non-PHI) words below this are usually speckle read as glyphs
MIN_TEXT_SIDE = 6  # pixels: no readable glyph fits in a smaller image
MIN_INK_SHARE = 0.4  # of a detected line's height: its ink is never shorter (the detector adds ~0.2 above and below)

# What each box kind means, for people reading `pixels scan` (every kind a box can carry).
KINDS = {
    REGION: "a fixed rectangle for this device (profile rule or deid's recipe), masked without reading",
    KNOWN: "a line holding one of the file's own header values (name, ID, date, time, place)",
    PATTERN: "a line holding a date, time, long number, facility name or a PHI label's value",
    UNREADABLE: "a line in a block with PHI lines, or a one-colour overlay glyph row, that could not be read: "
                "it cannot be shown free of PHI",
    NAME_LIKE: "a line of letters only in a block with PHI lines: where screens print the name",
    ID_LIKE: "a lone short number in a block with PHI lines: where screens print the patient's or case number",
    MARGIN_TEXT: "a line at the frame's edge with an ID-like number, initials or a name- or facility-like word "
                 "that the device vocabulary does not vouch for",
    TEXT: "other text: masked only when the profile redacts all text",
}

REASON_UNDECODABLE = "pixel data cannot be decoded"
REASON_DOCUMENT = "an encapsulated document (PDF, CDA, 3D model) cannot be read for burned-in text"
REASON_OCR = "OCR is unavailable"
REASON_READABLE = "burned-in PHI still readable after redaction"
REASON_NOT_CLEANING = "burned-in PHI found and pixel cleaning is off"


@dataclass(frozen=True)
class PixelScan:
    """What a read-only scan found: why it was read, how much was read, where text is (no text values)."""

    at_risk: str | None
    frames: int = 0
    frames_scanned: int = 0
    boxes: tuple[Box, ...] = ()
    error: str | None = None  # PHI-free reason the image could not be read


@dataclass(frozen=True)
class PixelEdit:
    """New pixel data (native, Explicit VR Little Endian layout) and the attributes that change with it."""

    pixel_data: bytes
    attributes: Mapping[str, Any]

    def apply(self, ds: Dataset) -> None:
        """Write the pixels and attributes into `ds` and switch it to Explicit VR Little Endian."""
        for keyword, value in self.attributes.items():
            setattr(ds, keyword, value)
        ds.PixelData = self.pixel_data
        element = ds["PixelData"]
        element.VR = "OW" if int(ds.BitsAllocated) > 8 else "OB"
        element.is_undefined_length = False
        if not hasattr(ds, "file_meta") or ds.file_meta is None:
            from pydicom.dataset import FileMetaDataset

            ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian


@dataclass(frozen=True)
class PixelOutcome:
    """What to do with one file's pixels."""

    status: Literal["unchanged", "cleaned", "quarantined"]
    reason: str | None = None
    boxes: tuple[Box, ...] = ()
    edit: PixelEdit | None = None


@dataclass
class _Findings:
    """What detection found: the boxes to mask, the frames read, and every line read per frame."""

    boxes: list[Box] = field(default_factory=list)
    reads: int = 0
    lines: Mapping[int, list[Line]] = field(default_factory=dict)
    shared: bool = False  # several frames: the masks found in any (but plain text's) apply to every frame
    sampled: bool = False  # a long cine read from a sample: every mask applies to every frame (most were never read)


class PixelCleaner:
    """Find and remove burned-in PHI according to a PixelPolicy (Flask-free, stateless between files)."""

    def __init__(self, policy: PixelPolicy) -> None:
        self.policy = policy
        self.redact_all = policy.redact == "all_text"

    def scan(self, ds: Dataset) -> PixelScan:
        """Read the ORIGINAL dataset's frames (if the policy says so) and report every text box; never writes."""
        risk = self._reason_to_read(ds)
        regions = self._regions(ds)
        if risk is None and not regions:
            return PixelScan(at_risk=None)
        try:
            pixels = decode(ds)
        except UndecodablePixels:
            return PixelScan(at_risk=risk, error=_undecodable(ds))
        boxes = [(f, *r, REGION) for f in range(pixels.frame_count) for r in regions]
        if risk is None:
            return PixelScan(risk, pixels.frame_count, 0, tuple(boxes))
        with readings_kept():
            found = self._find(pixels, PhiMatcher(known_phi_terms(ds)), redact_all=True)
        return PixelScan(risk, pixels.frame_count, found.reads, tuple(dict.fromkeys(boxes + found.boxes)))

    def clean(self, ds: Dataset) -> PixelOutcome:
        """Decide the ORIGINAL dataset's pixel fate: unchanged, cleaned (with the edit) or quarantined."""
        with readings_kept():  # a crop shown again (a cine loop's still overlay) is read once, within this file
            return self._clean(ds)

    def _clean(self, ds: Dataset) -> PixelOutcome:
        """`clean`, the recogniser's readings kept."""
        risk = self._reason_to_read(ds)
        regions = self._regions(ds) if self.policy.clean else ()
        if risk is None and not regions:
            return PixelOutcome("unchanged")
        try:
            pixels = decode(ds)
        except UndecodablePixels:
            return PixelOutcome("quarantined", _undecodable(ds))
        matcher = PhiMatcher(known_phi_terms(ds))
        boxes: list[Box] = [(f, *r, REGION) for f in range(pixels.frame_count) for r in regions]
        found = self._find(pixels, matcher, self.redact_all) if risk is not None else _Findings()
        boxes += found.boxes
        try:
            if risk is not None and not boxes and self.policy.verify:
                # Nothing found is only trusted once the independent reading agrees.
                boxes += self._verify(pixels, matcher, found.lines, None)
            if not boxes:
                return PixelOutcome("unchanged")
            if not self.policy.clean:
                return PixelOutcome("quarantined", REASON_NOT_CLEANING, tuple(boxes))
            array, clean = self._redact(pixels, matcher, boxes, found)
        except OcrUnavailable:
            return PixelOutcome("quarantined", REASON_OCR, tuple(boxes))
        if not clean:
            return PixelOutcome("quarantined", REASON_READABLE, tuple(boxes))
        data, attributes = encode(array, ds, pixels.photometric)
        if self.policy.verify:
            attributes = {**attributes, "BurnedInAnnotation": "NO"}
        return PixelOutcome("cleaned", None, tuple(boxes), PixelEdit(data, attributes))

    def _redact(self, pixels: DecodedPixels, matcher: PhiMatcher, boxes: list[Box],
                found: _Findings) -> tuple[np.ndarray, bool]:
        """Mask `boxes`, then verify by reading the masked frames again; any PHI still read means not clean.

        What verification reads is masked too, and the frames around it read again: masking changes what
        surrounds nearby text, so another reading can make out words the last one missed. PHI still read
        after VERIFY_ROUNDS means quarantine, whether detection ran or only fixed regions were masked (then
        the first round reads the lines the detector finds in the masked frames). A run's frames share their
        masks: what verification finds is masked in every frame.
        """
        array = masked(pixels, (b[:5] for b in boxes))
        if not self.policy.verify:
            return array, True
        around: dict[int, list[Rect]] | None = None  # the first round reads every line and mask
        for _ in range(VERIFY_ROUNDS):
            lines, frames = found.lines, None
            if found.shared:
                # Frames not read hold nothing beyond the shared masks; of them, only those whose pixels
                # under the masks changed can read differently from a frame that was verified.
                changed = changed_under(pixels.array, {b[1:5] for b in boxes})
                lines = {**{frame: [] for frame in changed}, **found.lines}
                frames = set(lines)
            residue = self._verify(pixels.with_array(array), matcher, lines, boxes, around, frames, pixels)
            if not residue:
                return array, True
            residue += self._stacked_on(residue, found.lines, boxes, pixels)
            if found.shared:
                residue = _every_frame(residue, pixels.frame_count, found.sampled)
            boxes += residue
            array = masked(pixels, (b[:5] for b in boxes))
            around = _around(residue, pixels.array.shape[1], pixels.array.shape[2])
        return array, False

    def _find(self, pixels: DecodedPixels, matcher: PhiMatcher, redact_all: bool) -> _Findings:
        """Detect and read every frame's text lines; return the boxes (with margin) of the lines to mask.

        A line is masked whole when any word of it is PHI (or it is plain text and `redact_all`),
        and so are the unread and name-like lines stacked in a block with PHI lines (`blocks`).
        """
        if _textless(pixels):
            return _Findings()
        frames = frames_to_read(pixels.array) if sampled(pixels.frame_count) else None
        lines_by_frame, reads = read_frames(pixels, frames)
        if frames is not None:
            # Text shown only between sampled frames, where the anatomy moves, changes no shared overlay
            # pixel: the detector looks at every frame not read, and one with a line of its own is read too.
            more, more_reads = read_frames(pixels, _with_new_lines(pixels, frames, lines_by_frame))
            lines_by_frame, reads = {**lines_by_frame, **more}, reads + more_reads
        # A run's masks apply to every frame, but plain text's (`_every_frame`): a line read in some frames stands, or may
        # stand, in the others (an XA run prints the patient's lines on its first frames only, and a loop's still
        # overlay read in one frame was missed in another where the tissue beside it moved); a long cine is read from a
        # sample (`cine`), and all its masks apply to every frame.
        found = _Findings(reads=reads, lines=lines_by_frame, shared=pixels.frame_count > 1, sampled=frames is not None)
        # The reader hands identical frames the same lines: mark such a frame once (a cine loop's static frames).
        marks: dict[int, list[Marked]] = {}
        for frame, lines in lines_by_frame.items():
            if id(lines) not in marks:
                view = pixels.view(frame)
                # Once a frame (the reader looked at the same frame's rows); none on films, whose text is not tiny and
                # whose speckle took half a second to rule out as rows.
                rows = tiny_rows(view)
                unread = [row.box for row in rows] + clear_faint(view) + doubtful_faint(view, lines)
                unread += turned_lines(lines)
                spans = read_in_faint(lines)
                @functools.cache  # a value beside an open label is often a PHI line too: each box is fitted once
                def fitted(box: Rect) -> Rect:
                    return _fitted(view, box, rows, spans.get(box))
                marks[id(lines)] = [(fitted(box), kind)
                                    for box, kind in _line_marks(lines, matcher, redact_all, view.shape[:2], unread)]
                marks[id(lines)] += _open_values(lines, matcher, view, fitted)
            found.boxes += self._with_margin(frame, marks[id(lines)], pixels)
        if found.shared:
            found.boxes = _every_frame(found.boxes, pixels.frame_count, found.sampled)
        found.boxes = list(dict.fromkeys(found.boxes))
        return found

    def _verify(self, pixels: DecodedPixels, matcher: PhiMatcher, lines: Mapping[int, list[Line]],
                boxes: list[Box] | None, around: Mapping[int, list[Rect]] | None = None,
                frames: set[int] | None = None, unmasked: DecodedPixels | None = None) -> list[Box]:
        """An independent reading of the (masked) frames; return boxes of the PHI it still reads.

        Tesseract reads, in a rendering of its own, every line the detector found (masked or not) and every mask
        with half a line height around it; the learned recogniser reads a band above and a band below every mask
        (`_bands`), where the detector found nothing to read, when text may stand there (`_may_hold_text`, asking the
        detector's map of the `unmasked` frames). Later rounds read only `around` the last residue. Each distinct frame
        is read once; with `frames`, only those frames are read.
        """
        if _textless(pixels):
            return []
        rows, cols = pixels.array.shape[1:3]
        wanted: dict[int, list[Rect]] = {}
        bands: dict[int, list[Rect]] = {}
        if around is not None:
            wanted = {frame: list(rects) for frame, rects in around.items() if frames is None or frame in frames}
        else:
            for frame, frame_lines in lines.items():
                wanted.setdefault(frame, []).extend(_line_box(line) for line in frame_lines)
            masks: dict[int, list[Rect]] = {}
            for frame, x0, y0, x1, y1, _ in boxes or ():
                if frames is None or frame in frames:
                    masks.setdefault(frame, []).append((x0, y0, x1, y1))
            for frame in set(masks) - set(lines):
                # Detection did not run here (the policy only masks fixed regions): the masked frame's own lines.
                wanted[frame] = detect_boxes(pixels.view(frame))
            for frame in set(wanted) | set(masks):
                wanted[frame] = [_grown(rect, rows, cols) for rect in wanted.get(frame, []) + masks.get(frame, [])]
                bands[frame] = _bands(masks.get(frame, []), wanted[frame], rows, cols)
        residue: list[Box] = []
        read: dict[bytes, list[Marked]] = {}
        for frame, rects in wanted.items():
            view = pixels.view(frame)
            # Only frames that may repeat are hashed: a film's view is tens of megabytes.
            key = (frame_digest(view) if len(wanted) > 1 else b"") + repr(sorted(rects)).encode()
            # Films print text large enough for the detector alone (`reader`): no bands, which cost them a second.
            crops = bands.get(frame, []) if screen_sized(view) else []
            if key not in read:
                # The frame's one-colour glyph rows are read in their colour alone (later rounds: those around the
                # last residue); a PHI word read in one masks its whole row, as a PHI line is masked whole.
                rows = [row for row in tiny_rows(view) if around is None or any(overlaps(row.box, r) for r in rects)]
                if crops and unmasked is not None:
                    text_map = remembered_map(unmasked.view(frame))
                    crops = [band for band in crops if _may_hold_text(text_map, view, band)]
                found = read_crops(view, rects, rows) + read_boxes(view, crops)
                read[key] = [(run, kind) for box, characters, kind in _word_boxes(found, matcher, self.redact_all)
                             for run in _where(view, box, characters, rows)]
            residue += self._with_margin(frame, read[key], pixels)
        return list(dict.fromkeys(residue))

    def _stacked_on(self, residue: list[Box], lines: Mapping[int, list[Line]], boxes: list[Box],
                    pixels: DecodedPixels) -> list[Box]:
        """Detected lines left unmasked that stand in a block with PHI only verification read (`blocks`).

        The detector can miss a block's middle lines (a date of birth between an ID and a date), which
        verification then finds; the ID line above them is tied to the block only through them.
        """
        added: list[Box] = []
        for frame in dict.fromkeys(box[0] for box in residue):
            masks = [box[1:5] for box in boxes if box[0] == frame]
            rest = [(box, line) for line in lines.get(frame, ()) for box in [_line_box(line)]
                    if not any(overlaps(box, mask) for mask in masks)]
            phi = [box[1:5] for box in residue if box[0] == frame]
            added += self._with_margin(frame, beside_phi(rest, phi), pixels) if rest else []
        return added

    def _with_margin(self, frame: int, marks: Iterable[Marked], pixels: DecodedPixels) -> list[Box]:
        """`marks` of one frame as boxes widened by the policy's margin (clipped to the frame)."""
        rows, cols, m = pixels.array.shape[1], pixels.array.shape[2], self.policy.margin
        return [(frame, *grown(rect, m, rows, cols), kind) for rect, kind in marks]

    def _reason_to_read(self, ds: Dataset) -> str | None:
        """Why this file's frames must be read under the policy (None: do not read)."""
        if self.policy.scan == "none":
            return None
        risk = burned_in_risk(ds) or unlabelled_projection(ds)
        if risk is None and self.policy.scan == "all":
            return "policy scans all images"
        return risk

    def _regions(self, ds: Dataset) -> tuple[tuple[int, int, int, int], ...]:
        """Known rectangles for this header (deid recipe and profile rules)."""
        return region_boxes(ds, self.policy)


def _textless(pixels: DecodedPixels) -> bool:
    """Whether no text can be in these frames: too small for a glyph, or one flat value (no OCR needed)."""
    rows, cols = pixels.array.shape[1:3]
    return min(rows, cols) < MIN_TEXT_SIDE or bool((pixels.array == pixels.array.flat[0]).all())


def _with_new_lines(pixels: DecodedPixels, read: list[int], lines: Mapping[int, list[Line]]) -> list[int]:
    """Frames of a sampled cine not in `read` where the detector finds a line that no line read overlaps.

    A frame identical to one read holds its lines already, and identical frames are looked at once (a loop's
    still stretches): the detector runs once per distinct frame.
    """
    known = list(dict.fromkeys(_line_box(line) for frame_lines in lines.values() for line in frame_lines))
    new_line: dict[bytes, bool] = {frame_digest(pixels.array[frame]): False for frame in read}
    chosen = []
    for frame in range(pixels.frame_count):
        digest = frame_digest(pixels.array[frame])
        if digest not in new_line:
            new_line[digest] = any(not any(overlaps(box, seen) for seen in known) for box in _detected(pixels, frame))
        if new_line[digest]:
            chosen.append(frame)
    return chosen


def _detected(pixels: DecodedPixels, frame: int) -> list[Rect]:
    """The learned detector's text lines in one frame, within the file's time budget."""
    check_budget()
    return detect_boxes(pixels.view(frame))


def _every_frame(boxes: Iterable[Box], frame_count: int, every_kind: bool = False) -> list[Box]:
    """Each box's rectangle and kind in every frame (once each), but plain text's (TEXT, unless `every_kind`), which
    stays in its own frame.

    PHI, presumed PHI (a block's name-like line, a margin's ID-like number) and unreadable text masked in one frame
    may stand, fainter, where they were not found: a 13 px low-contrast name masked as name-like in one frame of a
    loop kept its glyphs in the others when only PHI and unreadable masks were shared. Plain text, masked only when
    the profile redacts all text, is masked in each frame it is read in; copied to frames where it stands not, it
    only blanked their image."""
    boxes = list(boxes)
    shapes = dict.fromkeys(box[1:] for box in boxes if every_kind or box[5] != TEXT)
    return [(frame, *shape) for frame in range(frame_count) for shape in shapes] + [
        box for box in boxes if box[1:] not in shapes]


def _around(boxes: Iterable[Box], rows: int, cols: int) -> dict[int, list[Rect]]:
    """Per frame, the rectangles to read again around `boxes`: each grown by a few line heights."""
    around: dict[int, list[Rect]] = {}
    for frame, x0, y0, x1, y1, _ in boxes:
        around.setdefault(frame, []).append(grown((x0, y0, x1, y1), max(REREAD_MIN, REREAD_LINES * (y1 - y0)),
                                                  rows, cols))
    return around


def _grown(rect: Rect, rows: int, cols: int) -> Rect:
    """`rect` with half a line height more on every side: strokes the detector's box or a mask cut off."""
    return grown(rect, max(2, (rect[3] - rect[1]) // 2), rows, cols)


def _bands(masks: list[Rect], read: list[Rect], rows: int, cols: int) -> list[Rect]:
    """The bands verification reads above and below each mask: BAND line heights tall, WIDER line heights past its
    ends. Each is read as one line by the learned recogniser, which makes out a faint line on speckle in a crop
    this loose; tesseract, reading such a band at the scale of its whole height, read half of them, at several
    times the cost. A band mostly inside what tesseract reads (`read`: the lines and masks, grown) is left out: in
    a block of stacked lines, the band between two lines is their own."""
    bands = []
    for x0, y0, x1, y1 in masks:
        height = y1 - y0
        left, right = x0 - WIDER * height, x1 + WIDER * height
        bands += [_clipped((left, y0 - BAND * height, right, y0), rows, cols),
                  _clipped((left, y1, right, y1 + BAND * height), rows, cols)]
    # Bands that mostly overlap are read as one, their union: the bands of masks side by side on a row (words of one
    # line masked apart) cover most of each other, and the recogniser's time grows with a crop's width.
    return merge_rects([band for band in bands if band[3] - band[1] >= MIN_TEXT_SIDE and band[2] > band[0]
                        and _covered(band, read) <= MAX_BAND_READ], mostly_same)


def _may_hold_text(text_map: TextMap | None, masked: np.ndarray, band: Rect) -> bool:
    """Whether a verification band is worth the recogniser's reading (MIN_TEXT_LIKELIHOOD, DARK_SPREAD): the detector's
    `text_map` of the unmasked frame gives text some likelihood in it, or that map is not at hand (None: detection did
    not look at this frame whole), or the band's grey in the `masked` frame spans few levels."""
    if text_map is None or text_map.likelihood(band) >= MIN_TEXT_LIKELIHOOD:
        return True
    x0, y0, x1, y1 = band
    low, high = np.percentile(masked[y0:y1, x0:x1].mean(axis=2), (1, 99))
    return float(high - low) < DARK_SPREAD


def _covered(rect: Rect, others: list[Rect]) -> float:
    """The share of `rect`'s area inside any of `others`."""
    x0, y0, x1, y1 = rect
    inside = np.zeros((y1 - y0, x1 - x0), bool)
    for ox0, oy0, ox1, oy1 in others:
        inside[max(0, oy0 - y0):max(0, oy1 - y0), max(0, ox0 - x0):max(0, ox1 - x0)] = True
    return float(inside.mean())


def _clipped(rect: Rect, rows: int, cols: int) -> Rect:
    """`rect` limited to a frame of `rows` x `cols`."""
    return grown(rect, 0, rows, cols)


def _fitted(view: np.ndarray, box: Rect, rows: list[GlyphRow], band: Rect | None) -> Rect:
    """What to mask of a line: its box fitted to its ink (`_tight`), carried along its baseline and over its glyph
    rows. A line read in a faint `band` (its box the band's rows over its characters' columns) is fitted from the
    band's box, and its mask spans its characters' columns too: on speckle, or across a fan's edge, its ink runs are a
    few of its strokes, and the rest of it stayed readable (the band's rows, padded, are left to the ink's)."""
    if is_turned(box):
        return box  # a turned line is masked whole: the ink and baseline walks follow rows, not its glyphs' column
    whole = box if band is None else band
    mask = _with_rows(whole, along_baseline(view, _tight(view, whole)), rows)
    return mask if band is None else (min(mask[0], box[0]), mask[1], max(mask[2], box[2]), mask[3])


def _tight(view: np.ndarray, box: Rect) -> Rect:
    """A detected line's box shrunk to the ink inside it: the detector's boxes are dilated around the glyphs."""
    runs = [run for run in text_runs(view, "RGB", box) if overlaps(run, box)]
    if not runs:
        return box
    ink = runs[0]
    for run in runs[1:]:
        ink = union(ink, run)
    tight = max(box[0], ink[0]), max(box[1], ink[1]), min(box[2], ink[2]), min(box[3], ink[3])
    # Between closely stacked lines the local background is itself text, and the ink map keeps only the
    # strongest strokes: a band a few pixels high that would leave the glyphs readable. The box stays whole.
    return tight if tight[3] - tight[1] >= MIN_INK_SHARE * (box[3] - box[1]) else box


def _where(view: np.ndarray, word: Rect, characters: int, rows: list[GlyphRow]) -> list[Rect]:
    """Where to mask what verification read (`characters` long): the glyph rows it stands in, with its box and half a
    line height around it too when they span less than its characters need (CHAR_WIDTH; the reader's box may cut an
    end glyph's first strokes); else its runs of ink when they span most of its width; else its box (the ink map keeps
    only a faint line's strongest strokes: runs would leave it readable).

    A one-colour glyph row stops where its background changes (an ID in yellow crossing a cream rendering's edge onto
    black): a row of three digits under a reading of eight left the digits at both ends in place."""
    width = word[2] - word[0]
    glyphs = [row.box for row in rows if overlaps(row.box, word)]
    if glyphs:
        needed = min(width, CHAR_WIDTH * characters * (word[3] - word[1]))
        return glyphs if _spanned(glyphs) >= INK_SPAN * needed else glyphs + [_grown(word, *view.shape[:2])]
    runs = text_runs(view, "RGB", word)
    return runs if _spanned(runs) >= INK_SPAN * width else [word]


def _spanned(rects: list[Rect]) -> int:
    """The columns from the leftmost to the rightmost of `rects` (0 for none)."""
    return max((rect[2] for rect in rects), default=0) - min((rect[0] for rect in rects), default=0)


def _with_rows(line: Rect, mask: Rect, rows: list[GlyphRow]) -> Rect:
    """A line's `mask` widened over the frame's one-colour glyph `rows` it overlaps within a line height of the
    `line`'s box: a row is one line of one colour, and the contrast that shrank the mask (`_tight`) fades where the
    row runs over texture."""
    height = line[3] - line[1]
    near = (line[0] - height, line[1] - height, line[2] + height, line[3] + height)
    for row in rows:
        if overlaps(row.box, near) and overlaps(row.box, mask):
            mask = union(mask, row.box)
    return mask


def _line_box(line: Line) -> Rect:
    """The box holding every word of a line."""
    box = line[0].box
    for word in line[1:]:
        box = union(box, word.box)
    return box


def _line_marks(lines: list[Line], matcher: PhiMatcher, redact_all: bool, shape: tuple[int, int],
                rows: list[Rect] = ()) -> list[Marked]:
    """Line boxes to mask and why: lines with PHI (or any readable text if `redact_all`), then their blocks,
    then identity-shaped lines at the edges of the frame (`shape`: rows, columns), then the one-colour glyph
    rows and clear (or doubtfully read) faint bands (`rows`) read as nothing legible (`_unread_rows`)."""
    marks: list[Marked] = []
    rest: list[tuple[Rect, Line]] = []
    for line in lines:
        box, kinds = _line_box(line), set(matcher.classify(line))
        kind = KNOWN if KNOWN in kinds else PATTERN if PATTERN in kinds else None
        if kind is None and redact_all and any(_is_text(word) for word in line):
            kind = TEXT
        if kind is None:
            rest.append((box, line))
        else:
            marks.append((box, kind))
    phi = [box for box, kind in marks if kind != TEXT]
    if phi:
        stacked = beside_phi(rest, phi)
        marks += stacked
        taken = {box for box, _ in stacked}
        rest = [(box, line) for box, line in rest if box not in taken]
    marks += margin_marks(rest, *shape)
    return marks + _unread_rows(rest, rows, [box for box, _ in marks])


def _unread_rows(lines: list[tuple[Rect, Line]], rows: list[Rect], marked: list[Rect]) -> list[Marked]:
    """Lines read from a one-colour glyph row (`strokes`) or a clear faint band (`faint`), or from a band read
    doubtfully as a number (`reader.doubtful_faint`), that were read as nothing legible, not already marked.

    Such a row is overlay text by construction (one exact colour, glyph-sized thin strokes aligned on a row, the
    colour absent above and below), and such a band by its shape, so masking its box removes text, not image; it
    cannot be shown free of PHI, and quarantining the file for a label no reader makes out would lose the whole
    image for it.
    """
    return [(box, UNREADABLE) for box, line in lines
            if is_unread(line) and any(mostly_same(box, row) for row in rows)
            and not any(overlaps(box, other) for other in marked)]


def _is_text(word: Word) -> bool:
    """Whether a word was read as text rather than speckle: confident, with two letters or digits."""
    return word.conf >= MIN_TEXT_CONFIDENCE and sum(c.isalnum() for c in word.text) >= 2


def _open_values(lines: list[Line], matcher: PhiMatcher, view: np.ndarray,
                 fitted: Callable[[Rect], Rect]) -> list[Marked]:
    """Where the value of each line's open label stands (`PhiMatcher.open_label`): the lines read beside it (a form's
    label and its filled value, read apart), `fitted` to their ink as any line; and VALUE_REACH line heights on,
    unread, when none was read or ink beside the label lies outside their masks (`fields.uncovered_ink`: a value's
    paler last word, or one beyond a wide space, that the reader missed), on to that ink's end. A reach over a
    form's ruled field masked the paper for ten line heights past a short value."""
    marks: list[Marked] = []
    cols = view.shape[1]
    boxes = [_line_box(line) for line in lines]
    for line, label in zip(lines, boxes):
        if not matcher.open_label(line):
            continue
        x0, y0, x1, y1 = label
        reach = min(cols, x1 + VALUE_REACH * (y1 - y0))
        values = [fitted(box) for box in boxes
                  if box != label and _on_row(box, label) and x1 - (y1 - y0) <= box[0] < reach]
        marks += [(box, PATTERN) for box in values]
        if x1 >= cols:
            continue
        if not values:
            marks.append(((x1, y0, reach, y1), PATTERN))
            continue
        end = min(cols, max(reach, *(box[2] for box in values)) + (y1 - y0))
        ink = uncovered_ink(view, label, (x1, y0, end, y1), values)
        if ink is not None:
            marks.append(((x1, y0, max(reach, ink[1]), y1), PATTERN))
    return marks


def _on_row(a: Rect, b: Rect) -> bool:
    """Whether two boxes share most of the shorter one's rows (two parts of one line of a form)."""
    return min(a[3], b[3]) - max(a[1], b[1]) > 0.5 * min(a[3] - a[1], b[3] - b[1])


def _word_boxes(lines: Iterable[Line], matcher: PhiMatcher,
                redact_all: bool) -> Iterator[tuple[Rect, int, str]]:
    """Yield (box, characters read in it, kind) of what to mask: a line with a PHI word whole (as detection masks a PHI
    line: the words beside it are the rest of a name or a date), plain text words when `redact_all`."""
    for line in lines:
        kinds = matcher.classify(line)
        phi = next((kind for kind in kinds if kind in (KNOWN, PATTERN)), None)
        if phi is not None:
            yield _line_box(line), len(" ".join(word.text for word in line)), phi
        elif redact_all:
            yield from ((word.box, len(word.text), TEXT) for word, kind in zip(line, kinds) if _is_text(word))


def _undecodable(ds: Dataset) -> str:
    """Why a file's rendered content could not be read: a document is never decoded, pixels failed to be."""
    return REASON_DOCUMENT if only_a_document(ds) else REASON_UNDECODABLE
