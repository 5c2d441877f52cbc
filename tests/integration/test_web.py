"""Web login with sessions and CSRF protection."""
import re

import pytest

from app.auth import accounts

PASSWORD = "correct horse battery"


@pytest.fixture
def alice(services):
    with services.db.session() as session:
        accounts.add_user(session, "alice", "researcher", PASSWORD, actor="test", display_name="Alice")
    return "alice"


def _csrf(client, path="/login") -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_login_logout_round_trip(client, alice):
    assert client.get("/").status_code == 302
    response = client.post("/login", data={"username": alice, "password": PASSWORD, "csrf_token": _csrf(client)})
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Welcome, Alice" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_and_disabled_user_are_refused(client, services, alice):
    bad = client.post("/login", data={"username": alice, "password": "wrong password!", "csrf_token": _csrf(client)})
    assert b"wrong password" in bad.data and client.get("/").status_code == 302
    with services.db.session() as session:
        accounts.set_user_active(session, alice, False, actor="test")
    client.post("/login", data={"username": alice, "password": PASSWORD, "csrf_token": _csrf(client)})
    assert client.get("/").status_code == 302


def test_login_without_csrf_token_is_refused(client, alice):
    response = client.post("/login", data={"username": alice, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_login_never_redirects_off_site(client, alice):
    response = client.post("/login?next=//evil.example/x",
                           data={"username": alice, "password": PASSWORD, "csrf_token": _csrf(client)})
    assert response.headers["Location"] == "/"


def test_failed_logins_are_audited_without_the_password(client, services, alice):
    from app.models import AuditEvent

    client.post("/login", data={"username": alice, "password": "Sup3r-Secret-Guess", "csrf_token": _csrf(client)})
    with services.db.session() as session:
        events = session.query(AuditEvent).filter_by(action="user.login").all()
        assert [e.outcome for e in events] == ["denied"]
        assert all("Sup3r" not in e.details for e in events)
