"""A presidio `PatternRecognizer` that reports only the part of a match that is PHI, quickly.

Radiology PHI is found by its surroundings ("MRN: ...", "Dr. ...", "signed by ..."), but only the
identifier itself may be reported, not the label. Patterns therefore mark the PHI with a named group
`phi` (repeatable: the `regex` module keeps every capture of a group, so "cc: Dr. A; Dr. B" yields
two spans); a pattern without that group reports its whole match. Subclasses may veto, trim or
rescore a span in `refine`, e.g. to check that "03/14" is a real month and day.

Speed: a pattern that begins with a name has to be tried at every capital letter of a report. Such
patterns carry an `Anchor`, a cheap expression for a word every match must contain (a credential,
"signed", a state code), run with the standard `re` module on the lower-cased text; the full
pattern (compiled with `regex`, for \\p{..} classes, variable lookbehind and repeated captures) is
only tried next to the anchor's hits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar, Iterator

import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# Case matters for names and month words, so IGNORECASE is never global; patterns use (?i:...).
DEFAULT_FLAGS = regex.MULTILINE | regex.VERSION0

Span = tuple[int, int]
# refine may also return (start, end, score) to rescore a candidate it has looked at more closely.
Refined = Span | tuple[int, int, float] | None


@dataclass(frozen=True)
class Anchor:
    """Where a pattern can match: next to hits of a cheap standard-library expression.

    `at="start"`: a match begins where the anchor hit begins. `at="near"`: a match lies within
    `before` characters before and `after` characters after the hit (on the same line if
    `same_line`). Unless `case_sensitive`, the anchor runs on the lower-cased text, so write it in
    lower case.
    """

    regex: str
    at: str = "start"
    before: int = 100
    after: int = 60
    same_line: bool = True
    case_sensitive: bool = False


PatternSpec = tuple[str, str, float] | tuple[str, str, float, Anchor]


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
            Pattern(spec[0], spec[1], pattern_scores.get(spec[0], spec[2] if score is None else score))
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
        # Compile once per instance; presidio would recompile whenever flags differ.
        self._compiled = []
        for pattern, spec in zip(self.patterns, self.PATTERNS):
            anchor = spec[3] if len(spec) > 3 else None
            anchor_rx = None
            if anchor is not None:
                anchor_rx = re.compile(anchor.regex, re.MULTILINE)
            self._compiled.append((pattern, regex.compile(pattern.regex, self.FLAGS), anchor, anchor_rx))

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
        lowered: str | None = None
        for pattern, compiled, anchor, anchor_rx in self._compiled:
            if anchor is None:
                matches: Iterator[Any] = compiled.finditer(text)
            else:
                if lowered is None and not anchor.case_sensitive:
                    lowered = text.lower()
                    if len(lowered) != len(text):  # a few characters change length when lower-cased
                        lowered = text
                        anchor_rx = re.compile(anchor.regex, re.MULTILINE | re.IGNORECASE)
                source = text if anchor.case_sensitive else lowered
                matches = self._anchored(text, source, compiled, anchor, anchor_rx)
            grouped = "phi" in compiled.groupindex
            for match in matches:
                for start, end in _phi_spans(match) if grouped else [match.span()]:
                    if start >= end:
                        continue
                    span = self.refine(text, start, end, pattern.name, match)
                    if span is None or span[0] >= span[1]:
                        continue
                    score = span[2] if len(span) == 3 else pattern.score
                    if score > 0:
                        results.append(self._result(span[0], span[1], score, pattern))
        return EntityRecognizer.remove_duplicates(results)

    @staticmethod
    def _anchored(text: str, source: str, compiled: Any, anchor: Anchor, anchor_rx: Any) -> Iterator[Any]:
        """Yield matches of `compiled` found next to hits of the anchor, each once."""
        last_end = -1
        seen: set[tuple[int, int]] = set()
        for hit in anchor_rx.finditer(source):
            if hit.start() < last_end:
                continue
            if anchor.at == "start":
                match = compiled.match(text, hit.start())
            else:
                lo = max(0, hit.start() - anchor.before, last_end)
                hi = min(len(text), hit.end() + anchor.after)
                if anchor.same_line:
                    lo = max(lo, text.rfind("\n", 0, hit.start()) + 1)
                    newline = text.find("\n", hit.end(), hi)
                    hi = hi if newline < 0 else newline
                match = compiled.search(text, lo, hi)
                if match is not None and match.end() >= hi:
                    # The window may have cut the match short: match again from its start, unbounded.
                    match = compiled.match(text, match.start()) or match
            if match is None or match.span() in seen:
                continue
            seen.add(match.span())
            last_end = match.end()
            yield match

    def _result(self, start: int, end: int, score: float, pattern: Pattern) -> RecognizerResult:
        # The explanation is required: presidio's context enhancer writes into it.
        explanation = self.build_regex_explanation(self.name, pattern.name, pattern.regex, score, None, self.FLAGS)
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


def _phi_spans(match: Any) -> list[Span]:
    """Every capture of the `phi` group (all its repetitions)."""
    return match.spans("phi")
