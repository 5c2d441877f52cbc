"""Report files into the index: read, annotate with the ontology, seal, link to studies, store findings.

A report links to its study by accession number, else study instance UID, else
patient ID and study date (exactly one study that day); unlinked reports are kept
and linked later, when their study is ingested. A message that cannot be read is
reported and skipped whole; a report and its findings are stored together or not at all.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import and_, delete, exists, func, insert, select, update
from sqlalchemy.engine import Connection

from ..db import Database
from ..errors import InvalidInput
from ..models import Finding, Patient, Report, ReportLabel, ReportLink, Study, utcnow
from ..ontology import Annotator
from ..ontology.annotate import ReportAnnotation
from ..run_summary import RunSummary
from ..sealed import Sealer
from .batching import Batches
from .index_writer import patient_row, upsert_rows
from .report_formats import IncomingReport, ReportProblem, reader_for

BATCH_SIZE = 200
IDS_PER_STATEMENT = 500  # bounds an IN list (SQLite's variable limit)


@dataclass
class ReportsSummary(RunSummary):
    """Counts and speed of one reports ingest."""

    COUNTED, RATE = "reports_in", "reports_per_second"

    files_in: int = 0
    reports_in: int = 0
    stored: int = 0
    updated: int = 0
    invalid: int = 0
    linked: dict = field(default_factory=dict)
    unlinked: int = 0
    findings: int = 0
    ontology_version: str = ""


def ingest_reports(db: Database, sealer: Sealer, annotator: Annotator, paths: Iterable[Path],
                   on_problem: Callable[[Path, ReportProblem], None] | None = None,
                   on_report: Callable[[], None] | None = None) -> ReportsSummary:
    """Index every report in `paths` (.jsonl, .hl7, .json/.ndjson FHIR); unreadable messages go to `on_problem`."""
    summary = ReportsSummary(ontology_version=annotator.ontology.version)
    with summary.timed():
        files = [Path(p) for p in paths]
        for path in files:
            if not path.is_file():
                raise InvalidInput(f"{path} is not a file")
        readers = [reader_for(path) for path in files]  # an unknown format is refused before anything is stored
        summary.files_in = len(files)
        links: Counter = Counter()
        writer = _ReportWriter(db, sealer, annotator)

        def write(batch: list[IncomingReport]) -> None:
            new, batch_links, findings = writer.write(batch)
            summary.stored += new
            summary.updated += len(batch) - new
            summary.findings += findings
            links.update(batch_links)

        with Batches(write, BATCH_SIZE) as batches:
            for path, read in zip(files, readers):
                for item in read(path):
                    summary.reports_in += 1
                    if isinstance(item, ReportProblem):
                        summary.invalid += 1
                        if on_problem:
                            on_problem(path, item)
                        continue
                    batches.add(item)
                    if on_report:
                        on_report()
        summary.unlinked = links.pop(ReportLink.UNLINKED.value, 0)
        summary.linked = dict(sorted(links.items()))
    return summary


class _ReportWriter:
    """Writes batches of reports with their findings, one transaction per batch."""

    def __init__(self, db: Database, sealer: Sealer, annotator: Annotator):
        self.db, self.sealer, self.annotator = db, sealer, annotator

    def write(self, reports: list[IncomingReport]) -> tuple[int, Counter, int]:
        """Store the reports; return how many were new, the link of each (counted), and findings stored."""
        lookup, version = self.sealer.lookup_key, self.annotator.ontology.version
        by_key = {lookup("report_id", r.report_id): r for r in reports}  # a report sent twice: the last wins
        annotations = {key: self.annotator.annotate(r.text) for key, r in by_key.items()}
        now = utcnow()
        with self.db.engine.begin() as conn:
            patients = {}
            for r in by_key.values():
                if r.patient_id:
                    key = lookup("patient_id", r.patient_id)
                    patients[key] = patient_row(self.sealer, key, r.patient_id, r.patient_name, r.birth_date, r.sex)
            # A patient the archive already knows keeps what its images said.
            patient_ids = upsert_rows(conn, Patient.__table__, "patient_lookup", patients, update_existing=False)[0]
            rows = {key: {
                "report_lookup": key, "report_id_sealed": self.sealer.seal(r.report_id, "report_id"),
                "source_format": r.source_format,
                "patient_id": patient_ids.get(lookup("patient_id", r.patient_id)) if r.patient_id else None,
                "study_id": None, "link": ReportLink.UNLINKED.value,
                "accession_lookup": lookup("accession", r.accession) if r.accession else None,
                "study_uid": r.study_uid[:64] or None, "study_date": r.study_date,
                "text_sealed": self.sealer.seal(r.text, "report_text"), "ontology_version": version,
                "annotator_version": self.annotator.engine_version, "indexed_at": now} for key, r in by_key.items()}
            report_ids, new = upsert_rows(conn, Report.__table__, "report_lookup", rows)
            ids = list(report_ids.values())
            findings = replace_annotations(conn, {report_ids[key]: note for key, note in annotations.items()})
            link_reports(conn, ids)
            table = Report.__table__
            counted = Counter(dict(conn.execute(select(table.c.link, func.count()).where(table.c.id.in_(ids))
                                                .group_by(table.c.link)).all()))
        return len(new), counted, findings


def replace_annotations(conn: Connection, annotations: dict[int, ReportAnnotation]) -> int:
    """Replace the findings and labels of the reports (by id) with these annotations; return findings stored."""
    ids, reports = list(annotations), Report.__table__
    for model in (Finding, ReportLabel):
        conn.execute(delete(model.__table__).where(model.__table__.c.report_id.in_(ids)))
    study_of = dict(conn.execute(select(reports.c.id, reports.c.study_id).where(reports.c.id.in_(ids))).all())
    finding_rows = [{"report_id": report_id, "concept_id": concept, "status": status, "section": section}
                    for report_id, annotation in annotations.items()
                    for concept, status, section in _distinct_findings(annotation)]
    label_rows = [{"report_id": report_id, "study_id": study_of.get(report_id), "concept_id": concept,
                   "status": status}
                  for report_id, annotation in annotations.items() for concept, status in annotation.labels.items()]
    for model, rows in ((Finding, finding_rows), (ReportLabel, label_rows)):
        if rows:
            conn.execute(insert(model.__table__), rows)
    return len(finding_rows)


def _distinct_findings(annotation: ReportAnnotation) -> list[tuple[str, str, str]]:
    """Return the report's (concept ID, status, section) rows: mentions of one kind collapse to one."""
    return sorted({(f.concept_id, f.status, f.section) for f in annotation.findings})


