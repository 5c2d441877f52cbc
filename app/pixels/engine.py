"""The pixel cleaner: decide what to read, find PHI text, mask it, verify by reading again, or quarantine."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal

import numpy as np
from pydicom.dataset import Dataset
from pydicom.uid import ExplicitVRLittleEndian

from ..profiles.schema import PixelPolicy
from .frames import DecodedPixels, UndecodablePixels, decode, encode, frame_digest, masked
from .ink import Rect, text_runs, union
from .known import known_phi_terms
from .match import KNOWN, PATTERN, TEXT, PhiMatcher
from .neighbours import BandReader, Marked, beside_phi
from .ocr import Line, OcrUnavailable
from .reader import read_frames, read_regions
from .regions import region_boxes
from .risk import burned_in_risk, unlabelled_projection

REGION = "region"
VERIFY_ROUNDS = 3  # mask what verification still reads and read again; after this, quarantine
# Later verification rounds read only this far around the new masks (in line heights, at least
# REREAD_MIN pixels): elsewhere the pixels, and so what the previous round read there, are unchanged.
REREAD_LINES = 2
REREAD_MIN = 32
Box = tuple[int, int, int, int, int, str]  # frame, x0, y0, x1, y1, kind
MIN_TEXT_CONFIDENCE = 50.0  # plain (non-PHI) words below this are usually speckle read as glyphs

REASON_UNDECODABLE = "pixel data cannot be decoded"
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
    """Boxes found in one read of some frames."""

    boxes: list[Box] = field(default_factory=list)
    reads: int = 0


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
            return PixelScan(at_risk=risk, error=REASON_UNDECODABLE)
        boxes = [(f, *r, REGION) for f in range(pixels.frame_count) for r in regions]
        if risk is None:
            return PixelScan(risk, pixels.frame_count, 0, tuple(boxes))
        try:
            found = self._find(pixels, PhiMatcher(known_phi_terms(ds)), None, redact_all=True)
        except OcrUnavailable:
            return PixelScan(risk, pixels.frame_count, 0, tuple(boxes), REASON_OCR)
        return PixelScan(risk, pixels.frame_count, found.reads, tuple(boxes + found.boxes))

    def clean(self, ds: Dataset) -> PixelOutcome:
        """Decide the ORIGINAL dataset's pixel fate: unchanged, cleaned (with the edit) or quarantined."""
        risk = self._reason_to_read(ds)
        regions = self._regions(ds) if self.policy.clean else ()
        if risk is None and not regions:
            return PixelOutcome("unchanged")
        try:
            pixels = decode(ds)
        except UndecodablePixels:
            return PixelOutcome("quarantined", REASON_UNDECODABLE)
        matcher = PhiMatcher(known_phi_terms(ds))
        boxes: list[Box] = [(f, *r, REGION) for f in range(pixels.frame_count) for r in regions]
        try:
            if risk is not None:
                boxes += self._find(pixels, matcher, None, self.redact_all).boxes
                if not boxes and self.policy.verify:
                    # Nothing found is only trusted once the verification readings agree.
                    boxes += self._find(pixels, matcher, None, self.redact_all, verifying=True).boxes
            if not boxes:
                return PixelOutcome("unchanged")
            if not self.policy.clean:
                return PixelOutcome("quarantined", REASON_NOT_CLEANING, tuple(boxes))
            array, clean = self._redact(pixels, matcher, boxes, risk is not None)
        except OcrUnavailable:
            return PixelOutcome("quarantined", REASON_OCR, tuple(boxes))
        if not clean:
            return PixelOutcome("quarantined", REASON_READABLE, tuple(boxes))
        data, attributes = encode(array, ds, pixels.photometric)
        if self.policy.verify:
            attributes = {**attributes, "BurnedInAnnotation": "NO"}
        return PixelOutcome("cleaned", None, tuple(boxes), PixelEdit(data, attributes))

    def _redact(self, pixels: DecodedPixels, matcher: PhiMatcher, boxes: list[Box],
                detecting: bool) -> tuple[np.ndarray, bool]:
        """Mask `boxes`, then verify by reading the masked frames again; any PHI still read means not clean.

        When detection is on, residue rounds are allowed: masking changes what surrounds nearby
        text (tesseract's thresholds and layout), so another read can find words the last one
        missed. Those are masked and the frames around them read again; PHI still found after
        VERIFY_ROUNDS means quarantine.
        """
        array = masked(pixels, (b[:5] for b in boxes))
        if not self.policy.verify:
            return array, True
        regions: dict[int, Rect] | None = None  # the first round reads the masked frames whole
        frames = sorted({b[0] for b in boxes})
        for _ in range(VERIFY_ROUNDS if detecting else 1):
            redacted = DecodedPixels(array, pixels.photometric)
            residue = self._find(redacted, matcher, frames, self.redact_all, verifying=True, regions=regions).boxes
            if not residue:
                return array, True
            boxes += residue
            array = masked(pixels, (b[:5] for b in boxes))
            regions = _around(residue, pixels.array.shape[1], pixels.array.shape[2])
        return array, False

    def _find(self, pixels: DecodedPixels, matcher: PhiMatcher, frames: list[int] | None, redact_all: bool, *,
              verifying: bool = False, regions: Mapping[int, Rect] | None = None) -> _Findings:
        """Read frames (or one region of some); return the boxes (with margin) of PHI words, of all if `redact_all`.

        A word's box becomes the text lines of ink it touches, each widened to its whole string:
        tight where tesseract's box swallowed speckle or a second line, whole where it read a fragment.
        Detection also follows the blocks of lines around PHI lines (`neighbours.beside_phi`).
        """
        if regions is None:
            lines_by_frame, reads = read_frames(pixels, frames, verifying=verifying)
        else:
            lines_by_frame, reads = read_regions(pixels, regions, verifying=verifying)
        found = _Findings(reads=reads)
        rows, cols, m = pixels.array.shape[1], pixels.array.shape[2], self.policy.margin
        bands = BandReader(pixels.photometric)
        # The readers hand identical frames the same lines: mark such a frame once (a cine loop's static frames).
        marks: dict[tuple[bytes, int], list[Marked]] = {}
        for frame, lines in lines_by_frame.items():
            image = pixels.array[frame]
            key = (frame_digest(image), id(lines))
            if key not in marks:
                to_mask = partial(_marks, image, pixels.photometric, matcher, redact_all)
                marks[key] = to_mask(lines)
                phi = [box for box, kind in marks[key] if kind != TEXT]
                if phi and not verifying:
                    marks[key] += beside_phi(image, bands, phi, lines, to_mask)
            for (x0, y0, x1, y1), kind in marks[key]:
                found.boxes.append((frame, max(0, x0 - m), max(0, y0 - m), min(cols, x1 + m), min(rows, y1 + m), kind))
        # Several readings of one line give the same box: report (and mask) it once.
        found.boxes = list(dict.fromkeys(found.boxes))
        return found

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


