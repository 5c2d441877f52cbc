"""Scanned paper requisitions: printed labels, fields filled in italics and tilted, the page turned, blurred, JPEG."""
from __future__ import annotations

import numpy as np
import pydicom
import pytest

from app.pixels.baseline import along_baseline
from app.pixels.frames import decode
from app.pixels.ink import grown
from tests.synth.pixel_corpus import SCAN_KINDS, generate_pixel_corpus

from .conftest import assert_released_clean

# The forms cleaned with OCR below, by the regression each one guards.
CLEANED = {"ruled_lines": 1, "turned_rule": 4, "labels_read_apart": 12, "phone_not_in_header": 13}


# Roughly filled forms cleaned with OCR below (`scanned_rough`, seed 7), by the regression each one guards.
ROUGH = {"paler_last_digits": 0}


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    """Fourteen scanned requisitions of the development corpus (seed 7), their ground truth beside them."""
    return generate_pixel_corpus(tmp_path_factory.mktemp("forms"), 14, 7, "scanned")


@pytest.fixture(scope="module")
def rough_forms(tmp_path_factory):
    """The first roughly filled requisitions of the development corpus (seed 7), up to the last cleaned below."""
    return generate_pixel_corpus(tmp_path_factory.mktemp("rough"), max(ROUGH.values()) + 1, 7, "scanned_rough")


def test_a_scanned_form_is_turned_and_its_truth_follows_the_turned_glyphs(forms):
    assert [f.kind for f in forms.files[:2]] == list(SCAN_KINDS)
    # One form of each kind, and the forms cleaned below, whose truth their scores rest on.
    for truth in (forms.files[0], *(forms.files[index] for index in CLEANED.values())):
        assert truth.has_text and len(truth.phi_strings) == 8  # facility, name, DOB, MRN, phone, physician, 2 more
        for text in truth.texts:
            glyphs = text.glyphs(truth.rows, truth.columns)
            ys, xs = np.nonzero(glyphs)
            assert text.box == (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)
            assert text.turns and abs(text.turns[-1][0]) <= 2.0  # the page's turn comes last
    values = [t for t in forms.files[0].texts if len(t.turns) == 2]  # hand-filled fields, tilted on their own
    assert values and all(abs(t.turns[0][0]) <= 1.5 for t in values)


def test_a_filled_field_is_not_carried_along_its_turned_ruled_line(forms):
    # The page turned on the glass steps each ruled line a row every few tens of columns, each step's run shorter
    # than a rule's: form 4's phone, its digits touching the rule, was carried 511 px on to the margin.
    for truth in forms.files:
        view = decode(pydicom.dcmread(forms.root / truth.path)).view(0)
        for value in (text for text in truth.texts if len(text.turns) == 2):  # filled in by hand, on a rule
            box = grown(value.box, 2, truth.rows, truth.columns)
            assert along_baseline(view, box)[2] <= box[2] + 4, (truth.path, value.box)


@pytest.mark.ocr
@pytest.mark.parametrize("index", CLEANED.values(), ids=CLEANED.keys())
def test_a_scanned_requisition_is_released_without_phi_and_its_ruled_lines_kept(forms, index):
    # 13: the patient's phone, in no header, read as one word with its label ("Phone:(932）511-3096") stayed
    # readable. 1: masks were carried along the fields' ruled lines to the margin (9 % of the page changed).
    # 4: along a turned page's ruled lines too (10.6 %). 12: labels read apart from their values ("MRN:",
    # "Ordering Physician:") masked ten line heights of the ruled field past the value (6.8 %).
    assert_released_clean(forms, index)


@pytest.mark.ocr
@pytest.mark.parametrize("index", ROUGH.values(), ids=ROUGH.keys())
def test_a_roughly_filled_requisition_is_released_without_phi(rough_forms, index):
    # 0: the birth date's last three digits, written paler than the rest ("29-Mar-1" then "955"), stood outside the
    # mask of the value read beside "DOB:" (fitted to the ink read), and stayed readable.
    assert_released_clean(rough_forms, index)
