"""Web sessions end at logout and when a user is disabled, and expire (issue #21, part D)."""
import re
import time

import pytest
from itsdangerous import TimestampSigner

from app import create_app
from app.auth import accounts
from app.services import Services
from tests.conftest import PASSWORD


def _signed_in(client, username: str = "alice") -> str:
    html = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    assert client.post("/login", data={"username": username, "password": PASSWORD,
                                       "csrf_token": csrf}).status_code == 302
    return client.get_cookie("session").value


def _replay(app, cookie: str) -> int:
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/").status_code


def test_a_session_cookie_replayed_after_logout_is_refused(app, client, alice):
    cookie = _signed_in(client)
    assert _replay(app, cookie) == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    client.post("/logout", data={"csrf_token": token})
    assert _replay(app, cookie) == 302


def test_disabling_a_user_ends_their_sessions_for_good(app, client, services, alice):
    cookie = _signed_in(client)
    with services.db.session() as session:
        accounts.set_user_active(session, alice, False, actor="test")
        accounts.set_user_active(session, alice, True, actor="test")
    assert _replay(app, cookie) == 302
    assert client.get("/").status_code == 302


def test_a_session_older_than_the_lifetime_is_refused(app, client, alice, monkeypatch):
    _signed_in(client)
    signer = app.session_interface.get_signing_serializer(app)
    data = signer.loads(client.get_cookie("session").value)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 9 * 3600)
    stale = signer.dumps(data)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 7 * 3600)
    recent = signer.dumps(data)
    monkeypatch.undo()
    assert _replay(app, recent) == 200 and _replay(app, stale) == 302


@pytest.fixture
def tls_app(services, overrides):
    """The app configured as served behind TLS (CLEANROOM_BEHIND_TLS=1), on the same database."""
    tls_services = Services.load({**overrides, "CLEANROOM_BEHIND_TLS": "1"})
    app = create_app(services=tls_services)
    app.config.update(TESTING=True)
    yield app
    tls_services.executor.shutdown()
    tls_services.db.engine.dispose()


def test_session_cookie_is_httponly_lax_and_secure_behind_tls(app, tls_app, services):
    assert app.config["SESSION_COOKIE_SECURE"] is False
    with services.db.session() as session:
        accounts.add_user(session, "carol", "researcher", PASSWORD, actor="test")
    client, site = tls_app.test_client(), "https://cleanroom.test"
    html = client.get("/login", base_url=site).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post("/login", base_url=site, headers={"Referer": f"{site}/login"},
                           data={"username": "carol", "password": PASSWORD, "csrf_token": csrf})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert {"HttpOnly", "Secure", "SameSite=Lax"} <= {part.strip() for part in cookie.split(";")}
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
