"""A name or place found once in a report is found wherever the report repeats it.

Notes name a relative or a hospital once where a cue stands by ("daughter Ilvesa", "transferred
to GH") and later alone ("ask to page Ilvesa", "came to gh"). After every recognizer, each word of a
found name, institution or place that is in no English or clinical list (a Census name that is no
English word, or a word in no list) is found at its other mentions in the same report too; and an
institution's name of two or more words, its head aside ("Larkspur Ridge" of "Larkspur Ridge Medical-Legal
Center"), is found wherever the report repeats it in Title case or capitals ("LARKSPUR RIDGE", "Larkspur Ridge's"),
English words and all; and a found institution of three words or more is found where its initials stand in capitals
("SBMH" of "St. Brendan Mercy Hospital", "IOSM" of "Ironbridge Orthopaedics & Sports Medicine").
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

import regex
from presidio_analyzer import RecognizerResult

from .recognizers._gazetteer import misspells_english
from .recognizers._institutions import GENERIC_WORDS, REPORT_ACRONYMS, is_facility_word
from .recognizers._names import NOT_INITIALS, after_eponym_lead, followed_by_eponym_noun
from .recognizers._tokens import AMBIGUOUS, NAME, UNKNOWN, Token, tokens
from .recognizers.field_value import generic_places
from .words import first_word, word_index

_KINDS = frozenset({"PERSON", "ORGANIZATION", "ADDRESS"})
SCORE = 0.5
_METADATA = {RecognizerResult.RECOGNIZER_NAME_KEY: "RepeatedMention"}


def add_repeated_mentions(text: str, results: list[RecognizerResult]) -> None:
    """Append a result for every other mention of a distinctive word of a found name, institution or place, and of
    a found institution's name."""
    found = [(r.start, r.end, r.entity_type) for r in results if r.entity_type in _KINDS]
    if not found:
        return
    institutions = [(start, end) for start, end, kind in found if kind == "ORGANIZATION"]
    _add_institution_names(text, results, institutions)
    _add_institution_initials(text, results, institutions)
    words = tokens(text)
    starts = [token.start for token in words]
    kinds: dict[str, str] = {}
    forms: set[str] = set()
    title_only: set[str] = set()  # family names that are English words, found in capitals beside a given name
    for start, end, kind in found:
        family_in_capitals = _family_in_capitals(text[start:end], kind)
        for token in words[bisect_left(starts, start):bisect_left(starts, end)]:
            if token.end > end:
                continue
            if (family_in_capitals and token.upper and token.kind == AMBIGUOUS and not token.clinical
                    and len(token.word) >= 4):
                # "STONE, Avery" on the label line is a name; "Stone" mid-sentence is then hers, "stone" is not.
                title_only.add(token.word.capitalize())
            elif _distinctive(token, kind, family_in_capitals):
                kinds.setdefault(token.word.lower(), kind)
                forms.add(token.word)
                if family_in_capitals and token.upper:
                    forms.add(token.word.capitalize())  # "ROSSBACH, Ilse" on the label line, "Rossbach" in the text
    for word in title_only:
        kinds.setdefault(word.lower(), "PERSON")
    if not kinds:
        return
    taken = sorted((r.start, r.end) for r in results)
    taken_starts = [start for start, _ in taken]
    index = word_index(text)
    for word, kind in kinds.items():
        for start, end in index.get(word, ()):
            mention = text[start:end]
            if mention in title_only:
                if _opens_sentence(text, start) or followed_by_eponym_noun(text, end) or after_eponym_lead(text, start):
                    continue  # a capital there says nothing; "Murphy sign" is no person
            elif not (mention in forms or mention.isupper()):
                continue  # written as found (a family name in capitals also in Title case), or in capitals ("Spina
                # Bifida Clinic" is no "spina bifida")
            i = bisect_right(taken_starts, start) - 1
            if i >= 0 and start < taken[i][1]:
                continue  # already inside a result
            results.append(RecognizerResult(kind, start, end, SCORE, recognition_metadata=dict(_METADATA)))


