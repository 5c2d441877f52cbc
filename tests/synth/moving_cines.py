"""The `moving_cines` layout of the pixel corpus: ultrasound and XA cines whose patient banner does not stand still.

Eight kinds, cycled (`build_moving`), each motion on an ultrasound cine (RGB, a fan of speckle, moving or frozen) and
on an XA run (8-bit grey, noise in every pixel, vessels moving), 6-24 frames:

- `*_jitter`: the whole banner jitters 1-2 px from its place, a new offset every frame (a capture card's jitter);
- `*_drift`: the banner drifts steadily, 1-2 px a frame across or down (a panning capture);
- `*_alternating`: the name line (with the rest of the banner) on even frames and a clock on odd ones, in the same
  place as the name or on the line below it;
- `*_late`: the banner appears from frame k on (a loop whose capture began before the patient was selected).

A banner stands on a dark bar of its own half of the time. Every value is synthetic (Faker, seeded). A string drawn at
several places is recorded once per place, naming the frames it stands there in (`StampedText.frames_drawn`).
"""
from __future__ import annotations

import random

import cv2
import numpy as np
from faker import Faker
from PIL import Image, ImageDraw
from pydicom.dataset import Dataset

from .edge_screens import _clock, _font, _paint, _place, _truth, _vessels
from .pixel_parts import PixelCorpusFile, RenderedText, _header, _identity, _phi_lines, _pixels

# In the order cycled: each motion comes on both devices within one pass.
MOVING_KINDS = ("us_jitter", "xa_drift", "us_alternating", "xa_late", "xa_jitter", "us_drift", "xa_alternating",
                "us_late")

Offset = tuple[int, int]


def build_moving(kind: str, rng: random.Random, fake: Faker) -> tuple[Dataset, PixelCorpusFile]:
    """One file of the `moving_cines` layout of `kind` (MOVING_KINDS) and its truth."""
    device, motion = kind.split("_", 1)
    who = _identity(rng, fake)
    phi = [(text, True, in_header) for text, in_header in _phi_lines(who, rng, fake)]
    frames = rng.randint(6, 24)
    stack = _ultrasound(frames, rng) if device == "us" else _angiogram(frames, rng)
    texts = _banner(stack, phi, motion, rng, colour=device == "us")
    template = "us_banner_moving" if device == "us" else "xa_run"  # the header and encoding of a US or XA cine
    ds = _header(template, who, rng)
    ds.Rows, ds.Columns = stack.shape[1:3]
    _pixels(ds, template, np.clip(stack, 0, 1))
    truth = PixelCorpusFile("", kind, ds.Modality, True, None, stack.shape[0], stack.shape[1], stack.shape[2], "",
                            texts)
    return ds, truth


# --------------------------------------------------------------------------- backgrounds
def _ultrasound(frames: int, rng: random.Random) -> np.ndarray:
    """An ultrasound fan on black (RGB, 0..1; the margins exactly 0, as a scanner's screen), its speckle moving, or
    frozen in 40 % of loops."""
    rows, cols = rng.choice(((480, 640), (600, 800), (768, 1024)))
    still = rng.random() < 0.4
    nrng = np.random.default_rng(rng.randrange(2**32))
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float32)
    fan = (np.abs(x - cols / 2) < (y - rows * 0.12) * 0.75) & (y < rows * 0.94)
    tint = np.array(rng.choice(((1.0, 1.0, 1.0), (1.0, 0.95, 0.85))), np.float32)
    speckle = nrng.gamma(3.0, 0.12, (rows, cols)).astype(np.float32)
    stack = []
    for _ in range(frames):
        if not still:
            speckle = nrng.gamma(3.0, 0.12, (rows, cols)).astype(np.float32)
        grey = np.where(fan, np.clip(speckle * (1.1 - y / rows), 0, 1), 0.0)
        stack.append(grey[..., None] * tint)
    return np.stack(stack).astype(np.float32)


