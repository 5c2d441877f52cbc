"""Real devices' screens with burned-in text (tests/data/dicom-real/burned-in.json): cleaned under research,
released (not quarantined), and no listed string readable where it was, by tesseract or the learned
recogniser (tesseract alone cannot read the Aloka banner even before cleaning)."""
import json
from pathlib import Path

import pydicom
import pytest

from app.pixels import PixelCleaner
from app.profiles import ProfileLibrary
from tests.synth.pixel_eval import recoverable_in_place
from tests.unit.dicom.conftest import PROFILES

from .conftest import roundtrip

DATA = Path(__file__).resolve().parents[2] / "data" / "dicom-real"
TRUTH = json.loads((DATA / "burned-in.json").read_text())["files"]
RESEARCH = ProfileLibrary(PROFILES).get("research").document.pixels


class Burned:
    """One hand-written string and its box."""

    def __init__(self, raw: dict) -> None:
        self.text, self.box = raw["text"], tuple(raw["box"])


@pytest.mark.ocr
@pytest.mark.parametrize("name", sorted(TRUTH))
def test_real_burned_in_text_is_unreadable_after_research_cleaning(name):
    ds = pydicom.dcmread(DATA / "files" / name)
    strings = [Burned(raw) for raw in TRUTH[name]]
    # The regression set is only meaningful if every listed string is readable before cleaning.
    assert recoverable_in_place(ds, strings, learned=True) == [s.text for s in strings]
    outcome = PixelCleaner(RESEARCH).clean(ds)
    assert outcome.status == "cleaned", outcome.reason
    out = roundtrip(ds)
    outcome.edit.apply(out)
    out = roundtrip(out)
    assert out.BurnedInAnnotation == "NO"
    assert recoverable_in_place(out, strings, learned=True) == []
