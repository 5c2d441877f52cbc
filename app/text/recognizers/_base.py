"""A presidio `PatternRecognizer` that reports only the part of a match that is PHI.

Radiology PHI is found by its surroundings ("MRN: ...", "Dr. ...", "signed by ..."), but only the
identifier itself may be reported, not the label. Patterns therefore mark the PHI with a named group
`phi` (repeatable: the `regex` module keeps every capture of a group, so "cc: Dr. A; Dr. B" yields
two spans); a pattern without that group reports its whole match. Subclasses may veto or trim a
span in `refine`, e.g. to check that "03/14" is a real month and day.
"""
from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# Case matters for names and month words, so IGNORECASE is never global; patterns use (?i:...).
DEFAULT_FLAGS = regex.MULTILINE | regex.VERSION0

Span = tuple[int, int]
# refine may also return (start, end, score) to rescore a candidate it has looked at more closely.
Refined = Span | tuple[int, int, float] | None


class SpanPatternRecognizer(PatternRecognizer):
    """Pattern recognizer whose patterns are class data and whose results are the `phi` groups."""

    ENTITY: ClassVar[str]
    # (pattern name, regex, score): class data so each module reads as a table of patterns.
    PATTERNS: ClassVar[tuple[tuple[str, str, float], ...]]
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
        unknown = set(pattern_scores) - {n for n, _, _ in self.PATTERNS}
        if unknown:
            raise ValueError(f"{type(self).__name__} has no pattern(s) {sorted(unknown)}")
        patterns = [
            Pattern(n, rx, pattern_scores.get(n, s if score is None else score)) for n, rx, s in self.PATTERNS
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
        self._compiled = [(p, regex.compile(p.regex, self.FLAGS)) for p in self.patterns]

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
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
        for pattern, compiled in self._compiled:
            grouped = "phi" in compiled.groupindex
            for match in compiled.finditer(text):
                spans = match.spans("phi") if grouped else [match.span()]
                for start, end in spans:
                    if start >= end:
                        continue
                    span = self.refine(text, start, end, pattern.name, match)
                    if span is None or span[0] >= span[1]:
                        continue
                    score = span[2] if len(span) == 3 else pattern.score
                    if score > 0:
                        results.append(self._result(span[0], span[1], score, pattern))
        return EntityRecognizer.remove_duplicates(results)

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
