"""Text that does not stand upright and still: a film's label box printed upside down or a quarter turn, and a cine's
banner that moves a pixel or two from frame to frame or alternates with a clock."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from app.pixels.match import normalise
from app.pixels.textlines import read_images
from tests.synth.pixel_corpus import StampedText, generate_pixel_corpus
from tests.synth.turned_screens import TURNED_KINDS

from .conftest import FONT, MRN, assert_released_clean

# Development files (seed 7) cleaned below, by what each one guards.
CLEANED = {"film_label_upside_down": 0, "banner_moving": 1, "banner_alternating_with_a_clock": 2}


@pytest.fixture(scope="module")
def turned(tmp_path_factory):
    """The first three files of the development `turned` layout (seed 7), their ground truth beside them."""
    return generate_pixel_corpus(tmp_path_factory.mktemp("turned"), 3, 7, "turned")


def test_the_layout_turns_labels_over_and_moves_banners(turned):
    assert [f.kind for f in turned.files] == list(TURNED_KINDS)
    film, moving, alternating = turned.files
    assert {t.quarter_turns for t in film.texts if t.phi} == {2}
    for text in moving.texts:
        ys, xs = np.nonzero(text.glyphs(moving.rows, moving.columns))
        x0, y0, x1, y1 = text.box
        assert x0 <= xs.min() and y0 <= ys.min() and xs.max() < x1 and ys.max() < y1
    places = [t for t in moving.texts if t.phi and t.text == moving.texts[0].text]
    assert len({t.box for t in places}) > 1  # one string, drawn at several places a pixel or two apart ...
    assert sorted(f for t in places for f in t.frames_drawn) == list(range(moving.frames))  # ... one in each frame
    assert all(isinstance(t, StampedText) and t.frames_drawn == tuple(range(0, alternating.frames, 2))
               for t in alternating.texts if t.phi)


def _mrn_line(turns: int) -> np.ndarray:
    """A label line, dark on white, turned `turns` half turns."""
    image = Image.new("RGB", (240, 32), (235, 235, 235))
    ImageDraw.Draw(image).text((6, 5), f"MRN {MRN}", font=ImageFont.truetype(FONT, 18), fill=(15, 15, 15))
    return np.ascontiguousarray(np.rot90(np.asarray(image), 2 * turns))


@pytest.mark.ocr
def test_a_detected_line_upside_down_is_read_turned_over():
    crop = _mrn_line(1)
    box = (0, 0, crop.shape[1], crop.shape[0])
    (line,) = read_images([crop], [box], flipped=True)
    assert MRN in normalise(" ".join(word.text for word in line))
    (upright,) = read_images([crop], [box])  # an ink candidate or a band is not: its speckle read over is no text
    assert MRN not in normalise(" ".join(word.text for word in upright))


@pytest.mark.ocr
def test_an_upright_line_keeps_its_upright_reading():
    crop = _mrn_line(0)
    (line,) = read_images([crop], [(0, 0, crop.shape[1], crop.shape[0])], flipped=True)
    assert MRN in normalise(" ".join(word.text for word in line))


@pytest.mark.ocr
@pytest.mark.parametrize("index", CLEANED.values(), ids=CLEANED.keys())
def test_a_turned_screen_is_released_without_phi(turned, index):
    # 0: an upside-down label's name and ID were read upright as garbage, and the film released unchanged.
    # 1, 2: a banner's lines are masked where they stand in every frame (`assert_released_clean` asks each frame).
    outcome = assert_released_clean(turned, index)
    truth = turned.files[index]
    if truth.frames > 1:
        assert {box[0] for box in outcome.boxes} == set(range(truth.frames))
