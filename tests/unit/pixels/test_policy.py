"""The profile's `pixels` section: defaults, validation messages (file and line), region rules."""
from __future__ import annotations

import pytest

from app.pixels.regions import rule_matches
from app.profiles import ProfileError, ProfileLibrary
from app.profiles.schema import PixelPolicy, RegionRule

BASE = "name: bad\nversion: 1\ndescription: x\npixels:\n"


def test_defaults_and_a_full_section():
    assert PixelPolicy.model_validate({}) == PixelPolicy()
    policy = PixelPolicy.model_validate({
        "clean": True, "scan": "all", "redact": "all_text", "margin": 5, "known_regions": False, "verify": True,
        "regions": [{"when": {"Manufacturer": "ACME", "Rows": 480}, "boxes": [[0, 0, 640, 48]]}],
    })
    assert policy.clean and policy.scan == "all" and policy.margin == 5
    assert policy.regions == (RegionRule(when={"Manufacturer": "ACME", "Rows": 480}, boxes=((0, 0, 640, 48),)),)


@pytest.mark.parametrize("section,line,message", [
    ("  scan: sometimes\n", 5, "pixels.scan: Input should be 'at_risk', 'all' or 'none'"),
    ("  margin: -1\n", 5, "pixels.margin: Input should be greater than or equal to 0"),
    ("  clean: 'yes'\n", 5, "pixels.clean: Input should be a valid boolean"),
    ("  colour: 1\n", 5, "pixels.colour: Extra inputs are not permitted"),
    ("  regions:\n    - when: {Modality: US}\n      boxes: [[10, 10, 5, 20]]\n", 7,
     "pixels.regions.0.boxes: boxes must be [x0, y0, x1, y1] with x0 < x1 and y0 < y1"),
    ("  regions:\n    - boxes: [[0, 0, 5, 5]]\n", 6, "pixels.regions.0.when: Field required"),
    ("  regions:\n    - when: {Modality: true}\n      boxes: [[0, 0, 5, 5]]\n", 6, "pixels.regions.0.when.Modality"),
])
def test_bad_sections_say_what_is_wrong_and_where(tmp_path, section, line, message):
    (tmp_path / "bad.yaml").write_text(BASE + section)
    with pytest.raises(ProfileError) as error:
        ProfileLibrary(tmp_path).get("bad")
    assert f"bad.yaml:{line}: {message}" in str(error.value)


def test_region_rules_match_strings_case_insensitively_and_numbers_exactly():
    rule = RegionRule(when={"Manufacturer": "acme", "Rows": 480}, boxes=((0, 0, 10, 10),))
    assert rule_matches(rule, {"Manufacturer": "ACME ", "Rows": 480})
    assert not rule_matches(rule, {"Manufacturer": "ACME", "Rows": 512})
    assert not rule_matches(rule, {"Rows": 480})
