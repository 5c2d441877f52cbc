"""The studies a cohort definition selects, read from the index a page at a time, and each study's files.

An export never holds the cohort's instance list: studies come in pages by id (keyset), and the
files of one study are read when that study's turn comes.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, func, select

from ..cohorts.compiler import Expand, series_conditions, studies_matching
from ..cohorts.definition import CohortDefinition
from ..db import Database
from ..models import Instance, Patient, Report, Series, Study
from ..sealed import Sealer

PAGE_STUDIES = 500


@dataclass(frozen=True)
class SelectedStudy:
    """One selected study: its index id and date, and its patient's identifiers opened for the engines only."""

    id: int
    patient: dict
    study_date: str


@dataclass(frozen=True)
class Selection:
    """How many instances a definition selects now, and a fingerprint of the index rows an export reads."""

    instances: int
    fingerprint: str


class CohortSelection:
    """A definition's studies and files over the index (the same rows the feasibility counts see)."""

    def __init__(self, db: Database, sealer: Sealer, definition: CohortDefinition, expand: Expand):
        self.db, self.sealer = db, sealer
        self._chosen = studies_matching(definition, expand).scalar_subquery()
        self._on_series = series_conditions(definition)

    def measure(self) -> Selection:
        """Return the instance count and a fingerprint that changes when a selected instance or report changes."""
        with self.db.session() as session:
            instances = session.execute(
                select(func.count(Instance.id), func.max(Instance.id), func.max(Instance.indexed_at))
                .join(Series, Series.id == Instance.series_id)
                .where(Series.study_id.in_(self._chosen), *self._on_series)).one()
            reports = session.execute(
                select(func.count(Report.id), func.max(Report.id), func.max(Report.indexed_at))
                .where(Report.study_id.in_(self._chosen))).one()
        facts = json.dumps([list(instances), list(reports)], default=str)
        return Selection(instances[0], hashlib.sha256(facts.encode()).hexdigest())

    def studies(self) -> Iterator[SelectedStudy]:
        """Yield the selected studies that have selected instances, in id order, a page at a time."""
        after = 0
        while True:
            with self.db.session() as session:
                rows = session.execute(
                    select(Study.id, Study.study_date, Study.accession_sealed, Study.issuer_sealed,
                           Patient.patient_id_sealed, Patient.name_sealed, Patient.birth_date_sealed)
                    .join(Patient, Patient.id == Study.patient_id)
                    .where(Study.id.in_(self._chosen), self._has_files(), Study.id > after)
                    .order_by(Study.id).limit(PAGE_STUDIES)).all()
            for study_id, study_date, accession, issuer, patient_id, name, birth in rows:
                patient = {"mrn": self.sealer.open(patient_id, "patient_id"), "issuer": self._opened(issuer, "issuer"),
                           "name": self._opened(name, "name"), "birth_date": self._opened(birth, "birth_date"),
                           "accession": self._opened(accession, "accession")}
                yield SelectedStudy(study_id, {k: v for k, v in patient.items() if v},
                                    study_date.isoformat() if study_date else "")
            if len(rows) < PAGE_STUDIES:
                return
            after = rows[-1][0]

    def files(self, study_id: int) -> list[str]:
        """Return the file locations of one study's selected instances, in index order."""
        with self.db.session() as session:
            sealed = session.scalars(
                select(Instance.location_sealed).join(Series, Series.id == Instance.series_id)
                .where(Series.study_id == study_id, *self._on_series).order_by(Instance.id)).all()
        return [self.sealer.open(location, "location") for location in sealed]

    def reports(self, study_id: int) -> list[tuple[str, str]]:
        """Return the text and lookup key of each report linked to one study, in index order."""
        with self.db.session() as session:
            rows = session.execute(select(Report.text_sealed, Report.report_lookup)
                                   .where(Report.study_id == study_id).order_by(Report.id)).all()
        return [(self.sealer.open(text, "report_text"), lookup) for text, lookup in rows]

    def _has_files(self) -> ColumnElement[bool]:
        return exists().where(Series.study_id == Study.id, Instance.series_id == Series.id, *self._on_series)

    def _opened(self, sealed: bytes | None, column: str) -> str:
        return self.sealer.open(sealed, column) if sealed else ""
