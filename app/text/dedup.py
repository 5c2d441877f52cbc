"""Presidio's de-duplication of results (`EntityRecognizer.remove_duplicates`), the same results in the same order.

Every pattern recognizer de-duplicates its own results and the analyzer all of them: some 3,000 calls
over 300 reports. Presidio's version hashes each result through a formatted string and sorts and
groups them through key functions; here the results are keyed and compared as plain tuples. What
is kept, and in which order, is presidio's: one result per (type, start, end, score), none with a
score of zero, none inside another of its type that scores at least as high; highest score first,
then by start, longest first, then in type order.
"""
from __future__ import annotations

from presidio_analyzer import RecognizerResult


def remove_duplicates(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """The results presidio's `remove_duplicates` keeps, in its order."""
    unique: dict[tuple, RecognizerResult] = {}
    for result in results:
        # Presidio's set keeps the first of equal results; equal means equal as text (1 and 1.0 differ), hence the
        # score's class in the key.
        unique.setdefault((result.entity_type, result.start, result.end, result.score, result.score.__class__),
                          result)
    kept: list[tuple] = []
    kind, active = None, []
    for key in sorted(unique, key=_by_type_then_start):
        entity_type, start, end, score, _ = key
        if score == 0:
            continue
        if entity_type != kind:
            kind, active = entity_type, []
        # Sorted by start, so a result that ends before this one starts can contain no later one either.
        active = [span for span in active if span[1] >= start]
        if any(a_start <= start and end <= a_end and score <= a_score for a_start, a_end, a_score in active):
            continue
        kept.append((-score, start, start - end, len(kept), unique[key]))
        active.append((start, end, score))
    kept.sort()
    return [entry[-1] for entry in kept]


def _by_type_then_start(key: tuple) -> tuple:
    # Presidio's first order: type, start, longest first, highest score first.
    return key[0], key[1], key[1] - key[2], -key[3]
