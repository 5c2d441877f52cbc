"""Find a file's own identifiers as whole words, in any ASCII case, in value bytes, whole headers and text.

Every file has its own set of identifiers, so a regex would be compiled per file; that cost more
than de-identifying the file. Plain substring search over the lower-cased bytes, with the word
boundaries checked at each hit, finds exactly what the equivalent regex
`(?<![A-Za-z0-9])(?:w1|w2|…)(?![A-Za-z0-9])` (case-insensitive, longest word first) finds.
"""
from __future__ import annotations

from collections.abc import Iterable

from .dummies import DUMMY_BY_VR

MIN_KNOWN_LENGTH = 3
OWN_VALUES = frozenset(v for v in DUMMY_BY_VR.values() if isinstance(v, str))
_WORD_BYTES = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def checkable(word: str) -> bool:
    """Whether a learned value is worth searching for (not too short, not our own dummy, not a small number)."""
    # Our own dummies are not PHI; short all-digit IDs collide with ordinary numbers (instance numbers).
    if len(word) < MIN_KNOWN_LENGTH or word.upper() in OWN_VALUES:
        return False
    return len(word) >= 6 if word.isdigit() else True


class KnownWords:
    """A set of identifiers, searched for in their UTF-8 and Latin-1 spellings."""

    __slots__ = ("utf8", "encoded")

    def __init__(self, words: Iterable[str]):
        utf8, encoded = set(), set()
        for word in words:
            if not checkable(word):
                continue
            utf8.add(word.encode("utf-8").lower())
            try:
                encoded.add(word.encode("latin-1").lower())
            except UnicodeEncodeError:
                pass
        encoded |= utf8
        self.utf8, self.encoded = tuple(utf8), tuple(encoded)

    def __bool__(self) -> bool:
        return bool(self.encoded)

    def found_in(self, data: bytes) -> bool:
        """Whether any identifier occurs in `data` as a whole word."""
        lowered = data.lower()
        return any(_hits(lowered, needle, first_only=True) for needle in self.encoded)

    def redact(self, text: str, token: str) -> str:
        """Replace every whole-word occurrence in `text` (leftmost, longest first) with `token`."""
        data = text.encode("utf-8")
        lowered = data.lower()
        # Only UTF-8 spellings: a Latin-1 one could match part of a multi-byte character.
        hits = sorted((hit for needle in self.utf8 for hit in _hits(lowered, needle)), key=lambda h: (h[0], -h[1]))
        out, cursor = [], 0
        for start, end in hits:
            if start < cursor:
                continue  # inside (or overlapping) an occurrence already replaced
            out += [data[cursor:start], token.encode()]
            cursor = end
        if not out:
            return text
        out.append(data[cursor:])
        return b"".join(out).decode("utf-8")


def _hits(lowered: bytes, needle: bytes, first_only: bool = False) -> list[tuple[int, int]]:
    hits = []
    start = lowered.find(needle)
    while start >= 0:
        end = start + len(needle)
        if (start == 0 or lowered[start - 1] not in _WORD_BYTES) and (
                end == len(lowered) or lowered[end] not in _WORD_BYTES):
            hits.append((start, end))
            if first_only:
                break
        start = lowered.find(needle, start + 1)
    return hits
