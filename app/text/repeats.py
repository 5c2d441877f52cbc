"""A name or place found once in a report is found wherever the report repeats it.

Notes name a relative or a hospital once where a cue stands by ("daughter Suzette", "transferred
to GH") and later alone ("ask to page Suzette", "came to gh"). After every recognizer, each word of a
found name, institution or place that is in no English or clinical list (a Census name that is no
English word, or a word in no list) is found at its other mentions in the same report too.
"""
from __future__ import annotations

from bisect import bisect_right

from presidio_analyzer import RecognizerResult

from .recognizers._gazetteer import misspells_english
from .recognizers._institutions import GENERIC_WORDS, is_facility_word
from .recognizers._tokens import NAME, UNKNOWN, Token, tokens
from .recognizers.field_value import generic_places

_KINDS = frozenset({"PERSON", "ORGANIZATION", "ADDRESS"})
SCORE = 0.5
_METADATA = {RecognizerResult.RECOGNIZER_NAME_KEY: "RepeatedMention"}


def add_repeated_mentions(text: str, results: list[RecognizerResult]) -> None:
    """Append a result for every other mention of a distinctive word of a found name, institution or place."""
    found = sorted((r.start, r.end, r.entity_type) for r in results if r.entity_type in _KINDS)
    if not found:
        return
    words = tokens(text)
    kinds: dict[str, str] = {}
    forms: set[str] = set()
    starts = [start for start, _, _ in found]
    for token in words:
        i = bisect_right(starts, token.start) - 1
        if i >= 0 and token.end <= found[i][1] and _distinctive(token, found[i][2]):
            kinds.setdefault(token.word.lower(), found[i][2])
            forms.add(token.word)
    if not kinds:
        return
    taken = sorted((r.start, r.end) for r in results)
    taken_starts = [start for start, _ in taken]
    for token in words:
        kind = kinds.get(token.word.lower())
        if kind is None or not (token.word in forms or token.word.isupper()):
            continue  # written as found, or in capitals ("Spina Bifida Clinic" is no "spina bifida")
        i = bisect_right(taken_starts, token.start) - 1
        if i >= 0 and token.start < taken[i][1]:
            continue  # already inside a result
        results.append(RecognizerResult(kind, token.start, token.end, SCORE, recognition_metadata=dict(_METADATA)))


def _distinctive(token: Token, kind: str) -> bool:
    """A word that names one person or place wherever it stands: in no English, clinical or care-unit list.

    Acronyms and short unknown words repeat as ward shorthand ("NTG", "SL", "Cx") unless an institution's
    name holds them ("transferred to GH").
    """
    word = token.word.lower()
    if (token.clinical or token.kind not in (NAME, UNKNOWN) or is_facility_word(word) or word in GENERIC_WORDS
            or word in generic_places()):
        return False
    if kind == "ORGANIZATION":
        return len(word) >= 2
    # A Census name that is no English word; a word in no list only capitalised in mixed case ("Certusi", not
    # "PRBC", "zaroxyln") and no slip of the pen.
    return len(word) >= 4 and (token.kind == NAME or token.capitalised and not misspells_english(word))
