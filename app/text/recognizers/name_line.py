"""Names by their place in a report, whatever the words: the closing signature and the demographic opener.

Three positions hold a name and little else: the report's last line (or what follows the last
sentence or a slash on it: "... unchanged. Q. Abdirahman", "Soo-ah Kim / Kim, S.") and the end of any
line after a dash ("concur. -- K. Abernathy"), the start of
a line that goes on with an age or a post-operative day ("Saskia van der Berg, 36, groin pain",
"Goran Milosavljević, POD 10"), and "Family, Given" opening a line of columns that goes on with a
number ("Oduya, Kemi T   4471092"), in capitals too when a word of it is no English word. There a name-shaped run of capitalised words ("R. Quiñones",
"Moyo, Tendai", "Y. Ben-Ami") is a name even when a word is also English, as long as none is
report or clinical language.
"""
from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult

from ._base import WordRecognizer
from ._gazetteer import given_names, is_english, surnames
from ._names import NAME_PARTICLES, PARTICLE, is_non_name_word

_WORD = r"\p{Lu}['’]?\p{Ll}+(?:[-'’]\p{L}\p{Ll}*)*"
_INITIAL = r"\p{Lu}\."
# "R. Quiñones", "Q. R. Abdirahman", "Moyo, Tendai", "Kim, S.", "Ines Okafor", "Mirela T. Vukovic".
_SIGNATURE = regex.compile(
    rf"(?P<phi>(?:{_INITIAL}[ \t]?){{1,2}}{_WORD}|{_WORD},[ \t]*(?:{_WORD}(?:[ \t]+{_INITIAL})?|{_INITIAL})"
    rf"|{_WORD}(?:[ \t]+{_INITIAL})?[ \t]+{_WORD})[ \t]*$")
# Where the closing name starts: the last line, after its last sentence or a slash.
_CLOSING_START = regex.compile(r"(?:^|(?<=\.)[ \t]+|[ \t]+/[ \t]+)(?=\S[^\n]*$)", regex.MULTILINE)
# "Saskia van der Berg, 36, ...", "Goran Milosavljević, POD 10", "Ava-Grace Sutherland, 18 mo."
_OPENER = regex.compile(
    rf"^[ \t|]*(?P<phi>{_WORD}(?:[ \t]+(?:{PARTICLE}[ \t]+)*{_WORD}){{1,3}}),[ \t]+"
    r"(?:\d{1,3}(?:[ \t]*(?:y|yo|y/o|yrs?|years?|mo|mos|months?|wk|wks|weeks?|d|days?|M|F))?[ \t]*[,;.(]"
    # "Tomasz Kwiek, 9y 4m, limp": an age with its unit, then more columns.
    r"|\d{1,3}[ \t]?(?:y|yo|y/o|yrs?|mo|mos|wk|wks)[ \t]"
    r"|(?:POD|DOL|HD)[ \t]*\d)", regex.MULTILINE)
# "CT FACIAL BONES\nOrla Brennick, assault.": under the exam's title line, a name then a comma and the history in
# lower case ("s/p", "painful left breast lump") opens the report as an age would.
_UNDER_TITLE = regex.compile(
    rf"\A[ \t]*[^\n\p{{Ll}}]*\p{{Lu}}[^\n\p{{Ll}}]*\n"
    rf"[ \t|]*(?P<phi>{_WORD}(?:[ \t]+(?:{PARTICLE}[ \t]+)*{_WORD}){{1,2}}),"
    r"[ \t]+(?=\p{Ll})")
# Where a column's cell starts: at the line's start, or after another cell and the blanks or bar that part them
# ("Endocrine Associates  |  Drake, Bell  |  7-22-25").
# A worklist's numbered entry opens a cell too ("(1) Oakes, Prudence NBH00522097 XR finger").
_CELL_START = r"(?:^[ \t|]*(?:\(\d{1,3}\)[ \t]+|\d{1,3}[.)][ \t]+)?|(?<=\S(?:[ \t]{2,}|\t|[ \t]*\|[ \t]*|[ \t]+(?:/|--)[ \t]+)))"
# Where a name's cell ends: at the next cell's separator, or at the age (and sex) that follows a name on a demographic
# line ("Oduya, Kemi 61M", "Kwiek, Tomasz, 9y 4m").
# A nickname or a remark in brackets may follow the name before its next cell ("Larkspur, Daisy Mae (Dee)   MRN").
_CELL_END = (r"(?=[ \t]{2,}\S|\t|[ \t]*\||[ \t]+(?:/|--)[ \t]|[ \t]+\([^\n()]{1,40}\)(?:[ \t]{2,}|[ \t]*\|)"
             # or at the record number right after it ("Oakes, Prudence NBH00522097").
             r"|[ \t]+\p{Lu}{1,5}-?\d{5,}(?![\p{L}\d])"
             r"|,?[ \t]\d{1,3}[ \t]?(?:y|yo|y/o|yrs?|mo|mos|wk|wks|M|F)(?![\p{L}\d]))")
