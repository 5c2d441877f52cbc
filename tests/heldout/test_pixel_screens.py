"""The held-out screen generator writes decodable DICOM whose truth boxes, glyphs and header match its pixels."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import cv2
import numpy as np
import pydicom
import pytest
from pydicom.pixels import get_decoder

from tests.heldout.pixel_screens import DATA, KINDS, ScreenText, generate, load, printed_date
from tests.synth.pixel_corpus import PixelCorpusFile, PixelCorpusManifest, pixel_hash

# Seed 2 with one file of each kind writes every transfer syntax (explicit VR little endian, JPEG
# baseline, JPEG 2000 lossless) and a MONOCHROME1 film.
SEED = 2


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> PixelCorpusManifest:
    """One file of each kind."""
    return generate(SEED, len(KINDS), tmp_path_factory.mktemp("pixel-screens"))


def _read(manifest: PixelCorpusManifest, truth: PixelCorpusFile) -> tuple[pydicom.Dataset, np.ndarray]:
    """A file and its frames as (frames, rows, cols, samples)."""
    ds = pydicom.dcmread(manifest.root / truth.path)
    array, _ = get_decoder(ds.file_meta.TransferSyntaxUID).as_array(ds)
    return ds, array.reshape((truth.frames, truth.rows, truth.columns, -1)).astype(np.float64)


def test_every_kind_is_written_and_decodes(corpus: PixelCorpusManifest) -> None:
    """Each kind has a file pydicom decodes to the truth's shape and hash, in every transfer syntax used."""
    assert [f.kind for f in corpus.files] == list(KINDS)
    syntaxes, photometrics = set(), set()
    for truth in corpus.files:
        ds, frames = _read(corpus, truth)
        assert frames.shape[:3] == (truth.frames, truth.rows, truth.columns)
        assert pixel_hash(ds) == truth.pixel_hash
        syntaxes.add(ds.file_meta.TransferSyntaxUID.name)
        photometrics.add(ds.PhotometricInterpretation)
    assert syntaxes == {"Explicit VR Little Endian", "JPEG Baseline (Process 1)",
                        "JPEG 2000 Image Compression (Lossless Only)"}
    assert {"MONOCHROME1", "MONOCHROME2", "YBR_FULL_422"} <= photometrics


def test_truth_boxes_hold_glyphs_that_show(corpus: PixelCorpusManifest) -> None:
    """Every string's box lies in the frame and holds all its glyph pixels, which differ from the pixels
    around them (the string is burned where the truth says)."""
    for truth in corpus.files:
        _, frames = _read(corpus, truth)
        for text in truth.texts:
            x0, y0, x1, y1 = text.box
            assert 0 <= x0 < x1 <= truth.columns and 0 <= y0 < y1 <= truth.rows
            glyphs = text.glyphs(truth.rows, truth.columns)
            assert glyphs.any() and glyphs[y0:y1, x0:x1].sum() == glyphs.sum()
            frame = frames[text.frames[0] if text.frames else 0]
            near = (slice(max(0, y0 - 4), y1 + 4), slice(max(0, x0 - 4), x1 + 4))
            mask = glyphs[near].astype(np.uint8)
            ring = cv2.dilate(mask, np.ones((7, 7), np.uint8)) > cv2.dilate(mask, np.ones((3, 3), np.uint8))
            contrast = np.abs(frame[near][mask > 0].mean(axis=0) - np.median(frame[near][ring], axis=0)).max()
            assert contrast > 0.04 * (np.ptp(frame) or 1)


def test_text_free_files_and_the_annotation_flag(corpus: PixelCorpusManifest) -> None:
    """Text-bearing files say YES; controls say NO and have no text; tiny images have no text."""
    for truth in corpus.files:
        ds = pydicom.dcmread(corpus.root / truth.path)
        if truth.kind == "control":
            assert not truth.texts and ds.BurnedInAnnotation == "NO"
        elif truth.kind == "tiny":
            assert not truth.texts and truth.rows * truth.columns <= 16
        else:
            assert truth.has_text and truth.phi_strings and ds.BurnedInAnnotation == "YES"


def _printed_forms(ds: pydicom.Dataset) -> set[str]:
    """Every way this module prints the header's IDs, dates, times, site and address."""
    study = datetime.strptime(ds.StudyDate + ds.StudyTime, "%Y%m%d%H%M%S")
    birth = datetime.strptime(ds.PatientBirthDate, "%Y%m%d")
    street, _, town = str(ds.PatientAddress).partition("^^")
    return ({printed_date(day, pattern) for day in (study, birth) for pattern in DATA["dates"]}
            | {study.strftime(p) for p in DATA["times"] + DATA["cine"]["clocks"]}
            | {ds.PatientID, ds.AccessionNumber, ds.InstitutionName, f"{street}, {town}"})


def _is_name(text: str, name: pydicom.valuerep.PersonName) -> bool:
    """Whether `text` prints the family and given names of `name`."""
    return str(name.family_name).upper() in text.upper() and str(name.given_name).upper() in text.upper()


def test_header_carries_what_the_pixels_show(corpus: PixelCorpusManifest) -> None:
    """Each burned-in PHI string marked as in the header is printed from it; the others are nowhere in it."""
    for truth in corpus.files:
        ds = pydicom.dcmread(corpus.root / truth.path)
        forms = _printed_forms(ds)
        header = " ".join(str(element.value) for element in ds if element.keyword != "PixelData")
        for text in (t for t in truth.texts if t.phi):
            if text.in_header:
                referrer = text.text.startswith("Dr ") and ds.ReferringPhysicianName.family_name in text.text
                assert text.text in forms or _is_name(text.text, ds.PatientName) or referrer
            else:  # a phone number on paper, a cine clock's later seconds
                assert text.text not in header


def test_cine_clock_changes_between_frames(corpus: PixelCorpusManifest) -> None:
    """A cine's clock strings are drawn in disjoint runs of frames covering them all, at one place."""
    cine = next(f for f in corpus.files if f.kind == "cine")
    clocks = [t for t in cine.texts if t.phi and t.frames]
    assert len(clocks) >= 2
    shown = [frame for clock in clocks for frame in clock.frames]
    assert sorted(shown) == list(range(cine.frames))
    assert len({clock.box[1] for clock in clocks}) == 1


def test_manifest_reads_back(corpus: PixelCorpusManifest) -> None:
    """The saved manifest loads back to the same truth, turned strings included."""
    again = load(corpus.root)
    assert [asdict(f) for f in again.files] == [asdict(f) for f in corpus.files]
    turned = next(t for f in again.files for t in f.texts if t.turns)
    assert isinstance(turned, ScreenText) and isinstance(turned.turns[0], tuple)


def test_generation_repeats(tmp_path: Path, corpus: PixelCorpusManifest) -> None:
    """The same seed writes the same pixels."""
    again = generate(SEED, 3, tmp_path)
    assert [f.pixel_hash for f in again.files] == [f.pixel_hash for f in corpus.files[:3]]
