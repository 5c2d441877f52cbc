"""Ink beside a form's open label left outside the masks of the values read there."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from app.pixels.fields import uncovered_ink
from app.pixels.ink import Rect

PAPER, PRINTED, FILLED = 205, 30, 60
LABEL = (20, 40, 70, 58)  # "MRN:" printed at (20, 40), 18 px Liberation Sans


def form(value: list[tuple[str, int, int]], rule: bool = True) -> tuple[np.ndarray, dict[str, Rect]]:
    """A scanned field (8-bit RGB, noisy grey paper): the label "MRN:", its ruled line, and the `value`'s words
    (text, x, grey) filled in beside it; with each word's ink box."""
    image = Image.new("L", (600, 100), PAPER)
    draw = ImageDraw.Draw(image)
    draw.text(LABEL[:2], "MRN:", fill=PRINTED, font=ImageFont.truetype("LiberationSans-Regular.ttf", 18))
    italic = ImageFont.truetype("DejaVuSans-Oblique.ttf", 19)
    boxes = {}
    for text, x, grey in value:
        draw.text((x, 38), text, fill=grey, font=italic)
        boxes[text] = tuple(int(v) for v in draw.textbbox((x, 38), text, font=italic))
    if rule:
        draw.line((78, 61, 580, 61), fill=PRINTED)  # touches the value's descenders
    noise = np.random.default_rng(5).normal(0, 3, (100, 600))
    gray = np.clip(np.asarray(image, np.float32) + noise, 0, 255).astype(np.uint8)
    return np.repeat(gray[..., None], 3, axis=2), boxes


def field() -> Rect:
    """The field beside the label: VALUE_REACH line heights on, on the label's rows."""
    return LABEL[2], LABEL[1], LABEL[2] + 10 * (LABEL[3] - LABEL[1]), LABEL[3]


def test_a_value_read_whole_leaves_no_ink_beside_its_label_and_the_ruled_line_is_no_glyph():
    view, boxes = form([("Okafor", 90, FILLED), ("Quint", 170, FILLED)])
    assert uncovered_ink(view, LABEL, field(), [boxes["Okafor"], boxes["Quint"]]) is None


@pytest.mark.parametrize("grey", [FILLED, 150], ids=["same pen", "paler last word"])
def test_the_word_a_reader_missed_beside_a_label_is_found_outside_the_masks(grey):
    # Only "Okafor" was read (its last word paler, or beyond a wide space): "Quint" stands outside its mask.
    view, boxes = form([("Okafor", 90, FILLED), ("Quint", 200, grey)])
    found = uncovered_ink(view, LABEL, field(), [boxes["Okafor"]])
    assert found is not None and found[0] <= boxes["Quint"][0] + 3 and found[1] >= boxes["Quint"][2] - 3


def test_an_empty_field_holds_no_ink_even_under_its_ruled_line():
    view, _ = form([])
    assert uncovered_ink(view, LABEL, field(), []) is None
