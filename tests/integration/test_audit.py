"""The audit chain detects edited, deleted and truncated rows, on SQLite and PostgreSQL."""
import json

import pytest
import sqlalchemy as sa

from app import audit
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
