"""The tables of an export, made once its studies are done: labels, splits, datalist, prevalence.

Each takes the released studies in package order (by pseudonym, then study UID) as records with an
index id, a pseudonym and a study UID.
"""
from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import select

from ..cohorts.compiler import Expand
from ..cohorts.counts import RANKED
from ..db import Database
from ..models import ReportLabel

LABEL_VALUES = {"present": "1", "absent": "0", "uncertain": "-1"}  # DESIGN: blank when unmentioned
DATALIST_KEYS = {"train": "training", "validation": "validation", "test": "test"}
IDS_PER_QUERY = 500  # bounds the IN list (SQLite's variable limit)


def study_labels(db: Database, study_ids: Sequence[int], concepts: Iterable[str], expand: Expand) -> dict:
    """Return {(study id, concept): status}: the strongest report label of the concept or its descendants."""
    wanted = {concept: set(expand(concept, True)) for concept in concepts}
    if not wanted or not study_ids:
        return {}
    owner = {member: concept for concept, members in wanted.items() for member in members}
    best: dict = {}
    for start in range(0, len(study_ids), IDS_PER_QUERY):
        with db.session() as session:
            rows = session.execute(
                # Each label row carries its report's study, so no join through reports.
                select(ReportLabel.study_id, ReportLabel.concept_id, ReportLabel.status)
                .where(ReportLabel.study_id.in_(study_ids[start:start + IDS_PER_QUERY]),
                       ReportLabel.concept_id.in_(sorted(owner)))).all()
        for study_id, concept_id, status in rows:
            key = (study_id, owner[concept_id])
            # Historical findings are not labels of this study's images; present beats uncertain beats absent.
            if status in RANKED and RANKED.index(status) >= RANKED.index(best.get(key, RANKED[0])):
                best[key] = status
    return best


def prevalence_table(studies: Sequence, concepts: list[str], labels: dict) -> dict:
    """Return, per label concept, how many exported studies are present, absent, uncertain or unmentioned."""
    table = {}
    for concept in concepts:
        counted = Counter(labels.get((s.id, concept), "unmentioned") for s in studies)
        table[concept] = {status: counted.get(status, 0) for status in (*reversed(RANKED), "unmentioned")}
    return table


def labels_csv(studies: Sequence, concepts: list[str], labels: dict) -> str:
    """Return labels.csv: patient, study and one column per concept."""
    rows = [("patient", "study", *concepts)]
    rows += [(s.pseudonym, s.study_uid, *(LABEL_VALUES.get(labels.get((s.id, c), ""), "") for c in concepts))
             for s in studies]
    return to_csv(rows)


def strata(studies: Sequence, first: list[str], labels: dict) -> dict[str, str]:
    """Return each patient's stratum: the strongest status of the first label over their studies ("" without)."""
    ranked = ("", *RANKED)
    found: dict[str, str] = {}
    for study in studies:
        status = labels.get((study.id, first[0]), "") if first else ""
        found[study.pseudonym] = max(found.get(study.pseudonym, ""), status, key=ranked.index)
    return found


def datalist(studies: Sequence, labels: dict, concepts: list[str], image_of: Callable[[Any], str | list[str] | None],
             splits: dict[str, str]) -> dict:
    """Return the MONAI-style datalist: each study's image (`image_of(study)`, if any) and labels, by split."""
    found: dict[str, list] = defaultdict(list)
    for study in studies:
        item = {"patient": study.pseudonym, "study": study.study_uid,
                "label": {c: LABEL_VALUES.get(labels.get((study.id, c), "")) for c in concepts}}
        image = image_of(study)
        if image:
            item["image"] = image
        found[DATALIST_KEYS[splits[study.pseudonym]]].append(item)
    return {key: found.get(key, []) for key in DATALIST_KEYS.values()}


def to_csv(rows: Iterable[Iterable]) -> str:
    """Return rows as CSV text with Unix line ends."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()
