"""Login throttling, lockout and constant-cost user lookup (issue #21, part C)."""
import re
from datetime import timedelta

import pytest

from app import create_app
from app.auth import accounts, passwords, throttle
from app.auth.throttle import Attempt
from app.models import AuditEvent, utcnow
from app.services import Services
from tests.conftest import PASSWORD


def _csrf(client) -> str:
    html = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _login(client, username: str, password: str):
    return client.post("/login", data={"username": username, "password": password, "csrf_token": _csrf(client)})


def test_wrong_passwords_lock_the_account_even_against_the_right_one(client, services, alice):
    for _ in range(throttle.FREE_FAILURES):
        assert _login(client, alice, "wrong password!").status_code == 200
    locked = _login(client, alice, PASSWORD)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert b"Too many failed sign-ins" in locked.data
    assert client.get("/").status_code == 302
    with services.db.session() as session:
        lockouts = session.query(AuditEvent).filter_by(action="user.lockout").all()
        assert [(e.object_id, e.outcome) for e in lockouts] == [(alice, "denied")]


def test_the_lock_holds_across_server_processes(app, services, overrides, alice):
    for _ in range(throttle.FREE_FAILURES):
        _login(app.test_client(), alice, "wrong password!")
    other = Services.load(overrides)  # a second process: its own engine on the same database
    try:
        other_app = create_app(services=other)
        other_app.config.update(TESTING=True)
        assert _login(other_app.test_client(), alice, PASSWORD).status_code == 429
    finally:
        other.executor.shutdown()
        other.db.engine.dispose()


def test_unknown_users_are_locked_alike_so_locks_do_not_reveal_accounts(client):
    for _ in range(throttle.FREE_FAILURES):
        _login(client, "nobody-here", "wrong password!")
    assert _login(client, "nobody-here", "wrong password!").status_code == 429


def test_a_strangers_failures_do_not_lock_out_the_owners_browser(app, alice):
    owner, stranger = app.test_client(), app.test_client()
    assert _login(owner, alice, PASSWORD).status_code == 302
    owner.post("/logout", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"',
                                                        owner.get("/").get_data(as_text=True)).group(1)})
    for _ in range(throttle.FREE_FAILURES + 3):
        _login(stranger, alice, "wrong password!")
    assert _login(stranger, alice, PASSWORD).status_code == 429
    assert _login(owner, alice, PASSWORD).status_code == 302


def test_the_lock_lapses_and_backs_off_exponentially(any_db_services):
    services, attempt, now = any_db_services, Attempt("alice", "192.0.2.7"), utcnow()
    with services.db.session() as session:
        for _ in range(throttle.FREE_FAILURES):
            throttle.record_failure(session, attempt, now)
        first = throttle.wait_seconds(session, attempt, now)
        later = now + timedelta(seconds=first)
        assert throttle.wait_seconds(session, attempt, later) == 0
        throttle.record_failure(session, attempt, later)
        second = throttle.wait_seconds(session, attempt, later)
    assert first == throttle.FIRST_LOCK.total_seconds() + 1 and second == 2 * first - 1
    with services.db.session() as session:
        for step in range(30):
            throttle.record_failure(session, attempt, later + timedelta(hours=1, minutes=step))
        capped = throttle.wait_seconds(session, attempt, later + timedelta(hours=1, minutes=29))
    assert capped <= throttle.LONGEST_LOCK.total_seconds() + 1


def test_one_address_trying_many_usernames_is_blocked(any_db_services):
    services, now = any_db_services, utcnow()
    with services.db.session() as session:
        for n in range(throttle.ADDRESS_FAILURES):
            throttle.record_failure(session, Attempt(f"user{n}", "192.0.2.9"), now)
        assert throttle.wait_seconds(session, Attempt("someone-else", "192.0.2.9"), now) > 0
        assert throttle.wait_seconds(session, Attempt("someone-else", "192.0.2.10"), now) == 0
        assert session.query(AuditEvent).filter_by(action="login.address_blocked").count() == 1
    with services.db.session() as session:
        assert throttle.unlock(session, "user0", actor="test") is True


@pytest.mark.parametrize("who", ["alice", "nobody-here", "bob-disabled"])
def test_every_login_costs_exactly_one_argon2_verification(client, services, alice, monkeypatch, who):
    with services.db.session() as session:
        accounts.add_user(session, "bob-disabled", "researcher", PASSWORD, actor="test")
        accounts.set_user_active(session, "bob-disabled", False, actor="test")
    counting = CountingHasher(passwords._hasher)
    monkeypatch.setattr(passwords, "_hasher", counting)
    _login(client, who, "wrong password!")
    assert counting.verifications == 1


class CountingHasher:
    """The real Argon2 hasher, counting verifications: equal work for every username hides which exist."""

    def __init__(self, real):
        self.real, self.verifications = real, 0

    def verify(self, password_hash: str, password: str) -> bool:
        self.verifications += 1
        return self.real.verify(password_hash, password)

    def hash(self, password: str) -> str:
        return self.real.hash(password)
