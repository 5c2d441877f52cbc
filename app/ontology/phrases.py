"""Leftmost-longest matching of many multi-word phrases over a token sequence."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
# The units a size is written in after its number: "4.4 cm", "2 x 3 mm", "118 ml".
UNITS = frozenset({"mm", "cm", "ml", "x"})


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """A phrase found at token positions [start, end) of the sequence searched."""

    start: int
    end: int
    value: T


class PhraseIndex(Generic[T]):
    """Phrases (tuples of keys) indexed by their first key; one dict lookup per position.

    `skippable` keys may stand between the words of a phrase without breaking it ("heart is
    mildly enlarged" matches "heart is enlarged"); never before its first word or after its last,
    nor right after one of its `closed` words ("the"). With `numbers`, a number may stand there too ("rib 6 is
    fractured", "tooth 17 is impacted"), and so may a measurement's unit in a sentence that holds a number ("ascending
    aorta 4.4 cm, dilated").
    """

    def __init__(self, phrases: Iterable[tuple[tuple[str, ...], T]] = (),
                 skippable: frozenset[str] = frozenset(), closed: frozenset[str] = frozenset(),
                 numbers: bool = False) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        # The same phrases by their first two keys, and one-key phrases apart: a sentence without skippable
        # keys looks up only the phrases that can match at a position, however many share its first word.
        self._by_pair: dict[tuple[str, str], list[tuple[tuple[str, ...], T]]] = {}
        self._single: dict[str, T] = {}
        self._skippable = skippable
        self._closed = closed
        self._numbers = numbers
        self._keys: set[tuple[str, ...]] = set()
        self._sorted = True  # buckets longest phrase first; restored by the first search after an addition
        for key, value in phrases:
            self.add(key, value)

    def add(self, key: tuple[str, ...], value: T) -> None:
        """Index one phrase; a key already present keeps its first value."""
        if not key:
            return
        if key in self._keys:
            return
        self._keys.add(key)
        self._sorted = False
        self._by_first.setdefault(key[0], []).append((key, value))
        if len(key) == 1:
            self._single[key[0]] = value
        else:
            self._by_pair.setdefault(key[:2], []).append((key, value))

    @property
    def skippable(self) -> frozenset[str]:
        """The keys that may stand between a phrase's words."""
        return self._skippable

    def __contains__(self, key: tuple[str, ...]) -> bool:
        return key in self._keys

    def sort(self) -> None:
        """Put every bucket's longest phrases first (the first search does it otherwise); phrases of one length keep
        the order they were added in."""
        for bucket in (*self._by_first.values(), *self._by_pair.values()):
            bucket.sort(key=lambda item: -len(item[0]))
        self._sorted = True

    def words(self) -> set[str]:
        """Return every key that occurs in some phrase."""
        return {word for bucket in self._by_first.values() for key, _ in bucket for word in key}

    def __len__(self) -> int:
        return sum(len(bucket) for bucket in self._by_first.values())

    def find(self, keys: Sequence[str]) -> list[Match[T]]:
        """Return non-overlapping matches, scanning left to right and preferring the longest."""
        if not self._sorted:
            self.sort()
        found: list[Match[T]] = []
        by_first, n, i = self._by_first, len(keys), 0
        # Most sentences hold no skippable word: they take the exact comparison only.
        skippable = self._skippable if not self._skippable.isdisjoint(keys) else None
        if self._numbers:
            numbers = {key for key in keys if key.replace(".", "", 1).isdigit()}
            if numbers:
                skippable = (skippable or frozenset()) | numbers | UNITS
        if skippable is None:
            return self._find_exact(keys)
        by_pair, single = self._by_pair, self._single
        while i < n:
            bucket = by_first.get(keys[i])
            if bucket and i + 1 < n and keys[i + 1] not in skippable:
                # No word is skipped right after the first: only the phrases opening with these two keys can match.
                end = 0
                for key, value in by_pair.get((keys[i], keys[i + 1]), ()):
                    end = i + len(key)
                    if not (end <= n and tuple(keys[i:end]) == key):
                        end = _skipping_end(key, keys, i, skippable, self._closed)
                    if end:
                        break
                if not end and keys[i] in single:
                    end, value = i + 1, single[keys[i]]
                if end:
                    found.append(Match(i, end, value))
                i = end or i + 1
            elif bucket:
                for key, value in bucket:
                    end = i + len(key)
                    # The second word rules out most phrases of a long bucket before a slice is built.
                    if not (len(key) == 1 or (end <= n and keys[i + 1] == key[1] and tuple(keys[i:end]) == key)):
                        end = _skipping_end(key, keys, i, skippable, self._closed) if skippable and len(key) > 1 else 0
                    if end:
                        found.append(Match(i, end, value))
                        i = end
                        break
                else:
                    i += 1
            else:
                i += 1
        return found

    def _find_exact(self, keys: Sequence[str]) -> list[Match[T]]:
        """`find` for a sentence with no skippable key: the longest phrase opening with the position's two keys."""
        found: list[Match[T]] = []
        by_pair, single, n, i = self._by_pair, self._single, len(keys), 0
        while i < n:
            end = 0
            if i + 1 < n:
                for key, value in by_pair.get((keys[i], keys[i + 1]), ()):
                    end = i + len(key)
                    if end <= n and tuple(keys[i:end]) == key:
                        found.append(Match(i, end, value))
                        break
                    end = 0
            if not end and keys[i] in single:
                end = i + 1
                found.append(Match(i, end, single[keys[i]]))
            i = end or i + 1
        return found


def _skipping_end(key: tuple[str, ...], keys: Sequence[str], start: int, skippable: frozenset[str],
                  closed: frozenset[str] = frozenset()) -> int:
    """Return where the phrase ends when it matches at `start` with skippable keys between its words, else 0."""
    j, n = start + 1, len(keys)
    for previous, word in zip(key, key[1:]):
        while j < n and keys[j] != word and keys[j] in skippable and previous not in closed:
            j += 1
        if j >= n or keys[j] != word:
            return 0
        j += 1
    return j
