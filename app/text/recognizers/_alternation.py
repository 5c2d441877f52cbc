"""Long alternations of words written so that the regex engine tries only the words that can match."""
from __future__ import annotations

from typing import Iterable


def by_first_letter(alternatives: Iterable[str]) -> str:
    """`a|b|...` as one group, the alternatives that share a first letter grouped under it, in their order.

    Each alternative must open with a literal letter. Alternatives with different first letters never match at the
    same place, so the order in which matching alternatives are tried, and so every match, is that of the plain
    alternation; but the engine tests a few dozen letters instead of every word at every place. (Ignoring case,
    that holds only while no letter opens alternatives in both cases: "Street" and "STREET" may, "Pa" and "pa" not.)
    """
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        if not alternative[:1].isalpha():
            raise ValueError(f"alternative {alternative!r} does not open with a letter")
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return "(?:" + "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items()) + ")"
