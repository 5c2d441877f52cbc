"""Whole-report scans of expressions both regex engines read alike, each by the way that runs it fastest.

Recognizers' anchor expressions and the allow-list's clinical patterns are written so that the
standard library and `regex` read them alike, and which engine scans one faster depends on its
shape: the standard engine skips ahead only to a leading literal or class and otherwise tries every
position of the report, while `regex` finds the start of look-behinds and of alternations whose
branches begin differently (and of most case-insensitive expressions), but is slower on the leading
classes and word lists the standard engine handles. Where the standard engine has nothing to skip
to, a third way runs it led by the characters a match can begin with (`literals.first_characters`).
All are timed on the first reports an expression is scanned over, and the fastest scans it from then
on; the hits are the same whichever it is (`tests/unit/text/test_presidio_equivalence.py` checks every
shipped anchor, clinical pattern and pattern scanned this way with each). Expressions are read in
multi-line mode. A text holding none of the strings that every match contains
(`literals.required_literals`, when an expression spells some out) is not scanned at all, unless
looking for them proved dearer in the trials than the scans it spared (dozens of state names, most
reports holding one of "am" and "pm"): a gate, like the way, changes how fast, never what is found.
"""
from __future__ import annotations

import re
import time
from re import _compiler, _parser  # type: ignore[attr-defined]
from typing import Callable

import regex

from .literals import first_characters, required_literals

Span = tuple[int, int]
# One way of scanning: text -> the (start, end) of every match, in order.
Way = Callable[[str], tuple[Span, ...]]
# The `regex` engine's `concurrent` argument for report analysis (positional where a call has a fast path for
# positional arguments). By default it lets go of the GIL around every call on a str, about a quarter of a short
# call's cost; analysis runs in one thread and gains nothing from it.
NO_GIL_RELEASE = False
# Reports the engines scan before one is chosen: enough to even out a report without any hit.
TRIALS = 8
# After this many, an engine taking more than FAR_BEHIND times the fastest one's time drops out.
EARLY_TRIALS = 3
FAR_BEHIND = 1.5
# Only texts this long are timed: on a DICOM descriptor of a few words the call costs more than the scan.
TRIAL_LENGTH = 400
# Leading characters beyond this many leave little to skip (of ASCII's 128).
MAX_FIRST = 48


