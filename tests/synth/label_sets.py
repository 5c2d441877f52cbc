"""A gold standard's own label set (ChestX-ray14, CheXpert) expressed in ontology concepts.

A label set is data: each label names the concepts that assert it, each with its is-a
descendants, minus the concepts (and their descendants) it leaves out. A label may also name
concepts `only` (without their descendants). A report's status for a
label is the strongest status of any of its concepts (present over uncertain over absent).
A `normal` label (`normal: true`) holds when the report asserts no finding or device present or
uncertain (the OpenI gold standard's "normal" excludes lines, tubes and pacemakers), apart from the
concepts its `except` leaves out (a complaint such as "shortness of breath", or a known disease such as diabetes,
is no finding of the images).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from app.ontology import Ontology
from app.ontology.context import ABSENT, HISTORICAL, PRESENT, STATUS_RANK
from app.ontology.model import DEVICE, FINDING


@dataclass(frozen=True)
class LabelSet:
    """Label name -> the concept IDs that assert it; `normal` names the no-finding label, if any."""

    concepts: dict[str, frozenset[str]]
    normal: str | None
    not_abnormal: frozenset[str] = frozenset()  # concepts a `normal` label's `except` leaves out

    @property
    def labels(self) -> list[str]:
        """Return every label name, the normal label last."""
        return [*self.concepts, *([self.normal] if self.normal else [])]

    def report_labels(self, ontology: Ontology, labels: Mapping[str, str]) -> dict[str, str]:
        """Return label -> status for one report's concept labels (labels not asserted are left out)."""
        found: dict[str, str] = {}
        for name, ids in self.concepts.items():
            statuses = [labels[c] for c in ids.intersection(labels)]
            if statuses:
                found[name] = max(statuses, key=STATUS_RANK.__getitem__)
        if self.normal:
            abnormal = any(status not in (ABSENT, HISTORICAL) for cid, status in labels.items()
                           if cid in ontology.concepts and cid not in self.not_abnormal
                           and ontology.get(cid).root in (FINDING, DEVICE))
            found[self.normal] = ABSENT if abnormal else PRESENT
        return found


def load_label_set(path: str | Path, ontology: Ontology) -> LabelSet:
    """Read a label-set YAML file; an unknown concept ID or a malformed entry raises ValueError."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("labels"), dict):
        raise ValueError(f"{Path(path).name}: expected a mapping with a 'labels' mapping")
    concepts: dict[str, frozenset[str]] = {}
    normal, not_abnormal = None, frozenset()
    for name, entry in data["labels"].items():
        entry = entry or {}
        if entry.get("normal"):
            normal, not_abnormal = str(name), frozenset(_with_descendants(ontology, entry.get("except", ()), name))
            continue
        include = _with_descendants(ontology, entry.get("concepts", ()), name)
        include |= _known(ontology, entry.get("only", ()), name)
        exclude = _with_descendants(ontology, entry.get("except", ()), name)
        concepts[str(name)] = frozenset(include - exclude)
    return LabelSet(concepts, normal, not_abnormal)


def _with_descendants(ontology: Ontology, ids: list[str], label: str) -> set[str]:
    return {d for cid in _known(ontology, ids, label) for d in (cid, *ontology.descendants(cid))}


def _known(ontology: Ontology, ids: list[str], label: str) -> set[str]:
    unknown = [cid for cid in ids if cid not in ontology.concepts]
    if unknown:
        raise ValueError(f"label {label!r}: unknown concept {unknown[0]!r}")
    return set(ids)
