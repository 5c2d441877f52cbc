"""Sentence boundaries over tokens: the scope of every assertion cue ends at one."""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from .normalize import Token

_ENDERS = frozenset({".", "!", "?"})
_BULLETS = frozenset({"-", "*", "•", "·", "‣", "–"})
# A form's answer to the question before it: "Pneumothorax? No.", "Pleural abnormalities consistent with
# pneumoconiosis? NO" (the ILO form), "Épanchement ? Non."
_ANSWERS = frozenset({"yes", "no", "oui", "non"})


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
        if previous.text == "?" and (previous.end == token.start or _answers(text, token, gap)):
            return False
        # "?PE" and "?pneumonia" ask about a finding; they do not end a sentence (nor does the answer to a question).
        # A stop that ends its line ends the sentence even before lower case (a dictation typed all in lower case).
        return not starts_lower or "\n" in gap
    if "\n" not in gap:
        return False
    return "\n\n" in gap.replace(" ", "").replace("\t", "") or not starts_lower or token.text in _BULLETS


def _answers(text: str, token: Token, gap: str) -> bool:
    """True when `token`, after a question mark on the same line, is a yes or a no that ends its line or clause."""
    if "\n" in gap or token.text.lower() not in _ANSWERS:
        return False
    after = text[token.end:].split("\n", 1)[0]
    return not after.strip() or after[0] in ".,;"
