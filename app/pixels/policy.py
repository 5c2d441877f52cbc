"""What a profile's `pixels` section asks for, validated once."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

SCAN_MODES = ("at_risk", "all", "none")
REDACT_MODES = ("phi", "all_text")
_FIELDS = {"clean", "scan", "redact", "margin", "known_regions", "regions", "verify"}


@dataclass(frozen=True)
class RegionRule:
    """Mask `boxes` (x0, y0, x1, y1 in pixels) in every frame of files whose header matches `when`."""

    when: Mapping[str, str | int]
    boxes: tuple[tuple[int, int, int, int], ...]

    def matches(self, header: Mapping[str, Any]) -> bool:
        """Whether every `when` keyword has the given value (strings compare case-insensitively)."""
        for keyword, wanted in self.when.items():
            value = header.get(keyword)
            if value is None:
                return False
            if isinstance(wanted, int) and not isinstance(wanted, bool):
                try:
                    if int(value) != wanted:
                        return False
                except (TypeError, ValueError):
                    return False
            elif str(value).strip().casefold() != str(wanted).strip().casefold():
                return False
        return True

    @classmethod
    def from_mapping(cls, raw: Any, where: str) -> "RegionRule":
        """Build a rule from profile data; raise ValueError naming `where` when it is malformed."""
        if not isinstance(raw, Mapping) or set(raw) - {"when", "boxes"}:
            raise ValueError(f"{where} must be a mapping with 'when' and 'boxes'")
        when = raw.get("when")
        if not isinstance(when, Mapping) or not when:
            raise ValueError(f"{where}.when must be a non-empty mapping of header keyword to value")
        for keyword, value in when.items():
            if not isinstance(keyword, str) or not isinstance(value, (str, int)) or isinstance(value, bool):
                raise ValueError(f"{where}.when values must be strings or integers")
        boxes = raw.get("boxes")
        if not isinstance(boxes, (list, tuple)) or not boxes:
            raise ValueError(f"{where}.boxes must be a non-empty list of [x0, y0, x1, y1]")
        parsed = []
        for box in boxes:
            if (not isinstance(box, (list, tuple)) or len(box) != 4
                    or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in box)
                    or box[2] <= box[0] or box[3] <= box[1]):
                raise ValueError(f"{where}.boxes entries must be [x0, y0, x1, y1] with 0 <= x0 < x1, 0 <= y0 < y1")
            parsed.append(tuple(box))
        return cls(when=dict(when), boxes=tuple(parsed))


@dataclass(frozen=True)
class PixelPolicy:
    """What the profile's `pixels` section asks for."""

    clean: bool = False  # PS3.15 Clean Pixel Data option: off means detect and quarantine, never alter
    scan: Literal["at_risk", "all", "none"] = "at_risk"
    redact: Literal["phi", "all_text"] = "phi"
    margin: int = 3
    known_regions: bool = True
    regions: tuple[RegionRule, ...] = ()
    verify: bool = True

    @classmethod
    def from_section(cls, section: Mapping[str, Any]) -> "PixelPolicy":
        """Validate a profile's `pixels` mapping; raise ValueError with a clear message."""
        if section is None:
            return cls()
        if not isinstance(section, Mapping):
            raise ValueError("pixels must be a mapping")
        unknown = sorted(set(section) - _FIELDS)
        if unknown:
            raise ValueError(f"pixels has unknown keys: {', '.join(map(str, unknown))}")
        for flag in ("clean", "known_regions", "verify"):
            if flag in section and not isinstance(section[flag], bool):
                raise ValueError(f"pixels.{flag} must be true or false")
        scan = section.get("scan", "at_risk")
        if scan not in SCAN_MODES:
            raise ValueError(f"pixels.scan must be one of {', '.join(SCAN_MODES)}")
        redact = section.get("redact", "phi")
        if redact not in REDACT_MODES:
            raise ValueError(f"pixels.redact must be one of {', '.join(REDACT_MODES)}")
        margin = section.get("margin", 3)
        if not isinstance(margin, int) or isinstance(margin, bool) or not 0 <= margin <= 64:
            raise ValueError("pixels.margin must be an integer from 0 to 64")
        raw_regions = section.get("regions", ())
        if not isinstance(raw_regions, (list, tuple)):
            raise ValueError("pixels.regions must be a list")
        regions = tuple(RegionRule.from_mapping(r, f"pixels.regions[{i}]") for i, r in enumerate(raw_regions))
        return cls(clean=section.get("clean", False), scan=scan, redact=redact, margin=margin,
                   known_regions=section.get("known_regions", True), regions=regions,
                   verify=section.get("verify", True))
