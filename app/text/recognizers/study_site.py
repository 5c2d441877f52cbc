"""Where a prior study, a record or a copy of the report was made or sent, named with no facility word.

Comparison and history clauses name the outside place a study came from by its short name alone: "CT
from Saltmarsh", "DSA at KRMC", "records requested from Harwick", "the baseline scan was done at Tamsin
Vale", "faxed to Copper Lantern". After "at", "from" or "to" in a clause that speaks of a study, a record or a copy
(data/study_site_cues.txt), a capitalised run that holds a word in no English or clinical list, a
Census name, an acronym that is no clinical one, or an ordinary English word written as a proper noun
mid-sentence is an institution. Clinical words, eponyms before their noun, months, kinds of unit and
generic words ("from Outside Hospital", "at Radiology") are not.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

from presidio_analyzer import RecognizerResult

from ..words import word_index
from ._base import WordRecognizer
from ._gazetteer import misspells_english
from ._institutions import GENERIC_WORDS, UNIT_ACRONYM, institution_extent, is_facility_word
from ._names import NOT_INITIALS, followed_by_eponym_noun, is_non_name_word
from ._tokens import AMBIGUOUS, COMMON_PROPER, INITIAL, NAME, UNKNOWN, VOCABULARY, Token, tokens
from .field_value import generic_places

CUES_PATH = Path(__file__).resolve().parents[1] / "data" / "study_site_cues.txt"
# How far back the clause before "at"/"from" is searched for a cue word: a clause, not a paragraph.
_CLAUSE_REACH = 90
_CLAUSE_END = re.compile(r"[.;!?\n](?:[ \t]|$)|\n")
_LEADS = ("at", "from", "to")
# Words that join the parts of one name ("University of Vermont", "Smith & Jones").
_JOINERS = frozenset("of & and".split())
_MAX_WORDS = 4
# What stands right before a bracketed site: a date, or a word for an institution ("outside facility", "OSH": outside
# hospital).
_BRACKET_LEAD = re.compile(r"(?:(?P<date>\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?)|(?P<word>[A-Za-z][A-Za-z-]*))"
                           r"[ \t]*$")
_BRACKET_CLOSE = re.compile(r"[ \t]*[),]")
_PLACE_WORDS = frozenset({"outside", "osh", "facility"})


@lru_cache(maxsize=1)
def _cues() -> dict[str, frozenset[str]]:
    """Lead word -> the cue words that, earlier in its clause, make what follows it a place; "never" -> words
    that name no place."""
    table: dict[str, set[str]] = {lead: set() for lead in (*_LEADS, "never")}
    for line in CUES_PATH.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            leads, words = line.split(":", 1)
            for lead in leads.split(","):
                table[lead.strip()].update(words.split())
    return {lead: frozenset(words) for lead, words in table.items()}


class StudySiteRecognizer(WordRecognizer):
    """Finds the institution a prior study or a record came from, or a copy went to, named by a proper noun."""

    ENTITY = "ORGANIZATION"

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Return one result per institution named after a study's, a record's or a copy's "at"/"from"/"to", or in
        brackets after a study."""
        index = word_index(text)
        cues = _cues()
        # A lead is worth looking at only if the report holds one of its cue words at all (one look at the index).
        cued = not cues["from"].isdisjoint(index.keys())
        leads = [(start, end, lead) for lead in _LEADS if not cues[lead].isdisjoint(index.keys())
                 for start, end in index.get(lead, ())]
        if not leads and not (cued and "(" in text):
            return []
        words = tokens(text)
        starts = [t.start for t in words]
        results = []
        for start, end, lead in leads:
            if not _cued(text, start, cues[lead]):
                continue
            i = bisect_left(starts, end)
            if i < len(words) and words[i].word.lower() == "the" and text[end:words[i].start].strip(" \t") == "":
                i += 1
            run = _run(text, words, i, end, cues["never"])
            # "REPORT GIVEN TO ...": in capitals a copy's "to" leads to a person or a team as often as a place.
            if run and not (lead == "to" and run[0].one_case):
                found = institution_extent(text, run[0].start, run[-1].end)
                results.append(self.result(*found))
        if cued:
            results.extend(self.result(*found) for found in _bracketed_sites(text, words, starts, cues))
        return results