def link_reports(conn: Connection, report_ids: list[int] | None = None) -> None:
    """Link unlinked reports (all, or those in `report_ids`) to their studies: accession, study UID, patient + date."""
    reports, studies = Report.__table__, Study.__table__
    scope = reports.c.link == ReportLink.UNLINKED.value
    if report_ids is not None:
        scope = and_(scope, reports.c.id.in_(report_ids))
    rules = (
        (ReportLink.ACCESSION, studies.c.accession_lookup == reports.c.accession_lookup, False),
        (ReportLink.STUDY_UID, studies.c.study_uid == reports.c.study_uid, False),
        # The same patient may have two studies on one day: then the date alone does not say which.
        (ReportLink.PATIENT_DATE, and_(studies.c.patient_id == reports.c.patient_id,
                                       studies.c.study_date == reports.c.study_date), True),
    )
    waiting = list(conn.execute(select(reports.c.id).where(scope)).scalars())
    for link, match, must_be_unique in rules:
        first = select(studies.c.id, studies.c.patient_id).where(match).order_by(studies.c.id).limit(1)
        found = select(func.count()).where(match).scalar_subquery() == 1 if must_be_unique else exists().where(match)
        conn.execute(update(reports).where(scope, found).values(
            study_id=first.with_only_columns(studies.c.id).scalar_subquery(),
            patient_id=first.with_only_columns(studies.c.patient_id).scalar_subquery(), link=link.value))
    _copy_study_to_labels(conn, waiting)


def _copy_study_to_labels(conn: Connection, report_ids: list[int]) -> None:
    """Give the labels of these reports their report's study_id again (the copy cohorts select on)."""
    labels, reports = ReportLabel.__table__, Report.__table__
    study = select(reports.c.study_id).where(reports.c.id == labels.c.report_id).scalar_subquery()
    for start in range(0, len(report_ids), IDS_PER_STATEMENT):
        linked = select(reports.c.id).where(reports.c.id.in_(report_ids[start:start + IDS_PER_STATEMENT]),
                                            reports.c.study_id.is_not(None))
        conn.execute(update(labels).where(labels.c.report_id.in_(linked)).values(study_id=study))


def relink_reports(db: Database) -> None:
    """Link every unlinked report whose study has arrived since (called after DICOM is ingested)."""
    with db.engine.begin() as conn:
        link_reports(conn)
