"""Ink analysis without OCR: text lines split and widened to whole strings, line candidates on speckle."""
from __future__ import annotations

import numpy as np
import pytest

from app.pixels.crops import binarised, merge_rects, stroke_room
from app.pixels.detect import text_candidates
from app.pixels.ink import InkMap, text_runs
from app.pixels.reader import MIN_CANDIDATE_HEIGHT, ink_candidates

from .conftest import FAMILY, GIVEN, MRN, ink_box, render

LINES = [(f"{FAMILY}, {GIVEN}", (20, 30)), (f"MRN {MRN} Gain 54%", (20, 52))]
SHAPE = (140, 360)


def near(found: tuple[int, int, int, int], truth: tuple[int, int, int, int], tolerance: int = 3) -> bool:
    """Whether every side of `found` is within `tolerance` pixels of `truth`'s."""
    return all(abs(a - b) <= tolerance for a, b in zip(found, truth))


@pytest.mark.parametrize("ink", [230, 10], ids=["light_text", "dark_text"])
def test_a_box_over_two_lines_becomes_one_tight_box_per_line(ink):
    frame = render(SHAPE, LINES, size=16, background=120, ink=ink, speckle=True)
    truths = [ink_box(text, xy, 16) for text, xy in LINES]
    runs = sorted(text_runs(frame, "MONOCHROME2", (60, 25, 120, 75)), key=lambda r: r[1])
    assert len(runs) == 2
    for run, truth in zip(runs, truths):
        assert near(run, truth)  # within 3 px, where the lines are 8 px apart: no gap rows are kept


def test_a_fragment_grows_to_its_whole_string_and_no_further():
    texts = [("03/14/2021 09:15", (20, 40)), ("Abdomen", (300, 40))]
    frame = render((100, 420), texts, size=16, background=120, speckle=True)
    date, other = (ink_box(text, xy, 16) for text, xy in texts)
    (run,) = text_runs(frame, "MONOCHROME2", (date[0] + 40, date[1] - 4, date[0] + 60, date[3] + 6))
    assert near(run, date)
    assert run[2] < other[0]  # a gap of several line heights ends the string


def test_line_candidates_find_text_on_speckle_and_not_fan_edges():
    frame = render(SHAPE, LINES, size=16, background=120, speckle=True)
    candidates = text_candidates(InkMap(frame, "MONOCHROME2"))
    for text, xy in LINES:
        x0, y0, x1, y1 = ink_box(text, xy, 16)
        assert any(c[0] < x1 and x0 < c[2] and c[1] < y1 and y0 < c[3] for c in candidates)

    field = render((200, 300), [], background=120, speckle=True).astype(np.float32)
    rows, cols = np.mgrid[0:200, 0:300]
    fan = np.where(np.abs(cols - 150) < rows * 0.8, field, 3).astype(np.uint8)  # speckle cone on black
    area = sum((c[2] - c[0]) * (c[3] - c[1]) for c in text_candidates(InkMap(fan, "MONOCHROME2")))
    assert area < 0.01 * fan.size


def test_a_band_too_thin_for_a_glyph_is_not_handed_to_the_recogniser():
    frame = render(SHAPE, LINES, size=16, background=120, speckle=True).copy()
    frame[121, 40:320] = 190  # a faint one-pixel rule: one row of contrast at half resolution
    thin = [c for c in text_candidates(InkMap(frame, "MONOCHROME2")) if c[3] - c[1] < MIN_CANDIDATE_HEIGHT]
    assert thin  # the hand-made candidates do find the band
    read = ink_candidates(np.repeat(frame[..., None], 3, axis=2))
    assert not [c for c in read if c[3] - c[1] < MIN_CANDIDATE_HEIGHT]
    for text, xy in LINES:  # the text lines are still read
        x0, y0, x1, y1 = ink_box(text, xy, 16)
        assert any(c[0] < x1 and x0 < c[2] and c[1] < y1 and y0 < c[3] for c in read)


def test_a_line_taller_than_half_the_frame_width_is_measured_without_error():
    # The speckle estimate averages over twice the line height, which can exceed a narrow frame's width.
    frame = render((60, 16), [("7", (2, 20))], size=16, background=120, speckle=True)
    runs = text_runs(frame, "MONOCHROME2", (0, 18, 16, 42))
    assert all(0 <= x0 < x1 <= 16 and 0 <= y0 < y1 <= 60 for x0, y0, x1, y1 in runs)



