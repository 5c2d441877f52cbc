"""Re-annotate stored reports when the ontology or the annotation engine changes: findings and labels anew.

Every report records the ontology version and the annotation engine version (its rules) it was
annotated with. Those annotated with another one (or before engines were recorded) are stale: they are
read back (their sealed text opened), annotated again, and their findings, labels and versions replaced
in one transaction per batch, so a report is either wholly old or wholly new. A report that was
re-ingested meanwhile (already current) is left as that ingest wrote it. Idempotent: a second run finds
nothing stale. It happens on its own: the service queues one job (index.reannotate) on start-up and
when reports are ingested, and `index stats` shows how many reports wait.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Row, func, or_, select, update

from ..db import Database
from ..models import Report
from ..ontology import Annotator
from ..ontology.annotate import ReportAnnotation
from ..run_summary import RunSummary
from ..sealed import Sealer
from .batching import Batches
from .reports import replace_annotations

BATCH_SIZE = 200
UNKNOWN_ENGINE = "unknown"  # what stats and summaries call a report annotated before engines were recorded


@dataclass
class ReannotateSummary(RunSummary):
    """Counts and speed of one re-annotation run."""

    COUNTED, RATE = "reannotated", "reports_per_second"

    ontology_version: str = ""
    annotator_version: str = ""
    stale: int = 0
    reannotated: int = 0
    findings: int = 0
    previous_versions: dict = field(default_factory=dict)  # stale reports by ontology version
    previous_annotators: dict = field(default_factory=dict)  # stale reports by annotation engine version


def is_stale(annotator: Annotator) -> ColumnElement[bool]:
    """Return the condition of a report annotated with another ontology or engine version than `annotator`'s."""
    reports = Report.__table__.c
    return or_(reports.ontology_version != annotator.ontology.version, reports.annotator_version.is_(None),
               reports.annotator_version != annotator.engine_version)


def stale_reports(db: Database, annotator: Annotator) -> tuple[dict[str, int], dict[str, int]]:
    """Return how many stale reports were annotated with each ontology version, and with each engine version."""
    reports = Report.__table__.c
    engine = func.coalesce(reports.annotator_version, UNKNOWN_ENGINE)
    with db.engine.connect() as conn:
        return tuple(dict(conn.execute(select(column, func.count()).where(is_stale(annotator))
                                       .group_by(column).order_by(column)).all())
                     for column in (reports.ontology_version, engine))


def any_reports(db: Database) -> bool:
    """Return whether the index holds any report at all."""
    with db.engine.connect() as conn:
        return conn.execute(select(Report.__table__.c.id).limit(1)).first() is not None


def any_stale(db: Database, annotator: Annotator) -> bool:
    """Return whether any report is stale (see `is_stale`)."""
    with db.engine.connect() as conn:
        return conn.execute(select(Report.__table__.c.id).where(is_stale(annotator)).limit(1)).first() is not None


def reannotate_reports(db: Database, sealer: Sealer, annotator: Annotator,
                       on_progress: Callable[[int, int], None] | None = None) -> ReannotateSummary:
    """Annotate again every stale report (see `is_stale`) with `annotator`; `on_progress(done, total)`."""
    by_ontology, by_engine = stale_reports(db, annotator)
    summary = ReannotateSummary(ontology_version=annotator.ontology.version,
                                annotator_version=annotator.engine_version, stale=sum(by_ontology.values()),
                                previous_versions=by_ontology, previous_annotators=by_engine)

    def write(batch: list[tuple[int, ReportAnnotation]]) -> None:
        table, annotations = Report.__table__, dict(batch)
        with db.engine.begin() as conn:
            # Only those still stale: a report ingested again since was annotated with these versions then.
            still = set(conn.execute(select(table.c.id).where(is_stale(annotator), table.c.id.in_(list(annotations)))
                                     .with_for_update()).scalars())
            annotations = {report_id: note for report_id, note in annotations.items() if report_id in still}
            if annotations:
                summary.findings += replace_annotations(conn, annotations)
                conn.execute(update(table).where(table.c.id.in_(list(annotations))).values(
                    ontology_version=annotator.ontology.version, annotator_version=annotator.engine_version))
        summary.reannotated += len(annotations)

    with summary.timed(), Batches(write, BATCH_SIZE) as batches:
        for done, row in enumerate(_stale_rows(db, annotator), 1):
            batches.add((row.id, annotator.annotate(sealer.open(row.text_sealed, "report_text"))))
            if on_progress:
                on_progress(done, summary.stale)
    return summary


def _stale_rows(db: Database, annotator: Annotator) -> Iterator[Row]:
    """Yield the stale reports' ids and sealed texts in id order, a page per short read (no long-held snapshot)."""
    table, last_id = Report.__table__, 0
    while True:
        with db.engine.connect() as conn:
            page = conn.execute(select(table.c.id, table.c.text_sealed).where(is_stale(annotator), table.c.id > last_id)
                                .order_by(table.c.id).limit(BATCH_SIZE)).all()
        if not page:
            return
        yield from page
        last_id = page[-1].id
