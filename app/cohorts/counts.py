"""Feasibility counts of a cohort, exact for reviewers and with small cells suppressed for researchers."""
from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field

from sqlalchemy import Column, Integer, MetaData, Table, case, func, select
from sqlalchemy.orm import Session

from ..models import Instance, Report, ReportLabel, Series, Study
from .compiler import Expand, series_conditions, studies_matching
from .definition import CohortDefinition, check_concepts, parse_definition

DEFAULT_THRESHOLD = 11
# A study's label for a concept is its strongest report label: present over uncertain over absent.
RANKED = ("absent", "uncertain", "present")


@dataclass
class Feasibility:
    """How many patients, studies, series and instances a definition selects, and each label's prevalence."""

    patients: int = 0
    studies: int = 0
    series: int = 0
    instances: int = 0
    at_risk_instances: int = 0
    labels: dict[str, dict[str, int]] = field(default_factory=dict)

    def exact(self) -> dict:
        """Return every count as it is (reviewers, admins)."""
        return asdict(self)

    def suppressed(self, threshold: int = DEFAULT_THRESHOLD) -> dict:
        """Return the counts with every cell from 1 to threshold-1 shown as "<threshold" (researchers)."""
        data = asdict(self)
        shown = {key: _cell(value, threshold) for key, value in data.items() if key != "labels"}
        # Only present, absent and uncertain are returned (never "unmentioned" or a total of the parts),
        # so no suppressed cell can be had by subtracting shown ones from the study count.
        shown["labels"] = {concept: {status: _cell(n, threshold) for status, n in parts.items()}
                           for concept, parts in self.labels.items()}
        return shown


def _cell(value: int, threshold: int) -> int | str:
    return value if value == 0 or value >= threshold else f"<{threshold}"


def count_cohort(session: Session, definition: CohortDefinition, expand: Expand) -> Feasibility:
    """Return the exact counts of the studies a definition selects (a few aggregate queries)."""
    # The selection is computed once into a temporary table: each count below reads it instead of
    # running the whole definition again (five times the work on a large index).
    chosen_table = Table(f"cohort_{uuid.uuid4().hex[:12]}", MetaData(), Column("id", Integer, primary_key=True),
                         prefixes=["TEMPORARY"])
    chosen_table.create(session.connection())
    try:
        session.execute(chosen_table.insert().from_select(["id"], studies_matching(definition, expand)))
        return _counts(session, definition, expand, select(chosen_table.c.id).scalar_subquery())
    finally:
        chosen_table.drop(session.connection())


def _counts(session: Session, definition: CohortDefinition, expand: Expand, chosen) -> Feasibility:
    totals = session.execute(select(func.count(), func.count(func.distinct(Study.patient_id)))
                             .where(Study.id.in_(chosen))).one()
    series, instances, at_risk = session.execute(
        select(func.count(func.distinct(Series.id)), func.count(Instance.id),
               func.coalesce(func.sum(case((Instance.burned_in_risk, 1), else_=0)), 0))
        .select_from(Series).outerjoin(Instance, Instance.series_id == Series.id)
        .where(Series.study_id.in_(chosen), *series_conditions(definition))).one()
    result = Feasibility(patients=totals[1], studies=totals[0], series=series, instances=instances,
                         at_risk_instances=int(at_risk))
    for concept in definition.labels:
        result.labels[concept] = _prevalence(session, chosen, sorted(expand(concept, True)))
    return result


def _prevalence(session: Session, chosen, concepts: list[str]) -> dict[str, int]:
    """Return how many chosen studies are labelled present, absent and uncertain for the concepts."""
    rank = case(*((ReportLabel.status == status, i + 1) for i, status in enumerate(RANKED)), else_=0)
    per_study = (select(func.max(rank).label("rank")).select_from(Report)
                 .join(ReportLabel, ReportLabel.report_id == Report.id)
                 .where(Report.study_id.in_(chosen), ReportLabel.concept_id.in_(concepts))
                 .group_by(Report.study_id).subquery())
    counted = dict(session.execute(select(per_study.c.rank, func.count()).group_by(per_study.c.rank)).all())
    return {status: counted.get(i + 1, 0) for i, status in enumerate(RANKED)}


def concept_expander(ontology) -> Expand:
    """Return the expansion of a concept to itself and, when asked, its descendants in `ontology`."""
    def expand(concept: str, deep: bool) -> set[str]:
        return {concept, *ontology.descendants(concept)} if deep else {concept}
    return expand


def feasibility(db, ontology, data: object) -> tuple[CohortDefinition, Feasibility]:
    """Validate a decoded JSON definition against the ontology and count what it selects."""
    definition = parse_definition(data)
    check_concepts(definition, lambda concept: concept in ontology.concepts)
    with db.session() as session:
        return definition, count_cohort(session, definition, concept_expander(ontology))
