"""Build presidio's recognizer registry and analyzer from `data/recognizers.yaml`.

The YAML says which recognizers of `app.text.recognizers.catalog.RECOGNIZERS` run and with which options,
so switching one off or retuning a score is a data change, not a code change.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry

from app.errors import ConfigError

from .analyzer import ReportAnalyzerEngine
from .context import FastLemmaContextEnhancer
from .nlp import LANGUAGE, TokenizerNlpEngine
from .recognizers.catalog import RECOGNIZERS

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


@lru_cache(maxsize=1)
def build_analyzer() -> AnalyzerEngine:
    """Return the shared analyzer: packaged recognizers on the tokenizer-only NLP engine (built once)."""
    return ReportAnalyzerEngine(
        registry=build_registry(),
        nlp_engine=TokenizerNlpEngine(),
        supported_languages=[LANGUAGE],
        context_aware_enhancer=FastLemmaContextEnhancer(),
    )
