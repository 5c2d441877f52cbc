"""The per-report word index: lower-cased word -> where it occurs, built once and shared.

Recognizers anchor their patterns on lead words and the allow-list looks its terms up by their
first word; both ask for the same report's index in turn, so it is cached for the last few texts.
"""
from __future__ import annotations

import re
from functools import lru_cache

Span = tuple[int, int]

# Words: letters and digits, joined by ' / - (so "e-signed", "d/w", "pa-c" are words).
WORD = re.compile(r"[^\W_]+(?:['’/-][^\W_]+)*")
_PART = re.compile(r"[^\W_]+")


# The same words in lower-cased ASCII text, read by ASCII rules (no Unicode look-up per character).
_ASCII_LOWER_WORD = re.compile(r"[a-z0-9]+(?:['/-][a-z0-9]+)*")


@lru_cache(maxsize=8)
def word_index(text: str) -> dict[str, list[Span]]:
    """Lower-cased word -> spans; a joined word's parts ("referring/ordering") are words too."""
    index: dict[str, list[Span]] = {}
    # ASCII text lower-cased keeps every offset, so its words come lower-cased already.
    ascii_text = text.isascii()
    for match in _ASCII_LOWER_WORD.finditer(lower_text(text)) if ascii_text else WORD.finditer(text):
        word = match.group() if ascii_text else match.group().lower()
        index.setdefault(word, []).append(match.span())
        if not word.isalnum():
            for part in _PART.finditer(word):
                index.setdefault(part.group(), []).append((match.start() + part.start(), match.start() + part.end()))
    return index


@lru_cache(maxsize=8)
def lower_text(text: str) -> str:
    """`text` lower-cased, once per report for all case-insensitive anchors."""
    return text.lower()


def first_word(phrase: str) -> str:
    """The index key under which `phrase` can be found: its first word part, lower-cased."""
    match = _PART.search(phrase.lower())
    return match.group() if match else ""
