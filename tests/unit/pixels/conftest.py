"""Small synthetic DICOM images with rendered text, built in memory (never real patient data)."""
from __future__ import annotations

import io
import threading

import numpy as np
import pydicom
import pytest
from PIL import Image, ImageDraw, ImageFont
from pydicom.dataset import Dataset

from app.pixels import PixelCleaner, ocr
from app.profiles.schema import PixelPolicy
from tests.synth.image_dataset import SECONDARY_CAPTURE, image_dataset
from tests.synth.pixel_corpus import PixelCorpusManifest, generate_pixel_corpus
from tests.synth.pixel_eval import score_pixel_outputs

FONT = "DejaVuSans.ttf"  # found by name in the system font folders
FAMILY, GIVEN, MRN = "QUARTERMAINE", "BEATRIX", "48213377"
CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"


def render(shape: tuple[int, int], texts: list[tuple[str, tuple[int, int]]], size: int = 18,
           background: int = 30, ink: int = 230, speckle: bool = False) -> np.ndarray:
    """A grey noisy 8-bit field (or ultrasound-like multiplicative speckle) with `texts` drawn at (x, y)."""
    rng = np.random.default_rng(5)
    if speckle:
        field = np.clip(background * (0.5 + 0.5 * rng.gamma(4.0, 0.25, shape)), 0, 255).astype(np.uint8)
    else:
        field = np.clip(rng.normal(background, 6, shape), 0, 255).astype(np.uint8)
    image = Image.fromarray(field)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, size)
    for text, xy in texts:
        draw.text(xy, text, font=font, fill=ink)
    return np.asarray(image)


def grains(rng: np.random.Generator, rows: int, cols: int, grain: int, below: float | None = None) -> np.ndarray:
    """Random values on a grid `grain` pixels apart, smoothed to rows x cols: a tissue's mottle in [0, 1], or with
    `below` the clumps where the grid's values fall below it (a slide's nuclei)."""
    grid = rng.random((rows // grain, cols // grain))
    values = (grid < below).astype(np.uint8) * 255 if below is not None else (grid * 255).astype(np.uint8)
    smooth = np.asarray(Image.fromarray(values).resize((cols, rows), Image.Resampling.BICUBIC))
    return smooth > 128 if below is not None else smooth.astype(np.float32) / 255


def overprint(field: np.ndarray, texts: list[tuple[str, tuple[int, int]]], ink: tuple[int, int, int]) -> np.ndarray:
    """`field` (RGB) with `texts` in 7 px capitals in one exact colour, one pixel wide, without anti-aliasing, as a
    slide scanner's overlay prints its label."""
    image = Image.fromarray(np.clip(field, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    draw.fontmode = "1"
    for text, xy in texts:
        draw.text(xy, text, font=ImageFont.truetype("DejaVuSansMono.ttf", 9), fill=ink)
    return np.asarray(image)


def ink_box(text: str, xy: tuple[int, int], size: int = 18) -> tuple[int, int, int, int]:
    """The exact box (x0, y0, x1, y1) of the pixels `render` draws for `text` at `xy`."""
    left, top, right, bottom = ImageFont.truetype(FONT, size).getbbox(text)
    mask = Image.new("L", (xy[0] + right + 4, xy[1] + bottom + 4), 0)
    ImageDraw.Draw(mask).text(xy, text, font=ImageFont.truetype(FONT, size), fill=255)
    ys, xs = np.nonzero(np.asarray(mask))
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def dataset(pixels: np.ndarray, *, modality: str = "US", photometric: str = "MONOCHROME2", bits: int = 8,
            signed: bool = False, burned: str | None = None) -> Dataset:
    """A minimal valid dataset around `pixels` (frames, rows, cols[, 3]) carrying this test's identity."""
    sop_class = CT_IMAGE if modality in ("CT", "MR") else SECONDARY_CAPTURE
    ds = image_dataset(pixels, modality, photometric=photometric, bits=bits, signed=signed, sop_class=sop_class)
    ds.PatientName = f"{FAMILY}^{GIVEN}"
    ds.PatientID = MRN
    ds.PatientBirthDate, ds.StudyDate = "19610307", "20210314"
    if burned:
        ds.BurnedInAnnotation = burned
    return ds


def roundtrip(ds: Dataset) -> Dataset:
    """Write and re-read a dataset, as a real pipeline would."""
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return pydicom.dcmread(io.BytesIO(buffer.getvalue()))


NAME_IMAGE_TEXTS = [(f"{FAMILY}, {GIVEN}", (12, 14)), (f"ID {MRN}", (12, 70)), ("03/14/2021", (190, 120))]


@pytest.fixture(scope="session")
def seed7_corpus(tmp_path_factory) -> PixelCorpusManifest:
    """The benchmark's seed-7 corpus up to its file 35 (synthetic identities), made once per test process.

    Its files come one after another from one seeded generator, so any shorter corpus is this one's first files;
    the tests that use it only read them.
    """
    return generate_pixel_corpus(tmp_path_factory.mktemp("seed7"), 36, 7)


@pytest.fixture
def name_image() -> np.ndarray:
    """One frame naming this test's patient, its MRN and a date, light text on a dark field."""
    return render((160, 360), NAME_IMAGE_TEXTS)[None]


@pytest.fixture
def no_tesseract(monkeypatch):
    """This process as on a machine without tesseract: its library cannot be loaded."""
    monkeypatch.setattr(ocr, "LIBRARY", "tesseract-not-installed")
    monkeypatch.setattr(ocr.Tesseract, "_local", threading.local())  # no engine loaded before
    ocr._library.cache_clear()
    yield
    ocr._library.cache_clear()


def assert_released_clean(corpus: PixelCorpusManifest, index: int):
    """File `index` of `corpus` is cleaned with no PHI read or left in place and under 5 % of it changed outside its
    text; return the cleaning's outcome."""
    truth = corpus.files[index]
    ds = pydicom.dcmread(corpus.root / truth.path)
    outcome = PixelCleaner(PixelPolicy(clean=True)).clean(ds)
    assert outcome.status == "cleaned", outcome.reason
    outcome.edit.apply(ds)
    one = type(corpus)(corpus.root, corpus.seed, [truth], corpus.layout)
    score = score_pixel_outputs(one, {truth.path: ds}, learned=True, page=False)
    assert score.phi_recovered_in_place == 0 and score.phi_pixels_kept == 0
    assert score.max_changed_outside < 0.05
    return outcome
