r"""A tokenizer-only NLP engine for presidio: word tokens, no statistical model.

Why: no spaCy model is installable from the package registries, and none may be
downloaded at run time. Radiology PHI is highly patterned (headers, titles,
signature blocks, IDs with context words), so pattern recognizers plus context
scoring carry recall; lower-cased tokens stand in for lemmas so presidio's
context enhancer still works. Tokens are `\w+` runs and single punctuation
marks: spaCy's rule-based tokenizer gave the same context words at ten times the
cost (2.3 ms of a 1.2 kB report's ~8 ms).
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from spacy.tokens import Doc

LANGUAGE = "en"
TOKEN = re.compile(r"\w+|[^\w\s]")


class TokenArtifacts(NlpArtifacts):
    """Presidio's NLP artifacts for word tokens: keywords found in one pass, the spaCy Doc built only on demand.

    Nothing on the report path reads the Doc (the context enhancer works on `words`,
    `tokens_indices` and `keyword_positions`), and building it was a third of tokenising;
    it is still there, as presidio promises, for any other reader of `tokens`.
    """

    def __init__(self, words: list[str], starts: list[int], engine: TokenizerNlpEngine, language: str):
        self.words = words
        self._doc: Doc | None = None
        self._engine = engine
        lemmas = list(map(str.lower, words))
        stop_words = engine.stop_words
        # Presidio's keyword rule (not a stop word, not punctuation, not "-PRON-"/"be"), with positions kept.
        self.keyword_positions = [
            i for i, lemma in enumerate(lemmas)
            if lemma not in stop_words and lemma != "be" and (lemma.isalnum() or any(map(str.isalnum, lemma)))
        ]
        super().__init__(entities=[], tokens=None, tokens_indices=starts, lemmas=lemmas, nlp_engine=engine,
                         language=language)

    def set_keywords(self, nlp_engine, lemmas: list[str], language: str) -> list[str]:
        """Return the keyword lemmas found in `__init__` (presidio calls this while constructing)."""
        return [self.lemmas[i] for i in self.keyword_positions]

    @property
    def tokens(self) -> Doc:
        """The words as a spaCy Doc, built on first access."""
        if self._doc is None:
            self._doc = Doc(self._engine.nlp.vocab, words=self.words, spaces=[False] * len(self.words))
        return self._doc

    @tokens.setter
    def tokens(self, value: Doc | None) -> None:
        self._doc = value


class TokenizerNlpEngine(NlpEngine):
    """Tokens and lower-cased pseudo-lemmas for English; never any NER entities."""

    engine_name = "cleanroom-tokenizer"
    is_available = True

    def __init__(self) -> None:
        self.nlp = None
        self.stop_words: frozenset[str] = frozenset()

    def load(self) -> None:
        """Build the blank English pipeline (rules only, nothing downloaded)."""
        self.nlp = spacy.blank(LANGUAGE)
        self.stop_words = frozenset(word.lower() for word in self.nlp.Defaults.stop_words)

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
        return word.lower() in self.stop_words

    def is_punct(self, word: str, language: str) -> bool:
        """Return whether `word` is punctuation."""
        return bool(word) and all(not ch.isalnum() for ch in word)

    def get_supported_entities(self) -> list[str]:
        """No NER: recognizers find everything."""
        return []

    def get_supported_languages(self) -> list[str]:
        """English only."""
        return [LANGUAGE]

    def _artifacts(self, text: str, language: str) -> TokenArtifacts:
        matches = list(TOKEN.finditer(text))
        # map() with the methods themselves: a report has hundreds of tokens, and this runs for each.
        return TokenArtifacts(list(map(re.Match.group, matches)), list(map(re.Match.start, matches)), self, language)
