"""Labelled reports with their names, places and organisations swapped, to show which finds depend on a list.

`swap_names(reports, mode)` rewrites every word of each gold PERSON, ADDRESS and ORGANIZATION span and
rebuilds the offsets of every gold span and clinical term:

* `invented`: pronounceable words on no list the engine reads (Census names, English dictionaries,
  GeoNames places, drugs, device makers), so only the words' position and shape can find them;
* `english`: common surnames that are also English words (Baker, Young, Rose, Hill...), so a list
  that treats English words as vocabulary cannot tell them from report words.

A span's structure stays: initials, numbers, acronyms of up to three capitals, titles, facility and street
words, states, particles ("of", "the") are kept, so "Dr. A. Okafor" becomes "Dr. A. Brenvolt" and
"Lakeview Imaging Center, 12 Elm Street" becomes "Tarquesh Imaging Center, 12 Mosslan Street". The same word
gets the same stand-in across a set (a name written twice stays written twice) and the case of every letter
run is kept (SMITH -> BRENVOLT, smith -> brenvolt).
"""
from __future__ import annotations

import random
import re
import zlib
from collections.abc import Iterable

import regex

from app.text.recognizers._gazetteer import (device_makers, drug_names, given_names, is_english, listed_place,
                                             misspells_english, surnames)
from app.text.recognizers._institutions import FACILITY_WORDS, GENERIC_WORDS
from app.text.recognizers._names import STRUCTURAL_WORDS
from app.text.recognizers._places import RISKY_SUFFIX, STATE_ABBRS, STATE_NAMES, STREET_SUFFIX
from app.text.recognizers._tokens import VOCABULARY, tokens

SWAPPED_KINDS = frozenset({"PERSON", "ADDRESS", "ORGANIZATION"})
MODES = ("invented", "english")
# Common surnames that are also ordinary English words: the hardest names for a list to claim.
ENGLISH_SURNAMES = tuple("""
Baker Young Brown Rose Hill Green White Black Wood King Bird Stone Frost Snow Marsh Field Lane Bell Cook Fox
Gray Park Hall Hunt Long Little Strong Sharp Swift Wise Love Price Rich Best Major Bishop Church Golden Banks
Mills Rivers Summers Winter Crane Drake Wolf Lamb Hart Page Walker Mason Cooper Hunter Fisher Turner Porter
Miller Carpenter Booth Moody Noble Sterling Joy Hope Grace""".split())
_KEPT = (STRUCTURAL_WORDS | FACILITY_WORDS | GENERIC_WORDS
         | {w.lower() for name in STATE_NAMES for w in name.split()}
         | set("st mt ft saint north south east west n s e w ne nw se sw".split())
         | set("apt ste suite bldg building rm unit floor po box".split())
         | set("van von de del della der den da di du la le ter ten dos das bin ibn al el jr sr ii iii iv".split()))
_STATES = frozenset(STATE_ABBRS)
_STREET_WORD = regex.compile(rf"(?:{STREET_SUFFIX}|{RISKY_SUFFIX})")
_WORD = re.compile(r"[^\W\d_]+")
_ONSETS = ("b", "br", "d", "dr", "f", "g", "gr", "k", "kl", "l", "m", "n", "p", "pr", "r", "s", "st", "t", "tr",
           "v", "z", "sh", "th")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ou", "ea")
_CODAS = ("", "", "n", "l", "r", "s", "m", "nd", "lt", "sh", "rk", "v")


def swap_names(reports: Iterable[dict], mode: str, seed: int = 5) -> list[dict]:
    """Copies of labelled reports whose PERSON, ADDRESS and ORGANIZATION gold words are replaced (see module)."""
    if mode not in MODES:
        raise ValueError(f"unknown swap mode {mode!r}; expected one of {MODES}")
    stand_ins: dict[str, str] = {}
    return [_swap_report(report, mode, seed, stand_ins) for report in reports]


def _swap_report(report: dict, mode: str, seed: int, stand_ins: dict[str, str]) -> dict:
    text = report["text"]
    pieces, swaps, cursor = [], [], 0  # swaps: (old start, old end, new length)
    for span in sorted(report["gold"], key=lambda g: g["start"]):
        if span["type"] not in SWAPPED_KINDS or span["start"] < cursor:
            continue
        swapped = _WORD.sub(lambda m: _stand_in(m.group(), mode, seed, stand_ins), text[span["start"]:span["end"]])
        pieces += [text[cursor:span["start"]], swapped]
        swaps.append((span["start"], span["end"], len(swapped)))
        cursor = span["end"]
    pieces.append(text[cursor:])
    new_text = "".join(pieces)

    def moved(offset: int) -> int:
        shift = 0
        for start, end, length in swaps:
            if end <= offset:
                shift += length - (end - start)
            elif start < offset:  # inside a swapped span: the same distance in, within its new length
                return start + shift + min(offset - start, length)
        return offset + shift

    def relabel(items: list[dict]) -> list[dict]:
        out = []
        for item in items:
            start, end = moved(item["start"]), moved(item["end"])
            out.append({**item, "start": start, "end": end} | ({"text": new_text[start:end]} if "text" in item else {}))
        return out

    return {**report, "text": new_text, "gold": relabel(report["gold"]),
            "clinical_terms": relabel(report.get("clinical_terms", []))}


def _stand_in(word: str, mode: str, seed: int, stand_ins: dict[str, str]) -> str:
    """The word itself when it is structure (see module), else its stand-in in the word's case."""
    lower = word.lower()
    if (len(word) == 1 or lower in _KEPT or word in _STATES or (word.isupper() and len(word) <= 3)
            or _STREET_WORD.fullmatch(word.capitalize())):
        return word
    if lower not in stand_ins:
        rng = random.Random(zlib.crc32(f"{seed}:{mode}:{lower}".encode()))
        taken = set(stand_ins.values())
        candidate = ""
        while not candidate or candidate in taken and mode == "invented":
            candidate = (rng.choice(ENGLISH_SURNAMES).lower() if mode == "english" else _invented(rng))
        stand_ins[lower] = candidate
    return _in_case_of(word, stand_ins[lower])


def _invented(rng: random.Random) -> str:
    """A pronounceable word of two or three syllables on no list the engine reads."""
    while True:
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.choice((2, 2, 3))))
        word += rng.choice(_CODAS)
        if not _listed(word):
            return word


def _listed(word: str) -> bool:
    """Whether a list or the engine's reading of word shapes (clinical endings, shorthand) already claims the word."""
    return (word in surnames() or word in given_names() or is_english(word) or misspells_english(word)
            or listed_place(word) or word in drug_names() or word in device_makers()
            or tokens(word.capitalize())[0].kind == VOCABULARY)


def _in_case_of(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    if model.islower():
        return word
    return word.capitalize()
