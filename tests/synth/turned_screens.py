"""The `turned` layout of the pixel corpus: film labels turned upside down or a quarter turn, and cines whose banner
does not hold still.

Three kinds, cycled (`build_turned`):

- `film_label`: a radiograph (12-bit, 1,200-2,000 rows) with a printed label box, white or black, of patient lines
  (name, MRN, date), the whole box turned 180 degrees or a quarter turn either way, and an upright side marker;
- `us_banner_moving`: an ultrasound cine (RGB, 6-30 frames, the fan's speckle moving or frozen) whose patient banner
  moves 1-2 pixels from frame to frame (a viewer's capture jitter);
- `us_banner_alternating`: the same cine whose patient lines are drawn on even frames and a ticking clock on odd ones.

Every value is synthetic (Faker, seeded). A string drawn at several places is recorded once per place, each naming the
frames it stands there in (`StampedText.frames_drawn`): the scorer finds its glyphs where they are in each frame.
"""
from __future__ import annotations

import random

import numpy as np
from faker import Faker
from pydicom.dataset import Dataset

from .edge_screens import _clock, _font, _paint, _place, _truth
from .pixel_parts import PixelCorpusFile, RenderedText, StampedText, _header, _identity, _phi_lines, _pixels, stamped

TURNED_KINDS = ("film_label", "us_banner_moving", "us_banner_alternating")
MARKERS = ("R", "L", "PA", "AP", "LAT")


def build_turned(kind: str, rng: random.Random, fake: Faker) -> tuple[Dataset, PixelCorpusFile]:
    """One file of the `turned` layout of `kind` (TURNED_KINDS) and its truth."""
    who = _identity(rng, fake)
    phi = [(text, True, in_header) for text, in_header in _phi_lines(who, rng, fake)]
    stack, texts = _film_label(phi, rng) if kind == "film_label" else _cine(phi, rng, kind == "us_banner_moving")
    ds = _header(kind, who, rng)
    ds.Rows, ds.Columns = stack.shape[1:3]
    _pixels(ds, kind, stack)
    truth = PixelCorpusFile("", kind, ds.Modality, True, None, stack.shape[0], stack.shape[1], stack.shape[2], "",
                            texts)
    return ds, truth


