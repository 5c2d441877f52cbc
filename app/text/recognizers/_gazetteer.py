"""Public word lists that tell a name or a place from ordinary English, loaded once per process.

- Person names: US Census 1990 surnames (88,799) and given names (5,494), shipped by the `names` package.
- English: the lower-case entries of Webster's Second (web2) and GCIDE, shipped by `english-words`;
  a capitalised word that is also a lower-case English word ("Young", "Price", "Mobile") is
  ambiguous, one that is not ("Okonkwo", "Duluth") is not ordinary language.
- Places: US populated places and counties from GeoNames (data/us_places.txt) and the US states; towns and
  cities of other countries from GeoNames too (data/world_places.txt).
- Countries: GeoNames countries and territories with everyday names (data/countries.txt): no PHI under Safe Harbor.
- Drugs: one-word drug names and brands (data/drug_names.txt), vocabulary that no name list may claim.
- Device makers and models named alone in technique sections (data/device_makers.txt), vocabulary too.

Never the synthetic generator's (Faker's) lists: matching those would only learn the generator.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import names as census_names
from english_words import get_english_words_set

from ._places import STATE_NAMES

DATA = Path(__file__).resolve().parents[1] / "data"
PLACES_PATH = DATA / "us_places.txt"
WORLD_PLACES_PATH = DATA / "world_places.txt"
COUNTRIES_PATH = DATA / "countries.txt"
DRUGS_PATH = DATA / "drug_names.txt"
MAKERS_PATH = DATA / "device_makers.txt"
# Inflections the dictionaries list only in their base form ("updated", "rounds", "drips").
# Irregular verb forms the dictionaries leave out ("BEGAN" is also a Census surname).
_IRREGULAR_FORMS = frozenset({"began", "paid", "woken"})
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ENDINGS = ("s", "es", "ed", "d", "ing", "er", "ers", "ly", "ies", "ied")


def _census(path: str) -> frozenset[str]:
    with open(path, encoding="utf-8") as rows:
        return frozenset(line.split()[0].lower() for line in rows if line.strip())


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Lower-case US Census surnames."""
    return _census(census_names.FILES["last"])


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Lower-case US Census given names (female and male)."""
    return _census(census_names.FILES["first:female"]) | _census(census_names.FILES["first:male"])


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Words that English writes in lower case (so they are ordinary vocabulary, not only names)."""
    return frozenset(w for w in get_english_words_set(["web2", "gcide"], alpha=True) if w.islower())


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def word_list(name: str) -> frozenset[str]:
    """The entries of a plain list in data/ (one a line; lines opening with # are comments)."""
    return frozenset(_lines(DATA / name))


def tagged_lines(name: str) -> list[tuple[str, frozenset[str]]]:
    """The entries of a list in data/ written "text | tags" a line (no tags after a bar: none), in the file's order."""
    entries = []
    for line in _lines(DATA / name):
        if line.strip():
            text, _, tags = line.partition("|")
            entries.append((text.strip(), frozenset(tags.split())))
    return entries


@lru_cache(maxsize=1)
def drug_names() -> frozenset[str]:
    """Lower-case one-word drug names and brands."""
    return frozenset(_lines(DRUGS_PATH))


@lru_cache(maxsize=1)
def device_makers() -> frozenset[str]:
    """Lower-case makers and models of devices, implants and tracers that reports name alone (data/device_makers)."""
    return frozenset(_lines(MAKERS_PATH))


def is_english(word: str) -> bool:
    """Return whether a lower-case word (or its base form) is ordinary English vocabulary."""
    vocabulary = english_words()
    if word in vocabulary or word in _IRREGULAR_FORMS:
        return True
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            base = word[: -len(ending)]
            if base in vocabulary or base + "e" in vocabulary or (ending in ("ies", "ied") and base + "y" in vocabulary):
                return True
    return False


@lru_cache(maxsize=8192)
def misspells_english(word: str) -> bool:
    """Return whether a lower-case word in no English list is one with two letters swapped or one left out ("recieve")."""
    if is_english(word):
        return False
    vocabulary = english_words()
    swapped = (word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1))
    missing = (word[:i] + letter + word[i:] for i in range(len(word) + 1) for letter in _LETTERS)
    # Listed words and their plurals ("precuations"): the full stemming of `is_english` costs too much per candidate.
    return any(candidate in vocabulary or candidate.endswith("s") and candidate[:-1] in vocabulary
               for candidate in (*swapped, *missing))


class PlaceNames(NamedTuple):
    """The place names that start with one word: how many words the longest has, and the names as word tuples."""

    longest: int
    names: frozenset[tuple[str, ...]]


NO_PLACES = PlaceNames(0, frozenset())
PlaceTable = dict[str, PlaceNames]


@lru_cache(maxsize=1)
def places() -> PlaceTable:
    """First word (lower case) -> the US place names starting with it, each as a tuple of lower-case words."""
    return _place_table(_lines(PLACES_PATH) + list(STATE_NAMES))


@lru_cache(maxsize=1)
def world_places() -> PlaceTable:
    """First word (lower case) -> the names of towns and cities outside the US starting with it, as `places`."""
    return _place_table(_lines(WORLD_PLACES_PATH))


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """Lower-case names of countries and territories, their words one blank apart ("el salvador", "korea")."""
    return frozenset(" ".join(_place_words(name)) for name in _lines(COUNTRIES_PATH))


def is_country(place: str) -> bool:
    """Whether words name a country, a territory or one of the United Kingdom's nations."""
    return " ".join(_place_words(place)) in countries()


def _place_words(place: str) -> list[str]:
    """A place name's words, lower case, a hyphen counting as a blank ("Guinea-Bissau", "guinea bissau")."""
    return place.lower().replace("-", " ").split()


def listed_place(place: str) -> bool:
    """Whether capitalised words (or their last word) name a town here or abroad."""
    words = tuple(_place_words(place))
    return any(words in table.get(words[0], NO_PLACES).names or words[-1:] in table.get(words[-1], NO_PLACES).names
               for table in (places(), world_places()))


def _place_table(names: list[str]) -> PlaceTable:
    table: dict[str, set[tuple[str, ...]]] = {}
    for name in names:
        words = tuple(name.lower().replace("-", " ").split())
        if words:
            table.setdefault(words[0], set()).add(words)
    # A set per first word: "west", "san" and "north" each start a few hundred names, looked up, never walked.
    return {first: PlaceNames(max(map(len, group)), frozenset(group)) for first, group in table.items()}
