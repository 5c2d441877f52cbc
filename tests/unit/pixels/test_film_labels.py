"""A film's label lines: small, closely stacked text on thousands of rows, found line by line and masked."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pytest

from app.pixels import PixelCleaner
from app.pixels.blocks import NAME_LIKE, _kind
from app.pixels.ocr import Word
from app.pixels.reader import one_line_each
from app.pixels.textlines import detect_boxes, detect_lines
from app.profiles.schema import PixelPolicy
from tests.synth.pixel_eval import recoverable_in_place

from .conftest import FAMILY, GIVEN, MRN, dataset, ink_box, render, roundtrip

SIZE = 18  # px: a 2,487-row film's label text, detected at about 0.4 of its size
# Name, ID, study date, time and matrix, 23 px apart, as a multi-panel CT film prints them beside each image.
LABEL = [(f"{FAMILY}-{GIVEN}", (240, 128)), (MRN, (370, 151)), ("3/14/2021", (351, 174)), ("07:32", (384, 197)),
         ("512x512", (363, 220))]


class Text(NamedTuple):
    text: str
    box: tuple[int, int, int, int]


@pytest.fixture(scope="module")
def film() -> np.ndarray:
    """One tall film frame with the label, light text on black."""
    return render((2487, 800), LABEL, size=SIZE, background=5, ink=235)


def _rgb(frame: np.ndarray) -> np.ndarray:
    return np.repeat(frame[..., None], 3, axis=2)


def test_downscaled_detection_merges_the_label_and_the_lines_come_back_one_each(film):
    view = _rgb(film)
    assert any(y1 - y0 > 3 * SIZE for _, y0, _, y1 in detect_boxes(view))  # the condition: lines merged
    lines = sorted(one_line_each(view, detect_lines(view)), key=lambda box: box[1])
    assert len(lines) == len(LABEL)
    for (text, xy), (x0, y0, x1, y1) in zip(LABEL, lines):
        ink = ink_box(text, xy, SIZE)
        assert y0 <= ink[1] and ink[3] <= y1 and y1 - y0 < 2 * SIZE


def test_a_hyphenated_name_read_with_a_space_is_still_name_like():
    line = (Word("QUARTERMAINE", 96.0, (0, 0, 50, 10)), Word("-BEATRIX", 96.0, (52, 0, 90, 10)))
    assert _kind(line) == NAME_LIKE


@pytest.mark.ocr
def test_every_label_line_is_masked_on_a_film(film):
    ds = dataset(film[None], modality="OT", burned="YES")
    outcome = PixelCleaner(PixelPolicy(clean=True)).clean(ds)
    assert outcome.status == "cleaned", outcome.reason
    out = roundtrip(ds)
    outcome.edit.apply(out)
    phi = [Text(text, ink_box(text, xy, SIZE)) for text, xy in LABEL[:4]]  # the matrix size is no PHI
    assert recoverable_in_place(roundtrip(out), phi, learned=True) == []


def test_a_lone_small_label_on_a_large_radiograph_is_found():
    # Nothing else on the film: at the first scale the label is 5 px tall and the detector sees nothing.
    label = [(f"{FAMILY} {GIVEN} {MRN}", (300, 2800))]
    view = _rgb(render((3000, 2500), label, size=16, background=60, ink=200))
    assert detect_boxes(view) == []
    lines = detect_lines(view)
    assert any(y0 <= ink[1] and ink[3] <= y1 for (_, y0, _, y1) in lines for ink in [ink_box(*label[0], 16)])
