"""Tiny burned-in text lines on harsh textured backgrounds, with per-character ground truth.

`textured_case(seed, setting)` draws one RGB image: a background of one texture (stained tissue,
ultrasound speckle, noisy fluoroscopy, a gradient with grain), and one line of 6-9 px text (cap height)
with one-pixel strokes and no anti-aliasing, in a colour that either contrasts with the texture or
nearly blends into it. The line holds PHI (an accession, an MRN, a date, an invented name) that the
header also carries, and starts on the texture, not on a flat area. A `Setting` holds the ranges the
texture and the text are drawn from, so a second setting (other seed and texture parameters) can
check what was tuned on the first.

`survivors(before, after, case)` counts the PHI characters whose pixels a cleaning left in place: a
released image with any is a leak.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from pydicom.dataset import Dataset

from .image_dataset import image_dataset
from .pixel_eval import unchanged

TEXTURES = ("tissue", "speckle", "fluoro", "gradient")
MODALITIES = {"tissue": "SM", "speckle": "US", "fluoro": "RF", "gradient": "OT"}
FONTS = ("DejaVuSansMono.ttf", "DejaVuSans.ttf", "LiberationSans-Regular.ttf", "LiberationMono-Regular.ttf")
# Invented identities only.
FAMILIES = ("QUARTERMAINE", "VOSKUIJLEN", "MERRIWEATHER", "TALLGRASS", "OKONKWOBI", "FENWICKE")
GIVENS = ("BEATRIX", "ODALYS", "PERCIVAL", "ZINNIA", "THADDEUS", "ROSALIND")
ORGANS = ("COLON BX", "GASTRIC BX", "SKIN PUNCH", "LIVER CORE", "PROSTATE", "BREAST CORE")


@dataclass(frozen=True)
class Setting:
    """The ranges one generator run draws its textures and text from."""

    name: str
    sizes: tuple[int, ...] = (8, 9, 10, 11, 12)  # font sizes: capitals 6-9 px tall
    contrast: tuple[float, float] = (0.6, 1.2)  # texture amplitude (1: the tissue's mottle spans about 0.4-1.4)
    density: tuple[float, float] = (0.12, 0.3)  # share of the texture covered by dark grains (nuclei, speckle)
    grain: tuple[int, ...] = (2, 3, 4)  # texture cell size in pixels (larger: bigger nuclei, coarser speckle)
    blend: float = 0.5  # share of lines drawn in a colour taken from the texture itself (near a grain's)
    textures: tuple[str, ...] = TEXTURES
    shape: tuple[int, int] = (480, 640)


DEVELOPMENT = Setting("development")
# Not tuned on: other ranges everywhere (coarser grain, more blending lines, other sizes).
HELD_OUT = Setting("held-out", sizes=(8, 9, 10, 11), contrast=(0.8, 1.5), density=(0.2, 0.4),
                   grain=(3, 5), blend=0.7, shape=(512, 700))


@dataclass
class TexturedCase:
    """One image, its line, and where each PHI character was drawn."""

    dataset: Dataset
    image: np.ndarray  # rows, cols, 3 (uint8)
    texture: str
    text: str
    ink: tuple[int, int, int]
    blends: bool
    size: int
    box: tuple[int, int, int, int]
    phi_chars: list[np.ndarray] = field(default_factory=list)  # one boolean mask per PHI character
    phi: list[Piece] = field(default_factory=list)  # each PHI piece of the line and its box


@dataclass(frozen=True)
class Piece:
    """One PHI piece of a line (an accession, a name, a date) and the box its glyphs fill."""

    text: str
    box: tuple[int, int, int, int]


def textured_case(seed: int, setting: Setting = DEVELOPMENT) -> TexturedCase:
    """One harsh textured image with a tiny PHI line (deterministic in `seed` and `setting`)."""
    rng = random.Random(f"{setting.name}/{seed}")
    nrng = np.random.default_rng(rng.randrange(2**32))
    rows, cols = setting.shape
    texture = rng.choice(setting.textures)
    contrast, density = rng.uniform(*setting.contrast), rng.uniform(*setting.density)
    field_, grain_colour = _TEXTURES[texture](nrng, rows, cols, contrast, density, rng.choice(setting.grain), rng)
    family, given = rng.choice(FAMILIES), rng.choice(GIVENS)
    accession = f"{rng.choice('QSMH')}{rng.randrange(10, 99)}-{rng.randrange(1000, 9999)}"
    mrn = str(rng.randrange(10**7, 10**8))
    study = f"{rng.randrange(1, 13):02d}/{rng.randrange(1, 29):02d}/20{rng.randrange(10, 25)}"
    pieces = rng.choice((
        [(accession, True), ("H&E", False), (str(rng.randrange(1, 30)), False), (rng.choice(ORGANS), False)],
        [("MRN", False), (mrn, True), (family, True)],
        [(f"{family},", True), (given, True), (study, True)],
        [("ACC", False), (accession, True), (study, True)],
    ))
    text = " ".join(piece for piece, _ in pieces)
    blends = rng.random() < setting.blend
    ink = _ink_colour(field_, grain_colour, blends, rng)
    size = rng.choice(setting.sizes)
    font = ImageFont.truetype(rng.choice(FONTS), size)
    width = int(font.getlength(text))
    x = rng.randrange(8, max(9, cols - width - 8))
    y = rng.randrange(8, rows - 3 * size)
    image = Image.fromarray(field_)
    draw = ImageDraw.Draw(image)
    draw.fontmode = "1"  # no anti-aliasing: one colour, one-pixel strokes
    draw.text((x, y), text, font=font, fill=ink)
    array = np.asarray(image)
    masks = _char_masks(text, font, (x, y), (rows, cols))
    phi_chars, phi_pieces, position = [], [], 0
    for piece, phi in pieces:
        if phi:
            mine = [m for m in masks[position:position + len(piece)] if m.any()]
            phi_chars += mine
            phi_pieces.append(Piece(piece, _box(np.logical_or.reduce(mine))))
        position += len(piece) + 1
    ds = _dataset(array, MODALITIES[texture], family, given, mrn, accession)
    return TexturedCase(ds, array, texture, text, ink, blends, size, _box(np.logical_or.reduce(masks)), phi_chars,
                        phi_pieces)


def _box(mask: np.ndarray) -> tuple[int, int, int, int]:
    """The box (x0, y0, x1, y1, exclusive) of a mask's set pixels."""
    ys, xs = np.nonzero(mask)
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def survivors(before: np.ndarray, after: np.ndarray, case: TexturedCase) -> int:
    """How many of the case's PHI characters keep their pixels, and the pixels next to them, unchanged in
    `after` (`pixel_eval.unchanged`: a mask of the ink's own colour leaves the glyph's pixels as they were)."""
    same = (before == after).all(axis=2)
    return sum(unchanged(same, mask) for mask in case.phi_chars)


