"""The HIPAA Safe Harbor checklist of a profile: each of the 18 identifiers removed, replaced or kept.

The identifiers and what carries them are data (`data/safe_harbor.yaml`); what happens to each carrier comes
from the engines' own rules: the header policy's compiled action table, the text engine's treatment of an
entity type, the pixel policy. Nothing here decides an action.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field
from pydicom.datadict import tag_for_keyword

from ..dicom.policy import PSEUDONYM, Policy, describe_action, vr_of
from ..text.operators import TAGS, treatment
from ..profiles.loader import Profile

SAFE_HARBOR_PATH = Path(__file__).resolve().parent / "data" / "safe_harbor.yaml"
# From least to most exposed; "not covered" is for an identifier nothing in Cleanroom looks for.
OUTCOMES = ("removed", "replaced", "kept", "not covered")
ACTION_OUTCOME = {"X": "removed", "Z": "removed", "D": "replaced", "U": "replaced", "C": "replaced",
                  PSEUDONYM: "replaced", "K": "kept"}
TEXT_OUTCOME = {"keep": "kept", "shift": "replaced", "surrogate": "replaced", "redact": "removed"}
AGE = tag_for_keyword("PatientAge")


class Identifier(BaseModel):
    """One Safe Harbor identifier and the attributes, text entity types and pixels that can carry it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=r"^[A-R]$")
    name: str
    dicom: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    pixels: bool = False
    note: str | None = None


class SafeHarborMap(BaseModel):
    """The whole data file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    identifiers: tuple[Identifier, ...]


@dataclass(frozen=True)
class Cover:
    """One carrier of an identifier and what the profile does to it."""

    what: str  # "PatientName", "report text: PERSON", "burned-in text"
    treatment: str  # "P pseudonym", "redact as [NAME]", "masked"
    outcome: str  # removed | replaced | kept


@dataclass(frozen=True)
class ChecklistItem:
    """One identifier's line of the checklist: its overall outcome (the worst of its covers) and the covers."""

    key: str
    name: str
    outcome: str
    covers: tuple[Cover, ...]
    note: str | None


@cache
def load_safe_harbor(path: Path = SAFE_HARBOR_PATH) -> SafeHarborMap:
    """Return the identifier map; every keyword must be a DICOM keyword, every entity type one the text engine has."""
    data = SafeHarborMap.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    for item in data.identifiers:
        unknown = [k for k in item.dicom if tag_for_keyword(k) is None] + [t for t in item.text if t not in TAGS]
        if unknown:
            raise ValueError(f"{path.name}: identifier {item.key} names unknown {', '.join(unknown)}")
    return data


def checklist(profile: Profile, identifiers: SafeHarborMap | None = None) -> list[ChecklistItem]:
    """Return, for each identifier, what the profile does to everything that can carry it."""
    policy = Policy(profile)
    text = profile.document.text
    dicom = profile.document.dicom
    items = []
    for identifier in (identifiers or load_safe_harbor()).identifiers:
        covers = [_attribute(policy, keyword) for keyword in identifier.dicom]
        for kind in identifier.text:
            how = treatment(kind, operator=text.operator, date_mode=dicom.dates.mode,
                            keep_ages=dicom.ages_over_89 == "keep")
            shown = f"redact as {TAGS[kind]}" if how == "redact" else how
            covers.append(Cover(f"report text: {kind}", shown, TEXT_OUTCOME[how]))
        if identifier.pixels:
            covers.append(_pixels(policy))
        outcome = max((c.outcome for c in covers), key=OUTCOMES.index, default="not covered")  # the most exposed
        items.append(ChecklistItem(identifier.key, identifier.name, outcome, tuple(covers), identifier.note))
    return items


def _attribute(policy: Policy, keyword: str) -> Cover:
    tag = tag_for_keyword(keyword)
    action = policy.action(tag) or "K"
    if action == "K" and tag == AGE and policy.cap_ages:
        # The header engine keeps the age but writes 90Y for any age over 89 (HIPAA Safe Harbor).
        return Cover(keyword, "K keep, over 89 capped at 90", "replaced")
    if action == "C" and vr_of(tag) in ("DA", "DT") and policy.date_mode == "shift":
        return Cover(keyword, "C shifted by the patient's offset", "replaced")
    return Cover(keyword, describe_action(action), ACTION_OUTCOME[action])


def _pixels(policy: Policy) -> Cover:
    pixels = policy.profile.document.pixels
    if pixels.clean and pixels.scan != "none":
        return Cover("burned-in text", "read by OCR and masked; unproven files quarantined", "removed")
    if not policy.accept_burned_in:
        return Cover("burned-in text", "files at risk of burned-in text quarantined", "removed")
    return Cover("burned-in text", "accepted unread", "kept")
