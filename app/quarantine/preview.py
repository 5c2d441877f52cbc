"""Masked previews of a quarantined file's first frame, rendered server-side so no burned-in text reaches a browser.

The pixel engine reads the frame as a release would (every image read, PHI masked, the masked frame read
again to verify); only when it proves the masked frame clean is a preview made. Every other text-like band
the ink detector finds is masked too, and previews are small.
"""
from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw
from pydicom import dcmread

from ..budget import TimeBudgetExceeded, time_budget
from ..deid.batch import write_atomically
from ..errors import CleanroomError
from ..pixels import PixelCleaner, PixelEdit
from ..profiles.schema import PixelPolicy
from ..pixels.display import display_gray
from ..pixels.detect import text_candidates
from ..pixels.frames import UndecodablePixels, decode, encode, masked
from ..pixels.ink import InkMap
from ..pixels.match import KNOWN, PATTERN, TEXT

# Masking every word instead (redact all_text) makes OCR verification read speckle as words and refuse most images.
RELEASE_CHECK = PixelPolicy(clean=True, scan="all", redact="phi", known_regions=True, verify=True)
LONGEST_SIDE = 320  # pixels: enough to judge a mask's place, too small to read what a missed stroke spells
TIME_LIMIT = 60.0  # seconds of OCR one preview may take
VERSION = "1"  # part of the cache name: raise it when the rendering changes
# Fill colours of the "before" image per kind of box (the "after" image masks in the frame's own black).
KIND_COLOURS = {KNOWN: (200, 30, 45), PATTERN: (230, 140, 0)}
TEXT_COLOUR = (40, 110, 200)


_rendering = threading.Lock()


class NoPreview(CleanroomError):
    """No preview can be shown for this file (the message names no value)."""


@dataclass(frozen=True)
class Previews:
    """PNG bytes: `before` with each text box filled in its kind's colour, `after` masked as released."""

    before: bytes
    after: bytes


def cached_previews(path: Path, cache: Path) -> Previews:
    """Return the previews of the DICOM file at `path`, rendered once and kept under `cache` by the file's name."""
    # One rendering at a time: a page asks for both images of a file at once, and OCR is the costly part.
    with _rendering:
        return _cached(path, cache)


def _cached(path: Path, cache: Path) -> Previews:
    stem = cache / f"{path.parent.name}-{path.stem}-v{VERSION}"
    before, after, refused = (stem.with_suffix(s) for s in (".before.png", ".after.png", ".none"))
    if refused.exists():
        raise NoPreview(refused.read_text(encoding="utf-8"))
    if before.exists() and after.exists():
        return Previews(before.read_bytes(), after.read_bytes())
    try:
        previews = render_previews(path)
    except NoPreview as exc:
        write_atomically(refused, str(exc).encode(), private=True)
        raise
    write_atomically(before, previews.before, private=True)
    write_atomically(after, previews.after, private=True)
    return previews


def render_previews(path: Path) -> Previews:
    """Render the masked before/after previews of a DICOM file's first frame; NoPreview when none is safe."""
    try:
        ds = dcmread(path)
        pixels = decode(ds)
    except UndecodablePixels as exc:
        raise NoPreview(str(exc)) from None
    except Exception:  # not DICOM, truncated: the reason it was quarantined
        raise NoPreview("the file cannot be read as DICOM") from None
    if pixels.frame_count > 1:
        # Only the first frame is shown, so only it is read (a long cine loop would take minutes).
        data, attributes = encode(pixels.array[:1], ds, pixels.photometric)
        PixelEdit(data, {**attributes, "NumberOfFrames": 1}).apply(ds)
        pixels = decode(ds)
    try:
        with time_budget(TIME_LIMIT):
            outcome = PixelCleaner(RELEASE_CHECK).clean(ds)
    except TimeBudgetExceeded:
        raise NoPreview("reading the image for text took too long") from None
    if outcome.status == "quarantined":
        raise NoPreview(f"text in the image could not be masked with certainty ({outcome.reason})")
    bands = text_candidates(InkMap(pixels.array[0], pixels.photometric))
    boxes = [box for box in outcome.boxes if box[0] == 0] + [(0, *band, TEXT) for band in bands]
    after = display_gray(masked(pixels, (b[:5] for b in boxes))[0], pixels.photometric)
    before = Image.fromarray(after).convert("RGB")
    draw = ImageDraw.Draw(before)
    for _, x0, y0, x1, y1, kind in sorted(boxes, key=lambda box: box[5] != TEXT):  # identifiers drawn on top
        draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=KIND_COLOURS.get(kind, TEXT_COLOUR))
    return Previews(_png(before), _png(Image.fromarray(after)))


def _png(image: Image.Image) -> bytes:
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