def _tissue(nrng: np.random.Generator, rows: int, cols: int, contrast: float, density: float, grain: int,
            rng: random.Random) -> tuple[np.ndarray, tuple[int, int, int]]:
    """Mottled pink stain with clumps of dark nuclei (a pathology slide's field)."""
    mottle = _noise(nrng, rows, cols, 3)
    base = np.array([rng.uniform(150, 200), rng.uniform(90, 130), rng.uniform(170, 210)], np.float32)
    field_ = base * (1.0 - 0.4 * contrast + 0.8 * contrast * mottle[..., None])
    nuclei = _noise(nrng, rows, cols, grain) < density
    nucleus = np.array([rng.uniform(60, 110), rng.uniform(40, 80), rng.uniform(120, 170)], np.float32)
    field_[nuclei] = nucleus * (0.85 + 0.3 * _noise(nrng, rows, cols, 1)[nuclei, None])
    return _bytes(field_), tuple(int(v) for v in nucleus)


def _speckle(nrng: np.random.Generator, rows: int, cols: int, contrast: float, density: float, grain: int,
             rng: random.Random) -> tuple[np.ndarray, tuple[int, int, int]]:
    """Ultrasound speckle: multiplicative gamma grains over a depth-shaded field, grey."""
    level = rng.uniform(70, 140)
    shade = np.linspace(1.1, 0.7, rows, dtype=np.float32)[:, None]
    cells = nrng.gamma(1.0 / max(density, 0.05), max(density, 0.05), (-(-rows // grain), -(-cols // grain)))
    speckle = np.kron(cells, np.ones((grain, grain)))[:rows, :cols].astype(np.float32)
    grey = level * shade * (1 + contrast * (speckle - 1))
    return _bytes(np.repeat(grey[..., None], 3, axis=2)), (int(level * 1.6),) * 3


def _fluoro(nrng: np.random.Generator, rows: int, cols: int, contrast: float, density: float, grain: int,
            rng: random.Random) -> tuple[np.ndarray, tuple[int, int, int]]:
    """Noisy fluoroscopy: soft anatomy under strong quantum noise and a vignette, grey."""
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float32)
    vignette = 1 - 0.5 * (((y - rows / 2) / rows) ** 2 + ((x - cols / 2) / cols) ** 2)
    anatomy = 0.5 + 0.5 * contrast * (_noise(nrng, rows, cols, 24) - 0.5)
    grey = rng.uniform(100, 170) * vignette * anatomy * 2
    grey += nrng.normal(0, 18 + 40 * contrast * density, (rows, cols))
    grey += 40 * contrast * (_noise(nrng, rows, cols, grain) < density)  # bright grains (dust, stones, contrast)
    return _bytes(np.repeat(grey[..., None], 3, axis=2)), (int(np.median(grey)) + 30,) * 3


def _gradient(nrng: np.random.Generator, rows: int, cols: int, contrast: float, density: float, grain: int,
              rng: random.Random) -> tuple[np.ndarray, tuple[int, int, int]]:
    """A diagonal colour gradient with grain and stripes (a rendered 3D view's or a photo's backdrop)."""
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float32)
    start, end = (np.array([rng.uniform(20, 235) for _ in range(3)], np.float32) for _ in range(2))
    t = ((x / cols + y / rows) / 2)[..., None]
    field_ = start * (1 - t) + end * t
    field_ += 60 * contrast * (_noise(nrng, rows, cols, grain)[..., None] - 0.5)
    field_ += 25 * contrast * np.sin(x / rng.uniform(2.5, 6))[..., None] * (nrng.random((rows, cols, 1)) < density)
    middle = field_[rows // 2, cols // 2]
    return _bytes(field_), tuple(int(v) for v in middle)


_TEXTURES = {"tissue": _tissue, "speckle": _speckle, "fluoro": _fluoro, "gradient": _gradient}


def _noise(nrng: np.random.Generator, rows: int, cols: int, cell: int) -> np.ndarray:
    """Smooth uniform-ish noise in 0..1 with features about `cell` pixels across."""
    small = (nrng.random((max(1, rows // cell), max(1, cols // cell))) * 255).astype(np.uint8)
    image = Image.fromarray(small).resize((cols, rows), Image.Resampling.BICUBIC)
    return np.asarray(image, np.float32) / 255


def _ink_colour(field_: np.ndarray, grain: tuple[int, int, int], blends: bool,
                rng: random.Random) -> tuple[int, int, int]:
    """A colour that contrasts with the field, or one within a few tens of levels of its grains' colour."""
    if blends:
        return tuple(int(np.clip(v + rng.uniform(-30, 30), 0, 255)) for v in grain)  # type: ignore[return-value]
    mean = field_.reshape(-1, 3).mean(axis=0)
    far = [255 if v < 128 else 0 for v in mean]
    return tuple(int(np.clip(f + rng.uniform(-40, 40), 0, 255)) for f in far)  # type: ignore[return-value]


def _char_masks(text: str, font: ImageFont.FreeTypeFont, xy: tuple[int, int],
                shape: tuple[int, int]) -> list[np.ndarray]:
    """The pixels each character of `text` adds when drawn at `xy` (the prefix through it less the prefix before)."""
    masks, previous = [], np.zeros(shape, bool)
    for end in range(1, len(text) + 1):
        image = Image.new("1", (shape[1], shape[0]), 0)
        draw = ImageDraw.Draw(image)
        draw.fontmode = "1"
        draw.text(xy, text[:end], font=font, fill=1)
        current = np.asarray(image, bool)
        masks.append(current & ~previous)
        previous = current
    return masks


def _bytes(values: np.ndarray) -> np.ndarray:
    """Float pixels clipped to 8-bit."""
    return np.clip(values, 0, 255).astype(np.uint8)


def _dataset(image: np.ndarray, modality: str, family: str, given: str, mrn: str, accession: str) -> Dataset:
    """A minimal RGB secondary-capture data set around `image`, carrying the line's identity in its header."""
    ds = image_dataset(image[None], modality, photometric="RGB")
    ds.PatientName, ds.PatientID, ds.AccessionNumber = f"{family}^{given}", mrn, accession
    return ds
