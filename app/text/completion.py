"""Grow detected spans to the edges of the PHI they belong to, whichever recognizer found them.

Recognizers find a piece and stop: "Vu, Thanh H" without the initial's full stop, "Valley Urology"
without "of Harlingen", "Hospital of the Ozarks" without "Children's". A span that stops short
leaves part of the identifier in the output, so spans are completed once, after every recognizer:
- a name ending in an initial takes its full stop, and a generational suffix ("III", "Jr."); a name
  takes a hyphenated given name and lower-case particles ("de la") before it, "FAMILY" in capitals the
  given name after its comma, and the signing name the typist's initials after a slash (in capitals after a name in
  capitals); after a name, given names behind particles ("María de los Ángeles"), a bare middle initial in capitals
  ("WASHINGTON, BERNICE L"), a placeholder's number ("John Doe 4471") and a quoted nickname ('"Nancy"', '("BETO")')
  belong to it;
- an institution takes the capitalised words around it on its line, and the connectors ("of",
  "of the", "&", "and", "at", "for", " - ") that join it to more capitalised words; a name or place
  that grows that way over a facility word ("Women's" in "Women's Imaging at Crestview") is one; a head
  word takes a capitalised pair joined by "&" before it ("Foot & Ankle Institute"), and the town closing it
  ("St. Quillan's of Michigan (Rose)") whichever recognizer found the name.
"""
from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult

from .recognizers._alternation import by_first_letter
from .recognizers._institutions import is_facility_word, town_after
from .recognizers._names import NAME_PARTICLES, PARTICLE, READER_INITIALS, TYPIST_INITIALS, is_non_name_word

# A capitalised word of an institution's name ("Children's", "Mother-Baby", "Women's", "ED").
_WORD = r"\p{Lu}[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)*"
_RIGHT = regex.compile(rf"(?:[ \t](?:of[ \t]+the|of|&|and|at|for|on[ \t]+the|-)[ \t]|[ \t]|-)({_WORD})(?![\p{{L}}\d:])")
_LEFT = regex.compile(rf"(?<![\p{{L}}\d'’-])({_WORD})(?:[ \t](?:&|and|of|of[ \t]+the)[ \t]|[ \t]|-)$")
# A generational suffix after a name ("Leroy Washington III", "Amos Pike Jr.").
_SUFFIX = regex.compile(r",?[ \t]+(?:Jr\.?|Sr\.?|JR\.?|SR\.?|II|III|IV)(?![\p{L}\d])")
# A hyphenated given name right before a name ("Ava-Grace", "Jean-Luc"), and a given name in capitals after
# "FAMILY, " that no word list knows ("BRYNJAR").
_HYPHENATED_GIVEN = regex.compile(r"(?<![\p{L}'’-])\p{Lu}\p{Ll}+-\p{Lu}\p{Ll}+[ \t]$")
_CAPITALS_GIVEN = regex.compile(r",[ \t]*\p{Lu}{3,}(?![\p{L}\d])(?![ \t]*:)")
_LETTERS = regex.compile(r"[\p{L}'’]+")
_CONNECTOR_ENDS = frozenset(" \t-")
_BEFORE_GIVEN_ENDS = frozenset(" \t\n")
# A practice named for two body parts or specialties joined by "&" ("Foot & Ankle Institute", "Heart and Vascular
# Center"): the pair belongs to the name although each word alone is clinical.
_PAIR_BEFORE = regex.compile(r"(?<![\p{L}'’-])\p{Lu}\p{Ll}+[ \t]+(?:&|and)[ \t]+\p{Lu}\p{Ll}+[ \t]+$")
# Lower-case particles that open a family name, one or two ("de la Cruz, Marisol", "dos Santos", "van den Broek").
_PARTICLES = regex.compile(
    rf"(?<![\p{{L}}'’.-])(?:{by_first_letter(sorted(NAME_PARTICLES))}[ \t]+){{1,2}}$")
