"""A scan is skipped only where it could find nothing: the strings every match contains are read off correctly."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.synth.report_corpus import generate_report_corpus
from app.text.allow_list import _CLOCK_FACE, CLINICAL_PATTERNS
from app.text.literals import first_characters, required_literals
from app.text.registry import build_analyzer
from app.text.scanner import Scanner


ADVERSARIAL = Path(__file__).resolve().parents[2] / "data" / "text" / "adversarial_reports.jsonl"
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


def test_every_match_of_a_clinical_pattern_holds_one_of_its_words():
    """A clinical pattern is scanned only in a report holding one of its words: a match without one would be lost."""
    reports = [r["text"] for r in generate_report_corpus(60, 31)]
    reports += [json.loads(line)["text"] for line in ADVERSARIAL.read_text(encoding="utf-8").splitlines()
                if line.strip()]
    # Invented sentences holding every pattern's shape at least once.
    reports += ["L4-L5 and C5/6, T12, S1 discs; nodule 3.2 x 2.1 cm, 12 mL; series 3, image 45 (4:112).",
                "A mass at the 10:30 position.",
                "BI-RADS 4A, Lung-RADS 2; CPT 71046, ICD-10: K50.00; 2:00 4 cm FN; GCS 14 (E4V4M6), (e3 v4 m6).",
                "G3P2012; profusion category 1/1; gcs: 9 E2 V3 M4 on arrival."]
    checked = set()
    for expression, words in CLINICAL_PATTERNS:
        if words is None:
            continue
        for text in reports:
            for match in re.finditer(expression, text, re.MULTILINE | re.IGNORECASE):
                assert any(word in match.group().lower() for word in words), expression
                checked.add(expression)
    assert checked == {expression for expression, words in CLINICAL_PATTERNS if words is not None}
