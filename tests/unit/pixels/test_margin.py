"""Lines at a screen's edges: case numbers, staff initials and facility abbreviations go; device vocabulary stays."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from app.pixels import PixelCleaner
from app.pixels.ink import overlaps
from app.pixels.margin import MARGIN_TEXT, identity_shaped, in_margins, vocabulary
from app.pixels.ocr import Word
from app.profiles.schema import PixelPolicy
from tests.synth.pixel_corpus import NEUTRAL_TEXT

from .conftest import FONT, dataset, ink_box

CLEAN = PixelPolicy(clean=True)


def _line(text: str, conf: float = 95.0) -> tuple[Word, ...]:
    """One recognised line, a word per space-separated piece."""
    return tuple(Word(piece, conf, (10 * i, 0, 10 * i + 8, 12)) for i, piece in enumerate(text.split()))


@pytest.mark.parametrize("text", [
    "4827",  # a case number alone at a corner
    "QB/TR", "EGD JT/RW/NK",  # the staff's initials, after the procedure's name or alone
    "ELMSVMC", "Northfield Clinic",  # a facility's abbreviation or name (no facility word needed)
    "Ex:00412", "K00731c4-TEST",  # an exam number after an unlisted label, a film's job code
    "GAIN 54% 4827",  # an ID among settings
])
def test_identity_shaped_lines(text):
    assert identity_shaped(_line(text))


@pytest.mark.parametrize("text", [
    *NEUTRAL_TEXT,  # the synthetic corpus's device text
    "CINE 0342", "kV 100 mA 250", "TIS<0.7 MI=1.2 AO=90%", "4cm4cm", "DFOV 25cm", "256x256",
    "A231", "W = 400 L = 40", "Im:7", "M/47", "F 58", "LIVER LONG", "GI STOMACH AT 25CM", "VCR",
    "LOGIQ", "C5-2", "64F64", "Tilt 4", "cm/s", "Desc Ao Diam 2.9 cm", "P Low", "HPen", "Surface", "PSR",
    "DEPTN 12cm", "Lonqitudinl",  # a setting's name misread by one letter, a long word by two
    "DR 150", "FOV 380", "Loc -412", "Female", "Rt Follicle1 MD 0.8 cm", "PRF4000 Hz", "Flow Opt: Med", "Col 62%",
])
def test_technical_lines(text):
    assert not identity_shaped(_line(text))


def test_words_read_without_confidence_are_not_judged():
    assert not identity_shaped(_line("QB/TR", conf=30.0))


def test_the_vocabulary_is_lower_case_data():
    words, units, counters = vocabulary()
    assert {"gain", "cm", "cine", "vcr"} <= words and units <= words and counters <= words
    assert all(word == word.lower() for word in words)


@pytest.mark.parametrize("box,inside", [
    ((60, 48, 110, 66), True),  # top-left corner
    ((640, 390, 700, 408), True),  # bottom-right corner
    ((10, 200, 80, 220), True),  # left edge, half-way down
    ((300, 200, 420, 230), False),  # over the middle
    ((150, 140, 600, 160), False),  # a long line crossing the middle
])
def test_margins_are_the_frame_edges(box, inside):
    assert in_margins(box, 486, 756) is inside


def _endoscopy_screen() -> tuple[np.ndarray, dict[str, tuple[int, int, int, int]]]:
    """A console screen: a textured disc in the middle, text on the black around it (synthetic values)."""
    rng = np.random.default_rng(11)
    rows, cols = 486, 756
    image = np.zeros((rows, cols, 3), np.uint8)
    yy, xx = np.mgrid[:rows, :cols]
    disc = (yy - 243) ** 2 + (xx - 400) ** 2 < 200 ** 2
    image[disc] = np.clip(rng.normal((190, 120, 110), 18, (int(disc.sum()), 3)), 0, 255).astype(np.uint8)
    canvas = Image.fromarray(image)
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.truetype(FONT, 18)
    placed = {"4827": (60, 48), "QB/TR": (640, 390), "ELMSVMC": (640, 414), "VCR": (670, 130), "F/52": (60, 390)}
    for text, xy in placed.items():
        draw.text(xy, text, font=font, fill=(235, 235, 235))
    return np.asarray(canvas), {text: ink_box(text, xy) for text, xy in placed.items()}


@pytest.mark.ocr
def test_a_case_number_initials_and_facility_at_a_screens_edges_are_masked_and_device_text_is_not():
    pixels, boxes = _endoscopy_screen()
    ds = dataset(pixels[None], modality="ES", photometric="RGB", burned="YES")
    outcome = PixelCleaner(CLEAN).clean(ds)
    assert outcome.status == "cleaned", outcome.reason
    for text in ("4827", "QB/TR", "ELMSVMC"):
        assert any(b[5] == MARGIN_TEXT and overlaps(b[1:5], boxes[text]) for b in outcome.boxes), text
    for text in ("VCR", "F/52"):  # a recorder's label; sex and an age under 90
        assert not any(overlaps(b[1:5], boxes[text]) for b in outcome.boxes), text
