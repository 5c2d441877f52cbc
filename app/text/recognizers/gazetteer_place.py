"""Towns, cities, counties and states found from the GeoNames list, with no cue word needed.

"…, 1184 Orchard Hollow Rd, Bozeman; scheduling …", "CT from Mercy Regional (Paducah)": a
capitalised run of words that is a US place is PHI. A place that is also an English word ("Mobile",
"Reading", "Normal") counts only where nothing else could stand: before ", <state>" or alone in
parentheses. On a line written all in one case only places of four or more letters that are no
English word count. A town abroad (GeoNames cities of other countries) counts only after "in", "from",
"near" or "via" mid-sentence, or in brackets ("grew up in Hervey Bay", "flew in via Doha"): the world's
town names take in far more surnames and words than the US list, so they need a cue, and one word of report
language alone never counts.
"""
from __future__ import annotations

from functools import lru_cache

import regex
from presidio_analyzer import RecognizerResult

from ._base import WordRecognizer
from ._gazetteer import NO_PLACES, PlaceTable, is_country, is_english, misspells_english, places, world_places
from ._names import followed_by_eponym_noun, is_non_name_word
from ._places import STATE, STATE_NAMES
from ._tokens import NAME, UNKNOWN, VOCABULARY, Token, tokens

MIN_ONE_CASE = 4
_STATE_AFTER = regex.compile(rf",?[ \t]+{STATE}", regex.VERSION0)
# "in", "from", "near" in the middle of a sentence: a capitalised word after them is a name, not a sentence start.
# After an abbreviation's period the lead word is still mid-sentence ("22 Maple Ave. in Savage").
_LEAD_BEFORE = regex.compile(r"[\p{Ll}.][ \t]+(?:in|from|near)$")
_LEAD_ABROAD = regex.compile(r"\p{Ll}[ \t]+(?:in|from|near|via)$")
# The lead words after any word, number or abbreviation ("the VA in Quorvath", "exposure 2019 in Tarrowind", "19 Riko
# St. in Tarrowind"), but not "via", which leads to devices no list holds as often as to towns ("via Mediport").
_LEAD_UNLISTED = regex.compile(r"[\p{L}\d.][ \t]+(?:in|from|near)$")
# What parts a place from the next in a journey or an address: a comma, "via", "and".
# After a comma a word there must close its clause or lead on to the next place ("Shomeast, Breathoult via ..."), not
# open one ("Boston, Mediport accessed"); "via" leads to transport and devices as often ("via Medflight").
_AFTER_PLACE = regex.compile(r",[ \t]*|[ \t]+(?:and|or|to)[ \t]+")
_CLAUSE_CLOSE = regex.compile(r"[ \t]*(?:[,.;:)]|$|(?:via|in|to|and)(?!\p{L}))", regex.MULTILINE)
_INNER_CAPITAL = regex.compile(r"(?<!^Ma?c)(?<=.)\p{Lu}")
_SEPARATOR = regex.compile(r"[ \t]+|-")
# The list holds counties by their names alone ("Teton"); the word after them belongs to the place.
_COUNTY_WORDS = frozenset("county parish borough".split())
_STATES = frozenset(name.lower() for name in STATE_NAMES)


class GazetteerPlaceRecognizer(WordRecognizer):
    """Finds US place names (GeoNames populated places, counties, states) written as names."""

    ENTITY = "ADDRESS"

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Return one result per place name; a state alone is none (see `_state_alone`)."""
        found = find_places(text)
        return [self.result(start, end) for i, (start, end) in enumerate(found)
                if not _state_alone(text, start, end, found[i - 1][1] if i else -1)]


def _state_alone(text: str, start: int, end: int, previous_end: int) -> bool:
    """Whether a state is named alone ("sister in Ohio"): HIPAA Safe Harbor removes only units smaller than a state,
    so a state is PHI only as part of an address, after a town or a comma ("Dayton, Ohio", "Bel Air Maryland")."""
    if " ".join(text[start:end].lower().split()) not in _STATES:
        return False
    before = text[:start].rstrip(" \t")
    return not before.endswith(",") and not (previous_end >= 0 and not text[previous_end:start].strip(" \t,"))


@lru_cache(maxsize=8)
def find_places(text: str) -> list[tuple[int, int]]:
    """Spans of the place names in `text` (shared with the facility recognizer, so cached)."""
    words = tokens(text)
    table, abroad = places(), world_places()
    found, resume = [], 0
    # Only a word a place name can start with is looked at: capitalised (or on a one-case line) and listed.
    for i, word in enumerate(words):
        if i < resume or not (word.one_case or word.word[0].isupper()):
            continue
        first = word.word.lower().split("-")[0]
        match = _longest(text, words, i, table) if first in table else None
        if match is not None and _plausible(text, words[i:match + 1]):
            match = _with_county(text, words, match)
            found.append((words[i].start, words[match].end))
            resume = match + 1
        elif first in abroad and not word.one_case and (match := _longest(text, words, i, abroad)) is not None:
            if _cued_abroad(text, words[i:match + 1]):
                found.append((words[i].start, words[match].end))
                resume = match + 1
        elif word.kind == UNKNOWN and word.capitalised and (
                match := _unlisted_town(text, words, i, found[-1][1] if found else -1)) is not None:
            found.append((words[i].start, words[match].end))
            resume = match + 1
    return found


def _unlisted_town(text: str, words: tuple[Token, ...], i: int, previous_place: int) -> int | None:
    """The last word of a town no list holds, written in Title case after "in", "from" or "near" mid-sentence
    ("relatives in Quorvath", "called from Tarrowind", "a bar in Zellick County"), or right after a place found
    before it, past a comma, "and", "or" or "to" ("from Tarrowind, Quorvath and Marrowgate"): a capitalised word that is no
    English, clinical, drug or name word is not a safe word, and in that slot it names a place; a country (no PHI
    under Safe Harbor, as a state alone is not) or a word before an eponym's noun is none."""
    word = words[i]
    # A capital inside a word is a product's ("CareVue"), not a town's.
    if len(word.word) < 4 or word.clinical or _INNER_CAPITAL.search(word.word) or misspells_english(word.word.lower()):
        return None
    after_place = previous_place >= 0 and _AFTER_PLACE.fullmatch(text, previous_place, word.start) is not None
    if not after_place and not _ends_with_lead(_LEAD_UNLISTED, text[:word.start].rstrip(" \t")):
        return None
    last = i
    while (last + 1 < len(words) and text[words[last].end:words[last + 1].start] == " "
           and words[last + 1].capitalised and words[last + 1].kind in (UNKNOWN, NAME) and not words[last + 1].clinical):
        last += 1
    last = _with_county(text, words, last)
    if after_place and text[previous_place] == "," and not _CLAUSE_CLOSE.match(text, words[last].end):
        return None
    if is_country(text[word.start:words[last].end]) or followed_by_eponym_noun(text, words[last].end):
        return None
    return last


