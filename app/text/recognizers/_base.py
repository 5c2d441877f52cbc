"""A presidio `PatternRecognizer` that reports only the part of a match that is PHI, quickly.

Radiology PHI is found by its surroundings ("MRN: ...", "Dr. ...", "signed by ..."), but only the
identifier itself may be reported, not the label. Patterns therefore mark the PHI with a named group
`phi` (repeatable: the `regex` module keeps every capture of a group, so "cc: Dr. A; Dr. B" yields
two spans); a pattern without that group reports its whole match. Subclasses may veto, trim or
rescore a span in `refine`, e.g. to check that "03/14" is a real month and day.

Speed: a pattern that begins with a name or a long list of lead words would be tried at every
position of a report. Such patterns carry an `Anchor`: either lead words, looked up in a word
index built once per report and shared by all recognizers, or a cheap standard-library expression.
The full pattern (compiled with `regex`, for \\p{..} classes, variable lookbehind and repeated
captures) is then only tried at or near the anchor's hits. A pattern without an anchor that the
standard engine reads as well (as written, or with its letter properties as the ASCII classes they
are on ASCII text: `ascii_reading`) is scanned, on ASCII text, by whichever engine proves faster on
it (`scanner.Scanner`), and `regex` matches again only where it matched.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, Iterator

import regex
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ..ascii_reading import ascii_reading
from ..dedup import remove_duplicates
from ..scanner import NO_GIL_RELEASE, Scanner
from ..words import Span, lower_text, word_index
from ._tokens import plausible_name

# Case matters for names and month words, so IGNORECASE is never global; patterns use (?i:...).
DEFAULT_FLAGS = regex.MULTILINE | regex.VERSION0

# refine may also return (start, end, score) to rescore a candidate it has looked at more closely.
Refined = Span | tuple[int, int, float] | None

_NEXT_CAPITAL = re.compile(r"[ \t]*(?:,?[ \t]+|\([ \t]*)[A-Z]")
# Matched backwards from a hit: the previous word is capitalised or an initial ("Moyer KL noted").
_PREVIOUS_CAPITAL = regex.compile(r"\p{Lu}[\p{L}'’-]*\.?,?[ \t]+", regex.REVERSE)


@dataclass(frozen=True)
class Anchor:
    """Where a pattern can match: at or near a lead word or a cheap expression.

    Give `words` (space-separated, lower case; a hit is any of them as a whole word, whatever its
    case; with `upper` only when written in capitals; with `capital_next` or `capital_before` only
    when the next or previous word starts with a capital) and/or `regex` (a standard-library
    expression that `regex` reads alike, run on the lower-cased text unless `case_sensitive`).
    `at="start"`: a match begins where the hit begins.
    `at="near"`: a match lies within `before` characters before and `after` characters after the
    hit (on the same line if `same_line`), and after the last character before the hit that
    matches `stop` (a `regex` character class the match cannot contain before the hit).
    """

    regex: str | None = None
    words: str | None = None
    upper: bool = False
    capital_next: bool = False
    capital_before: bool = False
    at: str = "start"
    before: int = 100
    after: int = 60
    same_line: bool = True
    case_sensitive: bool = False
    stop: str | None = None


PatternSpec = tuple[str, str, float] | tuple[str, str, float, Anchor]


class CompiledPattern(Pattern):
    """A presidio Pattern compiled once, with its recognizer's flags.

    presidio's constructor compiles every expression just to validate it, and its recognizer compiles it
    again with the flags; with long name lists that doubled the text engine's start-up.
    """

    def __init__(self, name: str, expression: str, score: float, flags: int):
        if not 0 <= score <= 1:
            raise ValueError(f"pattern {name}: score {score} is not between 0 and 1")
        self.name, self.regex, self.score = name, expression, score
        self.compiled_regex, self.compiled_with_flags = regex.compile(expression, flags), flags


class SpanPatternRecognizer(PatternRecognizer):
    """Pattern recognizer whose patterns are class data and whose results are the `phi` groups."""

    ENTITY: ClassVar[str]
    # (pattern name, regex, score[, anchor]): class data so each module reads as a table of patterns.
    PATTERNS: ClassVar[tuple[PatternSpec, ...]]
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    FLAGS: ClassVar[int] = DEFAULT_FLAGS

    def __init__(
        self,
        score: float | None = None,
        pattern_scores: dict[str, float] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        name: str | None = None,
    ) -> None:
        pattern_scores = dict(pattern_scores or {})
        unknown = set(pattern_scores) - {spec[0] for spec in self.PATTERNS}
        if unknown:
            raise ValueError(f"{type(self).__name__} has no pattern(s) {sorted(unknown)}")
        patterns = [
            CompiledPattern(spec[0], spec[1], pattern_scores.get(spec[0], spec[2] if score is None else score),
                            self.FLAGS)
            for spec in self.PATTERNS
        ]
        super().__init__(
            supported_entity=self.ENTITY,
            name=name or type(self).__name__,
            supported_language=supported_language,
            patterns=patterns,
            context=list(self.CONTEXT if context is None else context),
            global_regex_flags=self.FLAGS,
        )
        # Per pattern, worked out once: its anchor and that anchor's slot (patterns with equal anchors share
        # one slot, so its hits are found once per report), whether it marks a `phi` group, and presidio's
        # explanation text.
        slots: dict[Anchor, int] = {}
        self._compiled = []
        for pattern, spec in zip(self.patterns, self.PATTERNS):
            anchor = spec[3] if len(spec) > 3 else None
            slot = -1 if anchor is None else slots.setdefault(anchor, len(slots))
            scanner = _pattern_scanner(pattern.regex) if anchor is None and self.FLAGS == DEFAULT_FLAGS else None
            self._compiled.append((pattern, pattern.compiled_regex, anchor, slot, scanner,
                                   "phi" in pattern.compiled_regex.groupindex,
                                   f"Detected by `{self.name}` using pattern `{pattern.name}`"))
        self._anchor_slots = len(slots)

    def refine(self, text: str, start: int, end: int, pattern: str, match: Any) -> Refined:
        """Return the span to report for a candidate (possibly trimmed, optionally rescored), or None to drop it."""
        return start, end

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Return one result per `phi` capture (or whole match) that `refine` accepts."""
        results: list[RecognizerResult] = []
        hits: list[list[Span] | None] = [None] * self._anchor_slots  # per anchor slot, found on first use
        person = self.ENTITY == "PERSON"
        ascii_text = text.isascii()
        for pattern, compiled, anchor, slot, scanner, grouped, explained in self._compiled:
            if anchor is not None:
                anchor_hits = hits[slot]
                if anchor_hits is None:
                    anchor_hits = hits[slot] = _anchor_hits(text, anchor)
                if not anchor_hits:
                    continue  # most anchors have no hit in a given report
                matches: Iterator[Any] = _anchored(text, anchor_hits, compiled, anchor)
            elif scanner is not None and ascii_text:
                found = scanner.spans(text)
                if not found:
                    continue  # most whole-report patterns have no match in a given report
                # Where the fastest engine finds the matches, `regex` matches again for the groups (the same match).
                matches = (compiled.match(text, start, None, NO_GIL_RELEASE) for start, _ in found)
            else:
                matches = compiled.finditer(text, concurrent=NO_GIL_RELEASE)
            for match in matches:
                for start, end in match.spans("phi") if grouped else [match.span()]:
                    if start >= end:
                        continue
                    span = self.refine(text, start, end, pattern.name, match)
                    if span is None or span[0] >= span[1]:
                        continue
                    score = span[2] if len(span) == 3 else pattern.score
                    # A cue picks up ordinary words too ("COMPLETE VS, OBJECTIVE DATA"): judged here, before
                    # presidio's de-duplication lets a rejected long span swallow a good shorter one.
                    if person and not plausible_name(text, span[0], span[1]):
                        continue
                    if score > 0:
                        results.append(self._result(span[0], span[1], score, pattern, explained))
        # One result or none has nothing to de-duplicate.
        return remove_duplicates(results) if len(results) > 1 else results

    def _result(self, start: int, end: int, score: float, pattern: Pattern, explained: str) -> RecognizerResult:
        # The explanation is required: presidio's context enhancer writes into it. Built as presidio's
        # build_regex_explanation builds it, with the text prepared once per pattern.
        explanation = AnalysisExplanation(recognizer=self.name, original_score=score, pattern_name=pattern.name,
                                          pattern=pattern.regex, validation_result=None, regex_flags=self.FLAGS,
                                          textual_explanation=explained)
        return RecognizerResult(
            entity_type=self.ENTITY,
            start=start,
            end=end,
            score=score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )


