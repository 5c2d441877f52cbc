"""The line closing a report when it signs with initials or the reading group alone: "-- HB", "PV (Duskline)".

Reads are signed on their last line by the reader's initials ("-PV", "TOR", "LH/DKLP"), often beside the
reading group's one-word name ("Duskline/PV", "-- Duskline / M. Orrin / 0004") and a clock time. A short
last line (or what follows its last dash: "not proofread -- MT") made only of such cells, parted by slashes, bars,
brackets or dashes, is a sign-off: its capitals are initials whatever they spell (PV is a portal vein elsewhere), its
one word in no list is the group, its four digits the time it was signed, and a surname in capitals beside initials
the reader ("ADEYEMI-PARK / LC"). Initials may carry full stops or a double-barrelled name's hyphen ("M.E.", "I.V-T"),
stand after the last line's last sentence ("... sinusitis. LA"), or come with a surname alone ("T. Ruelle", "A. de la
Bruère"). A line holding anything else (a finding, "No PE.", "END OF REPORT", "PNEUMONIA / CHF") is left alone.

Anywhere in a report, the reference initials of a dictation footer, the reader's in capitals and the typist's in lower
case ("JRT/mlk", "JRT:mlk"), are people too, on a line that holds nothing else but its fields ("D: 12/03/24 T:
12/03/24 JRT/mlk", "Job #4471 JRT/mlk"): "CT/MRI", "AP/lat" or "s/m/r/g" are studies, views and findings.
"""
from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult

from ._base import tagged_result
from ._calendar import CLOCK_24
from ._gazetteer import is_english, surnames
from ._names import NOT_INITIALS, PARTICLE, READER_INITIALS, TYPIST_INITIALS, is_non_name_word
from ._tokens import NAME, SHORTHAND, UNKNOWN, word_token

# A sign-off is short: a few cells, never a sentence.
_MAX_LINE = 60
# Where cells part: a slash, a bar, a bracket, a dash opening the line or standing between blanks.
_SEPARATOR = regex.compile(r"[ \t]*(?:[/|()]|(?<![^ \t])-{1,2}(?=[ \t])|^-{1,2})[ \t]*")
# A sign-off closing the last line after a dash ("Called RT Bo Satterfield. -PV", "not proofread -- MT").
_DASHED_TAIL = regex.compile(r"(?<=\S)[ \t]+(?=-{1,2}[ \t]*[^\s-][^\n.-]*$)")
# A sign-off after the last sentence of the last line ("... maxillary sinusitis. LA", "Normal allograft. I.V-T").
_SENTENCE_TAIL = regex.compile(r"(?<=[\p{Ll}\d][.!?])[ \t]+(?=[\p{Lu}.-]{2,8}[ \t]*$)")
# Initials, with full stops or a hyphen between a double-barrelled name's ("M.E.", "I.V.T.", "I.V-T", "K. A-S").
_INITIALS = regex.compile(r"\p{Lu}{2,3}|\p{Lu}[ .]?\p{Lu}-?\p{Lu}|(?:\p{Lu}\.){2,3}|\p{Lu}\.[ ]?\p{Lu}-\p{Lu}")
_TRANSCRIBER = regex.compile(r"\p{Ll}{2,3}")
_TIME = regex.compile(rf"{CLOCK_24}|(?:[01]?\d|2[0-3]):[0-5]\d")
# A reader's name written out: an initial's full stop or a credential ("M. Orrin", "H. Venn MD").
# Initials with their full stops and the particles before a surname ("A. de la ").
_INITIALS_BEFORE_SURNAME = rf"(?:\p{{Lu}}\.[ \t]*)+(?:(?:{PARTICLE})[ \t]+){{0,2}}"
_NAME = regex.compile(rf"{_INITIALS_BEFORE_SURNAME}\p{{Lu}}[\p{{L}}'’-]+(?:,?[ \t]+(?:MD|DO))?"
                      r"|\p{Lu}[\p{L}'’-]+,?[ \t]+(?:MD|DO)")
