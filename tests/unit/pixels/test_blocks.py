"""Lines stacked in a block with PHI: masked when unreadable or name-like, left alone when plainly not PHI."""
from __future__ import annotations

import numpy as np
import pydicom
import pytest
from PIL import Image, ImageDraw, ImageFont

from app.pixels import PixelCleaner
from app.pixels.ink import overlaps
from app.pixels.blocks import ID_LIKE, NAME_LIKE, UNREADABLE
from app.profiles.schema import PixelPolicy
from tests.synth.pixel_corpus import generate_pixel_corpus
from tests.synth.pixel_eval import recoverable_in_place

from .conftest import FAMILY, FONT, GIVEN, dataset, roundtrip

CLEAN = PixelPolicy(clean=True)


def _block(second: str, scramble: bool) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A name line with `second` drawn under it (its glyph columns shuffled when `scramble`); the second line's box."""
    rng = np.random.default_rng(3)
    image = Image.fromarray(np.clip(rng.normal(40, 6, (90, 300)), 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 14)
    draw.text((10, 8), f"{FAMILY}, {GIVEN}", font=font, fill=220)
    draw.text((10, 30), second, font=font, fill=220)
    pixels = np.asarray(image).copy()
    x0, y0, x1, y1 = draw.textbbox((10, 30), second, font=font)
    if scramble:  # ink with the density of text, but no letters any reader could make out
        pixels[y0:y1, x0:x1] = pixels[y0:y1, x0:x1][:, rng.permutation(x1 - x0)]
    return pixels, (x0, y0, x1, y1)


def _boxes_over(outcome, box):
    return {(b[1:5], b[5]) for b in outcome.boxes if overlaps(b[1:5], box)}


@pytest.mark.ocr
def test_an_unreadable_ink_line_under_a_name_is_masked_as_unreadable():
    pixels, box = _block("Abdomen Thyroid", scramble=True)
    outcome = PixelCleaner(CLEAN).clean(dataset(pixels[None], burned="YES"))
    assert outcome.status == "cleaned"
    assert {kind for _, kind in _boxes_over(outcome, box)} == {UNREADABLE}


@pytest.mark.ocr
def test_a_readable_plain_line_under_a_name_is_left_alone():
    pixels, box = _block("Gain 54% Depth", scramble=False)
    outcome = PixelCleaner(CLEAN).clean(dataset(pixels[None], burned="YES"))
    assert outcome.status == "cleaned"  # the name is masked ...
    assert _boxes_over(outcome, box) == set()  # ... and the line under it, read and vouched for, is not


@pytest.mark.ocr
def test_a_line_of_letters_only_in_a_phi_block_is_masked_as_name_like():
    # On a file whose header was anonymised, the name printed above the ID no longer matches the header.
    pixels, box = _block("Abdomen Thyroid", scramble=False)
    outcome = PixelCleaner(CLEAN).clean(dataset(pixels[None], burned="YES"))
    assert outcome.status == "cleaned"
    assert {kind for _, kind in _boxes_over(outcome, box)} == {NAME_LIKE}


@pytest.mark.ocr
def test_a_small_faint_line_packed_into_a_phi_block_is_removed(tmp_path):
    # The stacked corpus (seed 33) has a CR whose "MRN ..." line, 7 px tall and a few grey levels
    # under a dark corner's background, sits between a birth-date line and a date line. Finding
    # lines with hand-made ink heuristics missed it; the learned detector does not.
    manifest = generate_pixel_corpus(tmp_path, 6, 33, "stacked")
    truth = manifest.files[5]
    assert truth.path == "cr_mono2_rle/0005.dcm" and any(t.phi and t.box == (7, 21, 93, 28) for t in truth.texts)
    ds = pydicom.dcmread(tmp_path / truth.path)
    outcome = PixelCleaner(CLEAN).clean(ds)
    assert outcome.status == "cleaned", outcome.reason
    out = roundtrip(ds)
    outcome.edit.apply(out)
    assert recoverable_in_place(out, [t for t in truth.texts if t.phi]) == []


@pytest.mark.ocr
def test_a_lone_short_number_in_a_phi_block_is_masked_as_id_like():
    # An endoscopy console's block: case number, then the name; the number is too short to be a long number.
    pixels, box = _block("9261", scramble=False)
    outcome = PixelCleaner(CLEAN).clean(dataset(pixels[None], burned="YES"))
    assert outcome.status == "cleaned"
    assert {kind for _, kind in _boxes_over(outcome, box)} == {ID_LIKE}


def test_a_line_stacked_on_phi_that_only_verification_read_is_masked_too():
    # The detector found the case number but missed the birth date under it, which verification then read.
    from app.pixels.frames import DecodedPixels
    from app.pixels.ocr import Word

    number = (Word("9261", 99.0, (75, 37, 142, 64)),)
    birth_date = (0, 76, 66, 180, 92, "phi_pattern")
    pixels = DecodedPixels(np.zeros((1, 200, 300), np.uint8), "MONOCHROME2")
    added = PixelCleaner(CLEAN)._stacked_on([birth_date], {0: [number]}, [birth_date], pixels)
    assert [box[5] for box in added] == [ID_LIKE]
    assert overlaps(added[0][1:5], (75, 37, 142, 64))