def _anchor_hits(text: str, anchor: Anchor) -> list[Span]:
    """Every place the anchor occurs in `text`, in order."""
    spans: list[Span] = []
    if anchor.words is not None:
        if anchor.words not in _WORD_ANCHORS:
            _add_word_anchor(anchor.words)
        spans = _word_anchor_hits(text, len(_WORD_ANCHORS)).get(anchor.words, spans)
        if anchor.upper:
            spans = [s for s in spans if text[s[0]:s[1]].isupper()]
        if anchor.capital_next:
            spans = [s for s in spans if _NEXT_CAPITAL.match(text, s[1])]
        if anchor.capital_before:
            spans = [s for s in spans if _PREVIOUS_CAPITAL.match(text, max(0, s[0] - 40), s[0], NO_GIL_RELEASE)]
    if anchor.regex is not None:
        spans = [*spans, *_regex_hits(text, anchor.regex, anchor.case_sensitive)]
    return sorted(spans)


# The words of every word anchor seen so far (word -> the anchors' `words` holding it), so that one pass over a
# report's word index finds the hits of all of them instead of one look-up of every anchor word per anchor.
_WORD_ANCHORS: set[str] = set()
_ANCHORS_OF_WORD: dict[str, list[str]] = {}


def _add_word_anchor(words: str) -> None:
    _WORD_ANCHORS.add(words)
    for word in _word_set(words):
        _ANCHORS_OF_WORD.setdefault(word, []).append(words)


