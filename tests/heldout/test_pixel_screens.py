"""The held-out screen generator writes decodable DICOM whose truth boxes, glyphs and header match its pixels."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import cv2
import numpy as np
import pydicom
import pytest
from pydicom.pixels import get_decoder

from tests.heldout.pixel_screens import DATA, EDITIONS, ScreenText, generate, kinds, load, printed_date
from tests.synth.pixel_corpus import PixelCorpusFile, PixelCorpusManifest, pixel_hash

# Seed 2 with one file of each kind writes, in the first edition, every transfer syntax it uses and a
# MONOCHROME1 film; in the second, a JPEG baseline PET/CT and an XA run with its patient lines on its
# first frames only.
SEED = 2
SYNTAXES = {1: {"Explicit VR Little Endian", "JPEG Baseline (Process 1)",
                "JPEG 2000 Image Compression (Lossless Only)"},
            2: {"Explicit VR Little Endian", "JPEG Baseline (Process 1)"}}
PHOTOMETRICS = {1: {"MONOCHROME1", "MONOCHROME2", "YBR_FULL_422"}, 2: {"MONOCHROME2", "RGB", "YBR_FULL_422"}}


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[int, PixelCorpusManifest]:
    """One file of each kind, edition by edition."""
    return {edition: generate(SEED, len(kinds(edition)), tmp_path_factory.mktemp(f"pixel-screens-{edition}"), edition)
            for edition in EDITIONS}


@pytest.fixture(params=sorted(EDITIONS), ids=lambda edition: f"edition-{edition}")
def corpus(request: pytest.FixtureRequest, editions: dict[int, PixelCorpusManifest]) -> PixelCorpusManifest:
    """One file of each kind of an edition."""
    return editions[request.param]


def _edition(manifest: PixelCorpusManifest) -> int:
    """The edition a manifest's files come from."""
    return next(edition for edition in EDITIONS if manifest.files[0].kind in kinds(edition))


def _read(manifest: PixelCorpusManifest, truth: PixelCorpusFile) -> tuple[pydicom.Dataset, np.ndarray]:
    """A file and its frames as (frames, rows, cols, samples)."""
    ds = pydicom.dcmread(manifest.root / truth.path)
    array, _ = get_decoder(ds.file_meta.TransferSyntaxUID).as_array(ds)
    return ds, array.reshape((truth.frames, truth.rows, truth.columns, -1)).astype(np.float64)


def test_every_kind_is_written_and_decodes(corpus: PixelCorpusManifest) -> None:
    """Each kind has a file pydicom decodes to the truth's shape and hash, in every transfer syntax used."""
    edition = _edition(corpus)
    assert [f.kind for f in corpus.files] == list(kinds(edition))
    syntaxes, photometrics = set(), set()
    for truth in corpus.files:
        ds, frames = _read(corpus, truth)
        assert frames.shape[:3] == (truth.frames, truth.rows, truth.columns)
        assert pixel_hash(ds) == truth.pixel_hash
        syntaxes.add(ds.file_meta.TransferSyntaxUID.name)
        photometrics.add(ds.PhotometricInterpretation)
    assert syntaxes == SYNTAXES[edition]
    assert PHOTOMETRICS[edition] <= photometrics


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


def test_cine_clock_changes_between_frames(editions: dict[int, PixelCorpusManifest]) -> None:
    """A cine's clock strings are drawn in disjoint runs of frames covering them all, at one place."""
    cine = next(f for f in editions[1].files if f.kind == "cine")
    clocks = [t for t in cine.texts if t.phi and t.frames]
    assert len(clocks) >= 2
    shown = [frame for clock in clocks for frame in clock.frames]
    assert sorted(shown) == list(range(cine.frames))
    assert len({clock.box[1] for clock in clocks}) == 1


def test_xa_run_shows_patient_lines_on_its_first_frames_only(editions: dict[int, PixelCorpusManifest]) -> None:
    """An XA run whose patient lines are on its first frames only: every PHI string is drawn in one leading
    run of frames, and its glyphs are gone from the last frame."""
    run = next(f for f in editions[2].files if f.kind == "xa_run")
    phi = [t for t in run.texts if t.phi]
    shown = {t.frames for t in phi}
    assert len(shown) == 1 and () not in shown
    first = shown.pop()
    assert first[0] == 0 and len(first) < run.frames
    _, frames = _read(editions[2], run)
    for text in phi:
        glyphs = text.glyphs(run.rows, run.columns)
        assert np.abs(frames[0][glyphs] - frames[-1][glyphs]).mean() > 20  # drawn in the first, gone in the last


@pytest.mark.skipif(shutil.which("dciodvfy") is None, reason="dicom3tools' dciodvfy is not installed")
def test_every_file_conforms_to_its_iod(corpus: PixelCorpusManifest) -> None:
    """dciodvfy finds no error in any file (the attributes its IOD requires are all there); warnings are fine."""
    for truth in corpus.files:
        report = subprocess.run(["dciodvfy", str(corpus.root / truth.path)], capture_output=True, text=True,
                                check=False)
        errors = [line for line in (report.stdout + report.stderr).splitlines() if line.startswith("Error")]
        assert not errors, f"{truth.path}: {errors}"


def test_manifest_reads_back(corpus: PixelCorpusManifest) -> None:
    """The saved manifest loads back to the same truth, turned strings included."""
    again = load(corpus.root)
    assert [asdict(f) for f in again.files] == [asdict(f) for f in corpus.files]
    turned = next(t for f in again.files for t in f.texts if t.turns)
    assert isinstance(turned, ScreenText) and isinstance(turned.turns[0], tuple)


def test_generation_repeats(tmp_path: Path, corpus: PixelCorpusManifest) -> None:
    """The same seed writes the same pixels."""
    again = generate(SEED, 3, tmp_path, _edition(corpus))
    assert [f.pixel_hash for f in again.files] == [f.pixel_hash for f in corpus.files[:3]]
