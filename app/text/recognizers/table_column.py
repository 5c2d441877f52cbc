"""The PHI columns of a delimited table written into a report: a header row naming its fields, rows below.

RIS and spreadsheet exports paste rows such as `"ACC","MRN","PATIENT","EXAM"` then `"RX-1","7712-00412",...`:
a value under a column whose header is a field label (`data/field_labels.yaml`: MRN, ACC, PATIENT, REFERRING …)
is that kind of PHI whatever its shape, as after "MRN:". A header is a line of three or more cells, split
by commas, pipes or tabs, two of which are such labels, one of them a person's or an identifier's; its rows
are the lines below with as many cells. A
value must still fit its kind (an ID holds a digit, a person's name looks like one).
"""
from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult

from ._base import tagged_result
from .field_value import SCORES, fitting_value, label_kind

DELIMITERS = (",", "|", "\t")
MIN_CELLS, MIN_LABELS = 3, 2


class TableColumnRecognizer(EntityRecognizer):
    """Finds the values under the PHI columns of a delimited table with a header row."""

    def __init__(self, supported_language: str = "en", name: str | None = None):
        super().__init__(supported_entities=list(SCORES), name=name or type(self).__name__,
                         supported_language=supported_language)

    def load(self) -> None:
        """Nothing to load: the label table is read once, on first use."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Return one result per fitting value under a PHI column."""
        results: list[RecognizerResult] = []
        columns: dict[int, str] | None = None
        delimiter, width, offset = "", 0, 0
        for line in text.split("\n"):
            if columns is not None:
                cells = _cells(line, offset, delimiter)
                if len(cells) != width:
                    columns = None
                else:
                    for number, kind in columns.items():
                        span = fitting_value(text, *cells[number], kind) if cells[number][1] > cells[number][0] else None
                        if span is not None:
                            results.append(tagged_result(self, kind, span[0], span[1], SCORES[kind]))
            if columns is None:
                delimiter, columns, width = _header(text, line, offset)
            offset += len(line) + 1
        return results


def _header(text: str, line: str, offset: int) -> tuple[str, dict[int, str] | None, int]:
    """The delimiter, the PHI columns (cell number → kind) and the cell count of a header row, or ("", None, 0)."""
    for delimiter in DELIMITERS:
        if line.count(delimiter) < MIN_CELLS - 1:
            continue
        cells = _cells(line, offset, delimiter)
        kinds = {number: label_kind(text[start:end].strip(":# ")) for number, (start, end) in enumerate(cells)}
        columns = {number: kind for number, kind in kinds.items() if kind}
        # A patient's or a record's column makes it a register of people; "Site | Location | Size" alone is a
        # table of lesions.
        if len(cells) >= MIN_CELLS and len(columns) >= MIN_LABELS and {"ID", "PERSON"} & set(columns.values()):
            return delimiter, columns, len(cells)
    return "", None, 0


def _cells(line: str, offset: int, delimiter: str) -> list[tuple[int, int]]:
    """The (start, end) in the text of each cell's content, quotes and blanks around it left out."""
    cells = []
    for start, end in _cell_bounds(line, delimiter):
        cell = line[start:end]
        left = len(cell) - len(cell.lstrip(' \t"'))
        right = len(cell.rstrip(' \t"\r'))
        cells.append((offset + start + left, offset + start + max(left, right)))
    return cells


def _cell_bounds(line: str, delimiter: str) -> list[tuple[int, int]]:
    """Where each cell of a line starts and ends: at every delimiter outside double quotes."""
    bounds, start = [], 0
    if '"' not in line:
        # Nothing quoted (nearly every line): every delimiter ends a cell, found without a look at each character.
        for cell in line.split(delimiter):
            bounds.append((start, start + len(cell)))
            start += len(cell) + 1
        return bounds
    quoted = False
    for position, char in enumerate(line + delimiter):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            bounds.append((start, position))
            start = position + 1
    return bounds
