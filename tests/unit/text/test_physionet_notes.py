"""Real ICU nursing notes with gold PHI (the PhysioNet deid corpus, GPL, not shipped): recall and over-redaction.

Set CLEANROOM_PHYSIONET_DEID to the folder holding id.text and id-phi.phrase; without it these tests skip.
The floors are the figures measured on each half (odd patients were looked at while tuning, even
patients only scored), so a change that loses recall or redacts more ordinary note text fails here.
Of the issue's bars (recall >= 95 %, <= 25 % off gold) both halves meet the second, neither the first yet.
"""
import os
from pathlib import Path

import pytest

from app.identity import IdentityKeys
from app.profiles import ProfileLibrary
from app.text.engine import ReportDeidentifier
from tests.synth.physionet import off_gold, physionet_reports, tuned_on
from tests.synth.text_eval import score

ROOT = Path(__file__).resolve().parents[3]
FOLDER = Path(os.environ.get("CLEANROOM_PHYSIONET_DEID", "/nonexistent"))
# (minimum recall, maximum share of non-time entities off gold), as measured.
FLOORS = {True: (0.949, 0.14), False: (0.876, 0.24)}

pytestmark = pytest.mark.skipif(not (FOLDER / "id.text").is_file(),
                                reason="PhysioNet deid corpus not present (set CLEANROOM_PHYSIONET_DEID)")


@pytest.fixture(scope="module")
def scored():
    notes, years = physionet_reports(FOLDER)
    engine = ReportDeidentifier(ProfileLibrary(ROOT / "profiles").get("basic"), IdentityKeys(b"u" * 32, b"p" * 32,
                                                                                          b"d" * 32))
    predictions = {n["id"]: [e.as_dict() for e in engine.analyze(n["text"])] for n in notes}
    return notes, years, predictions


@pytest.mark.parametrize("tuned", [True, False], ids=["odd patients (tuned on)", "even patients (held out)"])
def test_recall_and_over_redaction_hold(scored, tuned):
    notes, years, predictions = scored
    half = [n for n in notes if tuned_on(n["id"]) == tuned]
    recall = score(half, {n["id"]: predictions[n["id"]] for n in half}).recall
    off, total = off_gold(half, predictions, years)
    minimum_recall, maximum_off = FLOORS[tuned]
    assert recall >= minimum_recall
    assert off / total <= maximum_off
