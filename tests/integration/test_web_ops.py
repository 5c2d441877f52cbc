"""Operations pages through the Flask client: users, tokens, audit log, quarantine — refusals and bad input."""
import re

import pytest

from app.auth import accounts
from app.models import ApiToken, AuditEvent, QuarantinedFile, User
from tests.dicom_factory import MRN, PHI_STRINGS, burned_in, instance, to_bytes
from tests.support.cli import cleanroom
from tests.support.web import PASSWORD, sign_in

ROLES = ("researcher", "reviewer", "admin")


@pytest.fixture
def people(services):
    """One account per role, named after it."""
    with services.db.session() as session:
        for role in ROLES:
            accounts.add_user(session, role, role, PASSWORD, actor="test")


def csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


@pytest.fixture
def admin(client, people):
    sign_in(client, "admin")
    return client


def user(services, username: str) -> User | None:
    with services.db.session() as session:
        return session.query(User).filter_by(username=username).one_or_none()


def test_admin_adds_a_user_changes_their_role_and_disables_them(admin, services):
    token = csrf(admin, "/admin/users")
    added = admin.post("/admin/users", data={"username": "bea", "display_name": "Bea Broker", "role": "researcher",
                                             "password": PASSWORD, "csrf_token": token})
    assert added.status_code == 302
    listing = admin.get("/admin/users").get_data(as_text=True)
    assert "Created user bea" in listing and "Bea Broker" in listing
    assert admin.post("/admin/users/bea/role", data={"role": "reviewer", "csrf_token": token}).status_code == 303
    assert user(services, "bea").role == "reviewer"
    generation = user(services, "bea").session_generation
    assert admin.post("/admin/users/bea/active", data={"active": "no", "csrf_token": token}).status_code == 303
    assert not user(services, "bea").active and user(services, "bea").session_generation == generation + 1
    assert admin.post("/admin/users/bea/active", data={"active": "yes", "csrf_token": token}).status_code == 303
    assert user(services, "bea").active
    with services.db.session() as session:
        actions = [e.action for e in session.query(AuditEvent).filter_by(object_id="bea").order_by(AuditEvent.id)]
    assert actions == ["user.create", "user.role", "user.disable", "user.enable"]


@pytest.mark.parametrize("form, message", [
    ({"username": "admin", "role": "reviewer", "password": PASSWORD}, "already exists"),
    ({"username": "weak", "role": "reviewer", "password": "short"}, "at least 10 characters"),
    ({"username": "rolling", "role": "superuser", "password": PASSWORD}, "Not a valid choice"),
    ({"username": "bad name!", "role": "reviewer", "password": PASSWORD}, "username must be"),
    ({"username": "", "role": "reviewer", "password": PASSWORD}, "This field is required"),
])
def test_bad_new_users_get_form_errors(admin, services, form, message):
    response = admin.post("/admin/users", data={**form, "csrf_token": csrf(admin, "/admin/users")})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page and "Traceback" not in page
    assert PASSWORD not in page
    with services.db.session() as session:
        assert session.query(User).count() == len(ROLES)


def test_the_last_admin_cannot_be_disabled_or_demoted(admin, services):
    token = csrf(admin, "/admin/users")
    response = admin.post("/admin/users/admin/active", data={"active": "no", "csrf_token": token},
                          follow_redirects=True)
    assert "last active admin" in response.get_data(as_text=True)
    admin.post("/admin/users/admin/role", data={"role": "researcher", "csrf_token": token})
    assert user(services, "admin").active and user(services, "admin").role == "admin"


def test_unknown_users_and_roles_are_refused(admin):
    token = csrf(admin, "/admin/users")
    assert admin.post("/admin/users/nobody/active", data={"active": "no", "csrf_token": token}).status_code == 404
    assert admin.post("/admin/users/reviewer/role", data={"role": "owner", "csrf_token": token}).status_code == 400
    assert admin.post("/admin/users/reviewer/active", data={"active": "maybe", "csrf_token": token}).status_code == 400


def test_a_token_secret_is_shown_once_and_never_stored(admin, services):
    created = admin.post("/admin/tokens", data={"name": "nightly", "owner": "",
                                                "csrf_token": csrf(admin, "/admin/tokens")})
    page = created.get_data(as_text=True)
    secret = re.search(r'value="(crt_[^"]+)"', page).group(1)
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    with services.db.session() as session:
        assert accounts.principal_for_token(session, secret).role == "pipeline"
    again = admin.get("/admin/tokens").get_data(as_text=True)
    assert "nightly" in again and secret not in again and secret[:10] in again
    with services.db.session() as session:
        assert all(secret not in e.details for e in session.query(AuditEvent))
    duplicate = admin.post("/admin/tokens", data={"name": "nightly", "owner": "",
                                                  "csrf_token": csrf(admin, "/admin/tokens")})
    assert duplicate.status_code == 400 and "already exists" in duplicate.get_data(as_text=True)
    revoked = admin.post("/admin/tokens/nightly/revoke", data={"csrf_token": csrf(admin, "/admin/tokens")})
    assert revoked.status_code == 303
    with services.db.session() as session:
        assert session.query(ApiToken).filter_by(name="nightly").one().revoked_at is not None
        assert accounts.principal_for_token(session, secret) is None


