"""Append events to the audit chain and prove that no row was edited or deleted."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import AuditEvent, AuditHead

GENESIS_HASH = "0" * 64
HEAD_ROW_ID = 1
OUTCOMES = ("ok", "denied", "failed")


@dataclass(frozen=True)
class AuditProblem:
    """One break in the chain: which event and what is wrong with it."""

    event_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"event {self.event_id}" if self.event_id is not None else "chain"
        return f"{where}: {self.problem}"


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    outcome: str = "ok",
    object_type: str = "",
    object_id: str | int = "",
    details: dict | None = None,
) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction and return it."""
    if outcome not in OUTCOMES:
        raise ValueError(f"audit outcome must be one of {OUTCOMES}")
    # Locks the head row on PostgreSQL so concurrent appends serialise; SQLite serialises writers itself.
    head = session.scalars(select(AuditHead).where(AuditHead.id == HEAD_ROW_ID).with_for_update()).first()
    if head is None:
        head = AuditHead(id=HEAD_ROW_ID, last_id=0, last_hash=GENESIS_HASH)
        session.add(head)
    event = AuditEvent(
        id=head.last_id + 1,
        at=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        outcome=outcome,
        details=_canonical(details or {}),
        prev_hash=head.last_hash,
    )
    event.hash = event_hash(event)
    head.last_id, head.last_hash = event.id, event.hash
    session.add(event)
    session.flush()
    return event


def event_hash(event: AuditEvent) -> str:
    """Return the SHA-256 over an event's content and its predecessor's hash."""
    fields = [
        event.id, event.at, event.actor, event.action, event.object_type,
        event.object_id, event.outcome, event.details, event.prev_hash,
    ]
    return hashlib.sha256(_canonical(fields).encode()).hexdigest()


def verify(session: Session, progress: Callable[[int, int], None] | None = None) -> list[AuditProblem]:
    """Walk the whole chain; return every edited, inserted or deleted row found (empty when intact)."""
    total = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    problems: list[AuditProblem] = []
    expected_id, expected_prev = 1, GENESIS_HASH
    for done, event in enumerate(_events_in_order(session), start=1):
        if event.id != expected_id:
            problems.append(AuditProblem(event.id, f"expected event {expected_id} here: events were deleted"))
        if event.prev_hash != expected_prev:
            problems.append(AuditProblem(event.id, "does not link to the event before it"))
        if event_hash(event) != event.hash:
            problems.append(AuditProblem(event.id, "content does not match its hash: the row was edited"))
        expected_id, expected_prev = event.id + 1, event.hash
        if progress and done % 1000 == 0:
            progress(done, total)
    head = session.get(AuditHead, HEAD_ROW_ID)
    last_id, last_hash = expected_id - 1, expected_prev
    if head is None and total:
        problems.append(AuditProblem(None, "the chain head record is missing"))
    elif head is not None and (head.last_id, head.last_hash) != (last_id, last_hash):
        problems.append(AuditProblem(None, f"the chain ends at event {last_id} but the head says {head.last_id}: "
                                           "events at the end were deleted or the head was edited"))
    if progress:
        progress(total, total)
    return problems


def _events_in_order(session: Session, batch: int = 1000) -> Iterator[AuditEvent]:
    last = 0
    while True:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.id > last).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)