# A nickname in quotes after a name, bracketed or not ('Moua, Nkauj Hli "Nancy"', 'ALBERTO ("BETO")'): part of it.
_NICKNAME = regex.compile(r"[ \t]{1,2}(?:\([ \t]*)?[\"“'‘]\p{Lu}[\p{L}\d.'’ -]{0,18}[\"”'’](?:[ \t]*\))?(?![\p{L}\d])")
# The family name after a given name and its quoted nickname ('Wilhelmina "Billie" van Aswegen').
_FAMILY_AFTER_NICKNAME = regex.compile(rf"[ \t](?:{PARTICLE}[ \t]){{0,2}}(?P<family>\p{{Lu}}\p{{Ll}}[\p{{L}}'’-]*)(?![\p{{L}}\d:])")
# A newborn's name before its family's ("Baby Girl Whitcombe", "BABY BOY B LOCKRIDGE").
_NEWBORN = regex.compile(r"(?<![\p{L}'’-])(?:Baby|BABY)[ \t]+(?:Girl|Boy|GIRL|BOY)(?:[ \t]+[A-F])?[ \t]+$")
# Given names that go on after particles ("Treviño-Ochoa, María de los Ángeles"): the particles are lower case,
# the word after them capitalised.
_PARTICLES_AFTER = regex.compile(r"(?:[ \t](?P<particle>\p{Ll}{1,5}))+[ \t]\p{Lu}[\p{L}'’-]*(?![\p{L}\d:])")
# A middle initial without its full stop after a name in capitals with its comma ("WASHINGTON, BERNICE L").
_CAPITALS_INITIAL = regex.compile(r"[ \t]\p{Lu}(?=[ \t]{2,}|[ \t]*$|[ \t]*[|;,])", regex.MULTILINE)
# An unidentified patient's placeholder name takes its number ("John Doe 4471", "JANE DOE #2211").
_PLACEHOLDER_NUMBER = regex.compile(r"[ \t]#?\d{2,6}(?![\p{L}\d:/.-])")
_PLACEHOLDER_ENDS = ("Doe", "DOE")
_GENERATIONS = ("Jr", "Sr", "JR", "SR")
# A typist's initials after the signing name at the end of a report ("DR P. VON HOLSTEIN / mjb"), in capitals too
# after a name in capitals closing the report ("DR QUARRELL-BAKER / LC").
_TYPIST = regex.compile(rf"[ \t]*/[ \t]*(?:(?P<lower>{TYPIST_INITIALS})|{READER_INITIALS})(?=[ \t.]*$)", regex.MULTILINE)
_POSSESSIVES = frozenset({"'s", "’s", "'S", "’S"})
# Kinds a recognizer may have given a piece of an institution's name ("Women's" as a name, "Pasadena" as a place).
_GROWN = frozenset({"ORGANIZATION", "PERSON", "ADDRESS"})
# Capitalised words that open a sentence or a label rather than a name ("At", "The", "Referred").
_NOT_PART = frozenset(
    """a an the at in on from to of for by with and or per via see seen referred performed read signed dr mr mrs ms
    patient pt site location loc referral ref hospital day attends attended works worked employed plays played pupil
    student employee member""".split())


def complete(text: str, results: list[RecognizerResult]) -> None:
    """Grow the results' spans in place (names to their initial's full stop, institutions to their whole name)."""
    one_case: dict[int, bool] = {}  # line start -> written in one case (several results share a line)
    for result in results:
        if result.entity_type == "PERSON":
            end = result.end
            if text[end:end + 1] == "." and text[end - 1:end].isupper() and not text[end - 2:end - 1].isalpha():
                result.end = end + 1
            suffix = _SUFFIX.match(text, result.end)
            if suffix is not None:
                result.end = suffix.end()
            if text[result.end:result.end + 1] == "." and text[result.start:result.end].endswith(_GENERATIONS):
                result.end += 1  # "Lopez, Juan Carlos Jr." found without the suffix's full stop
            _grow_name_after(text, result)
            particles = _PARTICLES.search(text, max(0, result.start - 12), result.start)
            if particles is not None and text[result.start:result.start + 1].isupper():
                result.start = particles.start()
            newborn = _NEWBORN.search(text, max(0, result.start - 14), result.start)
            if newborn is not None:
                result.start = newborn.start()
            # The pattern ends in a blank at the span's start (or before a line break there, as `$` allows).
            given = (_HYPHENATED_GIVEN.search(text, max(0, result.start - 30), result.start)
                     if text[result.start - 1:result.start] in _BEFORE_GIVEN_ENDS else None)
            if given is not None:
                result.start = given.start()  # "Ava-Grace Sutherland" found from "Sutherland"
            typist = _TYPIST.match(text, result.end)
            if typist is not None and typist.group("lower") is None and not (
                    text[result.start:result.end].isupper() and not text[typist.end():].strip()):
                # Only the report's closing line signs so: notes write shorthand in capitals after a slash ("CABG/MVR").
                typist = None
            if typist is not None:
                result.end = typist.end()
            first = _CAPITALS_GIVEN.match(text, result.end)
            if first is not None and text[result.start:result.end].isupper() and "," not in text[result.start:result.end]:
                result.end = first.end()  # "HALVORSON, BRYNJAR" found from "HALVORSON"
        if result.entity_type in _GROWN and not _one_case_line(text, result.start, one_case):
            start, end = _institution(text, result.start, result.end)
            if result.entity_type == "ORGANIZATION":
                result.start, result.end = start, town_after(text, end)
            elif (start, end) != (result.start, result.end) and any(map(is_facility_word, _LETTERS.findall(
                    text[start:end]))):
                # "Women's" (a name?) in "Women's Imaging at Crestview", "Pasadena" in "Sunset Imaging of Pasadena".
                result.entity_type, result.start, result.end = "ORGANIZATION", start, end
        if (result.entity_type == "PERSON" and text[result.end - 2:result.end] in _POSSESSIVES
                and result.end - 2 > result.start):
            result.end -= 2  # "Mr. Quillane's daughter": the name, not its possessive ending


