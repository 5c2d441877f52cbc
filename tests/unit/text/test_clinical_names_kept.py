"""Issue #22, over-redaction: clinical language that looks like PHI stays whole. Eponyms before the anatomy or the
classification they name, device makers named alone, clock-face positions and TNM stages.

Sentences written for this file.
"""
import pytest

from .conftest import touched


@pytest.mark.parametrize("text, kept", [
    ("Fluid tracks along Scarpa fascia; the Oddi sphincter is patulous.", ["Scarpa", "Oddi"]),
    ("Prominent Montgomery glands. A Sister Mary Joseph nodule is suspected.", ["Montgomery", "Mary Joseph"]),
    ("Meets Rome IV criteria. Houston valves are thickened. Mayo class II.", ["Rome IV", "Houston", "Mayo"]),
])
def test_eponyms_before_what_they_name_are_kept(engine, text, kept):
    assert touched(engine, text, kept) == []


@pytest.mark.parametrize("text, kept", [
    ("Abbott MitraClip in place. Edwards Sapien 3 valve seated.", ["Abbott", "MitraClip", "Edwards", "Sapien"]),
    ("Arthrex SutureTak anchors. Lantheus Definity 2 mL given.", ["Arthrex", "SutureTak", "Lantheus", "Definity"]),
])
def test_device_makers_and_models_named_alone_are_kept(engine, text, kept):
    assert touched(engine, text, kept) == []


@pytest.mark.parametrize("text, kept", [
    ("Hypoechoic nodule in the thyroid at the 10:30 position; another at 7:00 o'clock.", ["10:30", "7:00"]),
    ("Staging T2N1M0; prior T3N0M0.", ["T2N1M0", "T3N0M0", "Staging"]),
])
def test_positions_and_stages_are_kept(engine, text, kept):
    assert touched(engine, text, kept) == []


def test_a_maker_is_still_a_person_with_a_title(engine):
    text = "Discussed with Dr. Abbott and Mrs. Edwards at 14:10."
    assert touched(engine, text, ["Abbott", "Edwards"]) == ["Abbott", "Edwards"]


def test_a_spaced_canadian_postcode_is_still_found(engine):
    text = "Mailed to 18 Ridgeview Rd, Calgary, AB T2N 1M0."
    assert touched(engine, text, ["T2N 1M0"]) == ["T2N 1M0"]
