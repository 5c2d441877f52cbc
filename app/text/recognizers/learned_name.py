"""A learned second opinion: person, organisation and place names that spaCy's entity model finds and no rule did.

The rules find names by their cues and shapes; a report written in shapes they were not tuned on slips past them.
The model (app.text.ner_model) reads names from the words around them, but it was trained on news, not reports, and
reads clinical words, acronyms and bedside shorthand as names ("Baker cyst", "CRL 21 mm", "as per Carevue"). So it is
only asked where it can add something, and only believed where the word lists agree that a word could be a name:
- it reads only the lines (or, of a long line, the sentences) holding a candidate word that no other recognizer's
  result covers: on a mixed-case line, a Title-case Census name or word on no list, or a long capitals-only word on
  no list. Most lines hold none, so the model reads a small part of a report;
- of its PERSON, ORG, GPE, FAC and LOC entities, cut at field breaks and trimmed of acronyms (and, around a person,
  report words) at their edges, one is kept only if it holds a candidate that is a Census name or a word on no list,
  no drug, eponym or shorthand, and is no lone word unless a Census name, no field's label, no eponym's name ("Cobb
  angle"), no capitalised words opening a sentence unless a Census name is among them, and no state or country alone;
  a person's words are all written as a name's, an institution's or place's hold no clinical or report word.
Its score is below the rules' (so where spans overlap, a rule's kind wins) and above the analyzer's threshold.

The proposals are made in presidio's `enhance_using_context` hook, the one place a recognizer is shown the other
recognizers' results; `analyze` proposes nothing by itself. The clinical allow-list and the eponym check of the
engine still judge every span afterwards, as they judge the rules'.
"""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from collections.abc import Sequence

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ..ner_model import shared_model
from ._base import tagged_result
from ._gazetteer import is_country, is_english, misspells_english, word_list
from ._places import STATE_NAMES
from ._institutions import is_facility_word
from ._names import NAME_PARTICLES, after_eponym_lead, followed_by_eponym_noun, is_non_name_word
from ._tokens import INITIAL, NAME, UNKNOWN, VOCABULARY, Token, tokens

# The model's entity labels (OntoNotes) -> the kinds the rules report.
DEFAULT_LABELS = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "ADDRESS", "FAC": "ADDRESS", "LOC": "ADDRESS"}
DEFAULT_SCORE = 0.45
# A line longer than this is read in sentences: the model's cost grows with the words it reads.
_LONG_LINE = 300
_SENTENCE_END = regex.compile(r"(?<=[.;!?])[ \t]+(?=\p{Lu})")
_STATES = frozenset(name.lower() for name in STATE_NAMES)
_LEADING = regex.compile(r"(?i:the|a|an)[ \t]+")
# A capital inside a word is a product's or an abbreviation's ("SUVmax", "PowerShare"), not a name's (but McAllister's).
_INNER_CAPITAL = regex.compile(r"(?<!^Ma?c)(?<=.)\p{Lu}")
# Clinical prefixes before an English or report word make report language ("Nonocclusive", "Perifissural").
_PREFIXES = word_list("clinical_prefixes.txt")
# Lower-case words inside an institution's or a place's name ("University of Mary", "Heart & Vascular").
_CONNECTORS = word_list("name_connectors.txt")
# What stands before a sentence's first word: a line's start (and any bullet) or a sentence's end.
_SENTENCE_OPEN = regex.compile(r"(?:^|[.!?])[ \t\-*•]*$", regex.MULTILINE)
# A field's label ends at a colon or a slash before its translation ("Hallazgos / Findings:").
_LABEL_AFTER = regex.compile(r"[ \t]*(?::|/[ \t]*\p{L})")
# Where a report's fields part (a run of blanks, a tab, a bar, a dash or slash between blanks, brackets, a colon or a
# semicolon): the model reads across them ("Lorenzo  SSN", "Corinne  File WW-3420-B"), a name never spans them.
_FIELD_BREAK = regex.compile(r"[ \t]{2,}|\t|[ \t]+[-–|/][ \t]+|[|;:()\[\]]")