# "Liang, Jun   HND-22019   9 Jan 2024": "Family, Given" in a cell of a line of columns that go on with a number,
# or with an age and its unit ("Kwiek, Tomasz 9y 4m", "Oduya, Kemi 61M"); a family name of two words ("Two Bulls,
# Renata") and two given names ("Larkspur, Daisy Mae") too.
_COLUMNS = regex.compile(
    rf"{_CELL_START}(?P<phi>{_WORD}(?:[ \t]{_WORD})?,[ \t]*{_WORD}(?:[ \t]+(?:{_INITIAL}|\p{{Lu}}(?![\p{{L}}.])|{_WORD}))?)"
    rf"{_CELL_END}(?=[^\n]*\d)", regex.MULTILINE)
# "Iris Bell-Kimura  DOB 11/21/1956", "Caspian De la Rosa  6M  BCH-00697080": "Given Family" opening a line whose next
# cell is the patient's birth date, record number or age and sex.
_DEMOGRAPHIC = regex.compile(
    rf"^[ \t|]*(?P<phi>{_WORD}(?:[ \t]+(?:{PARTICLE}[ \t]+)*{_WORD}){{1,2}})(?:[ \t]{{2,}}|\t|[ \t]*\|[ \t]*)"
    r"(?=(?:DOB|D\.O\.B|MRN|MR#|\d{1,3}[ \t]?(?:y|yo|mo|M|F)|\p{Lu}{1,5}-?\d{5,})(?![\p{L}]))", regex.MULTILINE)
# The same in capitals ("KOWALCZYK, TERESA M | 40713 | ..."): a name there needs a word in no English list, or
# Census names alone ("HILL, COOPER").
_CAPITAL_COLUMNS = regex.compile(
    _CELL_START + r"(?P<phi>\p{Lu}{2,}(?:[-'’]\p{Lu}+)*,[ \t]*\p{Lu}{2,}(?:[-'’]\p{Lu}+)*(?:[ \t]+\p{Lu}(?![\p{L}.]))?)"
    + _CELL_END + r"(?=[^\n]*\d)", regex.MULTILINE)
# A name signing a line after a dash ("Addendum: concur. -- K. Abernathy"), wherever the line is.
_DASH_SIGN = regex.compile(r"(?:^|[ \t])--?[ \t]*(?=\p{Lu})", regex.MULTILINE)
_WORDS = regex.compile(r"\p{L}[\p{L}'’-]*")
_PARTS = regex.compile(r"\p{L}[\p{L}'’]*")


class NameLineRecognizer(WordRecognizer):
    """Finds the name closing a report and the name opening a "Name, age" line."""

    ENTITY = "PERSON"

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Return the closing name and the opening names, if name-shaped and free of report language."""
        spans = [m.span("phi") for pattern in (_OPENER, _COLUMNS) for m in pattern.finditer(text)]
        spans += [m.span("phi") for m in _CAPITAL_COLUMNS.finditer(text)
                  if not all(is_english(w.lower()) for w in _WORDS.findall(m.group("phi")))
                  or all(_census_name(w) for w in _PARTS.findall(m.group("phi")) if len(w) > 1)]
        spans += [m.span("phi") for m in _DEMOGRAPHIC.finditer(text)
                  if all(w.lower() in NAME_PARTICLES or _name_part(w) for w in _PARTS.findall(m.group("phi")))]
        under_title = _UNDER_TITLE.match(text)
        if under_title is not None and all(map(_name_part, _PARTS.findall(under_title.group("phi")))):
            spans.append(under_title.span("phi"))
        body = text.rstrip()
        last_line = body.rfind("\n") + 1
        for start in _CLOSING_START.finditer(body, last_line):
            match = _SIGNATURE.fullmatch(body, start.end())
            if match is not None:
                if _signed(match):
                    spans.append(match.span("phi"))
                break
        if "--" in text:
            for dash in _DASH_SIGN.finditer(text):
                line_end = text.find("\n", dash.end())
                match = _SIGNATURE.fullmatch(text, dash.end(), line_end if line_end >= 0 else len(text))
                if match is not None and _signed(match):
                    spans.append(match.span("phi"))
        return [self.result(start, end) for start, end in spans if not any(map(_report_word, _WORDS.findall(text[start:end])))]


def _signed(match: regex.Match) -> bool:
    """Whether a name-shaped signature is a name: "Full Code", "Normal Study" (two plain words) are one only if a
    word is in no English list or every word is a Census name ("Field Cook")."""
    plain = not any(ch in ".," for ch in match.group("phi"))
    words = _WORDS.findall(match.group("phi"))
    return (not plain or not all(is_english(w.lower()) for w in words)
            or all(map(_census_name, _PARTS.findall(match.group("phi")))))


def _census_name(word: str) -> bool:
    """Whether a word (or one part of a double name) is a Census surname or given name, English or not."""
    lower = word.lower()
    return lower in surnames() or lower in given_names()


def _name_part(word: str) -> bool:
    """Whether a word (or one part of a double name) could be a name: a Census name or a word in no English list."""
    lower = word.lower()
    return lower in surnames() or lower in given_names() or not is_english(lower)


def _report_word(word: str) -> bool:
    lower = word.lower()
    return len(lower) > 1 and is_non_name_word(lower)