def _distinctive(token: Token, kind: str, family_in_capitals: bool = False) -> bool:
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
    # A family name in capitals beside a given name in Title case counts as capitalised ("ROSSBACH, Ilse").
    capitalised = token.capitalised or family_in_capitals and token.upper
    return len(word) >= 4 and (token.kind == NAME or capitalised and not misspells_english(word))


def _family_in_capitals(name: str, kind: str) -> bool:
    """Whether a found name writes its family name in capitals before a given name in Title case ("ROSSBACH, Ilse")."""
    return kind == "PERSON" and "," in name and any(c.islower() for c in name)


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` opens a line or a sentence."""
    before = text[max(0, start - 3):start].rstrip(" \t")
    return not before or before.endswith(("\n", ".", ":", "!", "?"))


_NAME_WORD = regex.compile(r"[\p{L}][\p{L}'’.-]*")
_JOINERS = frozenset("of the and & de des du la".split())


def _add_institution_names(text: str, results: list[RecognizerResult], found: list[tuple[int, int]]) -> None:
    """Append a result for every other mention, in Title case or capitals, of a found institution's name of two or
    more words without its head ("Larkspur Ridge" of "Larkspur Ridge Medical Center")."""
    index = word_index(text)
    names = set()
    for start, end in found:
        if text[start:end].isupper():
            continue  # in capitals a note's words run into a name found there ("HOUSE STAFF", "ADVANCE DIRECTIVES")
        if len(index.get(first_word(text[start:end]), ())) < 2:
            continue  # the name's first word stands nowhere else
        words = list(_NAME_WORD.finditer(text, start, end))
        while words and (is_facility_word(words[-1].group().rstrip(".")) or words[-1].group().lower() in _JOINERS
                         or words[-1].group().isupper() and len(words) > 2):
            words.pop()  # the head and an acronym of its kind after the name ("MLC", "PC") say which kind, not which
        if len(words) >= 2 and not all(w.group().lower() in GENERIC_WORDS or w.group().lower() in _JOINERS
                                       for w in words):
            names.add(" ".join(text[words[0].start():words[-1].end()].split()))
    for name in names:
        parts = name.lower().split()
        for start, _ in index.get(first_word(parts[0]), ()):
            end = _phrase_end(text, start, parts)
            if end is None or any(r.start <= start and end <= r.end for r in results):
                continue
            written = text[start:end]
            if " ".join(written.split()) != name and not written.isupper():
                continue  # "north country" in a sentence is no "North Country Imaging"
            results.append(RecognizerResult("ORGANIZATION", start, end, SCORE, recognition_metadata=dict(_METADATA)))


def _add_institution_initials(text: str, results: list[RecognizerResult], found: list[tuple[int, int]]) -> None:
    """Append a result for every mention in capitals of the initials of a found institution of three words or more,
    unless they spell a report's acronym ("PET", "MRI")."""
    index = word_index(text)
    taken = [(r.start, r.end) for r in results]
    for start, end in found:
        words = [w for w in _NAME_WORD.findall(text, start, end) if w.lower() not in _JOINERS]
        initials = "".join(w[0] for w in words).upper()
        if len(words) < 3 or initials.lower() in REPORT_ACRONYMS or NOT_INITIALS.fullmatch(initials):
            continue
        for at, until in index.get(initials.lower(), ()):
            if text[at:until] == initials and not any(s <= at and until <= e for s, e in taken):
                results.append(RecognizerResult("ORGANIZATION", at, until, SCORE, recognition_metadata=dict(_METADATA)))
                taken.append((at, until))


def _phrase_end(text: str, start: int, parts: list[str]) -> int | None:
    """Where the words `parts` (lower case) end when they stand at `start`, parted by blanks, or None."""
    end = start
    for i, part in enumerate(parts):
        if i:
            gap = end
            while end < len(text) and text[end] in " \t":
                end += 1
            if end == gap:
                return None
        if text[end:end + len(part)].lower() != part:
            return None
        end += len(part)
    return None if end < len(text) and text[end].isalnum() else end
