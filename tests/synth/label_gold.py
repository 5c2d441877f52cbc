"""Score report-level labels against a gold standard kept in its own label set (ChestX-ray14, CheXpert).

The gold standard is a CSV: the first column names the report, every other column is a label, and
a cell says 1 (positive), 0 (negative), -1 (uncertain) or nothing (not mentioned), as CheXpert's
labeler writes them. A file holding only 1 and 0 (NegBio's OpenI gold standard) says positive or not:
its 0 folds negative, uncertain and unmentioned together, so only the positive label is scored.
"""
from __future__ import annotations

import csv
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.ontology import Annotator
from app.ontology.context import ABSENT, PRESENT, UNCERTAIN
from .annotation_eval import Tally
from .label_sets import LabelSet

_CELLS = {"1": PRESENT, "1.0": PRESENT, "0": ABSENT, "0.0": ABSENT, "-1": UNCERTAIN, "-1.0": UNCERTAIN, "": None}


@dataclass(frozen=True)
class LabelGold:
    """Report ID -> label -> status, and the statuses the gold standard tells apart."""

    labels: dict[str, dict[str, str]]
    statuses: tuple[str, ...]
    columns: tuple[str, ...]


@dataclass
class LabelScore:
    """Status -> label -> tally, the reports missed (label, gold status, found status, report ID), time taken."""

    tallies: dict[str, dict[str, Tally]]
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def micro(self, status: str, labels: list[str]) -> Tally:
        """Return the summed tally of some labels for one status."""
        chosen = [self.tallies[status][label] for label in labels]
        return Tally(sum(t.tp for t in chosen), sum(t.fp for t in chosen), sum(t.fn for t in chosen))


def read_label_gold(path: str | Path) -> LabelGold:
    """Read a gold-standard CSV; a cell other than 1, 0, -1 or blank raises ValueError naming its row and column."""
    with Path(path).open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if not header or len(header) < 2:
            raise ValueError(f"{Path(path).name}: expected a header with a report ID column and label columns")
        columns = tuple(h.strip() for h in header[1:])
        cells: dict[str, dict[str, str | None]] = {}
        for number, row in enumerate(reader, start=2):
            if not row:
                continue
            values = {}
            for column, cell in zip(columns, row[1:]):
                if cell.strip() not in _CELLS:
                    raise ValueError(f"{Path(path).name}: line {number}, {column}: {cell!r} is not 1, 0, -1 or blank")
                values[column] = _CELLS[cell.strip()]
            cells[row[0].strip()] = values
    binary = all(v in (PRESENT, ABSENT) for row in cells.values() for v in row.values())
    if binary:
        return LabelGold({rid: {c: PRESENT for c, v in row.items() if v == PRESENT} for rid, row in cells.items()},
                         (PRESENT,), columns)
    return LabelGold({rid: {c: v for c, v in row.items() if v} for rid, row in cells.items()},
                     (PRESENT, ABSENT, UNCERTAIN), columns)


def score_labels(annotator: Annotator, label_set: LabelSet, reports: Mapping[str, str], gold: LabelGold,
                 uncertain_positive: bool = False) -> LabelScore:
    """Annotate each report and tally its labels against the gold standard, status by status."""
    missing = [label for label in label_set.labels if label not in gold.columns]
    if missing:
        raise ValueError(f"label {missing[0]!r} is not a column of the gold standard")
    score = LabelScore({s: {label: Tally() for label in label_set.labels} for s in gold.statuses})
    for rid, text in reports.items():
        started = time.perf_counter()
        labels = annotator.annotate(text).labels
        score.seconds += time.perf_counter() - started
        found = label_set.report_labels(annotator.ontology, labels)
        if uncertain_positive:
            found = {label: PRESENT if status == UNCERTAIN else status for label, status in found.items()}
        truth = gold.labels[rid]
        for label in label_set.labels:
            expected, guessed = truth.get(label), found.get(label)
            if guessed not in gold.statuses:
                guessed = None  # a status the gold standard does not tell apart counts as not labelled
            for status, tallies in score.tallies.items():
                tally = tallies[label]
                tally.tp += expected == status and guessed == status
                tally.fp += guessed == status and expected != status
                tally.fn += expected == status and guessed != status
            if expected != guessed:
                score.misses.append((label, expected or "-", guessed or "-", rid))
    return score
