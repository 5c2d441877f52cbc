"""Presidio's AnalyzerEngine with its per-report bookkeeping done in one pass.

Before the lemma context enhancer runs, presidio offers each recognizer its own results by
filtering the full result list once per recognizer, twice (O(results x recognizers)). Grouping
the results by recognizer once gives every recognizer the same two lists in the same order.
The entities every recognizer is offered are read off the recognizers already fetched.
Around the recognizers, presidio walks the results again to name their recognizer, to drop low
scores, to de-duplicate (hashing each through a formatted string) and to clear their explanations;
the report path's call does that in one pass and with `dedup.remove_duplicates`, to the same results.
"""
from __future__ import annotations

import re

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from .dedup import remove_duplicates

_ID = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
_NAME = RecognizerResult.RECOGNIZER_NAME_KEY


class ReportAnalyzerEngine(AnalyzerEngine):
    """AnalyzerEngine whose report-path analysis and context enhancement each take one pass over the results."""

    def analyze(
        self,
        text: str,
        language: str,
        entities: list[str] | None = None,
        correlation_id: str | None = None,
        score_threshold: float | None = None,
        return_decision_process: bool | None = False,
        ad_hoc_recognizers: list[EntityRecognizer] | None = None,
        context: list[str] | None = None,
        allow_list: list[str] | None = None,
        allow_list_match: str | None = "exact",
        regex_flags: int | None = re.DOTALL | re.MULTILINE | re.IGNORECASE,
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's analysis; the report path's call (every entity, one threshold, nothing traced) in one pass."""
        if entities or score_threshold is None or return_decision_process or allow_list or self.log_decision_process:
            return super().analyze(text, language, entities, correlation_id, score_threshold, return_decision_process,
                                   ad_hoc_recognizers, context, allow_list, allow_list_match, regex_flags,
                                   nlp_artifacts)
        recognizers = self.registry.get_recognizers(language=language, all_fields=True,
                                                    ad_hoc_recognizers=ad_hoc_recognizers)
        supported = _registered_entities(recognizers, self.registry.recognizers)
        if not nlp_artifacts:
            nlp_artifacts = self.nlp_engine.process_text(text, language)
        results: list[RecognizerResult] = []
        for recognizer in recognizers:
            if not recognizer.is_loaded:
                recognizer.load()
                recognizer.is_loaded = True
            found = recognizer.analyze(text=text, entities=supported, nlp_artifacts=nlp_artifacts)
            if found:
                for result in found:  # as presidio does: every result names its recognizer
                    if not result.recognition_metadata:
                        result.recognition_metadata = {}
                    metadata = result.recognition_metadata
                    if _ID not in metadata:
                        metadata[_ID] = recognizer.id
                    if _NAME not in metadata:
                        metadata[_NAME] = recognizer.name
                results.extend(found)
        results = self._enhance_using_context(text, results, nlp_artifacts, recognizers, context)
        results = remove_duplicates([result for result in results if result.score >= score_threshold])
        for result in results:
            result.analysis_explanation = None  # presidio returns no decision process unless asked
        return results

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
            own.setdefault(result.recognition_metadata[_ID], []).append(result)
        results: list[RecognizerResult] = []
        for recognizer in recognizers:
            mine = own.get(recognizer.id, [])
            if type(recognizer).enhance_using_context is EntityRecognizer.enhance_using_context:
                results.extend(mine)  # presidio's default hook returns the recognizer's results unchanged
                continue
            others = [r for r in raw_results if r.recognition_metadata[_ID] != recognizer.id]
            results.extend(recognizer.enhance_using_context(
                text=text, raw_recognizer_results=mine, other_raw_recognizer_results=others,
                nlp_artifacts=nlp_artifacts, context=context))
        return self.context_aware_enhancer.enhance_using_context(
            text=text, raw_results=results, nlp_artifacts=nlp_artifacts, recognizers=recognizers, context=context)


def _registered_entities(recognizers: list[EntityRecognizer], registered: list[EntityRecognizer]) -> list[str]:
    """The entities the registry's recognizers of a language support: presidio's `get_supported_entities`.

    Read off the language's recognizers the analysis already has, ad-hoc ones left out as presidio
    leaves them out, rather than fetched from the registry again (that cost about as much as a small
    recognizer). In no particular order, as presidio's set gives them.
    """
    in_registry = set(map(id, registered))
    return list({entity for recognizer in recognizers if id(recognizer) in in_registry
                 for entity in recognizer.get_supported_entities()})
