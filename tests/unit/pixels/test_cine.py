"""Cine loops: long ones read from a sample plus the frames that change the overlay; masks shared by every frame, a
banner that moves or alternates with a clock masked wherever it stands."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pytest

from app.pixels import PixelCleaner
from app.pixels.cine import changed_under, frames_to_read
from app.pixels.match import KNOWN
from app.profiles.schema import PixelPolicy
from tests.synth.moving_cines import MOVING_KINDS
from tests.synth.pixel_corpus import generate_pixel_corpus
from tests.synth.pixel_eval import recoverable_in_place, unchanged

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


JITTER = ((0, 0), (2, 1), (-1, 2), (1, -1), (-2, 0), (2, 2))  # a banner's place in each frame: a pixel or two off
BANNER = ((f"{FAMILY}, {GIVEN}", (14, 10)), (f"ID {MRN}", (14, 36)))
TISSUE_FROM = 90  # rows of moving speckle below the banner's black margin


def banner_loop(alternating: bool) -> tuple[np.ndarray, list[tuple[str, tuple[int, int], int]]]:
    """Six frames of speckle under an exactly black margin holding the patient banner, which jitters a pixel or two
    from frame to frame, or (`alternating`) stands on even frames while a clock stands in the name's place on odd ones;
    and where each banner string is drawn: (text, place, frame)."""
    tissue = render((200, 360), [], background=90, speckle=True)[TISSUE_FROM:]
    frames, drawn = [], []
    for index, (dx, dy) in enumerate(JITTER):
        shown = [] if alternating and index % 2 else [(text, (x + dx, y + dy)) for text, (x, y) in BANNER]
        clock = [(f"10:42:0{index}", BANNER[0][1])] if alternating and index % 2 else []
        frame = np.where(render((200, 360), shown + clock, background=0) > 128, 230, 0).astype(np.uint8)
        frame[TISSUE_FROM:] = np.roll(tissue, 5 * index, axis=1)
        frames.append(frame)
        drawn += [(text, place, index) for text, place in shown]
    return np.stack(frames), drawn


def glyphs(text: str, place: tuple[int, int]) -> np.ndarray:
    """The pixels `banner_loop` draws for `text` at `place`."""
    return render((200, 360), [(text, place)], background=0) > 128


@pytest.mark.ocr
@pytest.mark.parametrize("alternating", [False, True], ids=["jittering", "alternating_with_a_clock"])
def test_a_banner_that_moves_or_alternates_is_masked_where_it_stands_in_every_frame(alternating):
    # On an exactly black margin a mask over a frame without the banner (or with it a pixel or two away) changes no
    # pixel: each string is looked for where it stands, frame by frame.
    array, drawn = banner_loop(alternating)
    ds = dataset(array, burned="YES")
    outcome = PixelCleaner(PixelPolicy(clean=True)).clean(ds)
    assert outcome.status == "cleaned", outcome.reason
    out = roundtrip(ds)
    outcome.edit.apply(out)
    cleaned = roundtrip(out).pixel_array
    for text, place, frame in drawn:
        same = cleaned[frame] == array[frame]
        assert not unchanged(same, glyphs(text, place)), (text[:2], frame)
    strings = [Placed(text, ink_box(text, place)) for text, place, _ in drawn]
    assert recoverable_in_place(roundtrip(out), list(dict.fromkeys(strings))) == []
    assert (cleaned[:, TISSUE_FROM:] == array[:, TISSUE_FROM:]).mean() > 0.99  # the masks stay on the banner


def test_the_moving_cines_layout_draws_what_its_kinds_name(tmp_path):
    jitter, drift, alternating, late = generate_pixel_corpus(tmp_path, 4, 7, "moving_cines").files
    assert [f.kind for f in (jitter, drift, alternating, late)] == list(MOVING_KINDS[:4])
    first = jitter.texts[0].text
    places = [t for t in jitter.texts if t.text == first]
    assert len({t.at for t in places}) > 1  # one string at several places a pixel or two apart, one in each frame
    assert sorted(f for t in places for f in t.frames_drawn) == list(range(jitter.frames))
    assert all(abs(a - b) <= 4 for t in places for a, b in zip(t.at, places[0].at))
    steps = sorted((t.frames_drawn[0], t.at) for t in drift.texts if t.text == drift.texts[0].text)
    assert len(steps) == drift.frames and steps[-1][1] != steps[0][1]  # a new place every frame, drifting away
    names = [t for t in alternating.texts if t.phi]
    clocks = [t for t in alternating.texts if not t.phi]
    assert {f for t in names for f in t.frames_drawn} == set(range(0, alternating.frames, 2))
    assert {f for t in clocks for f in t.frames_drawn} == set(range(1, alternating.frames, 2))
    assert all(abs(clock.at[0] - names[0].at[0]) <= 1 for clock in clocks)  # the clock stands where the name does
    shown = {f for t in late.texts if t.phi for f in t.frames_drawn}
    assert 0 not in shown and shown == set(range(min(shown), late.frames))