# --------------------------------------------------------------------------- films
def _film_label(phi: list[tuple[str, bool, bool]], rng: random.Random) -> tuple[np.ndarray, list[RenderedText]]:
    """A chest-like film with a label box of 2-3 patient lines, the box turned 2, 1 or 3 quarter turns."""
    rows, cols = rng.choice(((1400, 1150), (1800, 1500), (2000, 1660)))
    nrng = np.random.default_rng(rng.randrange(2**32))
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float32)
    lungs = sum(np.exp(-(((x - cx * cols) / (0.17 * cols)) ** 2 + ((y - 0.48 * rows) / (0.3 * rows)) ** 2))
                for cx in (0.32, 0.68))
    canvas = (0.75 - 0.45 * lungs + 0.1 * y / rows + nrng.normal(0, 0.02, (rows, cols))).astype(np.float32)
    turns = rng.choice((2, 2, 1, 3))
    size = rng.randint(rows // 70, rows // 48)
    font = _font(rng, size)
    spacing = round(size * rng.uniform(1.3, 1.6))
    lines = phi[:rng.randint(2, 3)]
    upright = [stamped(_place(value, font, (1, 1), 0, 10**5, 10**5)).shape for value, _, _ in lines]
    pad = size // 2
    width = max(w for _, w in upright) + 2 * pad
    height = spacing * (len(lines) - 1) + upright[-1][0] + 2 * pad
    box_w, box_h = (width, height) if turns == 2 else (height, width)
    bx = rng.choice((rng.randint(20, 60), cols - box_w - rng.randint(20, 60)))
    by = rng.choice((rng.randint(20, 60), rows - box_h - rng.randint(20, 60)))
    dark_box = rng.random() < 0.4
    paper, ink = (0.06, 0.92) if dark_box else (rng.uniform(0.85, 0.97), 0.05)
    canvas[by:by + box_h, bx:bx + box_w] = paper
    texts: list[RenderedText] = []
    for index, ((value, is_phi, in_header), (h, w)) in enumerate(zip(lines, upright)):
        ox, oy = pad, pad + index * spacing  # the line's place in the upright box
        dx, dy = {2: (width - ox - w, height - oy - h), 1: (oy, width - ox - w), 3: (height - oy - h, ox)}[turns]
        text = _place(value, font, (bx + dx, by + dy), turns, rows, cols)
        if text is not None:
            _paint(canvas, text, ink)
            texts.append(_truth(text, value, is_phi, in_header, dark_box))
    marker = rng.choice(MARKERS)
    big = _font(rng, 2 * size)
    text = _place(marker, big, (bx + box_w + 40 if bx < cols // 2 else bx - 40 - 3 * size, by), 0, rows, cols)
    if text is not None:
        _paint(canvas, text, 0.95)
        texts.append(_truth(text, marker, False, False, True))
    return np.clip(canvas, 0, 1)[None], texts


# --------------------------------------------------------------------------- cines
def _cine(phi: list[tuple[str, bool, bool]], rng: random.Random,
          moving: bool) -> tuple[np.ndarray, list[RenderedText]]:
    """An ultrasound fan on black, its speckle moving; the patient banner moves 1-2 px a frame (`moving`), or stands on
    even frames while a clock ticks on odd ones."""
    rows, cols = rng.choice(((480, 640), (600, 800), (768, 1024)))
    frames = rng.choice((rng.randint(6, 8), rng.randint(9, 30)))  # read frame by frame, or from a sample (`cine`)
    still = rng.random() < 0.4  # a frozen loop: only the overlay changes
    nrng = np.random.default_rng(rng.randrange(2**32))
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float32)
    fan = (np.abs(x - cols / 2) < (y - rows * 0.12) * 0.75) & (y < rows * 0.94)
    tint = np.array(rng.choice(((1.0, 1.0, 1.0), (1.0, 0.95, 0.85))), np.float32)
    stack = []
    speckle = nrng.gamma(3.0, 0.12, (rows, cols)).astype(np.float32)
    for _ in range(frames):
        if not still:
            speckle = nrng.gamma(3.0, 0.12, (rows, cols)).astype(np.float32)
        grey = np.where(fan, np.clip(speckle * (1.1 - y / rows), 0, 1), 0.01)
        stack.append(grey[..., None] * tint)
    size = rng.randint(11, 16)
    font = _font(rng, size)
    spacing = round(size * rng.uniform(1.25, 1.5))
    left = rng.random() < 0.5
    x0, y0 = (rng.randint(8, 20) if left else cols - 8 - max(int(font.getbbox(v)[2]) for v, _, _ in phi) - 24,
              rng.randint(6, 16))
    shown = list(range(0, frames, 2)) if not moving else list(range(frames))
    # A moving banner wanders 1-2 px across and 0-1 px down from frame to frame, within a few pixels (capture jitter).
    offsets = [(0, 0)]
    for _ in shown[1:]:
        dx, dy = (rng.choice((-2, -1, 1, 2)), rng.choice((-1, 0, 1))) if moving else (0, 0)
        offsets.append((min(6, max(-6, offsets[-1][0] + dx)), min(3, max(-3, offsets[-1][1] + dy))))
    colour = np.array(rng.choice(((1, 1, 1), (1, 1, 0.4), (0.6, 1, 1))), np.float32)
    texts: list[RenderedText] = []
    for index, (value, is_phi, in_header) in enumerate(phi):
        at: dict[tuple[int, int], list[int]] = {}
        for frame, (dx, dy) in zip(shown, offsets):
            at.setdefault((dx, dy), []).append(frame)
        for (dx, dy), drawn in at.items():
            text = _place(value, font, (x0 + 8 + dx, y0 + 4 + dy + index * spacing), 0, rows, cols)
            if text is None:
                continue
            text.frames_drawn = tuple(drawn)
            for frame in drawn:
                _paint(stack[frame], text, colour)
            texts.append(_truth(text, value, is_phi, in_header, True))
    clock_at = (cols - 120 if left else 12, rows - 10 - size)
    ticks = [frame for frame in range(frames) if moving or frame % 2]
    texts += _clock(stack, ticks, rng.randrange(6 * 3600, 20 * 3600), font, clock_at, colour)
    return np.clip(np.stack(stack), 0, 1), texts
