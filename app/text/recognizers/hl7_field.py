"""The values of HL7 v2 fields that hold PHI, by their segment and position: "PID|1||4471092^^^GH^MR||QUILL^ODRAN".

Which fields hold what is data (`data/hl7_fields.yaml`). A field's value needs no shape of its own: PID-5 is a
name, PID-3 an identifier with its assigning facility, OBR-20 an accession, MSH-7 a timestamp. A segment starts
at a line's start or after a blank ("flattened" exports run segments on one line) and ends at the next.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from presidio_analyzer import EntityRecognizer, RecognizerResult

from ._base import tagged_result

FIELDS_PATH = Path(__file__).resolve().parents[1] / "data" / "hl7_fields.yaml"
SCORE = 0.75
_SEGMENT = re.compile(r"(?:^|(?<=\s))(?P<id>[A-Z][A-Z0-9]{2})\|")
# A timestamp: the date (YYYYMMDD, or YYYYMM / YYYY) then its clock part and any zone.
_TIMESTAMP = re.compile(r"(?P<date>(?:1[89]|20)\d\d(?:[01]\d(?:[0-3]\d)?)?)(?P<time>[0-2]\d(?:[0-5]\d(?:[0-5]\d(?:\.\d+)?)?)?"
                        r"(?:[+-]\d{4})?)?$")
# Characters that only separate (components, repetitions, sub-components) or stand for an empty value.
_SEPARATORS = "^~&\" \t"


@lru_cache(maxsize=1)
def _fields() -> dict[str, dict[int, str]]:
    data = yaml.safe_load(FIELDS_PATH.read_text(encoding="utf-8"))
    return {segment: {int(number): kind for number, kind in fields.items()} for segment, fields in data.items()}


class Hl7FieldRecognizer(EntityRecognizer):
    """Finds the PHI fields of HL7 v2 segments written into a report."""

    ENTITIES = ["PERSON", "ID", "ADDRESS", "PHONE", "ORGANIZATION", "DATE", "TIME"]

    def __init__(self, supported_language: str = "en", name: str | None = None):
        super().__init__(supported_entities=self.ENTITIES, name=name or type(self).__name__,
                         supported_language=supported_language)

    def load(self) -> None:
        """Read the field table (once per process) while the engine is built, not on the first report holding "|"."""
        _fields()

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Return one result per non-empty PHI field (a timestamp's date and time apart)."""
        if "|" not in text:
            return []
        table = _fields()
        results = []
        for segment in _SEGMENT.finditer(text):
            fields = table.get(segment.group("id"))
            if fields is None:
                continue
            # MSH-1 is the "|" after "MSH", so MSH's first written field is MSH-2.
            number = 2 if segment.group("id") == "MSH" else 1
            start = segment.end()
            end = _segment_end(text, start)
            for value in text[start:end].split("|"):
                kind = fields.get(number)
                if kind is not None:
                    results += self._field(text, start, start + len(value), kind)
                start += len(value) + 1
                number += 1
        return results

    def _field(self, text: str, start: int, end: int, kind: str) -> list[RecognizerResult]:
        """One result per repetition of the field (its separators trimmed off both ends)."""
        results = []
        for repetition in _pieces(text, start, end, "~"):
            first, last = repetition
            while first < last and text[first] in _SEPARATORS:
                first += 1
            while last > first and text[last - 1] in _SEPARATORS:
                last -= 1
            if first >= last:
                continue
            if kind == "DATETIME":
                results += self._timestamp(text, first, last)
            else:
                results.append(tagged_result(self, kind, first, last, SCORE))
        return results

    def _timestamp(self, text: str, start: int, end: int) -> list[RecognizerResult]:
        value = text[start:end].split("^", 1)[0]
        stamp = _TIMESTAMP.match(value)
        if stamp is None:
            return [tagged_result(self, "DATE", start, end, SCORE)]
        results = [tagged_result(self, "DATE", start, start + stamp.end("date"), SCORE)]
        if stamp.group("time"):
            results.append(tagged_result(self, "TIME", start + stamp.start("time"), start + stamp.end("time"), SCORE))
        return results


def _segment_end(text: str, start: int) -> int:
    """Where a segment starting at `start` ends: the line's end or the next segment's start."""
    line_end = len(text)
    for stop in ("\n", "\r"):
        found = text.find(stop, start)
        if 0 <= found < line_end:
            line_end = found
    following = _SEGMENT.search(text, start, line_end)
    return following.start() if following else line_end


def _pieces(text: str, start: int, end: int, separator: str) -> list[tuple[int, int]]:
    pieces, cursor = [], start
    while True:
        found = text.find(separator, cursor, end)
        if found < 0:
            pieces.append((cursor, end))
            return pieces
        pieces.append((cursor, found))
        cursor = found + 1
