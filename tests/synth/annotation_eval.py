"""Score report-level finding labels against a gold standard: F1 per status, per concept, micro."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.ontology import Annotator, Ontology
from app.ontology.context import STATUS_RANK, STATUSES


@dataclass
class Tally:
    """True positives, false positives and false negatives of one slice of labels."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def f1(self) -> float:
        """Return F1 (1.0 for a slice with nothing to find and nothing found)."""
        denominator = 2 * self.tp + self.fp + self.fn
        return 1.0 if denominator == 0 else 2 * self.tp / denominator

    @property
    def support(self) -> int:
        """Return how many gold labels the slice has."""
        return self.tp + self.fn


@dataclass
class AnnotationScore:
    """Micro tallies per status and overall, the same per concept, and the errors seen."""

    by_status: dict[str, Tally] = field(default_factory=lambda: {s: Tally() for s in STATUSES})
    overall: Tally = field(default_factory=Tally)
    by_concept: dict[str, Tally] = field(default_factory=dict)
    present_by_concept: dict[str, Tally] = field(default_factory=dict)
    confusions: Counter = field(default_factory=Counter)
    reports: int = 0

    def add(self, gold: Mapping[str, str], predicted: Mapping[str, str]) -> None:
        """Count one report: gold and predicted labels, concept ID -> status."""
        self.reports += 1
        for concept in set(gold) | set(predicted):
            truth, guess = gold.get(concept), predicted.get(concept)
            per_concept = self.by_concept.setdefault(concept, Tally())
            present = self.present_by_concept.setdefault(concept, Tally())
            for status, tally in self.by_status.items():
                _count(tally, truth == status, guess == status)
            _count(present, truth == "present", guess == "present")
            for tally in (self.overall, per_concept):
                if truth is not None and truth == guess:
                    tally.tp += 1
                else:
                    tally.fp += guess is not None
                    tally.fn += truth is not None
            if truth != guess:
                self.confusions[(concept, truth or "-", guess or "-")] += 1

    def worst_concepts(self, minimum_support: int = 5, limit: int = 10) -> list[tuple[str, Tally]]:
        """Return the concepts with the lowest all-status F1 among those with enough gold labels."""
        eligible = [(c, t) for c, t in self.by_concept.items() if t.support >= minimum_support]
        return sorted(eligible, key=lambda ct: ct[1].f1)[:limit]


def _count(tally: Tally, truth: bool, guess: bool) -> None:
    tally.tp += truth and guess
    tally.fp += guess and not truth
    tally.fn += truth and not guess


def to_vocabulary(ontology: Ontology, labels: Mapping[str, str], vocabulary: set[str]) -> dict[str, str]:
    """Express predicted labels in the gold standard's vocabulary.

    A concept finer than the vocabulary ("subsegmental atelectasis") counts as its nearest
    vocabulary ancestors ("atelectasis"); a concept with none is outside what the gold standard
    labels and is left out of the score.
    """
    mapped: dict[str, str] = {}
    for concept, status in labels.items():
        targets = {concept} if concept in vocabulary else _nearest(ontology, concept, vocabulary)
        for target in targets:
            if target not in mapped or STATUS_RANK[status] > STATUS_RANK[mapped[target]]:
                mapped[target] = status
    return mapped


def _nearest(ontology: Ontology, concept: str, vocabulary: set[str]) -> set[str]:
    above = ontology.ancestors(concept) & vocabulary
    return {a for a in above if not any(a in ontology.ancestors(b) for b in above)}


def score_annotations(annotator: Annotator, reports: Iterable, vocabulary: Iterable[str]) -> AnnotationScore:
    """Annotate every report (objects with `.text` and `.labels` by preferred name) and score the
    labels within the vocabulary (preferred names) the gold standard uses."""
    onto = annotator.ontology
    by_label = {c.label.lower(): c.id for c in onto.concepts.values()}  # a KeyError names an unknown gold name
    ids = {by_label[name.lower()] for name in vocabulary}
    score = AnnotationScore()
    for report in reports:
        gold = {by_label[name.lower()]: status for name, status in report.labels.items()}
        score.add(gold, to_vocabulary(onto, annotator.annotate(report.text).labels, ids))
    return score
