"""Compile a profile's `dicom` section into a Policy: one concrete action per tag, fast to look up."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache

from pydicom.datadict import dictionary_VR, keyword_for_tag, tag_for_keyword

from ..profiles import Profile, ProfileError
from ..profiles.schema import TAG_PATTERN
from .action_table import DATA_DIR, STANDARD, load_action_table, load_safe_private

PSEUDONYM = "P"  # internal action: write the patient pseudonym
_REQUIREMENTS = json.loads((DATA_DIR / "iod_requirements.json").read_text())
TYPE1_SOMEWHERE = frozenset(tag_for_keyword(k) for k in _REQUIREMENTS["type1_somewhere"])
TYPE2_SOMEWHERE = frozenset(tag_for_keyword(k) for k in _REQUIREMENTS["type2_somewhere"])
TYPE2_ONLY_IN = {tag_for_keyword(k): tuple(v) for k, v in _REQUIREMENTS["type2_only_in"].items()}
TYPE1_ONLY_IN = {tag_for_keyword(k): tuple(v) for k, v in _REQUIREMENTS["type1_only_in"].items()}
ALLOW_LIST_CORE = frozenset(tag_for_keyword(k) for k in _REQUIREMENTS["allow_list_core"])


def concrete_action(code: str, tag: int) -> str:
    """Turn a PS3.15 code, possibly combined (X/Z, X/D, Z/D, X/Z/D, X/Z/U*), into one action."""
    if "/" not in code:
        # Removing an attribute some IOD requires (Type 2) breaks it; empty reveals as little, and where the IOD
        # needs a value (Presentation Creation Date, Type 1, which PS3.15 says to remove) a dummy does.
        if code == "X" and tag in TYPE1_SOMEWHERE:
            return "D"
        return "Z" if code == "X" and tag in TYPE2_SOMEWHERE else code
    parts = code.split("/")
    if "U*" in parts:
        # PS3.15 E.1.1: U* — the sequence stays and the UIDs inside it are remapped by their own rows.
        return "K"
    # Combined codes mean "the least removal that keeps the IOD valid": D only where some IOD needs a value.
    # Elsewhere an empty value (Z) is conformant whether the attribute is Type 2 or 3, and reveals nothing,
    # so X/D becomes Z too: plain X would break Type 2 attributes such as RT Plan Date.
    if "D" in parts and tag in TYPE1_SOMEWHERE:
        return "D"
    if "X" in parts and tag not in TYPE2_SOMEWHERE and vr_of(tag) == "SQ":
        # A Type 3 sequence left with no items breaks its module ("one or more Items shall be included").
        return "X"
    return "Z"


@dataclass(frozen=True)
class ExplainedAttribute:
    """One line of `profiles show`: what happens to an attribute and why."""

    tag: str
    keyword: str
    name: str
    standard_action: str
    action: str
    source: str


class Policy:
    """A profile's header rules, resolved into a tag → action map plus the explicit policies."""

    def __init__(self, profile: Profile):
        self.profile = profile
        section = profile.document.dicom
        self.section = section
        self.options = frozenset(section.options)
        self.table = load_action_table()
        self.safe_private = load_safe_private() if section.private_tags == "keep_safe" else None
        self.pseudonym_prefix = section.pseudonym.prefix
        self.date_mode = section.dates.mode
        self.shift_range = tuple(section.dates.shift_days)
        self.cap_ages = section.ages_over_89 == "cap"
        self.accept_burned_in = section.burned_in_text == "accept"
        self.clean_pixels = profile.document.pixels.clean  # named in the method codes (PS3.16 CID 7050)
        self.overrides = self._compile_overrides()
        self.exact: dict[int, str] = {
            tag: concrete_action(code, tag) for tag, code in self.table.resolved(self.options).items()
        }
        self.exact.update(self.overrides)
        self._pattern = self.table.resolver(self.options)
        self.allow_list = None
        if section.default == "allow_list":
            self.allow_list = ALLOW_LIST_CORE | {self._tag(k, "keep") for k in section.keep}
        self.actions = Resolved(self._resolve)

    def needs_value(self, tag: int) -> bool:
        """Return whether the Basic Profile would put a dummy here (an IOD needs a value)."""
        return tag in TYPE1_SOMEWHERE or concrete_action(self.table.action_for(tag, frozenset()) or "K", tag) == "D"

    def action(self, tag: int) -> str | None:
        """Return the concrete action for a standard tag, or None to keep it unchanged."""
        return self.actions[tag]

    def _resolve(self, tag: int) -> str | None:
        action = self.exact.get(tag)
        if action is not None:
            return action
        group = tag >> 16
        if (group & 0xFF00) in (0x5000, 0x6000):
            code = self._pattern(tag)
            if code is not None:
                return concrete_action(code, tag)
        if self.allow_list is not None and tag not in self.allow_list:
            return "X"
        return None

    @cached_property
    def cleans_text(self) -> bool:
        """Whether some attribute is cleaned (C): only then does free text go through the report-text engine."""
        return "C" in self.exact.values()

    @cached_property
    def code_meanings(self) -> list[tuple[str, str]]:
        """Return the CID 7050 (code, meaning) pairs for this profile's options, Basic Profile first."""
        from .method import option_codes

        return option_codes(self.options, self.clean_pixels)

    def explain(self) -> list[ExplainedAttribute]:
        """Return every table row and override with its resolved action and where it comes from."""
        rows = []
        for rule in self.table.entries():
            tag = int(rule.tag, 16) if not rule.is_pattern else None
            code, source = rule.resolve(self.options)
            action = concrete_action(code, tag or 0)
            if tag in self.overrides:
                action, source = self.overrides[tag], "override"
                if action == PSEUDONYM:
                    source = "pseudonym"
            rows.append(ExplainedAttribute(rule.display_tag, rule.keyword, rule.name, rule.basic,
                                           describe_action(action), source if source != STANDARD else "standard"))
        listed = {int(r.tag, 16) for r in self.table.entries() if not r.is_pattern}
        for tag, action in sorted(self.overrides.items()):
            if tag not in listed:
                rows.append(ExplainedAttribute(f"({tag >> 16:04X},{tag & 0xFFFF:04X})", keyword_for_tag(tag) or "",
                                               "", "-", describe_action(action), "override"))
        return rows

    def _compile_overrides(self) -> dict[int, str]:
        overrides = {}
        for key, action in self.section.overrides.items():
            tag = self._tag(key, "overrides")
            # PS3.15 Z allows a dummy instead of an empty value: an attribute some IOD needs a value for
            # (Device Serial Number in Enhanced General Equipment) gets one, as the Basic Profile gives it;
            # removing it would break that IOD the same way.
            overrides[tag] = "D" if action in ("Z", "X") and tag in TYPE1_SOMEWHERE else action
        for keyword in self.section.pseudonym.attributes:
            overrides[self._tag(keyword, "pseudonym.attributes")] = PSEUDONYM
        return overrides

    def _tag(self, key: str, where: str) -> int:
        match = TAG_PATTERN.match(key)
        tag = int(match.group(1) + match.group(2), 16) if match else tag_for_keyword(key)
        if tag is None:
            raise ProfileError(f"{self.profile.source}: dicom.{where}: {key!r} is not a DICOM keyword")
        if (tag >> 16) & 1:
            raise ProfileError(f"{self.profile.source}: dicom.{where}: {key} is a private tag; "
                               "private attributes follow private_tags and the safe private list")
        return tag