class Scanner:
    """The match spans of one expression, by the way that proved fastest on its first reports."""

    def __init__(self, expression: str, ignore_case: bool):
        flags = re.MULTILINE | (re.IGNORECASE if ignore_case else 0)
        standard = re.compile(expression, flags)
        extended = regex.compile(expression, regex.MULTILINE | regex.VERSION0 | (regex.IGNORECASE if ignore_case else 0))
        self.engines: tuple[Way, ...] = (_spans_of(standard.finditer, re.Match.span),
                                         _spans_of(extended.finditer, regex.Match.span, concurrent=NO_GIL_RELEASE))
        skipping = _skipping(standard, ignore_case)
        if skipping is not None:
            self.engines += (skipping,)
        # Case-sensitive expressions only: ignoring case, the strings could be written in any case.
        self._needs = None if ignore_case else required_literals(expression)
        self._gate_spent = self._gate_closed = 0  # over the trials: time looking for the strings, texts without them
        self._spent = [0] * len(self.engines)
        self._racing = list(range(len(self.engines)))  # the engines still timed
        self._trials = 0
        self.chosen: Way | None = None  # one of `engines`, once timed

    def spans(self, text: str) -> tuple[Span, ...]:
        """Every (start, end) of the expression in `text`, in order."""
        trial = self.chosen is None and len(text) >= TRIAL_LENGTH and text.isascii()
        if trial:
            return self._trial(text)
        if self._needs is not None and not any(map(text.__contains__, self._needs)):
            return ()
        if not text.isascii():
            # Beyond ASCII the engines differ: they fold a few letters differently ignoring case ('ımage' is 'image'
            # only to the standard one) and `regex` counts combining marks as word characters for \w and \b. On
            # ASCII they read alike, so the choice below can never change what is found, only how fast.
            return self.engines[0](text)
        if self.chosen is not None:
            return self.chosen(text)
        return self.engines[0](text)

    def _trial(self, text: str) -> tuple[Span, ...]:
        """The spans by every engine still racing, each timed, and the literal gate timed too; the last trial decides
        which engine scans from then on, and whether the gate is worth its cost."""
        if self._needs is not None:
            # Scanned whatever the gate says, to time the scan: a text without the strings holds no match either.
            started = time.process_time_ns()
            self._gate_closed += not any(map(text.__contains__, self._needs))
            self._gate_spent += time.process_time_ns() - started
        found: tuple[Span, ...] = ()
        # Rotate which engine goes first, so none always finds another's work in the cache.
        racing = self._racing
        for turn in range(len(racing)):
            engine = racing[(self._trials + turn) % len(racing)]
            started = time.process_time_ns()
            found = self.engines[engine](text)
            self._spent[engine] += time.process_time_ns() - started
        self._trials += 1
        if self._trials == EARLY_TRIALS:
            # An engine already far behind is timed no further: the trials are paid for in the reports they scan.
            best = min(self._spent[engine] for engine in racing)
            self._racing = [engine for engine in racing if self._spent[engine] <= FAR_BEHIND * best]
        if self._trials == TRIALS:
            fastest = min(self._racing, key=self._spent.__getitem__)
            self.chosen = self.engines[fastest]
            if self._needs is not None and not gate_pays(self._gate_spent, self._gate_closed, self._spent[fastest]):
                self._needs = None  # looking for many strings, mostly present, can cost more than the scans it spares
        return found


def gate_pays(gate_spent: int, closed: int, scan_spent: int) -> bool:
    """Whether looking for the strings in the trial texts took less time than scanning those it found without them.

    `scan_spent` is the fastest way's time over all TRIALS texts, so a scan costs its mean; scans of texts that hold
    a string cost the same with the gate or without it.
    """
    return gate_spent < closed * scan_spent / TRIALS


def _spans_of(finditer: Callable, span: Callable, **options: bool) -> Way:
    """The way that reads every match's span off `finditer` (the method itself, mapped: no call per match in Python)."""
    return lambda text: tuple(map(span, finditer(text, **options)))


def _skipping(standard: re.Pattern, ignore_case: bool) -> Way | None:
    """The spans of `standard` on ASCII text, found by skipping to where a match can begin (None: no use for one).

    The standard engine skips ahead only to a leading literal or character class; an expression that begins
    with a look-behind, a word boundary or an optional part is tried at every position. Led by the class of
    characters a match can begin with and asserting the expression from there, the same engine skips to
    those characters and finds the same matches, in the same order.
    """
    expression = standard.pattern
    parsed = _parser.parse(expression, standard.flags)
    if _compiler._get_literal_prefix(parsed, parsed.state.flags)[0] or _compiler._get_charset_prefix(
            parsed, parsed.state.flags):
        return None  # the engine skips ahead by itself
    first = first_characters(expression, ignore_case)
    if not first or len(first) > MAX_FIRST:
        return None
    lead = "[" + "".join(map(_in_class, sorted(first))) + "]"
    try:
        candidate = re.compile(f"{lead}(?<=(?={expression}){lead})", standard.flags)
    except re.error:
        return None  # a global flag inside the expression cannot be nested

    search, match = candidate.search, standard.match

    def spans(text: str) -> tuple[Span, ...]:
        found = []
        position = 0
        while (hit := search(text, position)) is not None:
            span = match(text, hit.start()).span()
            found.append(span)
            position = span[1]  # never empty: an expression that may match nothing has no first characters
        return tuple(found)
    return spans


def _in_class(char: str) -> str:
    return "\\" + char if char in "\\]^-[" else char if char.isprintable() else f"\\x{ord(char):02x}"
