"""Whole-report scans of expressions both regex engines read alike, each by the engine that runs it faster.

Recognizers' anchor expressions and the allow-list's clinical patterns are written so that the
standard library and `regex` read them alike, and which engine scans one faster depends on its
shape: the standard engine skips ahead only to a leading literal or class and otherwise tries every
position of the report, while `regex` finds the start of look-behinds and of alternations whose
branches begin differently (and of most case-insensitive expressions), but is slower on the leading
classes and word lists the standard engine handles. Both are timed on the first reports an
expression is scanned over, and the faster one scans it from then on; the hits are the same either
way (`tests/unit/text/test_presidio_equivalence.py` checks every shipped anchor and clinical pattern
with both). Expressions are read in multi-line mode. A text holding none of the strings that every match
contains (`literals.required_literals`, when an expression spells some out) is not scanned at all.
"""
from __future__ import annotations

import re
import time
from functools import partial
from typing import Any, Callable, Iterator

import regex

from .literals import required_literals

Span = tuple[int, int]
# The `regex` engine's `concurrent` argument for report analysis (positional where a call has a fast path for
# positional arguments). By default it lets go of the GIL around every call on a str, about a quarter of a short
# call's cost; analysis runs in one thread and gains nothing from it.
NO_GIL_RELEASE = False
# Reports both engines scan before one is chosen: enough to even out a report without any hit.
TRIALS = 8
# Only texts this long are timed: on a DICOM descriptor of a few words the call costs more than the scan.
TRIAL_LENGTH = 400


class Scanner:
    """finditer of one expression, by the engine that proved faster on its first reports."""

    def __init__(self, expression: str, ignore_case: bool):
        standard = re.compile(expression, re.MULTILINE | (re.IGNORECASE if ignore_case else 0))
        extended = regex.compile(expression, regex.MULTILINE | regex.VERSION0 | (regex.IGNORECASE if ignore_case else 0))
        self.engines: tuple[Callable[[str], Iterator[Any]], ...] = (
            standard.finditer, partial(extended.finditer, concurrent=NO_GIL_RELEASE))
        # Case-sensitive expressions only: ignoring case, the strings could be written in any case.
        self._needs = None if ignore_case else required_literals(expression)
        self._spent = [0, 0]
        self._trials = 0
        self.chosen: Callable[[str], Iterator[Any]] | None = None  # one of `engines`, once timed

    def spans(self, text: str) -> tuple[Span, ...]:
        """Every (start, end) of the expression in `text`, in order."""
        if self._needs is not None and not any(map(text.__contains__, self._needs)):
            return ()
        if not text.isascii():
            # Beyond ASCII the engines differ: they fold a few letters differently ignoring case ('ımage' is 'image'
            # only to the standard one) and `regex` counts combining marks as word characters for \w and \b. On
            # ASCII they read alike, so the choice below can never change what is found, only how fast.
            return tuple(hit.span() for hit in self.engines[0](text))
        if self.chosen is not None:
            return tuple(hit.span() for hit in self.chosen(text))
        if len(text) < TRIAL_LENGTH:
            return tuple(hit.span() for hit in self.engines[0](text))
        found: tuple[Span, ...] = ()
        # Alternate which engine goes first, so neither always finds the other's work in the cache.
        order = (0, 1) if self._trials % 2 == 0 else (1, 0)
        for engine in order:
            started = time.process_time_ns()
            found = tuple(hit.span() for hit in self.engines[engine](text))
            self._spent[engine] += time.process_time_ns() - started
        self._trials += 1
        if self._trials == TRIALS:
            self.chosen = self.engines[0 if self._spent[0] <= self._spent[1] else 1]
        return found