# A reader's written name that signs alone: an initial's full stop before the surname ("T. Ruelle", "A. de la Bruère").
_INITIAL_SURNAME = regex.compile(rf"{_INITIALS_BEFORE_SURNAME}(?P<surname>\p{{Lu}}\p{{Ll}}[\p{{L}}'’-]+)")
_GROUP = regex.compile(r"\p{Lu}[\p{L}]{3,}")
# The reader's surname alone in capitals beside the typist's initials ("ADEYEMI-PARK / LC").
_SURNAME_IN_CAPITALS = regex.compile(r"\p{Lu}{3,}(?:['’-]\p{Lu}{2,})*")
# A dictation footer's reference initials: the reader's capitals, a slash or colon, the typist's lower case.
_REFERENCE = regex.compile(rf"(?<![\p{{L}}\d/:])(?P<reader>{READER_INITIALS})[/:](?P<typist>{TYPIST_INITIALS})(?![\p{{L}}\d/])")
# Words on the footer's line besides its fields and numbers: any run of four lower-case letters is prose.
_PROSE = regex.compile(r"\p{Ll}{4}")


class SignOffRecognizer(EntityRecognizer):
    """Finds the reader's initials, the reading group and the time on a report's closing sign-off line."""

    def __init__(self, supported_language: str = "en", name: str | None = None):
        super().__init__(supported_entities=["PERSON", "ORGANIZATION", "TIME"], name=name or type(self).__name__,
                         supported_language=supported_language)

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Return the cells of the closing line if every one of them is what a sign-off holds."""
        body = text.rstrip()
        start = body.rfind("\n") + 1
        found = _sign_off(text, body, start)
        tail = _DASHED_TAIL.search(body, start)
        if found is None and tail is not None:
            found = _sign_off(text, body, tail.end())  # "... read back. -PV": what follows the line's last dash
        tail = _SENTENCE_TAIL.search(body, start)
        if found is None and tail is not None:
            found = _sign_off(text, body, tail.end())
        results = [tagged_result(self, kind, s, e, 0.6) for kind, s, e in found or () if kind != "NAME_WRITTEN"]
        return results + [tagged_result(self, "PERSON", s, e, 0.6) for s, e in _reference_initials(text)]


def _reference_initials(text: str) -> list[tuple[int, int]]:
    """The reader's and the typist's initials of each dictation footer ("JRT/mlk") on a line of its fields alone."""
    spans = []
    for match in _REFERENCE.finditer(text):
        reader, typist = match.group("reader"), match.group("typist")
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        rest = text[line_start:match.start()] + " " + text[match.end():line_end if line_end >= 0 else len(text)]
        if (NOT_INITIALS.fullmatch(reader) or is_non_name_word(reader.lower()) or is_english(typist)
                or typist in SHORTHAND or is_non_name_word(typist) or _PROSE.search(rest)):
            continue
        spans += [match.span("reader"), match.span("typist")]
    return spans


def _sign_off(text: str, body: str, start: int) -> list[tuple[str, int, int]] | None:
    """The kinds and spans of the cells from `start` to the end of the report, or None if they are no sign-off."""
    line = body[start:]
    if not line.strip() or len(line.strip()) > _MAX_LINE:
        return None
    found: list[tuple[str, int, int]] = []
    for cell_start, cell_end in _cells(line, start):
        kind = _cell_kind(text, cell_start, cell_end)
        if kind is None:
            return None
        found += kind
    if any(f[0] == "SURNAME" for f in found):
        # A surname in capitals signs only beside initials: "PNEUMONIA / CHF" closes a list of findings.
        if not any(f[0] == "PERSON" for f in found):
            return None
        found = [("PERSON", s, e) if kind == "SURNAME" else (kind, s, e) for kind, s, e in found]
    if len(found) == 1 and found[0][0] in ("PERSON", "NAME_WRITTEN") and (
            _lone_initials(text, body, *found[0][1:]) or _lone_written_name(text, *found[0][1:])):
        return [("PERSON", *found[0][1:])]
    people = [f for f in found if f[0] == "PERSON"]
    if not people and not any(f[0] == "ORGANIZATION" for f in found):
        return None
    others = [f for f in found if f[0] in ("ORGANIZATION", "NAME_WRITTEN")]
    if not others and all(is_non_name_word(text[s:e].lower()) for _, s, e in people):
        return None  # "CT", "AP/PA" closing a report are a study and its views, not a reader
    return found


# What a report's last line may hold alone that is no reader's initials: a study, a view, a finding's shorthand, a
# unit, a credential.
_CLOSING_WORDS = frozenset("ct mr mri us xr pet nm cr dx rf ap pa cxr kub nad wnl ok no ed er icu or ir md do rn np"
                           " phd end".split())


def _lone_initials(text: str, body: str, start: int, end: int) -> bool:
    """Whether two or three letters alone on a report's last line, under the report's text, are the reader's
    initials: in capitals whatever they spell elsewhere ("MS", "RA"), in lower case when they spell no word ("isb")."""
    cell = text[start:end]
    letters = cell.replace(".", "").replace("-", "")
    if (body[start:].strip() != cell or not 2 <= len(letters) <= 3 or not letters.isalpha()
            or cell.lower() in _CLOSING_WORDS or letters != cell and not cell.isupper()):
        return False
    above = body[:start].rstrip()
    if not above or above.endswith(":"):
        return False  # a report of one word, or a field's value on the next line ("Comparison:\nCT")
    return cell.isupper() or cell.islower() and not is_english(cell) and not is_non_name_word(cell)


def _lone_written_name(text: str, start: int, end: int) -> bool:
    """Whether a closing line's written name signs the report: initials before a surname that is no report word."""
    name = _INITIAL_SURNAME.fullmatch(text, start, end)
    surname = name.group("surname").lower() if name is not None else ""
    return bool(surname) and not is_non_name_word(surname) and (surname in surnames() or not is_english(surname))