@pytest.mark.parametrize("background, ink", [(30, 230), (200, 10)], ids=["light_text", "dark_text"])
def test_a_binarised_plain_crop_shows_text_as_dark_ink_on_white(background, ink):
    text = (f"MRN {MRN}", (20, 30))
    frame = render((90, 300), [text], size=18, background=background, ink=ink, speckle=True)
    x0, y0, x1, y1 = ink_box(*text, 18)
    crop = binarised(InkMap(frame, "MONOCHROME2").plain_crop((x0 - 4, y0 - 4, x1 + 4, y1 + 4))).astype(int)
    glyphs = np.abs(frame[y0 - 4:y1 + 4, x0 - 4:x1 + 4].astype(int) - background) > 60
    assert set(np.unique(crop)) <= {0, 255}
    assert crop[glyphs].mean() < 80 and crop[~glyphs].mean() > 170


def test_black_text_on_a_dark_patch_beside_bright_speckle_is_a_line_candidate():
    # Against the bright speckle nearby its contrast is weak, but its strokes sit at the display's black point.
    text = (f"MRN {MRN}", (20, 80))
    frame = render((130, 360), [text], size=16, background=35, ink=0, speckle=True)
    bright = render((130, 360), [], background=170, speckle=True)
    frame = np.where(np.arange(130)[:, None] < 70, bright, frame)
    x0, y0, x1, y1 = ink_box(*text, 16)
    candidates = text_candidates(InkMap(frame, "MONOCHROME2"))
    assert any(c[0] < x1 and x0 < c[2] and c[1] < y1 and y0 < c[3] for c in candidates)


@pytest.mark.ocr
def test_line_crops_beyond_one_montage_are_read_in_batches_with_their_own_boxes(monkeypatch):
    # Tesseract refuses images over 32767 px high: a text-dense page is read in several montages.
    from app.pixels import crops

    texts = [(FAMILY, (20, 20)), (MRN, (20, 70)), (GIVEN, (20, 120))]
    frame = render((170, 300), texts, size=18)
    monkeypatch.setattr(crops, "MAX_MONTAGE_HEIGHT", 150)  # one tile per montage
    lines = crops.read_crops(np.repeat(frame[..., None], 3, axis=2), [ink_box(t, xy, 18) for t, xy in texts])
    for text, xy in texts:
        box = ink_box(text, xy, 18)
        words = [w for line in lines for w in line if text in w.text.upper()]
        assert words and all(near(w.box, box, 6) for w in words)


def test_stacked_lines_read_as_one_block_are_padded_by_a_third_of_a_line_not_of_the_block():
    lines = [(10, 10, 200, 40), (10, 35, 180, 65), (10, 60, 190, 90)]  # 30 px lines whose margins overlap
    (block,) = merge_rects(lines)
    assert block == (10, 10, 200, 90)
    assert stroke_room(block, lines) == 10  # a third of the block would read 26 more rows of background a side


@pytest.mark.ocr
def test_film_size_lines_are_read_where_they_are():
    # A film label's lines stand 50 px and more: tesseract reads them shrunk towards screen size.
    from app.pixels import crops

    texts = [(FAMILY, (30, 20)), (MRN, (30, 110))]
    frame = render((200, 700), texts, size=64)
    boxes = [ink_box(t, xy, 64) for t, xy in texts]
    lines = crops.read_crops(np.repeat(frame[..., None], 3, axis=2), [(x0 - 20, y0 - 20, x1 + 20, y1 + 20)
                                                                     for x0, y0, x1, y1 in boxes])
    for (text, _), box in zip(texts, boxes):
        words = [w for line in lines for w in line if text in w.text.upper()]
        assert words and all(near(w.box, box, 8) for w in words)


def test_a_candidate_whose_ink_is_one_piece_is_not_handed_to_the_recogniser():
    field = render((240, 320), [], background=150, speckle=True).astype(np.float32)
    rows, cols = np.mgrid[0:240, 0:320]
    fan = np.repeat(np.where(np.abs(cols - 160) < rows * 0.8, field, 3).astype(np.uint8)[..., None], 3, axis=2)
    edges = [c for c in text_candidates(InkMap(fan, "RGB")) if c[3] - c[1] >= MIN_CANDIDATE_HEIGHT]
    assert edges  # a speckle cone's edge against its black margin is a line candidate ...
    assert ink_candidates(fan) == []  # ... whose ink is one piece: an edge, not glyphs

    lines = [("DOE^JANE 1234567", (20, 30)), ("MRN 60907747 Gain 54%", (20, 52))]
    text = np.repeat(render(SHAPE, lines, size=16, background=120, speckle=True)[..., None], 3, axis=2)
    found = text_candidates(InkMap(text, "RGB"))
    assert found and ink_candidates(text) == [c for c in found if c[3] - c[1] >= MIN_CANDIDATE_HEIGHT]
