"""Burned-in pixel PHI through `cleanroom deid dicom` and POST /deid/dicom: real files, real tesseract."""
import csv
import json
from io import BytesIO
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.uid import ExplicitVRLittleEndian

from tests.synth.pixel_corpus import generate_pixel_corpus
from tests.synth.pixel_eval import score_pixel_outputs
from tests.conftest import auth
from tests.support.cli import cleanroom


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generate_pixel_corpus(tmp_path_factory.mktemp("pixels") / "src", 10, seed=11)


@pytest.mark.ocr
def test_research_cleans_burned_in_text_and_leaves_text_free_images_alone(services, overrides, corpus, tmp_path):
    dst, link = tmp_path / "out", tmp_path / "link.csv"
    result = cleanroom("deid", "dicom", corpus.root, dst, "--profile", "research", "--link-file", link,
                       "--json", env=overrides)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(summary["reasons"]) <= {"burned_in_text", "not_dicom"}
    outputs = {}
    for row in csv.DictReader(link.open()):
        if row["status"] == "ok":
            relative = Path(row["source_path"]).relative_to(corpus.root).as_posix()
            outputs[relative] = dcmread(row["output_path"])
    assert len(outputs) >= len(corpus.files) // 2
    # Each string is read where it was burned, as the reader does. The bench also reads every whole
    # page; here that took two thirds of the test, most of it on the noisy radiograph, whose page reading
    # makes out none of its strings even before cleaning.
    score = score_pixel_outputs(corpus, outputs, page=False)
    assert score.phi_strings > 0 and score.phi_recovered_in_place == 0, score.recovered_files
    assert score.text_free_unchanged == score.text_free > 0
    assert score.max_changed_outside < 0.05
    for relative, out in outputs.items():
        truth = next(f for f in corpus.files if f.path == relative)
        if truth.has_text and out.get("BurnedInAnnotation") == "NO":
            assert out.file_meta.TransferSyntaxUID == ExplicitVRLittleEndian
            codes = [item.CodeValue for item in out.DeidentificationMethodCodeSequence]
            assert "113101" in codes  # Clean Pixel Data
    everything = result.stdout + result.stderr + link.read_text()
    for truth in corpus.files:
        for phi in truth.phi_strings:
            assert phi not in result.stdout + result.stderr, "a PHI string reached the console"
    assert "Traceback" not in everything


def test_basic_profile_quarantines_instead_of_cleaning(services, overrides, corpus, tmp_path):
    result = cleanroom("deid", "dicom", corpus.root, tmp_path / "out", "--profile", "basic", "--json", env=overrides)
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    at_risk = sum(1 for f in corpus.files if f.has_text)
    assert summary["reasons"].get("pixels_not_cleaned", 0) >= at_risk


@pytest.mark.ocr
def test_api_returns_cleaned_pixels_or_422(client, make_token, corpus):
    token = {**auth(make_token("pipeline")), "Content-Type": "application/dicom"}
    for truth in corpus.files:
        if not truth.has_text:
            continue
        response = client.post("/api/v1/deid/dicom?profile=research", data=(corpus.root / truth.path).read_bytes(),
                               headers=token)
        assert response.status_code in (200, 422)
        if response.status_code == 422:
            assert response.get_json()["error"]["code"] == "burned_in_text"
            continue
        out = dcmread(BytesIO(response.data))
        score = score_pixel_outputs(type(corpus)(corpus.root, corpus.seed, [truth]), {truth.path: out})
        assert score.phi_recovered == score.phi_recovered_in_place == 0
        return
    pytest.fail("no image with burned-in text was released by the API")
