"""An admin's journey in a real browser: add a user, change their role, create and revoke a token, disable them."""
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import shoot

PASSWORD = "journey password 1"


def test_admin_manages_a_user_and_their_token(browse):
    name, token_name = f"dana-{uuid.uuid4().hex[:6]}", f"etl-{uuid.uuid4().hex[:6]}"
    page = browse("admin")
    page.goto("/admin/users")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Display name").fill("Dana Data")
    page.get_by_label("Role", exact=True).select_option("researcher")
    page.get_by_label("Initial password").fill(PASSWORD)
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_text(f"Created user {name} (researcher).")).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name))
    row.get_by_label(f"Role of {name}").select_option("reviewer")
    row.get_by_role("button", name="Change role").click()
    expect(page.get_by_text(f"{name} is now reviewer.")).to_be_visible()
    shoot(page, "admin-users")

    page.goto("/admin/tokens")
    page.get_by_label("Token name").fill(token_name)
    page.get_by_label("Acts as").select_option(name)
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("Secret").input_value()
    assert secret.startswith("crt_")
    shoot(page, "admin-token-created")
    page.goto("/admin/tokens")
    assert secret not in page.content()
    expect(page.get_by_role("rowheader", name=token_name)).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=token_name)) \
        .get_by_role("button", name="Revoke").click()
    expect(page.get_by_text(f"Revoked token {token_name}.")).to_be_visible()
    shoot(page, "admin-tokens")

    page.goto("/admin/users")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name)) \
        .get_by_role("button", name="Disable").click()
    expect(page.get_by_text(f"Disabled user {name}.")).to_be_visible()

    stranger = browse(None)
    stranger.goto("/login")
    stranger.get_by_label("Username").fill(name)
    stranger.get_by_label("Password").fill(PASSWORD)
    stranger.get_by_role("button", name="Log in").click()
    expect(stranger.get_by_text("the account is disabled")).to_be_visible()
    assert stranger.url.split("?")[0].endswith("/login")


def test_admin_sees_the_service_health(browse):
    page = browse("admin")
    page.goto("/admin/health")
    expect(page.get_by_role("heading", name="Service health")).to_be_visible()
    expect(page.get_by_role("status").get_by_text("ok", exact=True)).to_be_visible()
    shoot(page, "admin-health")
    page.set_viewport_size({"width": 420, "height": 900})
    page.goto("/admin/users")
    shoot(page, "admin-users-narrow")


