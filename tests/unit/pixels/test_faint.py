"""Faint isolated lines on speckle (issue #23): proposed as bands, read stretched, matched and masked.

A low-contrast line far from any other text on ultrasound-like speckle is missed by the learned detector and the ink
candidates alike; before faint bands the file was released with the line in place.
"""
from __future__ import annotations

import numpy as np
import pydicom
import pytest
from PIL import Image, ImageDraw, ImageFont

from app.pixels import PixelCleaner, engine
from app.pixels.faint import CLEAR, ROOM, SPECKLE_ROWS, Band, _tall_enough, faint_lines
from app.pixels.frames import decode
from app.pixels.ink import overlaps
from app.pixels.known import known_phi_terms
from app.pixels.match import PATTERN, TEXT, PhiMatcher
from app.pixels.ocr import Word
from app.pixels.blocks import UNREADABLE
from app.pixels.reader import (clear_faint, doubtful_faint, ink_candidates, one_line_each, read_faint,
                               read_in_faint)
from app.pixels.textlines import detect_lines
from app.profiles.schema import PixelPolicy
from tests.synth.pixel_eval import kept_in_place, recoverable_in_place

from .conftest import FONT, MRN, dataset, ink_box, render, roundtrip

BIRTH = "Birth 03/07/1961"  # this test's patient's birth date (conftest), as a console labels it
AT = (300, 330)  # far from anything else
SIZE = 13
BACKGROUND, INK = 110, 45  # dark on mid-grey speckle: per pixel, the glyphs differ by about the speckle's spread


def faint_frame(text: str = BIRTH, size: int = SIZE) -> np.ndarray:
    """A 480 x 640 RGB frame of speckle with `text` drawn faintly at AT."""
    frame = render((480, 640), [(text, AT)], size=size, background=BACKGROUND, ink=INK, speckle=True)
    return np.repeat(frame[..., None], 3, axis=2)


def speckle(seed: int) -> np.ndarray:
    """A 480 x 640 RGB frame of multiplicative speckle alone, on a gentle gradient."""
    rng = np.random.default_rng(seed)
    level = np.linspace(70, 150, 640, dtype=np.float32)[None, :]
    field = level * (0.5 + 0.5 * rng.gamma(4.0, 0.25, (480, 640)))
    return np.repeat(np.clip(field, 0, 255).astype(np.uint8)[..., None], 3, axis=2)


def test_a_faint_line_the_detector_and_ink_candidates_miss_is_one_band_around_it():
    view, box = faint_frame(), ink_box(BIRTH, AT, SIZE)
    assert not any(overlaps(found, box) for found in one_line_each(view, detect_lines(view)) + ink_candidates(view))
    bands = [band.box for band in faint_lines(view) if overlaps(band.box, box)]
    assert len(bands) == 1
    x0, y0, x1, y1 = bands[0]
    # Its rows hold the line's and its columns most of it: a reading of the band reads the line.
    assert y0 <= box[1] and y1 >= box[3] and x0 <= box[0] + 0.2 * (box[2] - box[0]) and x1 >= box[2]


def test_a_faint_line_on_a_flat_black_margin_is_a_band():
    # A margin of one value: the local noise there is zero, and its root must not turn into NaN that hides the line.
    image = Image.new("L", (640, 480), 0)
    ImageDraw.Draw(image).text(AT, BIRTH, font=ImageFont.truetype(FONT, SIZE), fill=14)
    view = np.repeat(np.asarray(image)[..., None], 3, axis=2)
    with np.errstate(invalid="raise"):
        bands = faint_lines(view)
    assert any(overlaps(band.box, ink_box(BIRTH, AT, SIZE)) for band in bands)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_speckle_alone_holds_no_clear_band(seed):
    assert clear_faint(speckle(seed)) == []


