"""A PHI line's mask carried along its baseline: tiny text that runs from a flat area onto textured tissue."""
from __future__ import annotations

import numpy as np
import pytest

from app.pixels import PixelCleaner
from app.pixels.baseline import along_baseline
from app.pixels.frames import decode
from app.profiles.schema import PixelPolicy

from .conftest import dataset, grains, ink_box, overprint, render, roundtrip

INK = (72, 192, 128)  # one exact colour, as a slide scanner's overlay prints its label
ACCESSION = "Q71-4086"  # invented
LINE = f"{ACCESSION} H&E 12 COLON BX"


def slide(texts: list[tuple[str, tuple[int, int]]], flat_until: int = 40) -> np.ndarray:
    """A stained-tissue-like RGB field (mottled pink, clumps of dark nuclei) with a flat pale strip at the left
    edge, and `texts` drawn in 7 px capitals, one pixel wide, without anti-aliasing."""
    rng = np.random.default_rng(3)
    rows, cols = 480, 760
    field = np.array([170, 110, 190], np.float32) * (0.65 + 0.5 * grains(rng, rows, cols, 3)[..., None])
    field[grains(rng, rows, cols, 3, below=0.12)] = (90, 60, 150)
    field[:, :flat_until] = (200, 220, 215)
    return overprint(field, texts, INK)


def ink_columns(view: np.ndarray) -> tuple[int, int]:
    """The first and last-plus-one columns holding the overlay's colour."""
    columns = np.flatnonzero((view == INK).all(axis=2).any(axis=0))
    return int(columns[0]), int(columns[-1]) + 1


@pytest.mark.ocr
def test_a_tiny_line_that_runs_from_a_flat_strip_onto_tissue_is_masked_to_its_end():
    # The reader makes out the line only over the flat strip ("Q71-408"); the accession's last digit and the
    # words after it, over the tissue, stood outside the mask.
    ds = dataset(slide([(LINE, (6, 12))])[None], modality="OT", photometric="RGB")
    outcome = PixelCleaner(PixelPolicy(clean=True)).clean(ds)
    assert outcome.status == "cleaned", outcome.reason
    out = roundtrip(ds)
    outcome.edit.apply(out)
    assert not (decode(roundtrip(out)).view(0) == INK).all(axis=2).any()


def test_a_line_is_carried_to_its_last_word_and_not_to_a_string_beyond_a_gap():
    view = slide([(LINE, (6, 12)), ("PAS", (260, 12))])
    line_end = ink_columns(slide([(LINE, (6, 12))]))[1]
    x0, y0, x1, y1 = along_baseline(view, (6, 12, 30, 24))  # the first characters, over the flat strip
    assert (x0, y0) == (6, 12) and line_end <= x1 <= line_end + 2 and y1 >= 22


def test_a_box_is_kept_when_its_colour_is_also_the_background_around_it():
    text = ("03/14/2021 09:15", (20, 40))
    frame = render((100, 420), [text], size=16, background=120, speckle=True)
    box = ink_box(*text, 16)
    x0, _, x1, _ = along_baseline(np.repeat(frame[..., None], 3, axis=2), box)
    assert box[0] - 2 <= x0 and x1 <= box[2] + 2  # speckle of the text's grey is no continuation of it