def test_a_tokens_last_use_is_noted_to_the_minute_and_shown_to_admins(admin, client, services):
    created = admin.post("/admin/tokens", data={"name": "nightly", "owner": "",
                                                "csrf_token": csrf(admin, "/admin/tokens")})
    secret = re.search(r'value="(crt_[^"]+)"', created.get_data(as_text=True)).group(1)
    assert "Last used" not in admin.get("/admin/tokens").get_data(as_text=True)

    def last_used():
        with services.db.session() as session:
            return session.query(ApiToken).filter_by(name="nightly").one().last_used_at

    assert last_used() is None
    assert client.get("/api/v1/profiles", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    first = last_used()
    assert first is not None
    assert client.get("/api/v1/profiles", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert last_used() == first  # within the minute: not written again
    assert first.strftime("%Y-%m-%d %H:%M") in admin.get("/admin/tokens").get_data(as_text=True)


def test_a_token_acting_as_a_user_takes_their_role(admin, services):
    response = admin.post("/admin/tokens", data={"name": "rev-token", "owner": "reviewer",
                                                 "csrf_token": csrf(admin, "/admin/tokens")})
    assert response.status_code == 200
    with services.db.session() as session:
        assert session.query(ApiToken).filter_by(name="rev-token").one().role == "reviewer"
    unknown = admin.post("/admin/tokens", data={"name": "x", "owner": "ghost", "csrf_token": csrf(admin, "/admin/tokens")})
    assert unknown.status_code == 400 and "Not a valid choice" in unknown.get_data(as_text=True)


FORMS = [
    ("/admin/users", {"username": "mallory", "role": "admin", "password": PASSWORD}),
    ("/admin/users/reviewer/role", {"role": "admin"}),
    ("/admin/users/reviewer/active", {"active": "no"}),
    ("/admin/users/reviewer/unlock", {}),
    ("/admin/tokens", {"name": "stolen", "owner": ""}),
    ("/admin/tokens/existing/revoke", {}),
]


@pytest.mark.parametrize("path, form", FORMS)
def test_forms_without_the_csrf_token_are_refused(admin, services, path, form):
    with services.db.session() as session:
        accounts.create_token(session, "existing", actor="test")
    response = admin.post(path, data=form)
    assert response.status_code == 400
    with services.db.session() as session:
        assert session.query(User).filter_by(username="mallory").count() == 0
        assert session.query(User).filter_by(username="reviewer").one().role == "reviewer"
        assert session.query(User).filter_by(username="reviewer").one().active
        assert session.query(ApiToken).filter_by(name="stolen").count() == 0
        assert session.query(ApiToken).filter_by(name="existing").one().revoked_at is None


PAGES = {"/admin/users": {"admin"}, "/admin/tokens": {"admin"}, "/admin/health": {"admin"},
         "/audit": {"reviewer", "admin"}, "/quarantine": {"reviewer"}}


@pytest.mark.parametrize("role", ROLES)
def test_each_page_refuses_the_roles_it_is_not_for(client, people, role):
    sign_in(client, role)
    for path, allowed in PAGES.items():
        assert client.get(path).status_code == (200 if role in allowed else 403), path
    token = csrf(client, "/")
    for path, _ in FORMS:
        assert client.post(path, data={"csrf_token": token}).status_code in ((400, 303, 404) if role == "admin" else (403,))
    assert client.get("/quarantine/1/before.png").status_code == (404 if role == "reviewer" else 403)


def test_health_page_shows_the_api_report(admin):
    page = admin.get("/admin/health").get_data(as_text=True)
    assert "Service health" in page and "sqlite" in page and 'class="badge ok">ok' in page


def test_audit_filters_and_pages_newest_first(client, people, services):
    with services.db.session() as session:
        for n in range(60):
            accounts.create_token(session, f"bulk-{n}", actor="user:admin")
    sign_in(client, "reviewer")
    first = client.get("/audit?action=token.create").get_data(as_text=True)
    names = re.findall(r"bulk-(\d+)", first)
    assert names[:2] == ["59", "58"] and len(names) == 50
    assert "intact" in first and re.search(r"\d+ events", first)
    older = re.search(r'href="(/audit\?[^"]*before=\d+[^"]*)"', first).group(1).replace("&amp;", "&")
    rest = client.get(older).get_data(as_text=True)
    assert re.findall(r"bulk-(\d+)", rest) == [str(n) for n in range(9, -1, -1)]
    assert "Older events" not in rest and "Newest events" in rest
    only = client.get("/audit?action=token.create&object_id=bulk-7&actor=user:admin").get_data(as_text=True)
    assert re.findall(r'"muted">bulk-(\d+)<', only) == ["7"]
    assert "No events match" in client.get("/audit?from=2001-01-01&to=2001-01-02").get_data(as_text=True)


@pytest.mark.parametrize("query", ["from=yesterday", "to=2024-13-01", "from=2024-05-02&to=2024-05-01", "before=0",
                                   "before=-3", "before=abc", "before=99999999999999", "action=%00"])
def test_bad_audit_filters_get_a_400_page(client, people, query):
    sign_in(client, "admin")
    response = client.get(f"/audit?{query}")
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "Traceback" not in response.get_data(as_text=True)


def test_audit_page_names_the_first_broken_event(client, people, services):
    with services.db.session() as session:
        session.query(AuditEvent).filter_by(id=2).update({"actor": "user:someone-else"})
    sign_in(client, "reviewer")
    page = client.get("/audit").get_data(as_text=True)
    assert "broken" in page and "event 2: content does not match" in page


@pytest.fixture
def quarantined(services, overrides, tmp_path):
    """A run under the basic profile (no pixel cleaning): a burned-in file and a truncated one are quarantined."""
    source = tmp_path / f"incoming {MRN}"
    source.mkdir()
    (source / "burned.dcm").write_bytes(to_bytes(burned_in()))
    (source / "broken.dcm").write_bytes(to_bytes(instance())[:900])
    (source / "fine.dcm").write_bytes(to_bytes(instance()))
    result = cleanroom("deid", "dicom", source, tmp_path / "out", "--profile", "basic", "--json", env=overrides)
    assert result.returncode == 0, result.stderr
    with services.db.session() as session:
        rows = {row.reason_code: row.id for row in session.query(QuarantinedFile)}
    assert set(rows) == {"pixels_not_cleaned", "unreadable"}
    return rows


def test_quarantine_lists_files_with_reasons_without_phi(client, people, services, quarantined):
    sign_in(client, "reviewer")
    page = client.get("/quarantine").get_data(as_text=True)
    assert "pixels not cleaned" in page and "unreadable" in page and "basic@" in page
    assert "deid.dicom" in page and "user:" in page or "cli" in page
    for phi in (*PHI_STRINGS, "incoming"):
        assert phi not in page
    with services.db.session() as session:
        stored = b"".join(r.source_sealed + r.copy_sealed + r.source_lookup.encode()
                          for r in session.query(QuarantinedFile))
        event = session.query(AuditEvent).filter_by(action="deid.dicom").one()
        assert {r.run_event_id for r in session.query(QuarantinedFile)} == {event.id}
    assert MRN.encode() not in stored and b"incoming" not in stored
    only = client.get("/quarantine?reason=unreadable").get_data(as_text=True)
    assert "unreadable" in only and "pixels not cleaned</span>" not in only
    assert "No quarantined files for this reason" in client.get("/quarantine?reason=nothing").get_data(as_text=True)
    assert client.get("/quarantine?before=0").status_code == 400


def test_previews_are_refused_where_there_is_nothing_to_show(client, people, quarantined):
    sign_in(client, "reviewer")
    assert client.get(f"/quarantine/{quarantined['unreadable']}/before.png").status_code == 404
    assert client.get(f"/quarantine/{quarantined['pixels_not_cleaned']}/middle.png").status_code == 404
    assert client.get("/quarantine/999999/before.png").status_code == 404


@pytest.mark.ocr
def test_a_preview_masks_the_burned_in_text(client, people, quarantined):
    from io import BytesIO

    import numpy as np
    from PIL import Image

    sign_in(client, "reviewer")
    images = {}
    for kind in ("before", "after"):
        response = client.get(f"/quarantine/{quarantined['pixels_not_cleaned']}/{kind}.png")
        assert response.status_code == 200 and response.mimetype == "image/png"
        assert "no-store" in response.headers["Cache-Control"]
        images[kind] = np.asarray(Image.open(BytesIO(response.data)).convert("RGB"))
    # The name and ID were burned in white on dark grey at the top left: there, the "after" preview is black
    # and the "before" one shows the masks' colour.
    band = (slice(10, 45), slice(10, 120))
    assert images["after"][band].max() < 40
    assert (images["before"][band][..., 2] > 150).mean() > 0.5 or (images["before"][band][..., 0] > 150).mean() > 0.5
