"""What the archive index holds: totals, studies by modality and by year, reports by link and ontology version."""
from __future__ import annotations

from sqlalchemy import distinct, extract, func, select

from ..db import Database
from ..models import Finding, Instance, Patient, Report, Series, Study


def index_stats(db: Database) -> dict:
    """Return counts only (no values from the index), JSON-ready."""
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
    return {
        "totals": totals,
        "modalities": {modality or "unknown": {"studies": studies, "instances": instances}
                       for modality, studies, instances in by_modality},
        "study_years": {str(int(y)) if y is not None else "unknown": n for y, n in by_year},
        "report_links": {link: n for link, n in by_link},
        "report_ontology_versions": {version: n for version, n in by_version},
    }
