"""Record quarantined files in the database and list them for reviewers, without PHI in clear."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..dicom.batch import FileResult
from ..errors import NotFound
from ..models import AuditEvent, QuarantinedFile
from ..profiles import Profile
from ..profiles.store import record_profile_run
from ..sealed import Sealer

SOURCE_COLUMN = "quarantined_files.source_sealed"
COPY_COLUMN = "quarantined_files.copy_sealed"
LOOKUP_KIND = "quarantine_source"


@dataclass(frozen=True)
class QuarantineEntry:
    """One quarantined file as a reviewer sees it: no source path, no identifying value."""

    id: int
    quarantined_at: datetime
    reason_code: str
    reason: str
    profile: str
    action: str
    actor: str
    run_event_id: int | None
    reference: str  # the keyed hash of the source path, shortened: tells files apart, reveals nothing
    copy_name: str  # REASON/DIGEST.dcm inside the run's quarantine folder


def record_run(session: Session, sealer: Sealer, profile: Profile, results: Iterable[FileResult], *, actor: str,
               action: str, outcome: str = "ok", details: dict | None = None) -> AuditEvent:
    """Audit one de-identification run and record the files it quarantined under that event."""
    run = record_profile_run(session, profile, actor=actor, action=action, outcome=outcome, details=details)
    record_quarantined(session, sealer, results, profile=profile.label, run=run)
    return run


def record_quarantined(session: Session, sealer: Sealer, results: Iterable[FileResult], *, profile: str,
                       run: AuditEvent) -> int:
    """Store the quarantined results of one run (audited as `run`); return how many were stored."""
    stored = 0
    for result in results:
        if result.status != "quarantined":
            continue
        session.add(QuarantinedFile(
            reason_code=result.reason_code, reason=result.reason[:300], profile=profile, action=run.action,
            actor=run.actor, run_event_id=run.id, source_lookup=sealer.lookup_key(LOOKUP_KIND, result.source_path),
            source_sealed=sealer.seal(result.source_path, SOURCE_COLUMN),
            copy_sealed=sealer.seal(result.output_path, COPY_COLUMN)))
        stored += 1
    return stored


def list_quarantined(session: Session, sealer: Sealer, *, reason_code: str | None = None, before: int | None = None,
                     limit: int = 50) -> list[QuarantineEntry]:
    """Return quarantined files newest first, optionally of one reason and with ids below `before` (paging)."""
    query = select(QuarantinedFile).order_by(QuarantinedFile.id.desc()).limit(limit)
    if reason_code:
        query = query.where(QuarantinedFile.reason_code == reason_code)
    if before is not None:
        query = query.where(QuarantinedFile.id < before)
    return [_entry(row, sealer) for row in session.scalars(query)]


def reason_counts(session: Session) -> dict[str, int]:
    """Return how many files are quarantined per reason code."""
    rows = session.execute(select(QuarantinedFile.reason_code, func.count())
                           .group_by(QuarantinedFile.reason_code).order_by(QuarantinedFile.reason_code))
    return {code: count for code, count in rows}


def quarantined_copy(session: Session, sealer: Sealer, entry_id: int) -> Path:
    """Return where the quarantined copy of entry `entry_id` lies; NotFound when there is no such entry."""
    row = session.get(QuarantinedFile, entry_id)
    if row is None:
        raise NotFound("no such quarantined file")
    return Path(sealer.open(row.copy_sealed, COPY_COLUMN))


def _entry(row: QuarantinedFile, sealer: Sealer) -> QuarantineEntry:
    copy = Path(sealer.open(row.copy_sealed, COPY_COLUMN))
    return QuarantineEntry(row.id, row.quarantined_at, row.reason_code, row.reason, row.profile, row.action,
                           row.actor, row.run_event_id, row.source_lookup[:12], f"{copy.parent.name}/{copy.name}")
