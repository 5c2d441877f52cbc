r"""A tokenizer-only NLP engine for presidio: word tokens in a spaCy Doc, no statistical model.

Why: no spaCy model is installable from the package registries, and none may be
downloaded at run time. Radiology PHI is highly patterned (headers, titles,
signature blocks, IDs with context words), so pattern recognizers plus context
scoring carry recall; lower-cased tokens stand in for lemmas so presidio's
context enhancer still works. Tokens are `\w+` runs and single punctuation
marks: spaCy's rule-based tokenizer gave the same context words at ten times the
cost (2.3 ms of a 1.2 kB report's ~8 ms).
"""
from __future__ import annotations

from typing import Iterable, Iterator

import re

import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from spacy.tokens import Doc

LANGUAGE = "en"
TOKEN = re.compile(r"\w+|[^\w\s]")


class TokenizerNlpEngine(NlpEngine):
    """Tokens and lower-cased pseudo-lemmas for English; never any NER entities."""

    engine_name = "cleanroom-tokenizer"
    is_available = True

    def __init__(self) -> None:
        self.nlp = None

    def load(self) -> None:
        """Build the blank English pipeline (rules only, nothing downloaded)."""
        self.nlp = spacy.blank(LANGUAGE)

    def is_loaded(self) -> bool:
        """Return whether `load` has run."""
        return self.nlp is not None

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        """Tokenise `text` and return presidio's NLP artifacts for it."""
        if self.nlp is None:
            self.load()
        return self._artifacts(text, language)

    def process_batch(self, texts: Iterable[str], language: str, batch_size: int = 1, n_process: int = 1,
                      **kwargs) -> Iterator[tuple[str, NlpArtifacts]]:
        """Tokenise many texts."""
        if self.nlp is None:
            self.load()
        for text in texts:
            yield text, self._artifacts(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        """Return whether `word` is an English stop word."""
        return word.lower() in self.nlp.Defaults.stop_words

    def is_punct(self, word: str, language: str) -> bool:
        """Return whether `word` is punctuation."""
        return bool(word) and all(not ch.isalnum() for ch in word)

    def get_supported_entities(self) -> list[str]:
        """No NER: recognizers find everything."""
        return []

    def get_supported_languages(self) -> list[str]:
        """English only."""
        return [LANGUAGE]

    def _artifacts(self, text: str, language: str) -> NlpArtifacts:
        matches = list(TOKEN.finditer(text))
        words = [m.group() for m in matches]
        # The Doc carries the words (presidio reads their lengths); offsets come from the matches themselves.
        doc = Doc(self.nlp.vocab, words=words, spaces=[False] * len(words))
        return NlpArtifacts(entities=[], tokens=doc, tokens_indices=[m.start() for m in matches],
                            lemmas=[w.lower() for w in words], nlp_engine=self, language=language)
