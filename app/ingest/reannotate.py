"""Re-annotate stored reports when the ontology changes: findings and labels from the current version.

Every report records the ontology version it was annotated with. Those annotated with another version
are read back (their sealed text opened), annotated again, and their findings, labels and version
replaced in one transaction per batch, so a report is either wholly old or wholly new. A report that
was re-ingested meanwhile (already at the current version) is left as that ingest wrote it. Idempotent:
a second run finds nothing stale.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from sqlalchemy import func, select, update

from ..db import Database
from ..models import Report
from ..ontology import Annotator
from ..sealed import Sealer
from .reports import replace_annotations

BATCH_SIZE = 200


@dataclass
class ReannotateSummary:
    """Counts and speed of one re-annotation run; holds no PHI."""

    ontology_version: str = ""
    stale: int = 0
    reannotated: int = 0
    findings: int = 0
    previous_versions: dict = field(default_factory=dict)
    seconds: float = 0.0
    reports_per_second: float = 0.0

    def as_dict(self) -> dict:
        """Return the summary as plain JSON-ready data."""
        return asdict(self)


def stale_reports(db: Database, version: str) -> dict[str, int]:
    """Return how many reports were annotated with each ontology version other than `version`."""
    with db.session() as session:
        return dict(session.execute(select(Report.ontology_version, func.count()).where(
            Report.ontology_version != version).group_by(Report.ontology_version).order_by(
            Report.ontology_version)).all())


def reannotate_reports(db: Database, sealer: Sealer, annotator: Annotator,
                       on_progress: Callable[[int, int], None] | None = None) -> ReannotateSummary:
    """Annotate again every report whose stored ontology version is not the annotator's; `on_progress(done, total)`."""
    started = time.monotonic()
    version = annotator.ontology.version
    summary = ReannotateSummary(ontology_version=version, previous_versions=stale_reports(db, version))
    summary.stale = sum(summary.previous_versions.values())
    table = Report.__table__
    stale = table.c.ontology_version != version
    last_id, done = 0, 0
    while True:
        with db.engine.connect() as conn:
            batch = conn.execute(select(table.c.id, table.c.text_sealed).where(stale, table.c.id > last_id)
                                 .order_by(table.c.id).limit(BATCH_SIZE)).all()
        if not batch:
            break
        last_id = batch[-1].id
        annotations = {}
        for row in batch:
            annotations[row.id] = annotator.annotate(sealer.open(row.text_sealed, "report_text"))
            done += 1
            if on_progress:
                on_progress(done, summary.stale)
        with db.engine.begin() as conn:
            # Only those still stale: a report ingested again since was annotated with this version then.
            still = set(conn.execute(select(table.c.id).where(stale, table.c.id.in_(list(annotations)))
                                     .with_for_update()).scalars())
            annotations = {report_id: note for report_id, note in annotations.items() if report_id in still}
            if annotations:
                summary.findings += replace_annotations(conn, annotations)
                conn.execute(update(table).where(table.c.id.in_(list(annotations))).values(ontology_version=version))
        summary.reannotated += len(annotations)
    summary.seconds = round(time.monotonic() - started, 3)
    summary.reports_per_second = round(summary.reannotated / summary.seconds, 1) if summary.seconds else 0.0
    return summary