def _rows_at_most(band: Band, rows: int) -> int:
    """The most rows a band can have had before its ROOM was added (less where the frame's edge clipped it)."""
    x0, y0, x1, y1 = band.box
    return y1 - y0 - ROOM[1] * (2 - (y0 == 0) - (y1 == rows))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_speckles_bands_a_stroke_high_are_not_read(seed):
    # Speckle alone proposed bands of 5-6 rows on each of these frames; a line of text is never that thin in the sums.
    view = speckle(seed)
    bands = faint_lines(view)
    assert bands and all(_rows_at_most(band, view.shape[0]) >= SPECKLE_ROWS for band in bands if not band.clear)


def test_a_thin_band_is_kept_only_when_clear():
    thin, tall = (100, 50, 300, 50 + SPECKLE_ROWS - 1), (100, 50, 300, 50 + SPECKLE_ROWS)
    assert not _tall_enough(thin, CLEAR - 0.1)
    assert _tall_enough(thin, CLEAR) and _tall_enough(tall, CLEAR - 0.1)


def test_a_number_too_small_to_read_stands_out_as_a_clear_band():
    # 7 px digits: no reader makes them out reliably, yet their band stands well above any of speckle.
    text = "5327648"
    box = ink_box(text, AT, 9)
    assert any(overlaps(band, box) for band in clear_faint(faint_frame(text, 9)))


@pytest.mark.ocr
def test_a_faint_band_is_read_with_its_date():
    view = faint_frame()
    lines = [line for line in read_faint(view, []) if overlaps(line[0].box, ink_box(BIRTH, AT, SIZE))]
    assert lines and "03/07" in " ".join(word.text for line in lines for word in line)


@pytest.mark.ocr
@pytest.mark.parametrize("index", [6, 7])
def test_a_corpus_screens_faint_phi_lines_are_masked(seed7_corpus, index):
    # File 7's faint date is read in its band; file 6's faint 7 px number is read by nothing but is a clear band.
    # Before faint bands, both were released with the line's glyphs in place.
    corpus = seed7_corpus
    truth = corpus.files[index]
    faint = [text for text in truth.texts if text.phi and text.low_contrast]
    ds = pydicom.dcmread(corpus.root / truth.path)
    outcome = PixelCleaner(PixelPolicy(clean=True)).clean(ds)
    assert faint and outcome.status == "cleaned", outcome.reason
    outcome.edit.apply(ds)
    assert kept_in_place(pydicom.dcmread(corpus.root / truth.path), ds, faint) == []
    assert recoverable_in_place(ds, faint, learned=True) == []


@pytest.mark.ocr
def test_a_faint_birth_date_line_is_masked():
    ds = dataset(faint_frame()[None, ..., 0], modality="US")
    before = decode(roundtrip(ds)).view(0)
    outcome = PixelCleaner(PixelPolicy(clean=True)).clean(ds)
    assert outcome.status == "cleaned", outcome.reason
    out = roundtrip(ds)
    outcome.edit.apply(out)
    after = decode(roundtrip(out)).view(0)
    x0, y0, x1, y1 = ink_box(BIRTH, AT, SIZE)
    assert (before[y0:y1, x0:x1] != after[y0:y1, x0:x1]).any(axis=2).mean() > 0.5


def test_five_digits_run_into_a_word_are_a_pattern_and_five_alone_are_not():
    # A faint line's reading runs a label and a date together ("Birth April 30, 1951" read as below); speckle
    # read in a verification band can come out as five digits alone, which masked a strip of an image's fan.
    matcher = PhiMatcher(known_phi_terms(dataset(np.zeros((1, 8, 8), np.uint8))))
    word = (Word("BrthA0301951", 81.0, (0, 0, 90, 12)),)
    settings = (Word("Gain", 95.0, (0, 0, 30, 12)), Word("1024", 95.0, (34, 0, 60, 12)))
    speckle = (Word("26759", 60.0, (0, 0, 40, 12)),)
    assert matcher.classify(word) == [PATTERN]
    assert matcher.classify(settings) == [TEXT, TEXT]
    assert matcher.classify(speckle) == [TEXT]


