"""Leftmost-longest matching of many multi-word phrases over a token sequence."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """A phrase found at token positions [start, end) of the sequence searched."""

    start: int
    end: int
    value: T


class PhraseIndex(Generic[T]):
    """Phrases (tuples of keys) indexed by their first key; one dict lookup per position."""

    def __init__(self, phrases: Iterable[tuple[tuple[str, ...], T]] = ()) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for key, value in phrases:
            self.add(key, value)

    def add(self, key: tuple[str, ...], value: T) -> None:
        """Index one phrase; a key already present keeps its first value."""
        if not key:
            return
        bucket = self._by_first.setdefault(key[0], [])
        if any(existing == key for existing, _ in bucket):
            return
        bucket.append((key, value))
        bucket.sort(key=lambda item: -len(item[0]))

    def words(self) -> set[str]:
        """Return every key that occurs in some phrase."""
        return {word for bucket in self._by_first.values() for key, _ in bucket for word in key}

    def __len__(self) -> int:
        return sum(len(bucket) for bucket in self._by_first.values())

    def find(self, keys: Sequence[str]) -> list[Match[T]]:
        """Return non-overlapping matches, scanning left to right and preferring the longest."""
        found: list[Match[T]] = []
        by_first, n, i = self._by_first, len(keys), 0
        while i < n:
            bucket = by_first.get(keys[i])
            if bucket:
                for key, value in bucket:
                    end = i + len(key)
                    if end <= n and (len(key) == 1 or tuple(keys[i:end]) == key):
                        found.append(Match(i, end, value))
                        i = end
                        break
                else:
                    i += 1
            else:
                i += 1
        return found
