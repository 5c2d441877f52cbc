"""The line closing a report when it signs with initials or the reading group alone: "-- HB", "PV (Duskline)".

Reads are signed on their last line by the reader's initials ("-PV", "TOR", "LH/DKLP"), often beside the
reading group's one-word name ("Duskline/PV", "-- Duskline / M. Orrin / 0004") and a clock time. A short
last line (or what follows its last dash: "not proofread -- MT") made only of such cells, parted by slashes, bars,
brackets or dashes, is a sign-off: its capitals are initials whatever they spell (PV is a portal vein elsewhere), its
one word in no list is the group, its four digits the time it was signed. A line holding anything else (a finding,
"No PE.", "END OF REPORT") is left alone.
"""
from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult

from ._base import tagged_result
from ._names import is_non_name_word
from ._tokens import NAME, UNKNOWN, word_token

# A sign-off is short: a few cells, never a sentence.
_MAX_LINE = 60
# Where cells part: a slash, a bar, a bracket, a dash opening the line or standing between blanks.
_SEPARATOR = regex.compile(r"[ \t]*(?:[/|()]|(?<![^ \t])-{1,2}(?=[ \t])|^-{1,2})[ \t]*")
# A sign-off closing the last line after a dash ("Called RT Bo Satterfield. -PV", "not proofread -- MT").
_DASHED_TAIL = regex.compile(r"(?<=\S)[ \t]+(?=-{1,2}[ \t]*[^\s-][^\n.-]*$)")
_INITIALS = regex.compile(r"\p{Lu}{2,3}|\p{Lu}[ .]?\p{Lu}-?\p{Lu}")
_TRANSCRIBER = regex.compile(r"\p{Ll}{2,3}")
_TIME = regex.compile(r"(?:[01]\d|2[0-3])[0-5]\d|(?:[01]?\d|2[0-3]):[0-5]\d")
# A reader's name written out: an initial's full stop or a credential ("M. Orrin", "H. Venn MD").
_NAME = regex.compile(r"(?:\p{Lu}\.[ \t]*)+\p{Lu}[\p{L}'’-]+(?:,?[ \t]+(?:MD|DO))?|\p{Lu}[\p{L}'’-]+,?[ \t]+(?:MD|DO)")
_GROUP = regex.compile(r"\p{Lu}[\p{L}]{3,}")


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
        return [tagged_result(self, kind, s, e, 0.6) for kind, s, e in found or () if kind != "NAME_WRITTEN"]


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
    people = [f for f in found if f[0] == "PERSON"]
    if not people and not any(f[0] == "ORGANIZATION" for f in found):
        return None
    others = [f for f in found if f[0] in ("ORGANIZATION", "NAME_WRITTEN")]
    if not others and all(is_non_name_word(text[s:e].lower()) for _, s, e in people):
        return None  # "CT", "AP/PA" closing a report are a study and its views, not a reader
    return found


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


def _cell_kind(text: str, start: int, end: int) -> list[tuple[str, int, int]] | None:
    """What one cell of a closing line holds (initials, a time, a written-out name, the group), or None for text no
    sign-off has."""
    cell = text[start:end]
    head, _, tail = cell.rpartition(" ")
    if _INITIALS.fullmatch(cell):
        return [("PERSON", start, end)]
    if head and _INITIALS.fullmatch(head) and _TIME.fullmatch(tail):
        return [("PERSON", start, start + len(head)), ("TIME", end - len(tail), end)]
    if _TIME.fullmatch(cell):
        return [("TIME", start, end)]
    if _TRANSCRIBER.fullmatch(cell) or _NAME.fullmatch(cell):
        return [("NAME_WRITTEN", start, end)]
    if _GROUP.fullmatch(cell):
        token = word_token(text, start, end)
        if token.kind in (NAME, UNKNOWN) and not token.clinical:
            return [("ORGANIZATION", start, end)]
    return None