@pytest.mark.ocr
def test_a_faint_line_detected_only_where_it_stands_out_is_masked(seed7_corpus):
    # The detector boxes the line's start on the dark field; its faint band reaches past that box onto the bright
    # field. Before such a band was read, it was skipped for the box it overlaps and the line's digits stayed.
    # File 34 of the seed-7 corpus: a film whose faint phone line fades from a dark field onto a bright one.
    corpus = seed7_corpus
    truth = corpus.files[34]
    faint = [text for text in truth.texts if text.phi and text.low_contrast]
    ds = pydicom.dcmread(corpus.root / truth.path)
    view = decode(ds).view(0)
    detected = one_line_each(view, detect_lines(view))
    line = tuple(faint[0].box)
    assert [box for box in detected if overlaps(box, line)]
    assert any(overlaps(band.box, box) for band in faint_lines(view) if overlaps(band.box, line) for box in detected)
    outcome = PixelCleaner(PixelPolicy(clean=True)).clean(ds)
    assert outcome.status == "cleaned", outcome.reason
    outcome.edit.apply(ds)
    assert kept_in_place(pydicom.dcmread(corpus.root / truth.path), ds, faint) == []
    assert recoverable_in_place(ds, faint, learned=True) == []


def fan_and_margin(text: str, at: tuple[int, int], size: int, fan_from: int = 480, fan_to: int = 480,
                   font: str = FONT) -> np.ndarray:
    """A 480 x 640 RGB frame: a black margin of grey levels 0-5 with `text` drawn in black at `at` (in `font`), and
    bright speckle (an ultrasound fan's edge) over the rows from `fan_from` to `fan_to`."""
    rng = np.random.default_rng(11)
    margin = rng.integers(0, 6, (480, 640)).astype(np.float32)
    fan = 120 * (0.5 + 0.5 * rng.gamma(4.0, 0.25, (480, 640)))
    rows = np.arange(480)[:, None]
    field = np.where((rows >= fan_from) & (rows < fan_to), fan, margin)
    image = Image.fromarray(np.clip(field, 0, 255).astype(np.uint8))
    ImageDraw.Draw(image).text(at, text, font=ImageFont.truetype(font, size), fill=0)
    return np.repeat(np.asarray(image)[..., None], 3, axis=2)


def test_dark_text_on_a_black_margin_beside_a_bright_fan_is_a_band():
    # Measured against a window holding the fan's speckle too, the date's strokes vanished in it: against the margin
    # alone they stand out.
    at, size = (236, 200), 11
    view = fan_and_margin("06/27/1999", at, size, fan_from=218)
    assert any(overlaps(band.box, ink_box("06/27/1999", at, size)) for band in faint_lines(view))


def test_a_wide_dark_line_on_a_black_margin_is_a_band():
    # 24 px digits as wide as the rows and columns the band is measured against: against them the line stood out only
    # of itself; against the rows above and below it alone, it stands out.
    text, at, size = "735-514-4213", (300, 200), 24
    view = fan_and_margin(text, at, size)
    assert any(overlaps(band.box, ink_box(text, at, size)) for band in faint_lines(view))


def test_dark_text_on_a_margin_strip_below_a_fan_is_a_band():
    # A strip 40 rows tall between the fan's lower edge and the frame's: the rows around the date are the fan's or the
    # date's own reflected at the frame's edge, and it stood out of them by 2.9; out of the margin as a whole it stands.
    text, at, size, bold = "14.11.2009", (12, 457), 15, "DejaVuSans-Bold.ttf"
    view = fan_and_margin(text, at, size, fan_from=0, fan_to=440, font=bold)
    left, top, right, bottom = ImageFont.truetype(bold, size).getbbox(text)
    date = (at[0] + left, at[1] + top, at[0] + right, at[1] + bottom)
    assert any(overlaps(band.box, date) for band in faint_lines(view))