# `anchors` (how many word anchors are known) keys the cache, so an anchor added later is never missed.
@lru_cache(maxsize=8)
def _word_anchor_hits(text: str, anchors: int) -> dict[str, list[Span]]:
    """Each word anchor's `words` -> where any of them occurs in `text` (unsorted; shared, so never changed)."""
    hits: dict[str, list[Span]] = {}
    index = word_index(text)
    # Only the report's words that some anchor holds (a few of its hundred-odd distinct words), found by one set
    # intersection; in any order, as the spans are sorted where they are read.
    for word in index.keys() & _ANCHORS_OF_WORD.keys():
        spans = index[word]
        for words in _ANCHORS_OF_WORD[word]:
            if words in hits:
                hits[words] += spans
            else:
                hits[words] = list(spans)
    return hits


# Anchors of different recognizers may share an expression (a ZIP after a state, for the address and the ZIP
# recognizers): found once per report.
@lru_cache(maxsize=64)
def _regex_hits(text: str, expression: str, case_sensitive: bool) -> tuple[Span, ...]:
    if case_sensitive:
        return _anchor_scanner(expression, False).spans(text)
    lowered = lower_text(text)
    if len(lowered) != len(text):  # a few characters change length when lower-cased
        return _anchor_scanner(expression, True).spans(text)
    return _anchor_scanner(expression, False).spans(lowered)


def _anchored(text: str, hits: list[Span], compiled: Any, anchor: Anchor) -> Iterator[Any]:
    """Yield matches of `compiled` found at or near the anchor's hits, each once."""
    last_end = -1
    seen: set[Span] = set()
    stop = _stop_regex(anchor.stop) if anchor.stop else None
    for hit_start, hit_end in hits:
        if hit_start < last_end:
            continue
        if anchor.at == "start":
            match = compiled.match(text, hit_start, None, NO_GIL_RELEASE)
        else:
            lo = max(0, hit_start - anchor.before, last_end)
            hi = min(len(text), hit_end + anchor.after)
            if anchor.same_line:
                lo = max(lo, text.rfind("\n", 0, hit_start) + 1)
                newline = text.find("\n", hit_end, hi)
                hi = hi if newline < 0 else newline
            if stop is not None:
                blocker = stop.search(text, lo, hit_start, NO_GIL_RELEASE)
                if blocker is not None:
                    lo = blocker.end()
            match = compiled.search(text, lo, hi, NO_GIL_RELEASE)
            while match is not None:
                # The window may have cut the match short: match again from its start, unbounded. A match that only
                # holds in the window ("ICU 2" before a cut-off "d", where "days" vetoes it) is none: look further.
                whole = compiled.match(text, match.start(), None, NO_GIL_RELEASE)
                if whole is not None:
                    match = whole
                    break
                match = compiled.search(text, match.start() + 1, hi, NO_GIL_RELEASE)
        if match is None or match.span() in seen:
            continue
        seen.add(match.span())
        last_end = match.end()
        yield match


@lru_cache(maxsize=None)
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


@lru_cache(maxsize=None)
def _anchor_scanner(expression: str, ignore_case: bool) -> Scanner:
    """The one scanner of an anchor expression (its engine choice is made once per process)."""
    return Scanner(expression, ignore_case)


def _pattern_scanner(expression: str) -> Scanner | None:
    """A scanner for a pattern the standard engine reads as `regex` does on ASCII text (None: it cannot read it)."""
    # As written, or with its letter properties as the ASCII classes they are on ASCII text.
    for reading in (expression, ascii_reading(expression)):
        if reading is None:
            continue
        try:
            re.compile(reading, re.MULTILINE)
        except re.error:
            continue  # other \p{..} classes, variable-width look-behinds: `regex` alone
        return Scanner(reading, ignore_case=False)
    return None


@lru_cache(maxsize=None)
def _stop_regex(char_class: str) -> Any:
    # Searched backwards, so the hit is the last blocking character before the anchor.
    return regex.compile(char_class, regex.REVERSE)


class WordRecognizer(EntityRecognizer):
    """A recognizer of one kind of entity, at one score, that reads words itself (its lists load on first use)."""

    ENTITY: str
    SCORE = 0.6

    def __init__(self, score: float | None = None, supported_language: str = "en", name: str | None = None):
        self.score = self.SCORE if score is None else score
        super().__init__(supported_entities=[self.ENTITY], name=name or type(self).__name__,
                         supported_language=supported_language)

    def load(self) -> None:
        """Nothing to load: word lists are read once, on first use."""

    def result(self, start: int, end: int) -> RecognizerResult:
        """A result of this recognizer's kind and score over text[start:end]."""
        return tagged_result(self, self.ENTITY, start, end, self.score)


def tagged_result(recognizer: EntityRecognizer, kind: str, start: int, end: int, score: float) -> RecognizerResult:
    """A result that names the recognizer that found it, as presidio's own recognizers' results do."""
    return RecognizerResult(kind, start, end, score, recognition_metadata={
        RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name, RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id})

