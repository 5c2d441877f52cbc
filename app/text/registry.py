"""Build presidio's recognizer registry and analyzer from `data/recognizers.yaml`.

The YAML says which recognizers of `app.text.recognizers.RECOGNIZERS` run and with which options,
so switching one off or retuning a score is a data change, not a code change.
"""
from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from app.errors import ConfigError

from .context import FastLemmaContextEnhancer
from .nlp import LANGUAGE, TokenizerNlpEngine
from .recognizers import RECOGNIZERS

DEFAULT_CONFIG = Path(__file__).parent / "data" / "recognizers.yaml"
_ENTRY_KEYS = {"name", "enabled"}


def load_config(config: Path | None = None) -> list[tuple[str, dict[str, Any]]]:
    """Return the enabled (recognizer name, constructor options) pairs listed in the YAML file."""
    path = Path(config) if config is not None else DEFAULT_CONFIG
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read recognizer configuration ({exc.__class__.__name__})") from exc
    entries = data.get("recognizers") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: expected a mapping with a 'recognizers' list")
    enabled: list[tuple[str, dict[str, Any]]] = []
    for entry in entries:
        if isinstance(entry, str):  # a bare name is allowed, as in presidio's file
            entry = {"name": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise ConfigError(f"{path}: every recognizer entry needs a 'name'")
        name = entry["name"]
        if name not in RECOGNIZERS:
            known = ", ".join(sorted(RECOGNIZERS))
            raise ConfigError(f"{path}: unknown recognizer {name!r} (known: {known})")
        if entry.get("enabled", True):
            enabled.append((name, {k: v for k, v in entry.items() if k not in _ENTRY_KEYS}))
    return enabled


def _instantiate(path: Path, name: str, options: dict[str, Any]) -> EntityRecognizer:
    try:
        return RECOGNIZERS[name](**options)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: bad options for recognizer {name!r}: {exc}") from exc


def build_registry(config: Path | None = None) -> RecognizerRegistry:
    """Return a registry holding the recognizers enabled in `config` (default: the packaged YAML)."""
    path = Path(config) if config is not None else DEFAULT_CONFIG
    recognizers = [_instantiate(path, name, options) for name, options in load_config(path)]
    return RecognizerRegistry(recognizers=recognizers, supported_languages=[LANGUAGE])


class _ShallowCopyContextEnhancer(FastLemmaContextEnhancer):
    """Presidio's lemma context scoring, copying results shallowly instead of deep-copying them.

    The stock enhancer deep-copies every candidate (with its explanation) before scoring; on a
    report with dozens of candidates that copy cost more than all the pattern matching. Only the
    score, the metadata and the explanation are ever changed, so only those are copied.
    """

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """Raise the score of results that have one of their recognizer's context words nearby."""
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        extra = [word.lower() for word in context or []]
        # Presidio tests membership in the keyword list once per word looked at; a set is O(1).
        keywords = set(nlp_artifacts.keywords) if nlp_artifacts is not None else set()
        results = []
        for raw in raw_results:
            result = copy.copy(raw)
            result.recognition_metadata = dict(raw.recognition_metadata or {})
            if raw.analysis_explanation is not None:
                result.analysis_explanation = copy.copy(raw.analysis_explanation)
            results.append(result)
            recognizer = by_id.get(result.recognition_metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            if recognizer is None or not recognizer.context or nlp_artifacts is None:
                continue
            if result.recognition_metadata.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY):
                continue
            words = self._surrounding_words(nlp_artifacts, keywords, text[result.start:result.end], result.start)
            word = self._find_supportive_word_in_context(words + extra, recognizer.context, self.context_matching_mode)
            if word:
                result.score = min(max(result.score + self.context_similarity_factor,
                                       self.min_score_with_context_similarity), self.MAX_SCORE)
                if result.analysis_explanation is not None:
                    result.analysis_explanation.set_supportive_context_word(word)
                    result.analysis_explanation.set_improved_score(result.score)
        return results


    def _surrounding_words(self, nlp_artifacts: NlpArtifacts, keywords: set[str], word: str, start: int) -> list[str]:
        """The keywords (lemmas that are not stop words) just before and after a span, as presidio picks them."""
        if not nlp_artifacts.tokens:
            return [""]
        index = self._find_index_of_match_token(word, start, nlp_artifacts.tokens, nlp_artifacts.tokens_indices)
        lemmas = nlp_artifacts.lemmas
        found: list[str] = []
        for step, count in ((-1, self.context_prefix_count), (1, self.context_suffix_count)):
            i, remaining = index, count + 1  # the span's own token counts, as in presidio
            while 0 <= i < len(lemmas) and remaining > 0:
                lemma = lemmas[i].lower()
                if lemma in keywords:
                    found.append(lemma)
                    remaining -= 1
                i += step
        return list(set(found))


@lru_cache(maxsize=1)
def build_analyzer() -> AnalyzerEngine:
    """Return the shared analyzer: packaged recognizers on the tokenizer-only NLP engine (built once)."""
    return AnalyzerEngine(
        registry=build_registry(),
        nlp_engine=TokenizerNlpEngine(),
        supported_languages=[LANGUAGE],
        context_aware_enhancer=_ShallowCopyContextEnhancer(),
    )