def _around(boxes: Iterable[Box], rows: int, cols: int) -> dict[int, Rect]:
    """Per frame, the rectangle to read again around `boxes`: their union and a few line heights more."""
    around: dict[int, Rect] = {}
    for frame, x0, y0, x1, y1, _ in boxes:
        reach = max(REREAD_MIN, REREAD_LINES * (y1 - y0))
        rect = (max(0, x0 - reach), max(0, y0 - reach), min(cols, x1 + reach), min(rows, y1 + reach))
        around[frame] = union(around[frame], rect) if frame in around else rect
    return around


def _marks(frame: np.ndarray, photometric: str, matcher: PhiMatcher, redact_all: bool,
           lines: list[Line]) -> list[Marked]:
    """What to mask for `lines` read in `frame`: the ink lines each word to mask touches, widened to whole strings."""
    # No ink line found means tesseract saw what the ink threshold did not: keep its box.
    return [(run, kind) for *box, kind in _word_boxes(lines, matcher, redact_all)
            for run in text_runs(frame, photometric, tuple(box)) or [tuple(box)]]


def _word_boxes(lines: Iterable[Line], matcher: PhiMatcher,
                redact_all: bool) -> Iterator[tuple[int, int, int, int, str]]:
    """Yield (x0, y0, x1, y1, kind) of the words to mask: PHI kinds always, plain text when `redact_all`."""
    for line in lines:
        for word, kind in zip(line, matcher.classify(line)):
            if kind in (KNOWN, PATTERN):
                yield (*word.box, kind)
            elif redact_all and word.conf >= MIN_TEXT_CONFIDENCE and sum(c.isalnum() for c in word.text) >= 2:
                yield (*word.box, TEXT)
