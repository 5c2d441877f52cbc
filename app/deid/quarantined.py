"""The files a run quarantined, recorded in the database under the run's audit event, their paths sealed."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from sqlalchemy.orm import Session

from ..models import AuditEvent, QuarantinedFile
from ..sealed import Sealer
from .batch import FileResult

SOURCE_COLUMN = "quarantined_files.source_sealed"
COPY_COLUMN = "quarantined_files.copy_sealed"
LOOKUP_KIND = "quarantine_source"


def source_reference(sealer: Sealer) -> Callable[[str], str]:
    """Return what a quarantine sidecar names its source by: the keyed hash its database record is found by."""
    return partial(sealer.lookup_key, LOOKUP_KIND)


def record_quarantined(session: Session, sealer: Sealer, results: Iterable[FileResult], *, profile: str,
                       run: AuditEvent) -> int:
    """Store the quarantined results of one run (audited as `run`); return how many were stored."""
    stored, reference = 0, source_reference(sealer)
    for result in results:
        if result.status != "quarantined":
            continue
        session.add(QuarantinedFile(
            reason_code=result.reason_code, reason=result.reason[:300], profile=profile, action=run.action,
            actor=run.actor, run_event_id=run.id, source_lookup=reference(result.source_path),
            source_sealed=sealer.seal(result.source_path, SOURCE_COLUMN),
            copy_sealed=sealer.seal(result.output_path, COPY_COLUMN)))
        stored += 1
    return stored
