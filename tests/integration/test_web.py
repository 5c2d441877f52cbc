"""Web login with sessions and CSRF protection."""
import re

import pytest

from app.auth import accounts
from app.auth.access import access_of, decide
from app.web.nav import PAGES as NAV_PAGES

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


def test_errors_are_pages_for_people_and_json_for_pipelines(client, alice):
    page = client.get("/no-such-page")
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert "404" in page.get_data(as_text=True) and "Traceback" not in page.get_data(as_text=True)
    api = client.get("/api/v1/no-such-call")
    assert api.status_code == 404 and api.get_json()["error"]["code"] == "not_found"
    wrong_method = client.put("/login")
    assert wrong_method.status_code == 405 and "GET" in wrong_method.headers["Allow"]
    assert wrong_method.mimetype == "text/html"


def test_the_navigation_shows_only_the_pages_a_role_may_open(client, alice):
    client.post("/login", data={"username": alice, "password": PASSWORD, "csrf_token": _csrf(client)})
    page = client.get("/").get_data(as_text=True)
    nav = page[page.find('<nav aria-label="Main">'):page.find("</nav>")]
    for endpoint, label in NAV_PAGES:
        allowed = endpoint in client.application.view_functions and decide(
            access_of(client.application.view_functions[endpoint]), "researcher") is None
        assert (f">{label}<" in nav) == allowed, label
