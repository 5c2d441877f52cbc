"""Presidio's AnalyzerEngine with its per-recognizer context pass made linear.

Before the lemma context enhancer runs, presidio offers each recognizer its own results by
filtering the full result list once per recognizer, twice (O(results x recognizers)). Grouping
the results by recognizer once gives every recognizer the same two lists in the same order.
"""
from __future__ import annotations

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts


class ReportAnalyzerEngine(AnalyzerEngine):
    """AnalyzerEngine whose context enhancement groups results by recognizer in one pass."""

    def _enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """Let each recognizer rescore its own results, then apply the lemma context enhancer."""
        own: dict[str, list[RecognizerResult]] = {}
        for result in raw_results:
            own.setdefault(result.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY], []).append(result)
        results: list[RecognizerResult] = []
        for recognizer in recognizers:
            mine = own.get(recognizer.id, [])
            if type(recognizer).enhance_using_context is EntityRecognizer.enhance_using_context:
                results.extend(mine)  # presidio's default hook returns the recognizer's results unchanged
                continue
            others = [r for r in raw_results
                      if r.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] != recognizer.id]
            results.extend(recognizer.enhance_using_context(
                text=text, raw_recognizer_results=mine, other_raw_recognizer_results=others,
                nlp_artifacts=nlp_artifacts, context=context))
        return self.context_aware_enhancer.enhance_using_context(
            text=text, raw_results=results, nlp_artifacts=nlp_artifacts, recognizers=recognizers, context=context)