def _bracketed_sites(text: str, words: tuple[Token, ...], starts: list[int],
                     cues: dict[str, frozenset[str]]) -> list[tuple[int, int]]:
    """Institutions named in brackets after a study's date or a generic place in a study's clause ("Comparison:
    3/2/2021 (Kestrel Vale)", "CT at an outside facility (Tamsin)", "OSH (Wrenfield) CXR"); after a study's name
    brackets describe it ("CT (Dual Energy)")."""
    found = []
    bracket = text.find("(")
    while bracket >= 0:
        lead = _BRACKET_LEAD.search(text, max(0, bracket - 24), bracket)
        if (lead is not None and (lead.group("date") or is_facility_word(lead.group("word"))
                                  or lead.group("word").lower() in _PLACE_WORDS)
                and _cued(text, bracket, cues["from"])):
            i = bisect_left(starts, bracket + 1)
            run = _run(text, words, i, bracket + 1, cues["never"])
            # The name fills the brackets, or a date or a comma follows it there ("(Wrenfield, 1/4/2022)"). Brackets
            # after a study describe it as often ("(Right Upper Quadrant)"), so no word may be report language, and
            # on a line in one case capitals cannot tell a name from a technique ("(MULTIPHASIC)").
            if (run and not run[0].one_case and _BRACKET_CLOSE.match(text, run[-1].end)
                    and not any(is_non_name_word(t.word.lower()) for t in run)):
                found.append((run[0].start, run[-1].end))
        bracket = text.find("(", bracket + 1)
    return found


def _cued(text: str, lead_start: int, cue_words: frozenset[str]) -> bool:
    """Whether the clause before a lead word holds one of its cue words."""
    window_start = max(0, lead_start - _CLAUSE_REACH)
    clause = text[window_start:lead_start]
    ends = list(_CLAUSE_END.finditer(clause))
    if ends:
        clause = clause[ends[-1].end():]
    return not cue_words.isdisjoint(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z-]*", clause))


def _run(text: str, words: tuple[Token, ...], i: int, lead_end: int, never: frozenset[str]) -> list[Token]:
    """The capitalised words right after a lead that name one place, or nothing."""
    if i >= len(words) or text[lead_end:words[i].start].strip(" \t"):
        return []  # a number, a bracket or a line break comes first
    run: list[Token] = []
    previous_end = -1
    while i < len(words) and len(run) < _MAX_WORDS:
        token = words[i]
        # One blank (or a hyphen) apart on one line; "of" and "&" join capitals ("University of Vermont").
        if previous_end >= 0 and text[previous_end:token.start] not in (" ", "-", " & "):
            break
        previous_end = token.end
        i += 1
        if run and token.word.lower() in _JOINERS:
            continue
        if not _proper(token) or token.word.lower() in never:
            break
        run.append(token)
    while run and not _distinctive(run[-1]) and not is_facility_word(run[-1].word):
        run.pop()
    if not run or not any(_distinctive(t) for t in run) or followed_by_eponym_noun(text, run[-1].end):
        return []
    return run


def _proper(token: Token) -> bool:
    """Whether a word is written as a proper noun (capitalised, or an acronym, or any word of a one-case line)."""
    return token.word[0].isupper() and token.kind != INITIAL


def _distinctive(token: Token) -> bool:
    """Whether a word says which place: not clinical, generic, a kind of unit, a month or a people's name."""
    word, lower = token.word, token.word.lower().removesuffix("'s").removesuffix("’s")
    if (token.clinical or lower in GENERIC_WORDS or lower in generic_places() or lower in COMMON_PROPER
            or is_facility_word(lower) or UNIT_ACRONYM.fullmatch(word) or NOT_INITIALS.fullmatch(word.upper())):
        return False
    if token.one_case:
        # In one case capitals say nothing: a Census name or a word in no list that is no slip of the pen.
        # Notes in capitals abbreviate freely ("AT HS", "FROM ABD"): three letters or fewer say nothing there.
        return len(word) >= 4 and (token.kind == NAME or token.kind == UNKNOWN and not misspells_english(lower))
    if token.upper:
        # "KRMC", "QVMH": an acronym no list holds; shorter ones are as often an abbreviation ("MN", "OH").
        return 4 <= len(word) <= 6 and token.kind != VOCABULARY
    if token.kind in (NAME, UNKNOWN, AMBIGUOUS):
        return True
    # "at Mercy", "faxed to Copper Lantern": an ordinary word capitalised mid-clause, if it is no report language.
    return token.capitalised and not is_non_name_word(lower)
