"""Append events to the keyed audit chain and prove that no row was edited, inserted or deleted.

Each event's hash is an HMAC-SHA256 under the audit key over its content and its predecessor's
hash. The key lives outside the database (CLEANROOM_AUDIT_KEY or the instance's audit.key), so
someone who can write to the database but lacks the key cannot edit a row and recompute the chain.
Events written before the chain was keyed (ids below the head's `keyed_from`) keep their plain
SHA-256: the first keyed event's link covers them, and the head's keyed seal covers `keyed_from`.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterator

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..db import AUDIT_KEY_INFO
from ..errors import AuditUnavailable, ConfigError
from ..keys import derive_key
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
    key = session_audit_key(session)
    head = _lock_head(session)
    # Extending a head that fails its seal would re-seal whatever was done to it.
    if not hmac.compare_digest(head.seal, head_seal(key, head.keyed_from, head.last_id, head.last_hash)):
        raise AuditUnavailable("the audit chain head fails its keyed seal (edited, or this is not the audit key "
                               "the chain was written with); nothing was recorded: run `cleanroom audit verify`")
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
    event.hash = keyed_hash(event, key)
    head.last_id, head.last_hash = event.id, event.hash
    head.seal = head_seal(key, head.keyed_from, head.last_id, head.last_hash)
    session.add(event)
    session.flush()
    return event


def _lock_head(session: Session) -> AuditHead:
    # Write before reading: this no-op UPDATE takes PostgreSQL's row lock and SQLite's database write
    # lock (the sqlite3 driver opens its transaction at the first write, not at a SELECT). Only then is
    # the head read, so it is the newest one and no other writer can move it until this transaction ends.
    table = AuditHead.__table__
    locked = session.execute(update(table).where(table.c.id == HEAD_ROW_ID).values(last_id=table.c.last_id))
    head = session.scalars(
        select(AuditHead).where(AuditHead.id == HEAD_ROW_ID).execution_options(populate_existing=True)
    ).first()
    if locked.rowcount != 1 or head is None:
        raise AuditUnavailable("the audit chain head is missing; nothing was recorded: run `cleanroom audit verify`")
    return head


def session_audit_key(session: Session) -> bytes:
    """Return the audit key the session's Database was given."""
    key = session.info.get(AUDIT_KEY_INFO)
    if not key:
        raise ConfigError("this database session has no audit key; build it through Services or Database(url, key)")
    return key


def keyed_hash(event: AuditEvent, key: bytes) -> str:
    """Return the HMAC-SHA256 under the audit key over an event's content and its predecessor's hash."""
    return hmac.new(derive_key(key, "audit-event"), _content(event), hashlib.sha256).hexdigest()


def legacy_hash(event: AuditEvent) -> str:
    """Return the plain SHA-256 that events written before the chain was keyed carry."""
    return hashlib.sha256(_content(event)).hexdigest()


def head_seal(key: bytes, keyed_from: int, last_id: int, last_hash: str) -> str:
    """Return the HMAC that binds the head's switch-over point and newest event to the audit key."""
    message = _canonical(["audit-head", keyed_from, last_id, last_hash]).encode()
    return hmac.new(derive_key(key, "audit-head"), message, hashlib.sha256).hexdigest()


def verify(session: Session, progress: Callable[[int, int], None] | None = None) -> list[AuditProblem]:
    """Walk the whole chain; return every edited, inserted or deleted row found (empty when intact)."""
    key = session_audit_key(session)
    total = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    head = session.get(AuditHead, HEAD_ROW_ID)
    problems: list[AuditProblem] = []
    # Without a trustworthy head, no event may claim to predate the key.
    keyed_from = 1
    if head is None:
        problems.append(AuditProblem(None, "the chain head record is missing"))
    elif not hmac.compare_digest(head.seal, head_seal(key, head.keyed_from, head.last_id, head.last_hash)):
        problems.append(AuditProblem(None, "the chain head fails its keyed seal: the head was edited, or the audit "
                                           "key given is not the one this chain was written with"))
    else:
        keyed_from = head.keyed_from
    expected_id, expected_prev = 1, GENESIS_HASH
    for done, event in enumerate(_events_in_order(session), start=1):
        if event.id != expected_id:
            problems.append(AuditProblem(event.id, f"expected event {expected_id} here: events were deleted"))
        if event.prev_hash != expected_prev:
            problems.append(AuditProblem(event.id, "does not link to the event before it"))
        broken = _hash_problem(event, key if event.id >= keyed_from else None)
        if broken:
            problems.append(AuditProblem(event.id, broken))
        expected_id, expected_prev = event.id + 1, event.hash
        if progress and done % 1000 == 0:
            progress(done, total)
    last_id, last_hash = expected_id - 1, expected_prev
    if head is not None and (head.last_id, head.last_hash) != (last_id, last_hash):
        problems.append(AuditProblem(None, f"the chain ends at event {last_id} but the head says {head.last_id}: "
                                           "events at the end were deleted or the head was edited"))
    if progress:
        progress(total, total)
    return problems


def _hash_problem(event: AuditEvent, key: bytes | None) -> str | None:
    """Return what is wrong with an event's own hash (None when it matches); `key` None for pre-key events."""
    if key is None:
        return None if legacy_hash(event) == event.hash else "content does not match its hash: the row was edited"
    if hmac.compare_digest(keyed_hash(event, key), event.hash):
        return None
    if legacy_hash(event) == event.hash:
        return "its hash is a plain SHA-256, not keyed: the chain was recomputed without the audit key"
    return "content does not match its keyed hash: the row was edited (or the audit key is not this chain's)"


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


def _content(event: AuditEvent) -> bytes:
    fields = [
        event.id, event.at, event.actor, event.action, event.object_type,
        event.object_id, event.outcome, event.details, event.prev_hash,
    ]
    return _canonical(fields).encode()


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)
