"""A cohort definition compiled to SQL over the archive index: one query, SQLite and PostgreSQL alike.

Studies are the unit. Modality and body part are facts of a study's series (a CT of the chest is a
study with a CT series of the chest); age and date are the study's; sex is the patient's; findings
are the labels of the reports linked to the study (each label row carries that study).
"""
from __future__ import annotations

from collections.abc import Callable, Collection

from sqlalchemy import ColumnElement, Select, select

from ..models import Patient, ReportLabel, Series, Study
from .definition import CohortDefinition, Criterion

# A concept and, when asked, its descendants in the ontology's is-a hierarchy.
Expand = Callable[[str, bool], Collection[str]]


def studies_matching(definition: CohortDefinition, expand: Expand) -> Select:
    """Return `SELECT studies.id` for every study the definition selects."""
    conditions: list[ColumnElement[bool]] = []
    on_series = series_conditions(definition)
    if on_series:
        # Selecting the id (not *) lets the (study, modality, body part) index answer alone.
        conditions.append(select(Series.id).where(Series.study_id == Study.id, *on_series).exists())
    span = definition.study_date
    if span is not None and span.from_ is not None:
        conditions.append(Study.study_date >= span.from_)
    if span is not None and span.to is not None:
        conditions.append(Study.study_date <= span.to)
    age = definition.age
    if age is not None and age.min is not None:
        conditions.append(Study.age_years >= age.min)
    if age is not None and age.max is not None:
        conditions.append(Study.age_years <= age.max)
    if definition.sex:
        conditions.append(select(Patient.id).where(Patient.id == Study.patient_id, Patient.sex.in_(definition.sex))
                          .exists())
    conditions += [_stated(criterion, expand) for criterion in definition.include]
    conditions += [~_stated(criterion, expand) for criterion in definition.exclude]
    return select(Study.id).where(*conditions)


def series_conditions(definition: CohortDefinition) -> list[ColumnElement[bool]]:
    """Return the conditions a selected study's series meet (modality, body part), for counting them too."""
    conditions: list[ColumnElement[bool]] = []
    if definition.modalities:
        conditions.append(Series.modality.in_(definition.modalities))
    if definition.body_parts:
        conditions.append(Series.body_part.in_(definition.body_parts))
    return conditions


def _stated(criterion: Criterion, expand: Expand) -> ColumnElement[bool]:
    """Whether a report of the study labels the concept (or a descendant) with the criterion's status."""
    # Uncorrelated: the studies with such a report are read once from the (concept, status, study) index
    # alone, not searched for again for every study (which cost seconds on 100,000 studies).
    labelled = select(ReportLabel.study_id).where(
        ReportLabel.concept_id.in_(sorted(expand(criterion.concept, criterion.descendants))),
        ReportLabel.status == criterion.status, ReportLabel.study_id.is_not(None))
    return Study.id.in_(labelled)
