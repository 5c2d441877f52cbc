"""Strings one of which every match of an expression contains, read off the expression itself.

A report holding none of them cannot hold a match, and a substring search is far cheaper than a
scan: "M.D." or "D.O." for a credential written with full stops, "@" for an e-mail address, "^"
for a DICOM name. Only what the expression spells out literally counts (a run of literal
characters, an alternation of such runs, a small set of characters); anything read ignoring case,
inside a look-around, or optional is left out, so the answer may be None but is never wrong.
"""
from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

Needs = frozenset[str]

# More alternatives than this are not worth testing one by one.
MAX_STRINGS = 16
# A class of at most this many characters counts as an alternation of them ("[@＠]").
MAX_CLASS = 4
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def required_literals(expression: str) -> Needs | None:
    """Strings one of which every match of the standard-library expression contains (None: no such strings known).

    Of the candidates found, the one whose shortest string is longest wins (the rarer in a report).
    """
    try:
        parsed = _parser.parse(expression)
    except re.error:
        return None
    if parsed.state.flags & sre.SRE_FLAG_IGNORECASE:
        return None
    return _sequence(list(parsed))


def _sequence(items: list) -> Needs | None:
    """Needs of a sequence: any one item's needs, or a run of literals, all hold for the whole."""
    candidates: list[Needs] = []
    run: list[str] = []
    for op, argument in items:
        if op is sre.LITERAL:
            run.append(chr(argument))
            continue
        if run:
            candidates.append(frozenset(["".join(run)]))
            run = []
        needs = _item(op, argument)
        if needs:
            candidates.append(needs)
    if run:
        candidates.append(frozenset(["".join(run)]))
    if not candidates:
        return None
    return max(candidates, key=lambda needs: (min(map(len, needs)), -len(needs)))


def _item(op, argument) -> Needs | None:
    if op is sre.BRANCH:
        union: set[str] = set()
        for branch in argument[1]:
            needs = _sequence(branch)
            if needs is None:
                return None  # one branch needs nothing, so the alternation needs nothing
            union |= needs
        return frozenset(union) if len(union) <= MAX_STRINGS else None
    if op in _REPEATS:
        least, _, body = argument
        return _sequence(body) if least >= 1 else None
    if op is sre.SUBPATTERN:
        _, add_flags, _, body = argument
        return None if add_flags & sre.SRE_FLAG_IGNORECASE else _sequence(body)
    if op is sre.ATOMIC_GROUP:
        return _sequence(argument)
    if op is sre.IN and len(argument) <= MAX_CLASS and all(kind is sre.LITERAL for kind, _ in argument):
        return frozenset(chr(code) for _, code in argument)
    return None  # any character, a category, a negated or large class, a look-around, an anchor, a back-reference
