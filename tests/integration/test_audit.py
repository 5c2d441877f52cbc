"""The audit chain detects edited, deleted and truncated rows, on SQLite and PostgreSQL."""
import json

import pytest
import sqlalchemy as sa

from app import audit
from app.audit.chain import GENESIS_HASH, legacy_hash
from app.errors import AuditUnavailable
from app.models import AuditEvent
from app.services import Services
from tests.support.cli import cleanroom


def _append(svc, n: int) -> None:
    with svc.db.session() as session:
        for i in range(n):
            audit.record(session, actor="user:alice", action="deid.dicom", object_type="job", object_id=i,
                         details={"files": i})


def _problems(svc):
    with svc.db.session() as session:
        return audit.verify(session)


TAMPERING = {
    "edit details": "UPDATE audit_events SET details = '{\"files\": 999}' WHERE id = 3",
    "edit actor": "UPDATE audit_events SET actor = 'user:mallory' WHERE id = 2",
    "delete middle": "DELETE FROM audit_events WHERE id = 3",
    "delete tail": "DELETE FROM audit_events WHERE id = 5",
}


def test_intact_chain_verifies(any_db_services):
    _append(any_db_services, 5)
    assert _problems(any_db_services) == []


@pytest.mark.parametrize("statement", TAMPERING.values(), ids=TAMPERING.keys())
def test_tampering_is_detected(any_db_services, statement):
    _append(any_db_services, 5)
    with any_db_services.db.engine.begin() as conn:
        conn.execute(sa.text(statement))
    assert _problems(any_db_services) != []


def test_rehashing_an_edited_row_still_breaks_the_link(services):
    _append(services, 4)
    with services.db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_events SET actor='user:mallory', hash=:h WHERE id=2"), {"h": "f" * 64})
    problems = [str(p) for p in _problems(services)]
    assert any("event 3" in p and "link" in p for p in problems)


def test_cli_verify_fails_after_tampering(tmp_path, services, overrides):
    _append(services, 3)
    ok = cleanroom("audit", "verify", env=overrides)
    assert ok.returncode == 0 and "intact: 3 events" in ok.stdout
    with services.db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_events SET outcome='denied' WHERE id=2"))
    broken = cleanroom("audit", "verify", env=overrides)
    assert broken.returncode == 1 and "event 2" in broken.stdout


def test_fork_in_chain_is_refused_by_the_database(services):
    _append(services, 2)
    with pytest.raises(sa.exc.IntegrityError):
        with services.db.engine.begin() as conn:
            prev = conn.execute(sa.text("SELECT prev_hash FROM audit_events WHERE id=2")).scalar()
            conn.execute(sa.text("INSERT INTO audit_events VALUES (99, 'x', 'a', 'b', '', '', 'ok', '{}', :p, 'h')"),
                         {"p": prev})


def test_audit_api_pages_events_for_reviewers(client, services, make_token):
    from tests.conftest import auth

    _append(services, 5)
    reviewer = make_token("reviewer")
    first = client.get("/api/v1/audit?limit=2", headers=auth(reviewer)).get_json()
    assert len(first["events"]) == 2 and first["events"][0]["id"] > first["events"][1]["id"]
    second = client.get(f"/api/v1/audit?limit=2&before={first['next_before']}", headers=auth(reviewer)).get_json()
    assert second["events"][0]["id"] < first["events"][1]["id"]
    assert client.get("/api/v1/audit?limit=abc", headers=auth(reviewer)).status_code == 400
    assert client.get("/api/v1/audit?limit=0", headers=auth(reviewer)).status_code == 400
    assert client.get("/api/v1/audit", headers=auth(make_token("researcher"))).status_code == 403
    assert json.dumps(first).count("correct horse") == 0


def _rehash_without_key(svc, from_id: int, *, keyed_from: int | None = None) -> None:
    """Recompute hashes from `from_id` on, and the head, with plain SHA-256: all an attacker without the key can do."""
    with svc.db.session() as session:
        events = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
        prev = events[from_id - 2].hash if from_id > 1 else GENESIS_HASH
        for event in events[from_id - 1:]:
            event.prev_hash = prev
            event.hash = prev = legacy_hash(event)
            session.flush()
        session.execute(sa.text("UPDATE audit_head SET last_hash = :h, keyed_from = COALESCE(:moved, keyed_from)"),
                        {"h": prev, "moved": keyed_from})


@pytest.mark.parametrize("from_id", [1, 3], ids=["every hash", "from the edited event"])
def test_edit_rehashed_without_the_key_is_named_by_verify(services, overrides, from_id):
    _append(services, 5)
    with services.db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_events SET actor = 'user:mallory' WHERE id = 3"))
    _rehash_without_key(services, from_id)
    problems = _problems(services)
    assert 3 in {p.event_id for p in problems}
    result = cleanroom("audit", "verify", env=overrides)
    assert result.returncode == 1
    assert "BROKEN event 3: its hash is a plain SHA-256, not keyed" in result.stdout
    assert "mallory" not in result.stdout + result.stderr


def test_another_audit_key_can_neither_verify_nor_extend_the_chain(services, overrides):
    _append(services, 2)
    other = Services.load({**overrides, "CLEANROOM_AUDIT_KEY": "another-audit-key-" + "9" * 30})
    try:
        with other.db.session() as session:
            assert any(p.event_id is None and "seal" in p.problem for p in audit.verify(session))
        with pytest.raises(AuditUnavailable):
            other.db.write(lambda session: audit.record(session, actor="user:bob", action="deid.text"))
    finally:
        other.db.engine.dispose()
    assert _problems(services) == []


def test_events_from_before_the_key_still_verify_and_cannot_be_relabelled(services):
    services.db.downgrade("0002")
    prev = GENESIS_HASH
    with services.db.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_head"))
        for i in range(1, 4):
            event = AuditEvent(id=i, at="2026-11-30T10:00:00.000000Z", actor="user:alice", action="deid.text",
                               object_type="profile", object_id="basic@1", outcome="ok", details="{}", prev_hash=prev)
            event.hash = legacy_hash(event)
            conn.execute(sa.insert(AuditEvent.__table__).values(
                {c.name: getattr(event, c.name) for c in AuditEvent.__table__.columns}))
            prev = event.hash
        conn.execute(sa.text("INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 3, :h)"), {"h": prev})
    services.db.upgrade()
    _append(services, 2)
    assert _problems(services) == []
    _rehash_without_key(services, 4, keyed_from=6)
    problems = [str(p) for p in _problems(services)]
    assert any(p.startswith("chain: the chain head fails its keyed seal") for p in problems)
    assert any(p.startswith("event 4:") for p in problems)