def _angiogram(frames: int, rng: random.Random) -> np.ndarray:
    """A noisy grey XA run (0..1) of vessels moving in a round field on a dark surround."""
    rows = cols = rng.choice((512, 600, 768))
    nrng = np.random.default_rng(rng.randrange(2**32))
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float32)
    vessels = _vessels(rows, cols, 0.15, rng)
    level = rng.uniform(0.45, 0.65) - 0.1 * (y / rows)
    inside = (x - cols / 2) ** 2 + (y - rows / 2) ** 2 < (rng.uniform(0.42, 0.5) * rows) ** 2
    stack = []
    for frame in range(frames):
        moved = (rng.randint(-4, 4), rng.randint(-4, 4)) if frame else (0, 0)
        image = level - rng.uniform(0.15, 0.35) * np.roll(vessels, moved, axis=(0, 1)) + nrng.normal(0, 0.025,
                                                                                                       (rows, cols))
        stack.append(np.where(inside, image, 0.03 + nrng.normal(0, 0.01, (rows, cols))))
    return np.stack(stack).astype(np.float32)


# --------------------------------------------------------------------------- the banner
def _banner(stack: np.ndarray, phi: list[tuple[str, bool, bool]], motion: str, rng: random.Random,
            colour: bool) -> list[RenderedText]:
    """Draw the patient banner (and a clock) into `stack` moving as `motion` says; return the truth of every string."""
    frames, rows, cols = stack.shape[:3]
    size = rng.randint(11, 16)
    font = _font(rng, size)
    spacing = round(size * rng.uniform(1.25, 1.5))
    widest = max(int(font.getbbox(value)[2]) for value, _, _ in phi)
    height = spacing * len(phi)
    drift = (rng.choice((1, 2)), 0) if rng.random() < 0.5 else (rng.choice((0, 1)), rng.choice((1, 2)))
    reach = (drift[0] * (frames - 1), drift[1] * (frames - 1)) if motion == "drift" else (2, 2)
    left = rng.random() < 0.5
    x0 = rng.randint(10, 24) if left else cols - widest - reach[0] - rng.randint(14, 30)
    y0 = rng.randint(6, 16)
    shown = _frames_shown(motion, frames, rng)
    offsets = {frame: _offset(motion, frame, drift, rng) for frame in shown}
    ink = (np.array(rng.choice(((1, 1, 1), (1, 1, 0.4), (0.6, 1, 1))), np.float32) if colour
           else np.float32(rng.uniform(0.85, 1.0)))
    if rng.random() < 0.5:  # a dark bar behind the banner, moving with it
        for frame, (dx, dy) in offsets.items():
            stack[frame, max(0, y0 + dy - 3):y0 + dy + height + 2, max(0, x0 + dx - 6):x0 + dx + widest + 8] = 0.12
    texts: list[RenderedText] = []
    for index, (value, is_phi, in_header) in enumerate(phi):
        at: dict[Offset, list[int]] = {}
        for frame, offset in offsets.items():
            at.setdefault(offset, []).append(frame)
        for (dx, dy), drawn in at.items():
            text = _place(value, font, (x0 + dx, y0 + dy + index * spacing), 0, rows, cols)
            if text is None:
                continue
            text.frames_drawn = tuple(drawn)
            for frame in drawn:
                _paint(stack[frame], text, ink)
            texts.append(_truth(text, value, is_phi, in_header, True))
    if motion == "alternating":
        clock_at = (x0, y0 + rng.choice((0, spacing)))  # where the name stands on the other frames, or just below
        clock_frames = [frame for frame in range(frames) if frame not in offsets]
    else:
        clock_at = (cols - 120 if left else 12, rows - 10 - size)
        clock_frames = list(range(frames))
    texts += _clock(stack, clock_frames, rng.randrange(6 * 3600, 20 * 3600), font, clock_at, ink)
    return texts


def _frames_shown(motion: str, frames: int, rng: random.Random) -> list[int]:
    """The frames the banner stands in: even ones (alternating), from frame k on (late), else all."""
    if motion == "alternating":
        return list(range(0, frames, 2))
    if motion == "late":
        return list(range(rng.randint(1, frames - 2), frames))
    return list(range(frames))


def _offset(motion: str, frame: int, drift: Offset, rng: random.Random) -> Offset:
    """Where the banner stands in `frame`, from its place: a fresh 1-2 px jitter, a steady drift, or still."""
    if motion == "jitter":
        return rng.choice((-2, -1, 1, 2)), rng.choice((-2, -1, 0, 1, 2))
    if motion == "drift":
        return drift[0] * frame, drift[1] * frame
    return 0, 0
