"""Sentence boundaries over tokens: the scope of every assertion cue ends at one."""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from .normalize import Token

_ENDERS = frozenset({".", "!", "?"})
_BULLETS = frozenset({"-", "*", "•", "·", "‣", "–"})


def sentences(text: str, tokens: Sequence[Token]) -> Iterator[list[Token]]:
    """Yield the tokens of each sentence (joiners such as "-" and "/" left out)."""
    current: list[Token] = []
    previous: Token | None = None
    for token in tokens:
        if previous is not None and current and _breaks(text, previous, token):
            yield current
            current = []
        if token.norm:
            current.append(token)
        previous = token
    if current:
        yield current


def _breaks(text: str, previous: Token, token: Token) -> bool:
    """A sentence ends after . ! ? unless lower case follows on the same line ("vs. pneumonia"), and at a
    line break unless the line wraps mid-sentence (the next line starts in lower case)."""
    starts_lower = token.text[:1].islower()
    gap = text[previous.end:token.start]
    if previous.text in _ENDERS:
        # "?PE" and "?pneumonia" ask about a finding; they do not end a sentence. A stop that ends its
        # line ends the sentence even before lower case (a dictation typed all in lower case).
        return (not starts_lower or "\n" in gap) and not (previous.text == "?" and previous.end == token.start)
    if "\n" not in gap:
        return False
    return "\n\n" in gap.replace(" ", "").replace("\t", "") or not starts_lower or token.text in _BULLETS
