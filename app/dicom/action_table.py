"""The PS3.15 Annex E action table and the Table E.3.10-1 safe private list.

Both are generated data files in ``app/dicom/data`` (``annex_e_actions.json``
from ``scripts/generate_action_table.py``; ``safe_private.json`` records its own
source). This module reads them once, checks them, and indexes them so that
the header engine can ask, for every element of every file, which action the
standard gives under a profile's options. It decides nothing beyond what the
tables say: profile overrides, dummy values and UID mapping live elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import hexdigits
from types import MappingProxyType
from typing import Generic, TypeVar

from ..errors import ConfigError
from ..profiles import ProfileError
from ..profiles.standard import ACTION_TABLE_EDITION, EXCLUSIVE_OPTIONS, OPTIONS

DATA_DIR = Path(__file__).resolve().parent / "data"
ANNEX_E_PATH = DATA_DIR / "annex_e_actions.json"
SAFE_PRIVATE_PATH = DATA_DIR / "safe_private.json"

# PS3.15 Table E.1-1a: every action code the table may use, single and combined.
ACTION_CODES = frozenset({"D", "Z", "X", "K", "C", "U", "Z/D", "X/Z", "X/D", "X/Z/D", "X/Z/U*"})

# The source explain() reports when no enabled option changes the Basic Profile action.
STANDARD = "standard"

# The generated file writes the row "(gggg,eeee) where gggg is odd" with this tag.
PRIVATE_ATTRIBUTES_TAG = "ggggeeee"

# When several enabled options give an action for one attribute, the lowest
# rank wins, ties going to the earlier column. PS3.15 gives no precedence
# between option columns. Clean (C) beats keep (K): both keep the attribute,
# and C says how its value must change. In 2024b the only disagreement is
# Retain Device Identity (K) against Retain Longitudinal Modified Dates (C) on
# device dates such as Date of Last Calibration; kept, such a date (often the
# study day itself) would undo the shift of every other date in the file.
_OPTION_ACTION_RANK = {"C": 0, "K": 1}
_OTHER_ACTION_RANK = 2

V = TypeVar("V")


class ActionTableError(ConfigError):
    """A generated data file is missing, malformed, or names something unknown."""


class OptionError(ProfileError):
    """A set of PS3.15 options has an unknown name or combines exclusive options."""


def validate_options(options: Iterable[str]) -> frozenset[str]:
    """Return the options as a frozenset; raise OptionError for unknown names or exclusive pairs."""
    chosen = frozenset(options)
    unknown = chosen.difference(OPTIONS)
    if unknown:
        raise OptionError(f"unknown PS3.15 option(s): {', '.join(sorted(unknown))}")
    for exclusive in EXCLUSIVE_OPTIONS:
        if exclusive <= chosen:
            raise OptionError(f"options cannot be combined (PS3.15 E.3.6): {' and '.join(sorted(exclusive))}")
    return chosen


@dataclass(frozen=True)
class AttributeRule:
    """One row of PS3.15 Table E.1-1: its tag (or tag pattern) and its actions."""

    tag: str
    keyword: str
    name: str
    in_std_comp_iod: bool
    basic: str
    options: Mapping[str, str]

    @property
    def is_pattern(self) -> bool:
        """Whether the tag stands for many tags (a repeating group or every private tag)."""
        return not all(char in hexdigits for char in self.tag)

    @property
    def display_tag(self) -> str:
        """Return the tag as the standard writes it, e.g. "(0008,0050)" or "(60XX,3000)"."""
        if self.tag == PRIVATE_ATTRIBUTES_TAG:
            return "(gggg,eeee) where gggg is odd"
        return f"({self.tag[:4]},{self.tag[4:]})".upper()

    def resolve(self, options: frozenset[str]) -> tuple[str, str]:
        """Return (action, source) under the enabled options; source is "standard" or an option name."""
        chosen: tuple[str, str] | None = None
        for option in OPTIONS:
            code = self.options.get(option)
            if code is None or option not in options:
                continue
            # PS3.15 E.1.1: an enabled option's action replaces the Basic Profile action.
            if chosen is None or _rank(code) < _rank(chosen[0]):
                chosen = (code, option)
        return chosen if chosen is not None else (self.basic, STANDARD)


def _rank(code: str) -> int:
    return _OPTION_ACTION_RANK.get(code, _OTHER_ACTION_RANK)


@dataclass(frozen=True)
class _TagIndex(Generic[V]):
    """Values keyed by tag: exact tags, repeating groups, and the private row."""

    exact: Mapping[int, V]
    # Group high byte (0x50, 0x60) -> element (None for any element) -> value.
    repeating: Mapping[int, Mapping[int | None, V]]
    private: V | None

    def get(self, tag: int) -> V | None:
        """Return the value for a tag, or None when the table does not list it."""
        value = self.exact.get(tag)
        if value is not None:
            return value
        group = tag >> 16
        if group & 1:
            # PS3.5 7.8.1: odd groups hold Private Data Elements, all covered by one row.
            return self.private
        # PS3.5 7.6: repeating groups are the even groups gg00-ggFE; odd ones returned above.
        family = self.repeating.get(group >> 8)
        if family is None:
            return None
        value = family.get(tag & 0xFFFF)
        return value if value is not None else family.get(None)

    def map(self, convert: Callable[[V], str]) -> _TagIndex[str]:
        """Return the same index with every value converted."""
        return _TagIndex(
            exact={tag: convert(value) for tag, value in self.exact.items()},
            repeating={
                high: {element: convert(value) for element, value in family.items()}
                for high, family in self.repeating.items()
            },
            private=None if self.private is None else convert(self.private),
        )


class ActionTable:
    """PS3.15 Table E.1-1, indexed for a fast per-element lookup under a set of options."""

    def __init__(self, document: Mapping, origin: str = "annex_e_actions.json") -> None:
        try:
            self.standard: str = document["standard"]
            self.edition: str = document["edition"]
            self.source: str = document["source"]
            self.option_titles: Mapping[str, str] = MappingProxyType(dict(document["options"]))
            rules = tuple(_rule_from(item, origin) for item in document["attributes"])
        except (KeyError, TypeError) as error:
            raise ActionTableError(f"{origin}: malformed ({error!r})") from error
        if set(self.option_titles) != set(OPTIONS):
            raise ActionTableError(f"{origin}: options {sorted(self.option_titles)} are not {sorted(OPTIONS)}")
        if self.edition != ACTION_TABLE_EDITION:
            raise ActionTableError(f"{origin}: edition {self.edition} is not {ACTION_TABLE_EDITION}, which profile "
                                   "hashes name (app/profiles/standard.py)")
        self._rules = rules
        self._by_keyword = {rule.keyword: rule for rule in rules if rule.keyword}
        self._index = _index_rules(rules, origin)
        self._resolutions: dict[frozenset[str], _TagIndex[str]] = {}

    def __len__(self) -> int:
        return len(self._rules)

    def entries(self) -> Iterator[AttributeRule]:
        """Iterate over every attribute of the table, in tag order."""
        return iter(self._rules)

    def rule_for(self, tag: int) -> AttributeRule | None:
        """Return the row that covers a tag (exactly or by pattern), or None."""
        return self._index.get(tag)

    def rule_for_keyword(self, keyword: str) -> AttributeRule | None:
        """Return the row for a pydicom keyword, or None."""
        return self._by_keyword.get(keyword)

    def resolved(self, options: frozenset[str]) -> Mapping[int, str]:
        """Return the actions of all exact tags under the options (cached, read-only; patterns excluded)."""
        return MappingProxyType(self._resolution(options).exact)

    def resolver(self, options: frozenset[str]) -> Callable[[int], str | None]:
        """Return a function tag -> action under the options, for a hot loop over many elements."""
        return self._resolution(options).get

    def action_for(self, tag: int, options: frozenset[str] = frozenset()) -> str | None:
        """Return the raw action code for a tag under the options, or None when the table does not list it."""
        resolution = self._resolutions.get(options)
        if resolution is None:
            resolution = self._resolution(options)
        return resolution.get(tag)

    def explain(self, tag: int, options: frozenset[str] = frozenset()) -> tuple[str, str] | None:
        """Return (action, source) for a tag: source is "standard" or the option that set the action."""
        rule = self._index.get(tag)
        return None if rule is None else rule.resolve(validate_options(options))

    def _resolution(self, options: frozenset[str]) -> _TagIndex[str]:
        resolution = self._resolutions.get(options)
        if resolution is None:
            enabled = validate_options(options)
            resolution = self._index.map(lambda rule: rule.resolve(enabled)[0])
            self._resolutions[options] = resolution
        return resolution


def _rule_from(item: Mapping, origin: str) -> AttributeRule:
    tag = item["tag"]
    options = dict(item["options"])
    for code in (item["basic"], *options.values()):
        if code not in ACTION_CODES:
            raise ActionTableError(f"{origin}: {tag} has action {code!r}, not one of PS3.15 Table E.1-1a")
    unknown = set(options).difference(OPTIONS)
    if unknown:
        raise ActionTableError(f"{origin}: {tag} names unknown options {sorted(unknown)}")
    return AttributeRule(
        tag=tag,
        keyword=item["keyword"],
        name=item["name"],
        in_std_comp_iod=bool(item["in_std_comp_iod"]),
        basic=item["basic"],
        options=MappingProxyType(options),
    )


def _index_rules(rules: Iterable[AttributeRule], origin: str) -> _TagIndex[AttributeRule]:
    exact: dict[int, AttributeRule] = {}
    repeating: dict[int, dict[int | None, AttributeRule]] = {}
    private: AttributeRule | None = None
    for rule in rules:
        tag = rule.tag
        if tag == PRIVATE_ATTRIBUTES_TAG:
            private = rule
        elif len(tag) == 8 and all(char in hexdigits for char in tag):
            exact[int(tag, 16)] = rule
        elif len(tag) == 8 and tag[2:4] == "xx" and all(char in hexdigits for char in tag[:2]):
            # (ggxx,eeee) or (ggxx,xxxx): a repeating group such as Overlay (60xx) or Curve (50xx).
            element = None if tag[4:] == "xxxx" else int(tag[4:], 16)
            repeating.setdefault(int(tag[:2], 16), {})[element] = rule
        else:
            raise ActionTableError(f"{origin}: tag pattern {tag!r} is not one this loader understands")
    return _TagIndex(exact=exact, repeating=repeating, private=private)


@dataclass(frozen=True)
class SafePrivateAttribute:
    """One row of PS3.15 Table E.3.10-1: a private element known to be safe to retain."""

    creator: str
    group: int
    element: int
    vr: str
    vm: str
    meaning: str

    @property
    def display_tag(self) -> str:
        """Return the data element as the table writes it, e.g. "(0019,xx23)"."""
        return f"({self.group:04X},xx{self.element:02X})"


class SafePrivateList:
    """PS3.15 Table E.3.10-1 Safe Private Attributes, keyed by Private Creator, group and element offset."""

    def __init__(self, document: Mapping, origin: str = "safe_private.json") -> None:
        try:
            self.standard: str = document["standard"]
            self.edition: str = document["edition"]
            self.source: str = document["source"]
            rows = tuple(
                SafePrivateAttribute(
                    creator=_normalise_creator(item["creator"]),
                    group=int(item["group"], 16),
                    element=int(item["element"].removeprefix("xx"), 16),
                    vr=item["vr"],
                    vm=item["vm"],
                    meaning=item["meaning"],
                )
                for item in document["attributes"]
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ActionTableError(f"{origin}: malformed ({error!r})") from error
        for row in rows:
            if not row.group & 1 or not 0 <= row.element <= 0xFF:
                raise ActionTableError(f"{origin}: {row.display_tag} {row.creator!r} is not a private element")
        self._rows = rows
        self._by_key = {(row.creator, row.group, row.element): row for row in rows}

    def __len__(self) -> int:
        return len(self._rows)

    def entries(self) -> Iterator[SafePrivateAttribute]:
        """Iterate over the table's rows in the standard's order."""
        return iter(self._rows)

    def lookup(self, creator: str, group: int, element_low_byte: int) -> SafePrivateAttribute | None:
        """Return the row for a private element, or None when the table does not list it as safe."""
        return self._by_key.get((_normalise_creator(creator), group, element_low_byte))

    def is_safe(self, creator: str, group: int, element_low_byte: int) -> bool:
        """Return whether Table E.3.10-1 lists the element (gggg,xxEE) of this Private Creator as safe."""
        # element_low_byte is EE, the offset within the creator's block; a full
        # element number such as 0x1023 is simply not found (never wrongly safe).
        return (_normalise_creator(creator), group, element_low_byte) in self._by_key


def _normalise_creator(creator: str) -> str:
    # PS3.5 6.2: a Private Creator is an LO value whose leading and trailing
    # spaces are padding; some writers pad with NUL. Case is compared exactly:
    # the table names each creator verbatim, and treating a near-miss as safe
    # would retain an element nobody vetted.
    return creator.strip(" \x00")


def _read_json(path: Path) -> Mapping:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ActionTableError(f"{path.name}: cannot be read ({error})") from error


@cache
def load_action_table(path: Path = ANNEX_E_PATH) -> ActionTable:
    """Return the PS3.15 Table E.1-1 action table, read once per path."""
    return ActionTable(_read_json(path), origin=path.name)


@cache
def load_safe_private(path: Path = SAFE_PRIVATE_PATH) -> SafePrivateList:
    """Return the PS3.15 Table E.3.10-1 safe private list, read once per path."""
    return SafePrivateList(_read_json(path), origin=path.name)
