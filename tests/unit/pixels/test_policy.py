"""The profile's `pixels` section: defaults, validation messages, region rules."""
from __future__ import annotations

import pytest

from app.pixels import PixelPolicy, RegionRule


def test_defaults_and_a_full_section():
    assert PixelPolicy.from_section({}) == PixelPolicy()
    policy = PixelPolicy.from_section({
        "clean": True, "scan": "all", "redact": "all_text", "margin": 5, "known_regions": False, "verify": True,
        "regions": [{"when": {"Manufacturer": "ACME", "Rows": 480}, "boxes": [[0, 0, 640, 48]]}],
    })
    assert policy.clean and policy.scan == "all" and policy.margin == 5
    assert policy.regions == (RegionRule(when={"Manufacturer": "ACME", "Rows": 480}, boxes=((0, 0, 640, 48),)),)


@pytest.mark.parametrize("section,message", [
    ({"scan": "sometimes"}, "pixels.scan must be one of"),
    ({"margin": -1}, "pixels.margin"),
    ({"clean": "yes"}, "pixels.clean must be true or false"),
    ({"colour": 1}, "unknown keys: colour"),
    ({"regions": [{"when": {"Modality": "US"}, "boxes": [[10, 10, 5, 20]]}]}, "pixels.regions[0].boxes"),
    ({"regions": [{"boxes": [[0, 0, 5, 5]]}]}, "pixels.regions[0].when"),
])
def test_bad_sections_say_what_is_wrong(section, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        PixelPolicy.from_section(section)


def test_region_rules_match_strings_case_insensitively_and_numbers_exactly():
    rule = RegionRule(when={"Manufacturer": "acme", "Rows": 480}, boxes=((0, 0, 10, 10),))
    assert rule.matches({"Manufacturer": "ACME ", "Rows": 480})
    assert not rule.matches({"Manufacturer": "ACME", "Rows": 512})
    assert not rule.matches({"Rows": 480})
