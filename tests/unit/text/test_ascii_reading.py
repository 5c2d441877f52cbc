"""Patterns written with letter properties are scanned on ASCII text by the standard engine, finding what `regex` finds."""
from __future__ import annotations

import re

import pytest
import regex

from tests.synth.report_corpus import generate_report_corpus
from app.text.ascii_reading import ascii_reading
from app.text.recognizers._base import DEFAULT_FLAGS
from app.text.recognizers.header_person import HeaderPersonRecognizer
from app.text.registry import build_analyzer


@pytest.mark.parametrize(("expression", "reading"), [
    (r"\p{Lu}{2,4}/\p{Ll}{2,4}", r"[A-Z]{2,4}/[a-z]{2,4}"),
    (r"(?<![\p{L}\d])x", r"(?<![A-Za-z\d])x"),  # inside a class, the members alone
    (r"[^\p{L}]", r"[^A-Za-z]"),
    (r"[]\p{L}]", r"[]A-Za-z]"),  # a "]" first in a class is a member
    (r"\\p{L}", None),  # an escaped backslash, then plain text: no property
    (r"(?i:at)[ \t]+\p{L}+", r"(?i:at)[ \t]+[A-Za-z]+"),  # letters are letters in any case
    (r"(?i:at)[ \t]+\p{Lu}", r"(?i:at)[ \t]+[A-Z]"),  # case is ignored only inside its group
    (r"(?i:at[ \t]+\p{Lu})", None),  # ignoring case the engines read an upper-case property differently
    (r"(?i:at(?:[ \t]+\p{Ll}))", None),  # a group inside one that ignores case ignores it too
    (r"(?i:at(?-i:[ \t]+\p{Ll}))", r"(?i:at(?-i:[ \t]+[a-z]))"),  # unless it says otherwise
    (r"(?i)at[ \t]+\p{Lu}", None),  # and a global flag ignores it everywhere
    (r"[(]\p{Lu}\(", r"[(][A-Z]\("),  # a bracket in a class or escaped opens no group
    (r"\p{N}+", None),
    (r"\P{L}", None),
    (r"\d{4}", None),
])
def test_ascii_reading(expression, reading):
    assert ascii_reading(expression) == reading


# Synthetic lines in the shapes the letter-property patterns read: dictation initials, dotted and bare dates,
# times before a date, after a label or closing a clause, telephone extensions.
LINES = (
    "Impression: stable.\nKM/jl\n  RTW/abc  \nDictated 04.11.2023, typed 4.11.23; follow-up 2024/03/09 and 2024-3-9.\n"
    "Seen Lyon-12/05 at 0930, 0815 14/06/2024; time in 1140; TIME OF ARRIVAL: 0645 read back by RN.\n"
    "Reported 2250, 2300 hrs and 0605 via phone; next 11/2024 or 3/2025 (12/4 dose 5 mg); call ext. 4417 or x2231.\n"
)


def _letter_property_patterns() -> list[tuple[regex.Pattern, str]]:
    """(pattern, its ASCII reading) of every whole-report pattern the standard engine reads only so."""
    patterns = []
    for recognizer in build_analyzer().registry.recognizers:
        for pattern, compiled, anchor, *_ in getattr(recognizer, "_compiled", ()):
            reading = ascii_reading(pattern.regex)
            if anchor is None and reading is not None and _readable(reading):
                patterns.append((compiled, reading))
    return patterns


def _readable(expression: str) -> bool:
    try:
        re.compile(expression)
    except re.error:
        return False  # a variable-width look-behind: `regex` alone scans it
    return True


def test_shipped_patterns_read_in_ascii_find_what_regex_finds():
    """Each whole-report pattern written with letter properties, read with ASCII classes by either engine, finds on
    ASCII text exactly the matches `regex` finds with the pattern as written."""
    readings = _letter_property_patterns()
    assert len(readings) >= 8
    texts = [r["text"] for r in generate_report_corpus(25, 405)] + [LINES, LINES.upper(), LINES.lower()]
    found = 0
    for compiled, reading in readings:
        standard = re.compile(reading, re.MULTILINE)
        ascii_regex = regex.compile(reading, DEFAULT_FLAGS)
        for text in texts:
            assert text.isascii()
            expected = [m.span() for m in compiled.finditer(text)]
            assert [m.span() for m in standard.finditer(text)] == expected, compiled.pattern
            assert [m.span() for m in ascii_regex.finditer(text)] == expected, compiled.pattern
            found += len(expected)
    assert found > 50


def test_text_beyond_ascii_is_still_read_by_regex():
    """An accented capital is a letter to the pattern as written; the ASCII reading is only used on ASCII text."""
    recognizer = HeaderPersonRecognizer()
    assert [(r.start, r.end) for r in recognizer.analyze("Findings normal.\nÉM/jl\n", [])] == [(17, 22)]
    assert [(r.start, r.end) for r in recognizer.analyze("Findings normal.\nKM/jl\n", [])] == [(17, 22)]