class LearnedNameRecognizer(EntityRecognizer):
    """Adds the model's person, organisation and place names where the rules found none."""

    def __init__(self, score: float = DEFAULT_SCORE, labels: dict[str, str] | None = None,
                 supported_language: str = "en", name: str | None = None):
        if not 0 < score <= 1:
            raise ValueError(f"score {score} is not above 0 and at most 1")
        self.score = score
        self.labels = dict(DEFAULT_LABELS if labels is None else labels)
        super().__init__(supported_entities=sorted(set(self.labels.values())), name=name or type(self).__name__,
                         supported_language=supported_language)

    def load(self) -> None:
        """Nothing to load here: the model loads on the first report (app.text.ner_model.shared_model)."""

    def load_model(self) -> None:
        """Load the model now rather than on the first report (so that workers forked afterwards share it)."""
        shared_model()

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None) -> list:
        """Nothing alone: the proposals need the other recognizers' results (see `enhance_using_context`)."""
        return []

    def enhance_using_context(self, text: str, raw_recognizer_results: list[RecognizerResult],
                              other_raw_recognizer_results: list[RecognizerResult], nlp_artifacts: NlpArtifacts,
                              context: list[str] | None = None) -> list[RecognizerResult]:
        """The model's names in the lines that hold a word no rule explained."""
        return [*raw_recognizer_results, *self.propose(text, other_raw_recognizer_results)]

    def propose(self, text: str, found: list[RecognizerResult]) -> list[RecognizerResult]:
        """Results for the model's entities that hold a candidate word, in text that `found` leaves uncovered."""
        words = tokens(text)
        candidates = _candidates(text, words, sorted((r.start, r.end) for r in found))
        if not candidates:
            return []
        starts = [t.start for t in words]
        pieces = _pieces(text, candidates)
        results = []
        for (offset, _), doc in zip(pieces, shared_model().pipe(text[a:b] for a, b in pieces)):
            for entity in doc.ents:
                kind = self.labels.get(entity.label_)
                if kind is None:
                    continue
                for start, end in _parts(text, offset + entity.start_char, offset + entity.end_char):
                    inside = words[bisect_left(starts, start):bisect_left(starts, end)]
                    start, end, inside = _core(kind, start, end, inside)
                    if inside and _acceptable(text, start, end, kind, inside, candidates):
                        results.append(tagged_result(self, kind, start, end, self.score))
        return results


def _candidates(text: str, words: tuple[Token, ...], covered: list[tuple[int, int]]) -> set[int]:
    """Start offsets of the words that could be a name the rules missed (see the module's docstring)."""
    out, i = set(), 0
    for word in words:
        if not _name_like(word):
            continue
        while i < len(covered) and covered[i][1] <= word.start:
            i += 1
        if any(s < word.end and word.start < e for s, e in covered[i:i + 8]):
            continue
        if _eponym_at(text, word):
            continue
        out.add(word.start)
    return out


def _eponym_at(text: str, word: Token) -> bool:
    """Whether a word is an eponym's name: after an eponym's lead ("pouch of Douglas") or before its noun written in
    lower case ("Tarlov cyst"; "Chosin Reservoir" is a place)."""
    if after_eponym_lead(text, word.start):
        return True
    after = text[word.end:word.end + 3].lstrip(" \t-")
    return after[:1].islower() and followed_by_eponym_noun(text, word.end)


def _name_like(word: Token) -> bool:
    """Whether a word, by how it is written and what the lists say, could be part of a name.

    Title case on a mixed-case line: a Census name that is no English word, a given name that is no report word, or a
    word on no list shaped as a name. A word in capitals alone never is: an entity the model finds around one is kept
    only with a Title-case word in it, and capitals on a mixed-case line are mostly acronyms (NIHSS, PECARN). On a
    line in one case the model reads no better than the lists, which the rules have read already.
    """
    if word.clinical or not word.capitalised:
        return False
    return word.kind == NAME or word.given and word.kind != VOCABULARY or _unlisted(word)


@lru_cache(maxsize=16384)
def _unlisted_name_shape(word: str) -> bool:
    """Whether a word on no list is shaped as a name: no slip of the pen for an English word ("Proprofol"), no capital
    inside ("SUVmax", "PowerShare"), no lower-case part after a hyphen ("FDG-avid"), and no English or report word
    behind a prefix or two English words run together ("Nondisplaced", "Teleradiology", "Grayscale")."""
    lower = word.lower()
    if len(word) <= 3 or misspells_english(lower) or _INNER_CAPITAL.search(word.split("-")[0]):
        return False
    if any(part[:1].islower() for part in word.split("-")[1:]):
        return False
    # A prefix before a word of four letters or more; two words of four letters or more (short ones run together by
    # chance: "Chosin" is no "cho" + "sin").
    for cut in range(3, len(lower) - 3):
        head, tail = lower[:cut], lower[cut:]
        if (head in _PREFIXES or cut > 3 and is_english(head)) and (is_english(tail) or is_non_name_word(tail)):
            return False
    return True


def _capitals(word: str) -> bool:
    """Whether a word is written in capitals, a possessive's or plural's "'s" aside ("PVC's")."""
    core = word.removesuffix("'s").removesuffix("’s")
    return len(core) > 1 and core.isupper()


