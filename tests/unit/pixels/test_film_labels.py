"""A film's label lines: small, closely stacked text on thousands of rows, found line by line and masked."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from app.pixels import PixelCleaner
from app.pixels.blocks import NAME_LIKE, _kind
from app.pixels.ocr import Word
from app.pixels.reader import one_line_each
from app.pixels.textlines import detect_boxes, detect_lines
from app.profiles.schema import PixelPolicy
from tests.synth.pixel_eval import recoverable_in_place

from .conftest import FAMILY, FONT, GIVEN, MRN, dataset, ink_box, render, roundtrip

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


def _label_on_radiograph(rows: int, cols: int, photometric: str, corner: tuple[int, int], boxed: bool,
                         size: int = 12) -> tuple[np.ndarray, list[Text]]:
    """A 12-bit radiograph (a smooth gradient and a soft body under noise) with a patient label of `size` px in
    `corner` (top/bottom, left/right): light text on the film's dark air, or `boxed`, dark text on a light box."""
    rng = np.random.default_rng(rows + cols)
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float32)
    body = np.exp(-((y - rows / 2) ** 2 + (x - cols / 2) ** 2) / (2 * (rows / 4) ** 2))
    shown = 0.2 + 0.4 * y / rows + 0.3 * body + rng.normal(0, 0.02, (rows, cols)).astype(np.float32)
    # MONOCHROME1 is shown inverted: air is dark on the display either way.
    stored = (1 - shown if photometric == "MONOCHROME1" else shown) * 4095
    canvas = Image.fromarray(np.clip(stored, 0, 4095).astype(np.float32), mode="F")
    draw, font = ImageDraw.Draw(canvas), ImageFont.truetype(FONT, size)
    lines, step = [f"{FAMILY}, {GIVEN}", f"MRN {MRN}", "DOB 03/07/1961  03/14/2021"], size * 3 // 2
    width = max(font.getbbox(line)[2] for line in lines)
    x0 = 40 if corner[1] == 0 else cols - 40 - width
    y0 = 40 if corner[0] == 0 else rows - 40 - step * len(lines)
    light, dark = (0, 4095) if photometric == "MONOCHROME1" else (4095, 0)
    if boxed:
        draw.rectangle((x0 - 8, y0 - 8, x0 + width + 8, y0 + step * len(lines) + 4), fill=light)
    texts = []
    for index, line in enumerate(lines):
        xy = (x0, y0 + index * step)
        draw.text(xy, line, font=font, fill=dark if boxed else light)
        left, top, right, bottom = font.getbbox(line)
        texts.append(Text(line, (xy[0] + left, xy[1] + top, xy[0] + right, xy[1] + bottom)))
    return np.clip(np.asarray(canvas), 0, 4095).astype(np.uint16), texts


@pytest.mark.ocr
@pytest.mark.parametrize("rows, cols, photometric, corner, boxed", [
    (3000, 2500, "MONOCHROME2", (0, 0), False), (2600, 3072, "MONOCHROME1", (1, 1), False),
    (3000, 2500, "MONOCHROME2", (1, 0), True)])
def test_a_small_label_in_a_corner_of_a_large_radiograph_is_masked(rows, cols, photometric, corner, boxed):
    # At the first detection scale (a third) the three 12 px lines either merged into one box, too tall to be looked
    # at again as a small line and read as one garbled line, or went unseen, and at twice that scale too: the name,
    # MRN and dates stayed readable.
    pixels, texts = _label_on_radiograph(rows, cols, photometric, corner, boxed)
    ds = dataset(pixels[None], modality="DX", photometric=photometric, bits=16, burned="YES")
    ds.BitsStored, ds.HighBit = 12, 11
    ds = roundtrip(ds)
    outcome = PixelCleaner(PixelPolicy(clean=True)).clean(ds)
    assert outcome.status == "cleaned", outcome.reason
    outcome.edit.apply(ds)
    assert recoverable_in_place(roundtrip(ds), texts, learned=True) == []
