"""Long cine loops: read from a sample plus the frames that change the overlay; masks shared by every frame."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pytest

from app.pixels import PixelCleaner
from app.pixels.cine import changed_under, frames_to_read
from app.pixels.match import KNOWN
from app.profiles.schema import PixelPolicy
from tests.synth.pixel_eval import recoverable_in_place

from .conftest import FAMILY, GIVEN, MRN, dataset, ink_box, render, roundtrip

FRAMES = 30  # sampled frames: 0, 4, 8, 12, 17, 21, 25, 29
LATE = (14, 15)  # frames, not in the sample, in which a date of birth is shown as well
NAME, ID, DOB = (f"{FAMILY}, {GIVEN}", (10, 8)), (f"ID {MRN}", (10, 36)), ("DOB 03/07/1961", (200, 36))


class Placed(NamedTuple):
    """A string and its box, as the evaluation helpers take them."""

    text: str
    box: tuple[int, int, int, int]


def loop() -> np.ndarray:
    """FRAMES frames: a text band over moving speckle ("tissue"), the date of birth only in LATE."""
    still, late = render((200, 360), [NAME, ID]), render((200, 360), [NAME, ID, DOB])
    tissue = render((200, 360), [], background=90, speckle=True)[70:]
    frames = []
    for index in range(FRAMES):
        frame = (late if index in LATE else still).copy()
        frame[70:] = np.roll(tissue, 3 * index, axis=0)
        frames.append(frame)
    return np.stack(frames)


def test_a_loop_is_read_from_a_sample_plus_the_frames_that_change_its_overlay():
    array = loop()
    chosen = frames_to_read(array)
    assert set(LATE) <= set(chosen)
    assert chosen == [0, 4, 8, 12, 14, 15, 17, 21, 25, 29]  # the tissue moves in every frame: not a reason to read


def test_frames_whose_pixels_under_a_mask_change_are_found():
    array = loop()
    assert changed_under(array, [(200, 36, 340, 60)]) == [14, 16]  # the date appears, then goes
    assert changed_under(array, [(10, 8, 150, 30)]) == []


@pytest.mark.ocr
def test_a_long_loop_is_cleaned_in_every_frame_from_a_sample():
    ds = dataset(loop(), burned="YES")
    strings = [Placed(text, ink_box(text, xy)) for text, xy in (NAME, ID, DOB)]
    assert recoverable_in_place(ds, strings) == [s.text for s in strings]
    scan = PixelCleaner(PixelPolicy(clean=True)).scan(ds)
    assert scan.frames == FRAMES and scan.frames_scanned <= 10
    outcome = PixelCleaner(PixelPolicy(clean=True)).clean(ds)
    assert outcome.status == "cleaned", outcome.reason
    assert {box[0] for box in outcome.boxes if box[5] == KNOWN} == set(range(FRAMES))
    out = roundtrip(ds)
    outcome.edit.apply(out)
    assert recoverable_in_place(roundtrip(out), strings) == []


ON_TISSUE = ("DOB 03/07/1961", (150, 130))  # over the moving tissue, where the sampled frames never agree
SHORT = 12  # a shorter loop (sampled frames 0, 2, 3, 5, 6, 8, 9, 11) keeps the OCR test quick
BETWEEN = (4,)  # a frame, not in the sample, in which it is shown


def tissue_loop() -> np.ndarray:
    """SHORT frames of moving speckle under a still band; a date of birth over the tissue only in BETWEEN."""
    frames = loop()[:SHORT].copy()
    text = render((200, 360), [ON_TISSUE], background=0, ink=230)
    for index in BETWEEN:
        frames[index] = np.where(text > 128, text, frames[index])
    return frames


def test_text_over_moving_tissue_changes_no_overlay_pixel():
    assert not set(BETWEEN) & set(frames_to_read(tissue_loop()))  # the sample alone would not read it


@pytest.mark.ocr
def test_text_shown_over_moving_tissue_between_sampled_frames_is_found_and_masked():
    ds = dataset(tissue_loop(), burned="YES")
    dob = [Placed(ON_TISSUE[0], ink_box(*ON_TISSUE))]
    assert recoverable_in_place(ds, dob) == [ON_TISSUE[0]]
    outcome = PixelCleaner(PixelPolicy(clean=True)).clean(ds)
    assert outcome.status == "cleaned", outcome.reason
    out = roundtrip(ds)
    outcome.edit.apply(out)
    assert recoverable_in_place(roundtrip(out), dob) == []