class Resolved(dict):
    """Tag -> what a function gives it (a concrete action, how the walk treats the tag), worked out on first use:
    the engine looks up every element of every file."""

    MAX_TAGS = 65536  # a hostile file's many odd tags must not grow it forever

    def __init__(self, resolve):
        super().__init__()
        self._resolve = resolve

    def __missing__(self, tag: int) -> str | None:
        action = self._resolve(tag)
        if len(self) < self.MAX_TAGS:
            self[tag] = action
        return action


def describe_action(action: str) -> str:
    """Return a concrete action as the profile page shows it, e.g. "X remove"."""
    return {"X": "X remove", "Z": "Z empty", "D": "D dummy", "K": "K keep", "C": "C clean", "U": "U remap UID",
            PSEUDONYM: "P pseudonym"}.get(action, action)


def needless_empty_sequences(ds, sop_class: str) -> list[int]:
    """Return the top-level sequences left with no items that this file's IOD does not require (Type 3 here).

    An emptied Type 3 sequence breaks its module ("one or more Items shall be included"); where the
    IOD makes it Type 2 (e.g. SR document series) it must stay, empty.
    """
    present = ds.keys()  # looked up in directly: a scanned data set's `in` is a Python call
    return [tag for tag, prefixes in TYPE2_ONLY_IN.items()
            if tag in present and not _of_iods(sop_class, prefixes) and not ds[tag].value]


def needed_dummies(ds, sop_class: str) -> list[int]:
    """Return the top-level attributes left empty that this file's IOD makes Type 1 (Type 3 elsewhere)."""
    present = ds.keys()
    return [tag for tag, prefixes in TYPE1_ONLY_IN.items()
            if tag in present and _of_iods(sop_class, prefixes) and not ds[tag].value]


def _of_iods(sop_class: str, prefixes: tuple[str, ...]) -> bool:
    """Whether a SOP class is one of the IODs whose SOP class UIDs start with one of `prefixes`."""
    return any(sop_class == p or sop_class.startswith(p + ".") for p in prefixes)


@lru_cache(maxsize=16384)
def vr_of(tag: int) -> str:
    """Return the dictionary VR of a standard tag ('UN' when unknown); looked up for every implicit VR element."""
    try:
        return dictionary_VR(tag)
    except KeyError:
        return "UN"
