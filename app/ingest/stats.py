"""What the archive index holds: totals, studies by modality and by year, reports by link and by what annotated
them, and how many reports are stale (annotated with another ontology or engine than the configured ones)."""
from __future__ import annotations

from sqlalchemy import distinct, extract, func, select

from ..db import Database
from ..models import Finding, Instance, Patient, Report, Series, Study
from ..ontology import Annotator
from .reannotate import UNKNOWN_ENGINE, is_stale


def index_stats(db: Database, annotator: Annotator) -> dict:
    """Return counts only (no values from the index), JSON-ready; staleness is against `annotator`'s versions."""
    year = extract("year", Study.study_date)
    with db.session() as session:
        totals = {name: session.scalar(select(func.count()).select_from(model)) for name, model in (
            ("patients", Patient), ("studies", Study), ("series", Series), ("instances", Instance),
            ("reports", Report), ("findings", Finding))}
        by_modality = session.execute(
            select(Series.modality, func.count(distinct(Series.study_id)), func.count(Instance.id))
            .join(Instance, Instance.series_id == Series.id, isouter=True)
            .group_by(Series.modality).order_by(Series.modality)).all()
        by_year = session.execute(select(year, func.count()).group_by(year).order_by(year)).all()
        by_link = session.execute(select(Report.link, func.count()).group_by(Report.link).order_by(Report.link)).all()
        by_version = session.execute(select(Report.ontology_version, func.count()).group_by(Report.ontology_version)
                                     .order_by(Report.ontology_version)).all()
        engine = func.coalesce(Report.annotator_version, UNKNOWN_ENGINE)
        by_engine = session.execute(select(engine, func.count()).group_by(engine).order_by(engine)).all()
        stale = session.scalar(select(func.count()).select_from(Report).where(is_stale(annotator)))
    return {
        "totals": totals,
        "modalities": {modality or "unknown": {"studies": studies, "instances": instances}
                       for modality, studies, instances in by_modality},
        "study_years": {str(int(y)) if y is not None else "unknown": n for y, n in by_year},
        "report_links": {link: n for link, n in by_link},
        "report_ontology_versions": {version: n for version, n in by_version},
        "report_annotator_versions": {version: n for version, n in by_engine},
        "annotation": {"ontology_version": annotator.ontology.version, "annotator_version": annotator.engine_version,
                       "stale_reports": stale},
    }
