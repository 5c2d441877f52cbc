"""The HIPAA Safe Harbor map is complete and every shipped profile's checklist is computed from its rules."""
from pathlib import Path

import pytest

from app.profiles import ProfileLibrary
from app.profile_review.safe_harbor import OUTCOMES, checklist, load_safe_harbor
from app.profile_review.sample import shape

PROFILES = ProfileLibrary(Path(__file__).resolve().parents[2] / "profiles")


def test_the_map_lists_the_18_identifiers_once_each():
    keys = [item.key for item in load_safe_harbor().identifiers]
    assert keys == [chr(c) for c in range(ord("A"), ord("R") + 1)]


@pytest.mark.parametrize("name", PROFILES.names())
def test_every_profile_gets_an_outcome_for_every_identifier(name):
    items = checklist(PROFILES.get(name))
    assert len(items) == 18 and all(item.outcome in OUTCOMES for item in items)
    by_key = {item.key: item for item in items}
    assert by_key["A"].outcome != "kept"  # names never survive a shipped profile
    assert by_key["O"].outcome == "not covered"  # an honest gap: nothing looks for IP addresses


def test_basic_removes_dates_and_the_limited_data_set_keeps_them():
    dates = {name: {i.key: i for i in checklist(PROFILES.get(name))}["C"] for name in PROFILES.names()}
    assert dates["basic"].outcome != "kept"
    assert all(c.outcome != "kept" for c in dates["basic"].covers)
    assert dates["limited-data-set"].outcome == "kept"
    kept = {c.what for c in dates["limited-data-set"].covers if c.outcome == "kept"}
    assert {"StudyDate", "report text: DATE", "report text: AGE", "PatientAge"} <= kept
    research = {c.what: c for c in dates["research"].covers}
    assert research["StudyDate"].outcome == "replaced" and "shifted" in research["StudyDate"].treatment
    assert research["PatientAge"].treatment == "K keep, over 89 capped at 90"


def test_pixels_follow_the_pixel_policy():
    names = {name: {i.key: i for i in checklist(PROFILES.get(name))}["A"] for name in PROFILES.names()}
    pixels = {name: next(c for c in item.covers if c.what == "burned-in text") for name, item in names.items()}
    assert "quarantined" in pixels["basic"].treatment and "masked" in pixels["research"].treatment


@pytest.mark.parametrize("value,expected", [("Doe^Jane", "Xxx^Xxxx"), ("20200131", "99999999"),
                                            ("(617) 555-0101", "(999) 999-9999"), ("", "")])
def test_a_shape_keeps_length_and_punctuation_only(value, expected):
    assert shape(value) == expected
