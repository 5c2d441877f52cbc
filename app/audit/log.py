"""Reading the audit log: filtered pages of events, newest first, and the chain's verification in one line."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import InvalidInput
from ..models import AuditEvent, AuditHead
from .chain import HEAD_ROW_ID, AuditProblem, verify


@dataclass(frozen=True)
class EventFilter:
    """Which events to show: exact actor, action, object type and id; an inclusive range of days (UTC)."""

    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        for value in (self.actor, self.action, self.object_type, self.object_id):
            if "\x00" in value:
                raise InvalidInput("filters must not contain NUL characters")  # PostgreSQL cannot compare them
        if self.since and self.until and self.since > self.until:
            raise InvalidInput("the start date is after the end date")


@dataclass(frozen=True)
class ChainStatus:
    """The verification of the whole chain: its length and every break found (none when intact)."""

    events: int
    problems: list[AuditProblem]
    unkeyed: int  # events written before the chain was keyed (plain SHA-256)

    @property
    def intact(self) -> bool:
        """Return True when no event was edited, inserted or deleted."""
        return not self.problems


def search(session: Session, filters: EventFilter, *, before: int | None = None, limit: int = 100) -> list[AuditEvent]:
    """Return at most `limit` events matching `filters` with ids below `before`, newest first."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    for column, value in ((AuditEvent.actor, filters.actor), (AuditEvent.action, filters.action),
                          (AuditEvent.object_type, filters.object_type), (AuditEvent.object_id, filters.object_id)):
        if value:
            query = query.where(column == value)
    # `at` is an ISO-8601 UTC string, so day bounds compare as text.
    if filters.since:
        query = query.where(AuditEvent.at >= filters.since.isoformat())
    if filters.until:
        query = query.where(AuditEvent.at < (filters.until + timedelta(days=1)).isoformat())
    if before is not None:
        query = query.where(AuditEvent.id < before)
    return list(session.scalars(query))


def details_of(event: AuditEvent) -> dict:
    """Return an event's details as data."""
    return json.loads(event.details)


def chain_status(session: Session) -> ChainStatus:
    """Verify the whole chain and count its events."""
    problems = verify(session)
    count = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    head = session.get(AuditHead, HEAD_ROW_ID)
    unkeyed = min(head.keyed_from - 1, count) if head is not None else 0
    return ChainStatus(count, problems, unkeyed)
