"""The schema of a profile document (pydantic), with the defaults a reviewer can rely on."""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, field_validator, model_validator

from .standard import OPTIONS

ACTIONS = ("D", "Z", "X", "K", "C", "U")
TAG_PATTERN = re.compile(r"^\(?([0-9A-Fa-f]{4}),?([0-9A-Fa-f]{4})\)?$")
KEYWORD_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


class Strict(BaseModel):
    """Unknown keys are errors: a typo in a profile must never silently weaken it."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class DateSettings(Strict):
    """What happens to dates: removed/dummied per the table, shifted per patient, or kept."""

    mode: Literal["remove", "shift", "keep"] = "remove"
    shift_days: tuple[int, int] = (-3650, -365)

    @field_validator("shift_days")
    @classmethod
    def _range(cls, value: tuple[int, int]) -> tuple[int, int]:
        low, high = value
        if low > high:
            raise ValueError("shift_days must be [low, high] with low <= high")
        if low <= 0 <= high:
            raise ValueError("shift_days must not include 0 (an unshifted date is the real date)")
        if max(abs(low), abs(high)) > 36500:
            raise ValueError("shift_days must stay within 100 years")
        return value


class PseudonymSettings(Strict):
    """How the patient pseudonym is formed and where it is written."""

    prefix: str = Field("CR", pattern=r"^[A-Z0-9]{0,8}$")
    attributes: tuple[str, ...] = ("PatientID", "PatientName")


class DicomSection(Strict):
    """Header de-identification: PS3.15 options, explicit policies and per-attribute overrides."""

    options: tuple[str, ...] = ()
    default: Literal["keep_unlisted", "allow_list"] = "keep_unlisted"
    keep: tuple[str, ...] = ()
    uids: Literal["remap", "keep"] = "remap"
    dates: DateSettings = DateSettings()
    pseudonym: PseudonymSettings = PseudonymSettings()
    private_tags: Literal["remove", "keep_safe"] = "remove"
    ages_over_89: Literal["cap", "keep"] = "cap"
    burned_in_text: Literal["quarantine", "accept"] = "quarantine"
    overrides: dict[str, str] = {}

    @field_validator("options")
    @classmethod
    def _known_options(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [o for o in value if o not in OPTIONS]
        if unknown:
            raise ValueError(f"unknown option(s) {unknown}; known: {', '.join(OPTIONS)}")
        return tuple(sorted(set(value)))

    @field_validator("overrides")
    @classmethod
    def _valid_overrides(cls, value: dict[str, str]) -> dict[str, str]:
        for key, action in value.items():
            if not (TAG_PATTERN.match(key) or KEYWORD_PATTERN.match(key)):
                raise ValueError(f"override key {key!r} must be a keyword or a tag like (0008,0050)")
            if action not in ACTIONS:
                raise ValueError(f"override {key}: action must be one of {', '.join(ACTIONS)}, not {action!r}")
        return value

    @model_validator(mode="after")
    def _policies_agree_with_options(self) -> DicomSection:
        # The explicit policies restate what the options mean, so a reviewer can read either; they must agree.
        opts = set(self.options)
        pairs = [
            ("uids", self.uids == "keep", "retain_uids"),
            ("dates.mode", self.dates.mode == "shift", "retain_long_modified_dates"),
            ("dates.mode", self.dates.mode == "keep", "retain_long_full_dates"),
            ("private_tags", self.private_tags == "keep_safe", "retain_safe_private"),
        ]
        for field, policy_says, option in pairs:
            if policy_says != (option in opts):
                raise ValueError(f"{field} and option {option} disagree: "
                                 f"{'add' if policy_says else 'remove'} the option or change {field}")
        if self.default == "allow_list" and not self.keep:
            raise ValueError("default: allow_list needs a `keep` list of attribute keywords")
        return self


Pixel = Annotated[StrictInt, Field(ge=0)]


class RegionRule(Strict):
    """Mask `boxes` (x0, y0, x1, y1 in pixels) in every frame of files whose header matches `when`."""

    when: dict[str, StrictStr | StrictInt] = Field(min_length=1)  # header keyword -> value
    boxes: tuple[tuple[Pixel, Pixel, Pixel, Pixel], ...] = Field(min_length=1)

    @field_validator("boxes")
    @classmethod
    def _boxes_have_area(cls, value: tuple) -> tuple:
        if any(x1 <= x0 or y1 <= y0 for x0, y0, x1, y1 in value):
            raise ValueError("boxes must be [x0, y0, x1, y1] with x0 < x1 and y0 < y1")
        return value


class PixelPolicy(Strict):
    """Burned-in pixel text (PS3.15 Clean Pixel Data option): what the pixel engine is asked to do."""

    clean: StrictBool = False  # off means detect and quarantine, never alter
    scan: Literal["at_risk", "all", "none"] = "at_risk"
    redact: Literal["phi", "all_text"] = "phi"
    margin: StrictInt = Field(3, ge=0, le=64)
    known_regions: StrictBool = True
    regions: tuple[RegionRule, ...] = ()
    verify: StrictBool = True


class TextSection(Strict):
    """Report and descriptor text de-identification."""

    operator: Literal["redact", "surrogate"] = "redact"


class ProfileDocument(Strict):
    """A whole profile after `extends` is resolved."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")
    version: int = Field(ge=1)
    description: str = Field(min_length=1)
    extends: str | None = None
    dicom: DicomSection = DicomSection()
    pixels: PixelPolicy = PixelPolicy()
    text: TextSection = TextSection()
