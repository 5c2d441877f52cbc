"""Values of PHI-ish field labels, whatever their shape: "LOC: 3 NORTH", "TRANS: MKT", "LAST4: 4325",
"Address: Rose Cottage, Mill Lane, Tarnby".

The labels are data (`data/field_labels.yaml`): a field's label says what its value is, so the value
needs no shape of its own. A value runs to the end of its field and must still fit its kind: a
person's looks like a name (`plausible_name`), a place's starts with a capital or a number and is
no generic unit ("ICU"), an identifier holds a digit, an address a capitalised word or a number.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from presidio_analyzer import EntityRecognizer, RecognizerResult

from ..words import first_word, word_index
from ._base import tagged_result
from ._gazetteer import is_english
from ._institutions import GENERIC_WORDS
from ._names import NAME_PARTICLES, is_non_name_word, opens_with_surname_like, trim_name
from ._tokens import plausible_name

LABELS_PATH = Path(__file__).resolve().parents[1] / "data" / "field_labels.yaml"
SCORES = {"PERSON": 0.7, "ORGANIZATION": 0.6, "ID": 0.7, "ADDRESS": 0.6}
MAX_WORDS = {"PERSON": 5, "ORGANIZATION": 8, "ID": 3, "ADDRESS": 16}
# Where a field's value ends; places end at a comma too ("Heartland Spine & Pain, 2205 Oak Leaf Dr"), a name at a
# date or time after it ("Signed: Delacourt 14:05") or at a comma before an age ("Ana de la Cruz, 54F").
_END = {"PERSON": re.compile(r"\n|[ \t]{2,}|\t|[;|(]|[ \t]+(?:--|/|—|-)[ \t]|[ \t]+(?=\d{1,4}[:/.-]\d)|,[ \t]*(?=\d)"),
        "ORGANIZATION": re.compile(r"\n|[ \t]{2,}|\t|[;|(,.]|[ \t]+(?:--|/|—)[ \t]"),
        "ID": re.compile(r"[^\w/-]"),
        # An address runs over its commas to the end of its field or sentence ("St. Mary's Row" goes on).
        "ADDRESS": re.compile(r"\n|[ \t]{2,}|\t|[;|(]|[ \t]+(?:--|/|—)[ \t]|(?<=[a-z]{3})\.(?:[ \t]|$)")}
_AFTER_LABEL = r"(?:[ \t]*(?:[:#=]|\.{2,})[ \t.]*|[ \t]*:?[ \t]*#[ \t]*)"
_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d+\w*")
_TITLE_WORD = re.compile(r"\b[A-Z][a-z]")
_ZIP = re.compile(r"\d{5}(?:-\d{4})?")
_LOWER_WORD = re.compile(r"(?<![\w'’-])(?!(?:of|the|and|at|for|de|la|del)\b)[a-z]+\b")
# ", MD", ", PA-C", ", RT(R)": a credential after the name ends it.
_CREDENTIAL_AFTER = re.compile(r",[ \t]*[A-Z][A-Z-]{1,5}(?:\([A-Z]+\))?(?![\w-])")


@lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern, dict[str, str], frozenset[str], frozenset[str]]:
    data = yaml.safe_load(LABELS_PATH.read_text(encoding="utf-8"))
    kinds: dict[str, str] = {}
    labeled, bare = [], []
    for kind in SCORES:
        for label in data[kind]["labeled"]:
            kinds.setdefault(label, kind)
            labeled.append(label)
        for label in data[kind].get("bare", ()):
            kinds.setdefault(label, kind)
            bare.append(label)

    def alternation(labels: list[str]) -> str:
        return "|".join(re.escape(label).replace(r"\ ", r"[ \t]+") for label in sorted(set(labels), key=len, reverse=True))

    pattern = re.compile(rf"(?<![\w/])(?:(?P<l>{alternation(labeled)}){_AFTER_LABEL}|(?P<b>{alternation(bare)})[ \t]+)",
                         re.IGNORECASE)
    return pattern, kinds, frozenset(data["generic_places"]), frozenset(first_word(label) for label in kinds)


def label_kind(label: str) -> str | None:
    """The kind of PHI a field label announces ("mrn" → ID, "patient" → PERSON), or None."""
    return _table()[1].get(re.sub(r"[ \t]+", " ", label.strip().lower()))


def fitting_value(text: str, start: int, end: int, kind: str) -> tuple[int, int] | None:
    """The span of the value in text[start:end] (a table's cell) if it fits `kind`, as a labelled value must."""
    span = _value(text[start:end], 0, kind, _table()[2])
    return None if span is None else (start + span[0], start + span[1])


def generic_places() -> frozenset[str]:
    """Lower-case names of a kind of unit or a place in general ("icu", "floor", "osh"), never one institution."""
    return _table()[2]


class FieldValueRecognizer(EntityRecognizer):
    """Finds the value after a field label that announces a person, a place or an identifier."""

    def __init__(self, supported_language: str = "en", name: str | None = None):
        super().__init__(supported_entities=list(SCORES), name=name or type(self).__name__,
                         supported_language=supported_language)

    def load(self) -> None:
        """Nothing to load: the label table is read once, on first use."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Return one result per labelled value that fits its label's kind."""
        pattern, kinds, generic, first_words = _table()
        results = []
        # The label pattern is tried only where a label's first word occurs (the shared word index).
        index = word_index(text)
        starts = sorted(start for word in first_words & index.keys() for start, _ in index[word])
        for match in filter(None, (pattern.match(text, start) for start in starts)):
            label = re.sub(r"[ \t]+", " ", (match.group("l") or match.group("b")).lower())
            kind = kinds[label]
            span = _value(text, match.end(), kind, generic, bare=match.group("b") is not None)
            if span is not None and kind in ("ORGANIZATION", "ADDRESS") and match.group("b") and not _TITLE_WORD.search(
                    text, span[0], span[1]):
                span = None  # after a bare label a value with no Title-case word is an acronym ("from OSH at 6pm")
            if span is not None:
                results.append(tagged_result(self, kind, span[0], span[1], SCORES[kind]))
        return results


def _value(text: str, start: int, kind: str, generic: frozenset[str], bare: bool = False) -> tuple[int, int] | None:
    """The value's span if it fits its kind."""
    if start >= len(text) or text[start] in "\n\r":
        return None
    stop = _END[kind].search(text, start)
    end = stop.start() if stop else len(text)
    while end > start and text[end - 1] in " \t.,:;-":
        end -= 1
    if kind == "ORGANIZATION" or (kind == "ADDRESS" and bare):
        # A name's words are capitalised but for its connectors: "Riverbend Family Clinic by ..." ends at "by";
        # so is a place after "lives in" ("lives at 14 Ostrey Gardens with her husband").
        lower = _LOWER_WORD.search(text, start, end)
        end = lower.start() if lower else end
    elif kind == "PERSON":
        credential = _CREDENTIAL_AFTER.search(text, start, end)
        end = credential.start() if credential else end
    while end > start and text[end - 1] in " \t.,:;-":
        end -= 1
    value = text[start:end]
    words = _WORD.findall(value)
    # A name's particles are no words of their own: "María de los Ángeles Ruiz Tagle" has five.
    counted = [w for w in words if w not in NAME_PARTICLES] if kind == "PERSON" else words
    if not words or len(counted) > MAX_WORDS[kind]:
        return None
    if kind == "ID":
        return (start, end) if any(ch.isdigit() for ch in value) else None
    if kind == "ADDRESS":
        # An address holds a capitalised word or a number and is no general word ("same as above", "home").
        if value.lower() in generic or not (_TITLE_WORD.search(value) or any(ch.isdigit() for ch in value)):
            return None
        if _ZIP.fullmatch(value):
            return start, end  # "ZIP=93257": a postcode key's value is the postcode
        if all(w.lower() in generic or w.lower() in GENERIC_WORDS or is_non_name_word(w.lower()) for w in words):
            return None  # "lives in Care Home", "lives in CT"
        return start, end
    if any(ch.isdigit() for ch in value) and kind == "PERSON":
        return None
    if kind == "ORGANIZATION":
        first = words[0]
        if value.lower() in generic or not (first[0].isupper() or first[0].isdigit()):
            return None
        if first[0].isdigit() and (len(words) != 2 or not words[1][0].isupper()):
            return None  # only a ward ("3 NORTH", "7 Tower"); a bare number after "unit:" is a room
        return start, end
    if len(words) == 1 and 2 <= len(value) <= 4 and value.isalpha() and (value.isupper() or value.islower()):
        # Initials ("TRANS: MKT", "typed by rls"): letters that spell no word.
        return None if is_english(value.lower()) or is_non_name_word(value.lower()) else (start, end)
    if value.islower() and len(words) <= 3 and not any(
            len(w.strip(".")) > 1 and (is_english(w.lower()) or is_non_name_word(w.lower())) for w in words):
        return start, end  # "dictated by d. ezeh-voss": a lower-case name, no word of it in any list
    # A person: "Last, First M." at most one comma; then the name's own checks.
    if value.count(",") > 1:
        end = start + value.index(",", value.index(",") + 1)
    # "Rad: Stone Swift": a surname that is also a clinical word opens the name rather than standing before it.
    span = trim_name(text, start, end, keep_first=opens_with_surname_like(text[start:end]))
    return span if span is not None and plausible_name(text, *span) else None