def _unlisted(word: Token) -> bool:
    """Whether a word is on no list and shaped as a name (see `_unlisted_name_shape`)."""
    return word.kind == UNKNOWN and _unlisted_name_shape(word.word)


def _pieces(text: str, candidates: set[int]) -> list[tuple[int, int]]:
    """The (start, end) of each line, or sentence of a long line, that holds a candidate word."""
    pieces, line_start = [], 0
    ordered = sorted(candidates)
    for line in text.split("\n"):
        line_end = line_start + len(line)
        if _holds(ordered, line_start, line_end):
            bounds = [line_start, *(line_start + m.end() for m in _SENTENCE_END.finditer(line)), line_end] \
                if len(line) > _LONG_LINE else [line_start, line_end]
            pieces += [(a, b) for a, b in zip(bounds, bounds[1:]) if _holds(ordered, a, b)]
        line_start = line_end + 1
    return pieces


def _holds(ordered: list[int], start: int, end: int) -> bool:
    """Whether a sorted list holds an offset in [start, end)."""
    i = bisect_left(ordered, start)
    return i < len(ordered) and ordered[i] < end


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The entity's parts between field breaks, each without a leading article or a trailing possessive or stop."""
    bounds = [start, *(b for m in _FIELD_BREAK.finditer(text, start, end) for b in m.span()), end]
    parts = []
    for a, b in zip(bounds[0::2], bounds[1::2]):
        lead = _LEADING.match(text, a, b)
        a = lead.end() if lead else a
        b = next((b - len(tail) for tail in ("'s", "’s", ".", ",") if text.endswith(tail, a, b)), b)
        if a < b and text[a:b].strip():
            parts.append((a, b))
    return parts


def _core(kind: str, start: int, end: int, inside: Sequence[Token]) -> tuple[int, int, Sequence[Token]]:
    """The entity without the words around the name that the model takes in: an acronym at either edge ("FS
    Respalor", "Shay Arnesen ATC") and, around a person's name, report language too ("Dad Pierre Lemaire")."""
    def edge(word: Token) -> bool:
        """Whether a word at the entity's edge belongs to what stands around the name."""
        return (_capitals(word.word) and word.kind != NAME or kind == "PERSON" and word.kind == VOCABULARY
                or kind != "PERSON" and word.kind == INITIAL)

    first, last = 0, len(inside)
    while first < last and edge(inside[first]):
        first += 1
    while last > first and edge(inside[last - 1]):
        last -= 1
    if first == last:
        return start, start, ()
    return (inside[first].start if first else start), (inside[last - 1].end if last < len(inside) else end), \
        inside[first:last]


def _acceptable(text: str, start: int, end: int, kind: str, inside: Sequence[Token], candidates: set[int]) -> bool:
    """Whether an entity may stand (see the module's docstring)."""
    span = text[start:end]
    if not any(t.start in candidates for t in inside) or any(t.clinical for t in inside):
        return False
    if len(inside) == 1 and not (inside[0].kind == NAME or inside[0].given):
        return False  # one word on no list is a drug, a device or shorthand as often as a name ("Carevue", "Riss")
    if _opens_sentence(text, start) and (len(inside) == 1 or not any(t.kind == NAME or t.given for t in inside)):
        # A sentence's first words are capitalised whatever they are: there a given name alone ("Frank breech", "Will
        # go") or words on no list ("Corticomedullary Junction preserved") are read as report language.
        return False
    if _LABEL_AFTER.match(text, end) or followed_by_eponym_noun(text, end) or after_eponym_lead(text, start):
        return False  # a field's label ("Paciente / Patient:"), an eponym ("Cobb angle", "circle of Willis")
    if kind == "PERSON":
        return not any(ch.isdigit() for ch in span) and all(_in_name(t) for t in inside)
    # An institution's or a place's words are all written as names (its candidate, checked above, in Title case: every
    # candidate is), and none is clinical or report language but the words that end an institution's name ("Spina
    # Bifida Occulta", "Lumen Imaging").
    if not all(t.word in _CONNECTORS or (t.capitalised or t.upper) and (
            is_facility_word(t.word) or not is_non_name_word(t.word.lower())) for t in inside):
        return False
    if kind == "ORGANIZATION":
        return not any(ch.isdigit() for ch in span)
    place = " ".join(span.split())
    return place.lower() not in _STATES and not is_country(place)


def _opens_sentence(text: str, start: int) -> bool:
    """Whether text[start:] opens a line or follows a sentence's end."""
    return _SENTENCE_OPEN.search(text, max(0, start - 40), start) is not None


def _in_name(word: Token) -> bool:
    """Whether a word can stand inside a person's name: written as a name, an initial, or a particle ("van")."""
    return word.word in NAME_PARTICLES or word.kind == INITIAL or word.kind != VOCABULARY and word.capitalised
