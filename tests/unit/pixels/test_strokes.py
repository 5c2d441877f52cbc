"""A tiny one-colour line on a harsh texture (issue #23): found as a glyph row, read from its colour alone, masked.

The harsh slide is the baseline test's field made harder: stronger mottle, denser and larger nuclei in a colour
near the overlay's, and the accession line starting on the tissue, not on a flat strip. Before glyph rows the
detector, the ink candidates and tesseract all missed the whole line and the file was released as clean.
"""
from __future__ import annotations

import numpy as np
import pytest

from app.pixels import PixelCleaner, engine
from app.pixels.blocks import UNREADABLE
from app.pixels.frames import decode
from app.pixels.known import known_phi_terms
from app.pixels.match import PhiMatcher
from app.pixels.ocr import Word
from app.pixels.strokes import glyph_rows, keyed
from app.profiles.schema import PixelPolicy, RegionRule

from .conftest import dataset, grains, overprint, render, roundtrip

INK = (72, 150, 120)  # the overlay's one colour
NUCLEUS = (64, 132, 112)  # the nuclei's, a few levels from it on every channel
LINE = "Q71-4086 H&E 12 COLON BX"  # an invented accession, as a slide scanner prints its label
AT = (60, 200)  # on the tissue


def harsh_slide(texts: list[tuple[str, tuple[int, int]]], seed: int = 3) -> np.ndarray:
    """Mottled pink tissue (contrast doubled), dense large nuclei near the ink's colour, and `texts` in 7 px
    capitals drawn one pixel wide without anti-aliasing."""
    rng = np.random.default_rng(seed)
    rows, cols = 480, 760
    field = np.array([170, 110, 190], np.float32) * (0.3 + 1.0 * grains(rng, rows, cols, 3)[..., None])
    nuclei = grains(rng, rows, cols, 4, below=0.25)
    field[nuclei] = np.array(NUCLEUS, np.float32) * (0.9 + 0.2 * rng.random((int(nuclei.sum()), 1)))
    return overprint(field, texts, INK)


def ink_box(view: np.ndarray) -> tuple[int, int, int, int]:
    """The box of the pixels of the overlay's colour."""
    ys, xs = np.nonzero((view == INK).all(axis=2))
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def test_a_tiny_line_on_harsh_tissue_is_one_glyph_row_of_its_colour():
    view = harsh_slide([(LINE, AT)])
    rows = glyph_rows(view)
    assert [row.colour for row in rows] == [INK]
    x0, y0, x1, y1 = ink_box(view)
    bx0, by0, bx1, by1 = rows[0].box
    assert abs(bx0 - x0) <= 1 and abs(bx1 - x1) <= 1 and abs(by0 - y0) <= 1 and abs(by1 - y1) <= 1


def test_a_glyph_rows_rendering_holds_its_colour_alone():
    view = harsh_slide([(LINE, AT)])
    row = glyph_rows(view)[0]
    rendering = keyed(view, row, 2)
    x0, y0, x1, y1 = row.box
    ink = (view[y0 - 2:y1 + 2, x0 - 2:x1 + 2] == INK).all(axis=2)
    assert rendering.shape == ink.shape and set(np.unique(rendering)) == {0, 255}
    assert ((rendering == 0) == ink).all()


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_harsh_tissue_without_text_holds_no_glyph_row(seed):
    assert glyph_rows(harsh_slide([], seed)) == []


def test_speckle_clipped_at_white_holds_no_glyph_row():
    # Bright speckle that saturates makes blobs of one exact colour (255) with hard edges; they are not text.
    frame = render((320, 448), [], background=200, speckle=True)
    assert glyph_rows(np.repeat(frame[..., None], 3, axis=2)) == []


@pytest.mark.ocr
def test_a_tiny_line_that_starts_on_harsh_tissue_is_masked_whole():
    ds = dataset(harsh_slide([(LINE, AT)])[None], modality="SM", photometric="RGB")
    outcome = PixelCleaner(PixelPolicy(clean=True)).clean(ds)
    assert outcome.status in ("cleaned", "quarantined"), outcome.reason
    if outcome.status == "cleaned":
        out = roundtrip(ds)
        outcome.edit.apply(out)
        assert not (decode(roundtrip(out)).view(0) == INK).all(axis=2).any()


# Detection is off for this header (scan=none) and the rule's box is far from the line: only verification,
# reading the masked frame's glyph rows with tesseract, can find it.
CORNER_ONLY = PixelPolicy(clean=True, scan="none",
                          regions=(RegionRule(when={"Modality": "SM"}, boxes=((0, 0, 40, 20),)),))


@pytest.mark.ocr
def test_verification_alone_reads_a_tiny_line_on_harsh_tissue_and_masks_it():
    ds = dataset(harsh_slide([(LINE, AT)])[None], modality="SM", photometric="RGB")
    outcome = PixelCleaner(CORNER_ONLY).clean(ds)
    assert outcome.status == "cleaned", outcome.reason
    out = roundtrip(ds)
    outcome.edit.apply(out)
    assert not (decode(roundtrip(out)).view(0) == INK).all(axis=2).any()


def test_a_glyph_row_no_reader_makes_out_is_masked_wherever_it_stands():
    # A one-colour glyph row is overlay text by construction: read as nothing legible, it cannot be shown free of
    # PHI, and it is masked alone, away from any PHI line; a row read as plain text, and an unread line that is not a
    # glyph row (speckle the recogniser looked at), are left.
    matcher = PhiMatcher(known_phi_terms(dataset(np.zeros((1, 8, 8), np.uint8))))
    row, legible, speckle = (40, 100, 160, 108), (40, 200, 160, 208), (300, 20, 360, 30)
    lines = [(Word("", 0.0, row),), (Word("Gain", 95.0, (40, 200, 80, 208)), Word("54%", 95.0, (90, 200, 160, 208))),
             (Word("", 0.0, speckle),)]
    marks = engine._line_marks(lines, matcher, False, (480, 640), [row, legible])
    assert marks == [(row, UNREADABLE)]