def test_a_fans_edge_on_a_black_margin_is_no_band():
    # The margin's own background ends where the fan begins: the edge, blurred into the margin, is measured against
    # neither alone.
    bands = faint_lines(fan_and_margin("", (0, 0), 11, fan_from=218))
    assert not [band for band in bands if band.box[1] <= 218 <= band.box[3]]


def fan_on_margin(seed: int, text: str = "", at: tuple[int, int] = (0, 0), ink: int = 0) -> np.ndarray:
    """A 320 x 448 RGB frame: an ultrasound fan of speckle, brighter towards its straight lower edge (row 294), on a
    black margin of grey levels 0-5, with `text` drawn in grey `ink` at `at`."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:320, 0:448].astype(np.float32)
    fan = 204 * (0.15 + 0.25 * y / 320) * (0.5 + 0.5 * rng.gamma(4.0, 0.25, (320, 448)))
    cone = (np.abs(x - 224) < (y - 32) * 0.8) & (y < 294)
    image = Image.fromarray(np.clip(np.where(cone, fan, 5 * rng.random((320, 448))), 0, 255).astype(np.uint8))
    ImageDraw.Draw(image).text(at, text, font=ImageFont.truetype(FONT, 12), fill=ink)
    return np.repeat(np.asarray(image)[..., None], 3, axis=2)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_fans_lower_edge_is_no_band(seed):
    # Against a window holding the margin, the fan's last rows stood out as light along its whole width: a band that,
    # read with a line beside it, was masked whole.
    assert not [band for band in faint_lines(fan_on_margin(seed)) if band.box[1] <= 294 <= band.box[3]]


def test_a_light_line_on_the_margin_under_a_fans_edge_is_a_band():
    # Its rows are the margin's on both sides: a line, not the edge.
    text, at = "12/05/1977", (120, 298)
    view = fan_on_margin(1, text, at, ink=40)
    assert any(overlaps(band.box, ink_box(text, at, 12)) for band in faint_lines(view))


def test_a_faint_band_read_doubtfully_as_a_number_is_masked_unread():
    # A faint 12 px date on a radiograph was proposed and read "56p.2D21" at confidence 59: not legible, not PHI by
    # any pattern, yet a number no reader makes out. Speckle's doubtful readings are letters, and a legible number is
    # matched as any other line.
    view = faint_frame()
    band = next(band.box for band in faint_lines(view) if overlaps(band.box, ink_box(BIRTH, AT, SIZE)))
    x0, y0, x1, y1 = band
    number = (Word("56p.2D21", 59.0, (x0 + 2, y0 + 2, x1 - 2, y1 - 2)),)
    letters = (Word("Rlns", 59.0, (x0 + 2, y0 + 2, x1 - 2, y1 - 2)),)
    assert doubtful_faint(view, [number]) == [band] and doubtful_faint(view, [letters]) == []
    matcher = PhiMatcher(known_phi_terms(dataset(np.zeros((1, 8, 8), np.uint8))))
    marks = engine._line_marks([number], matcher, False, view.shape[:2], doubtful_faint(view, [number]))
    assert marks == [(number[0].box, UNREADABLE)]


@pytest.mark.ocr
def test_a_faint_bands_reading_stands_where_its_characters_were_read():
    # The band reaches well past the line (its sums fade slowly at its ends); the recogniser's characters do not.
    view, box = faint_frame(), ink_box(BIRTH, AT, SIZE)
    band = next(band.box for band in faint_lines(view) if overlaps(band.box, box))
    lines = [line for line in read_faint(view, []) if overlaps(line[0].box, box)]
    assert len(lines) == 1
    x0, y0, x1, y1 = engine._line_box(lines[0])
    assert box[0] - band[0] > 10 and band[2] - box[2] > 10
    assert (y0, y1) == (band[1], band[3]) and abs(x0 - box[0]) <= 5 and abs(x1 - box[2]) <= 5
    # The band's box travels with the line to the mask's fitting.
    assert read_in_faint(lines) == {(x0, y0, x1, y1): band}


@pytest.mark.ocr
def test_a_faint_line_read_in_part_of_a_frame_carries_its_band_in_the_frames_pixels():
    # A cine frame is read again only where it changed: the band's box is the frame's, not the part's.
    view, box = faint_frame(), ink_box(BIRTH, AT, SIZE)
    band = next(band.box for band in faint_lines(view) if overlaps(band.box, box))
    part = view[band[1] - 40:, band[0] - 30:]
    lines = [line for line in read_faint(part, [], (band[0] - 30, band[1] - 40)) if overlaps(line[0].box, box)]
    # (found in the part alone, the band may end a column or two apart)
    assert len(lines) == 1 and all(abs(a - b) <= 2 for a, b in zip(lines[0].band, band))


def margin_into_fan(text: str, at: tuple[int, int], size: int) -> np.ndarray:
    """A 480 x 640 RGB frame: a black margin of grey levels 0-5 and a dim fan of speckle beyond a diagonal edge
    (at column 280 on row 300), with `text` drawn in black at `at` (LiberationSerif), from the margin onto the fan."""
    rng = np.random.default_rng(11)
    margin = rng.integers(0, 6, (480, 640)).astype(np.float32)
    fan = 60 * (0.5 + 0.5 * rng.gamma(4.0, 0.25, (480, 640)))
    rows, cols = np.mgrid[0:480, 0:640]
    image = Image.fromarray(np.clip(np.where(cols - rows >= -20, fan, margin), 0, 255).astype(np.uint8))
    ImageDraw.Draw(image).text(at, text, font=ImageFont.truetype("LiberationSerif-Regular.ttf", size), fill=0)
    return np.repeat(np.asarray(image)[..., None], 3, axis=2)


@pytest.mark.ocr
def test_an_id_running_from_a_black_margin_onto_a_fan_is_masked_where_its_characters_were_read():
    # Read in its faint band on the margin, the ID was masked to its ink runs: on the fan, its strokes there alone,
    # and the digits on the margin were left (a corpus screen's 8-digit ID stayed readable so). The mask now covers
    # the band's rows over the columns the recogniser read characters in.
    at, size = (230, 300), 26
    font = ImageFont.truetype("LiberationSerif-Regular.ttf", size)
    ds = dataset(margin_into_fan(MRN, at, size)[None, ..., 0], modality="US")
    outcome = PixelCleaner(PixelPolicy(clean=True)).clean(ds)
    assert outcome.status == "cleaned", outcome.reason
    left, top, right, bottom = font.getbbox(MRN)
    x0, y0, y1 = at[0] + left, at[1] + top, at[1] + bottom
    masked = np.zeros(640, bool)
    for _, bx0, by0, bx1, by1, _ in outcome.boxes:
        masked[bx0:bx1] |= by0 <= y0 and y1 <= by1
    # Every column of the ID that is margin on all its rows (left of the fan's edge at its top row) is masked.
    assert masked[x0:y0 - 20].all()


def test_a_faint_line_under_a_stronger_one_is_a_band():
    # A referrer's line 14 rows under a phone number: measured against rows that held the number too, it stood 1.2
    # out of them; measured apart from the number's band, it stands out.
    phone, ref, at = "499-801-3304", "Ref: Dr Velez", (310, 328)
    image = Image.fromarray(render((480, 640), [(phone, (300, 300))], background=110, ink=10, speckle=True))
    ImageDraw.Draw(image).text(at, ref, font=ImageFont.truetype(FONT, 14), fill=50)
    bands = faint_lines(np.repeat(np.asarray(image)[..., None], 3, axis=2))
    assert any(overlaps(band.box, ink_box(phone, (300, 300))) for band in bands)
    assert any(overlaps(band.box, ink_box(ref, at, 14)) for band in bands)
