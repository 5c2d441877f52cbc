"""List quarantined files for reviewers, without PHI in clear (runs record them: app/deid/quarantined.py)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..deid.quarantined import COPY_COLUMN
from ..errors import NotFound
from ..models import QuarantinedFile
from ..sealed import Sealer


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
