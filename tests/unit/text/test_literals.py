"""A scan is skipped only where it could find nothing: the strings every match contains are read off correctly."""
from __future__ import annotations

import re

import pytest

from tests.synth.report_corpus import generate_report_corpus
from app.text.allow_list import _CLOCK_FACE, CLINICAL_PATTERNS
from app.text.literals import first_characters, required_literals
from app.text.registry import build_analyzer
from app.text.scanner import Scanner


# Twenty alternatives of four letters or more.
_LONG_WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa"
               " quebec romeo sierra tango").split()


@pytest.mark.parametrize(("expression", "needs"), [
    (r"M\.D\.|D\.O\.|Ph\.D\.", {"M.D.", "D.O.", "Ph.D."}),
    (r"\[at\]|\(at\)", {"[at]", "(at)"}),
    (r"(?<![\w^])[A-Z]+\^[A-Z]+", {"^"}),
    (r"\d+[@+]", {"@", "+"}),
    (r"(?:plot|house)[ \t]*no\.?", {"plot", "house"}),  # the longer of two candidates: "no" is two letters
    (r"(?i:zip)[ \t]*code", {"code"}),  # what is read ignoring case does not count
    (r"x(?=abc)", {"x"}),  # nor what a look-around reads
    (r"(?:ab)?\d", None),  # nor what is optional
    (r"ab|\d", None),  # nor an alternation with a branch that spells nothing out
    (r"(?i)abc", None),
    (r"[^@]+", None),
    (r"(?:x|y)+z", {"z"}),
    (",[ \t]*(?:" + "|".join(_LONG_WORDS) + ")", set(_LONG_WORDS)),  # many strings, all long: rare in a report
    (",[ \t]*(?:" + "|".join(_LONG_WORDS) + "|mt)", {","}),  # one short string among many: not worth it
])
def test_required_literals(expression, needs):
    assert required_literals(expression) == (None if needs is None else frozenset(needs))


def test_every_match_of_the_shipped_expressions_holds_one_of_its_strings():
    """Anchor and allow-list expressions, on generated reports: a match without one of the strings would be lost."""
    expressions = {anchor.regex for recognizer in build_analyzer().registry.recognizers
                   for _, _, anchor, *_ in getattr(recognizer, "_compiled", ())
                   if anchor is not None and anchor.regex is not None}
    expressions |= {pattern for pattern, _ in CLINICAL_PATTERNS} | {_CLOCK_FACE}
    reports = [r["text"] for r in generate_report_corpus(40, 5)]
    checked = 0
    for expression in expressions:
        needs = required_literals(expression)
        if needs is None:
            continue
        for text in (*reports, *(t.lower() for t in reports)):
            for match in re.finditer(expression, text, re.MULTILINE):
                assert any(need in match.group() for need in needs), expression
                checked += 1
    assert checked > 100


def test_scanner_skips_a_text_without_the_strings_and_finds_them_where_present():
    scanner = Scanner(r"(?<![a-z])[a-z]+@[a-z]+\.org", ignore_case=False)
    assert scanner.spans("No address here, only x.org") == ()  # no "@": not scanned
    assert scanner.spans("Only 3 @ 4 here, and x.org") == ()  # scanned, nothing found
    assert scanner.spans("write to jo@example.org today") == ((9, 23),)


@pytest.mark.parametrize(("expression", "ignore_case", "first"), [
    (r"(?:\d{1,4}[A-Za-z]?/)?\d{1,6}x", False, "0123456789"),  # an optional part, then what must come
    (r"(?<![a-z])(?:plot|house[ \t]*no|[hd]\.?no)", False, "dhp"),  # look-arounds read nothing
    (r"\b[CTLS]\d", True, "CLSTclst"),
    (r"(?i:ab)c", False, "Aa"),
    ("\u212a", True, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),  # the Kelvin sign is a "k" ignoring case
    ("\u00e9t\u00e9", False, ""),  # never at the start of an ASCII match
    (r"x?", False, None),  # a match may be empty
    (r"(?=a)", False, None),
    (r"(a)\1", False, "a"),
    (r"(?:(a)|b)(?(1)c|d)", False, "ab"),
])
def test_first_characters(expression, ignore_case, first):
    assert first_characters(expression, ignore_case) == (None if first is None else frozenset(first))


def test_every_match_of_the_shipped_expressions_begins_with_one_of_its_first_characters():
    analyzer = build_analyzer()
    expressions = {(anchor.regex, False) for recognizer in analyzer.registry.recognizers
                   for _, _, anchor, *_ in getattr(recognizer, "_compiled", ())
                   if anchor is not None and anchor.regex is not None}
    expressions |= {(pattern, True) for pattern, _ in CLINICAL_PATTERNS} | {(_CLOCK_FACE, True)}
    reports = [r["text"] for r in generate_report_corpus(40, 17)]
    for expression, ignore_case in expressions:
        first = first_characters(expression, ignore_case)
        if first is None:
            continue
        compiled = re.compile(expression, re.MULTILINE | (re.IGNORECASE if ignore_case else 0))
        for text in reports:
            for scanned in (text, text.lower()):
                assert all(scanned[m.start()] in first for m in compiled.finditer(scanned)), expression