def _grow_name_after(text: str, result: RecognizerResult) -> None:
    """Grow a name over what may follow it: given names after particles, a capitals name's bare middle initial, a
    placeholder's number and a quoted nickname."""
    particles = _PARTICLES_AFTER.match(text, result.end)
    if particles is not None and all(p in NAME_PARTICLES for p in particles.captures("particle")):
        result.end = particles.end()
    name = text[result.start:result.end]
    if name.isupper() and "," in name:
        initial = _CAPITALS_INITIAL.match(text, result.end)
        if initial is not None:
            result.end = initial.end()
    if name.endswith(_PLACEHOLDER_ENDS):
        number = _PLACEHOLDER_NUMBER.match(text, result.end)
        if number is not None:
            result.end = number.end()
    nickname = _NICKNAME.match(text, result.end)
    if nickname is not None:
        result.end = nickname.end()
        family = _FAMILY_AFTER_NICKNAME.match(text, result.end)
        if family is not None and not is_non_name_word(family.group("family").lower()):
            result.end = family.end()


def _institution(text: str, start: int, end: int) -> tuple[int, int]:
    # Inside a hyphenated word the span starts at the word ("Mother-Baby Center" found from "Baby").
    while start > 0 and text[start - 1] == "-" and start > 1 and text[start - 2].isalpha():
        start -= 2
        while start > 0 and (text[start - 1].isalpha() or text[start - 1] in "'’"):
            start -= 1
    line_start = text.rfind("\n", 0, start) + 1
    # Both patterns put a blank or a hyphen next to the span: without one there is nothing to search for.
    while text[start - 1:start] in _CONNECTOR_ENDS:
        match = _LEFT.search(text, max(line_start, start - 60), start)  # a word and its connector, at most
        if match is None or not _part(match.group(1)):
            break
        start = match.start()
    pair = _PAIR_BEFORE.search(text, max(line_start, start - 40), start)
    head = _LETTERS.match(text, start)
    if pair is not None and head is not None and is_facility_word(head.group()):
        start = pair.start()
    while text[end:end + 1] in _CONNECTOR_ENDS:
        match = _RIGHT.match(text, end)
        if match is None or not _part(match.group(1)):
            break
        end = match.end()
    return start, end


def _part(word: str) -> bool:
    """Whether a capitalised word next to an institution's name can belong to it ("Chest CT" cannot)."""
    lower = word.lower()
    return lower not in _NOT_PART and (is_facility_word(word) or not is_non_name_word(lower))


def _one_case_line(text: str, index: int, seen: dict[int, bool]) -> bool:
    """Whether the line holding `index` is written in one case (capitalisation then says nothing)."""
    start = text.rfind("\n", 0, index) + 1
    if start not in seen:
        end = text.find("\n", index)
        line = text[start:end if end >= 0 else len(text)]
        seen[start] = line.upper() == line or line.lower() == line
    return seen[start]