def _cells(line: str, offset: int) -> list[tuple[int, int]]:
    """The spans of a line's cells (offsets into the text), without the separators and blanks around them."""
    spans, begin = [], 0
    for separator in [*_SEPARATOR.finditer(line), None]:
        stop = separator.start() if separator is not None else len(line)
        cell = line[begin:stop]
        if cell.strip():
            lead = len(cell) - len(cell.lstrip())
            spans.append((offset + begin + lead, offset + begin + len(cell.rstrip())))
        if separator is not None:
            begin = separator.end()
    return spans


def _written_as_surname(cell: str) -> bool:
    """Whether each part of a word in capitals can be a surname: a Census surname, or in no English or report list."""
    parts = regex.split(r"['’-]", cell.lower())
    return all(not is_non_name_word(p) and (p in surnames() or not is_english(p)) for p in parts)


# Abbreviations written as dotted capitals that close a note, never a reader's initials.
_LATIN_ABBREVIATIONS = frozenset({"N.B.", "P.S.", "E.G.", "I.E.", "A.M.", "P.M."})


def _cell_kind(text: str, start: int, end: int) -> list[tuple[str, int, int]] | None:
    """What one cell of a closing line holds (initials, a time, a written-out name, the group), or None for text no
    sign-off has."""
    cell = text[start:end]
    head, _, tail = cell.rpartition(" ")
    if _INITIALS.fullmatch(cell) and cell.upper() not in _LATIN_ABBREVIATIONS:
        return [("PERSON", start, end)]
    if head and _INITIALS.fullmatch(head) and _TIME.fullmatch(tail):
        return [("PERSON", start, start + len(head)), ("TIME", end - len(tail), end)]
    if _TIME.fullmatch(cell):
        return [("TIME", start, end)]
    if _TRANSCRIBER.fullmatch(cell) or _NAME.fullmatch(cell):
        return [("NAME_WRITTEN", start, end)]
    if _SURNAME_IN_CAPITALS.fullmatch(cell) and _written_as_surname(cell):
        return [("SURNAME", start, end)]
    if _GROUP.fullmatch(cell):
        token = word_token(text, start, end)
        if token.kind in (NAME, UNKNOWN) and not token.clinical:
            return [("ORGANIZATION", start, end)]
    return None
