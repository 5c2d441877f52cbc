"""Strings one of which every match of an expression contains, read off the expression itself.

A report holding none of them cannot hold a match, and a substring search is far cheaper than a
scan: "M.D." or "D.O." for a credential written with full stops, "@" for an e-mail address, "^"
for a DICOM name. Only what the expression spells out literally counts (a run of literal
characters, an alternation of such runs, a small set of characters); anything read ignoring case,
inside a look-around, or optional is left out, so the answer may be None but is never wrong.

Likewise the characters every match begins with (`first_characters`), on ASCII text: where a match
can begin nowhere else, a scan need only try those places.
"""
from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

Needs = frozenset[str]

# More alternatives than this are not worth testing one by one, unless each is LONG_STRING characters or more (up to
# MAX_LONG_STRINGS of them: state names, road types), which few reports hold; a report holds most short strings
# somewhere inside its words ("tie" in "patient").
MAX_STRINGS = 16
MAX_LONG_STRINGS = 64
LONG_STRING = 4
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
        if len(union) <= MAX_STRINGS or len(union) <= MAX_LONG_STRINGS and min(map(len, union)) >= LONG_STRING:
            return frozenset(union)
        return None
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


ASCII = frozenset(map(chr, range(128)))
_CATEGORIES = {
    sre.CATEGORY_DIGIT: str.isdigit,
    sre.CATEGORY_SPACE: str.isspace,
    sre.CATEGORY_WORD: lambda char: char.isalnum() or char == "_",
}
_NEGATED = {sre.CATEGORY_NOT_DIGIT: sre.CATEGORY_DIGIT, sre.CATEGORY_NOT_SPACE: sre.CATEGORY_SPACE,
            sre.CATEGORY_NOT_WORD: sre.CATEGORY_WORD}
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)


class _Unknown(Exception):
    """An item whose first characters are not worked out here (a back-reference, a conditional)."""


def first_characters(expression: str, ignore_case: bool) -> frozenset[str] | None:
    """The ASCII characters a match of the standard-library expression can begin with, on ASCII text.

    None when that is not known, or when a match may be empty (an empty match begins with no character).
    """
    try:
        parsed = _parser.parse(expression)
        flags = parsed.state.flags | (sre.SRE_FLAG_IGNORECASE if ignore_case else 0)
        first, empty = _first(list(parsed), flags)
    except (re.error, _Unknown):
        return None
    return None if empty else frozenset(first)


def _first(items: list, flags: int) -> tuple[set[str], bool]:
    """(characters a match of the sequence can begin with, whether it can match the empty string)."""
    first: set[str] = set()
    for op, argument in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            return first | _cased({chr(argument)}, flags), False
        if op is sre.IN:
            return first | _cased(_members(argument), flags), False
        if op in (sre.NOT_LITERAL, sre.ANY):
            return first | ASCII, False
        if op is sre.BRANCH:
            empty = False
            for branch in argument[1]:
                more, can_be_empty = _first(branch, flags)
                first |= more
                empty = empty or can_be_empty
        elif op in _REPEATS:
            least, _, body = argument
            more, can_be_empty = _first(list(body), flags)
            first |= more
            empty = least == 0 or can_be_empty
        elif op is sre.SUBPATTERN:
            _, add_flags, del_flags, body = argument
            more, empty = _first(list(body), (flags | add_flags) & ~del_flags)
            first |= more
        elif op is sre.ATOMIC_GROUP:
            more, empty = _first(list(argument), flags)
            first |= more
        else:
            raise _Unknown(op)
        if not empty:
            return first, False
    return first, True


def _members(items: list) -> set[str]:
    """The characters a parsed character class holds: all of them in ASCII, and some beyond (enough for `_cased`)."""
    negate = bool(items) and items[0][0] is sre.NEGATE
    held = set()
    for op, argument in items[1:] if negate else items:
        if op is sre.LITERAL:
            held.add(chr(argument))
        elif op is sre.RANGE:
            held |= {chr(code) for code in range(argument[0], min(argument[1], 127) + 1)}
            if argument[1] > 127:
                held.add(chr(argument[1]))
        elif op is sre.CATEGORY and argument in _CATEGORIES:
            held |= set(filter(_CATEGORIES[argument], ASCII))
        elif op is sre.CATEGORY and argument in _NEGATED:
            held |= ASCII - set(filter(_CATEGORIES[_NEGATED[argument]], ASCII))
        else:
            raise _Unknown(op)
    return set(ASCII - held) if negate else held  # a negated class beyond ASCII holds at least this


def _cased(characters: set[str], flags: int) -> set[str]:
    """The ASCII characters among `characters`; ignoring case, a letter stands for both of its cases, and a character
    beyond ASCII for every ASCII letter (the Kelvin sign is a "k" to the standard engine)."""
    if not flags & sre.SRE_FLAG_IGNORECASE:
        return characters & ASCII
    letters = {char for char in ASCII if char.isalpha()}
    if not characters <= ASCII:
        characters = characters | letters
    return (characters | {char.swapcase() for char in characters & letters}) & ASCII