def _with_county(text: str, words: tuple[Token, ...], last: int) -> int:
    """The place's last word, taking the "County" or "Parish" written after a county's name ("Teton County")."""
    after = last + 1
    if after < len(words) and words[after].word.lower() in _COUNTY_WORDS and text[words[last].end:words[after].start] == " ":
        return after
    return last


def _cued_abroad(text: str, run: tuple[Token, ...]) -> bool:
    """Whether a town abroad is written as a place: Title case after a lead word mid-sentence, or in brackets."""
    if not all(t.word[0].isupper() and not t.clinical for t in run) or followed_by_eponym_noun(text, run[-1].end):
        return False
    if len(run) == 1 and is_non_name_word(run[0].word.lower()):
        return False  # "in Mission", "from Base": report language alone is read as such
    before, after = text[:run[0].start].rstrip(" \t"), text[run[-1].end:]
    return _ends_with_lead(_LEAD_ABROAD, before) or (before.endswith("(") and after.lstrip(" \t").startswith(")"))


def _longest(text: str, words: tuple[Token, ...], i: int, table: PlaceTable) -> int | None:
    """Index of the last word of the longest place name starting at word i, if any."""
    longest, names = table.get(words[i].word.lower().split("-")[0], NO_PLACES)
    if not names:
        return None
    parts = tuple(p for t in words[i:i + longest] for p in t.word.lower().split("-"))
    # Longest first, so "Cedar Rapids" wins over "Cedar": of each length, only the words here themselves can be a name.
    for length in range(min(longest, len(parts)), 0, -1):
        name = parts[:length]
        if name not in names:
            continue
        # Whole words only, and the words of one name sit on one line, one blank (or hyphen) apart.
        count = 0
        consumed = 0
        while consumed < len(name):
            consumed += len(words[i + count].word.split("-"))
            count += 1
        last = i + count - 1
        if consumed == len(name) and all(_SEPARATOR.fullmatch(text[a.end:b.start])
                                          for a, b in zip(words[i:last], words[i + 1:last + 1])):
            return last
    return None


def _plausible(text: str, run: tuple[Token, ...]) -> bool:
    if followed_by_eponym_noun(text, run[-1].end):
        return False
    single = run[0] if len(run) == 1 else None
    ordinary = single is not None and (single.kind == VOCABULARY or single.clinical or is_english(single.word.lower()))
    if run[0].one_case:
        return single is None or (len(single.word) >= MIN_ONE_CASE and not ordinary)
    if not all(t.word[0].isupper() for t in run):
        return False
    if not ordinary:
        return True
    # An English word as a place only where nothing else fits: "Mobile, AL", "(Reading)", "lives in Pueblo".
    before, after = text[:run[0].start].rstrip(" \t"), text[run[-1].end:]
    return (_STATE_AFTER.match(after) is not None or (before.endswith("(") and after.lstrip(" \t").startswith(")"))
            or _ends_with_lead(_LEAD_BEFORE, before))


def _ends_with_lead(lead: regex.Pattern, before: str) -> bool:
    """Whether `lead` (a letter, blanks, a lead word, the end) matches at the end of `before`, the report so far.

    Such a match begins just before the last run of blanks (before a final line break, which the end allows):
    searched from there, not along the whole report.
    """
    line = before[:-1] if before.endswith("\n") else before
    blank = max(line.rfind(" "), line.rfind("\t"))
    return lead.search(before, max(0, len(line[:blank + 1].rstrip(" \t")) - 1)) is not None
