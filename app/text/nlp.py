r"""A tokenizer-only NLP engine for presidio: word tokens, no statistical model.

Why: radiology PHI is highly patterned (headers, titles, signature blocks, IDs
with context words), so pattern recognizers plus context scoring carry recall, and
a statistical pipeline over every report would cost several times the rest of the
engine. The one entity model the project installs (data/ner_model.yaml) is run
apart, by recognizers/learned_name.py, only on the lines where it can add a name.
Lower-cased tokens stand in for lemmas so presidio's context enhancer still works.
Tokens are `\w+` runs and single punctuation marks: spaCy's rule-based tokenizer
gave the same context words at ten times the cost (2.3 ms of a 1.2 kB report's ~8 ms).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate, compress
from typing import Iterable, Iterator

import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from spacy.tokens import Doc

LANGUAGE = "en"
TOKEN = re.compile(r"\w+|[^\w\s]")
# The word tokens: the only ones that can be keywords. Split around, so words and the text between them come as
# strings, without a match object per word; on ASCII text read by ASCII rules (the same runs, no Unicode look-ups).
_WORD_RUNS = re.compile(r"(\w+)")
_ASCII_WORD_RUNS = re.compile(r"(\w+)", re.ASCII)
_NOT_BLANK = re.compile(r"\S")


def _is_keyword(lemma: str, stop_words: frozenset[str]) -> bool:
    """Presidio's keyword rule: not a stop word, not punctuation, not "-PRON-" or "be"."""
    return lemma not in stop_words and lemma != "be" and (lemma.isalnum() or any(map(str.isalnum, lemma)))


class TokenArtifacts(NlpArtifacts):
    """Presidio's NLP artifacts for word tokens, made on first use; the keywords around a place found from an index.

    Nothing on the report path reads the whole token list: the context enhancer only asks which
    keywords stand just before and at a candidate (`keywords_near`), which needs only the keywords'
    places, found without a token object for every word and punctuation mark. The lists
    (`words`, `tokens_indices`, `lemmas`, `keywords`, `keyword_positions`) and the spaCy Doc are
    still there, as presidio promises, for any other reader; they are made on first access.
    """

    def __init__(self, text: str, engine: TokenizerNlpEngine):
        self.text = text
        self.entities: list = []
        self.nlp_engine = engine
        self.scores: list[float] = []
        self._engine = engine
        self._lists: tuple[list[str], list[int], list[str], list[int]] | None = None
        self._doc: Doc | None = None
        self._keyword_index: tuple[list[int], list[str]] | None = None  # see `keywords_near`

    def _tokenised(self) -> tuple[list[str], list[int], list[str], list[int]]:
        """(words, starts, lemmas, keyword positions) of the whole text, made once."""
        if self._lists is None:
            matches = list(TOKEN.finditer(self.text))
            # map() with the methods themselves: a report has hundreds of tokens.
            words = list(map(re.Match.group, matches))
            lemmas = list(map(str.lower, words))
            stop_words = self._engine.stop_words
            positions = [i for i, lemma in enumerate(lemmas) if _is_keyword(lemma, stop_words)]
            self._lists = words, list(map(re.Match.start, matches)), lemmas, positions
        return self._lists

    @property
    def words(self) -> list[str]:
        """The tokens' text."""
        return self._tokenised()[0]

    @property
    def tokens_indices(self) -> list[int]:
        """Where each token starts."""
        return self._tokenised()[1]

    @property
    def lemmas(self) -> list[str]:
        """The tokens lower-cased (the pseudo-lemmas)."""
        return self._tokenised()[2]

    @property
    def keyword_positions(self) -> list[int]:
        """The indices of the tokens that are keywords."""
        return self._tokenised()[3]

    @property
    def keywords(self) -> list[str]:
        """Presidio's keywords: the lemmas that are no stop word, punctuation, "-PRON-" or "be"."""
        lemmas = self.lemmas
        return [lemmas[i] for i in self.keyword_positions]

    @property
    def tokens(self) -> Doc:
        """The words as a spaCy Doc, built on first access."""
        if self._doc is None:
            self._doc = Doc(self._engine.nlp.vocab, words=self.words, spaces=[False] * len(self.words))
        return self._doc

    @tokens.setter
    def tokens(self, value: Doc | None) -> None:
        self._doc = value

    def keywords_near(self, start: int, before: int, after: int) -> list[str]:
        """The lemmas of the last `before + 1` keywords up to the token at `start` and the first `after + 1` from it.

        The token at `start` is the one covering it, else the next one, else the text's last: the keywords
        presidio's enhancer picks from the whole token list (in no particular order). Punctuation is never
        a keyword, so only the word runs are indexed, and token order is their order in the text. A text
        without any token gives [""], as presidio's enhancer does.
        """
        if self._keyword_index is None:
            self._keyword_index = _keyword_index(self.text, self._engine.stop_words)
        starts, lemmas = self._keyword_index
        if not starts and not self.text.strip():
            return [""]
        at = _token_start(self.text, start)
        upto, onward = bisect_right(starts, at), bisect_left(starts, at)
        return list({*lemmas[max(0, upto - before - 1):upto], *lemmas[onward:onward + after + 1]})


def _keyword_index(text: str, stop_words: frozenset[str]) -> tuple[list[int], list[str]]:
    """Where each keyword starts, and its lemma."""
    # between, word, between, word, ..., between: word i starts where the text up to part 2i ends.
    parts = (_ASCII_WORD_RUNS if text.isascii() else _WORD_RUNS).split(text)
    starts = list(accumulate(map(len, parts)))[0::2]
    lemmas = list(map(str.lower, parts[1::2]))
    keep = [_is_keyword(lemma, stop_words) for lemma in lemmas]
    return list(compress(starts, keep)), list(compress(lemmas, keep))


def _token_start(text: str, position: int) -> int:
    """Where the token covering `position` starts, else the next token, else the text's last one."""
    if position >= len(text) or text[position].isspace():
        following = _NOT_BLANK.search(text, position)
        if following is not None:
            return following.start()
        position = len(text.rstrip()) - 1  # the text's last token ends there
    if _word_char(text[position]):
        while position > 0 and _word_char(text[position - 1]):
            position -= 1
    return position


def _word_char(char: str) -> bool:
    # What `\w` matches in a str pattern: letters, digits and numerals, and the underscore.
    return char.isalnum() or char == "_"


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
        return TokenArtifacts(text, self)
