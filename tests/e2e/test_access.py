"""Every page in a real browser: signed-out visitors go to the login page, a role a page is not for gets 403."""
import pytest
from playwright.sync_api import expect

from app import create_app
from app.auth.access import access_of, decide
from tests.e2e.conftest import LOGINS, shoot


def plain_pages(env: dict) -> dict[str, object]:
    """Map each web page that takes no URL parameter to its view, from the app's own routes."""
    app = create_app(env)
    return {rule.rule: app.view_functions[rule.endpoint] for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith("web.") and rule.endpoint != "web.static" and "GET" in rule.methods
            and not rule.arguments}


@pytest.mark.parametrize("role", sorted(LOGINS))
def test_each_role_opens_its_pages_and_is_refused_the_others(browse, site, role):
    page = browse(role)
    shoot(page, f"home-{role}")
    for path, view in plain_pages(site.env).items():
        if path in ("/login",):
            continue
        response = page.goto(path)
        expected = 200 if decide(access_of(view), role) is None else 403
        assert response.status == expected, (role, path)
        if expected == 403:
            expect(page.get_by_role("heading", name="403 — Forbidden")).to_be_visible()


def test_signed_out_visitors_are_sent_to_the_login_page(browse, site):
    page = browse(None)
    for path in plain_pages(site.env):
        page.goto(path)
        assert page.url.split("?")[0].endswith("/login"), path
    shoot(page, "login")
    page.goto("/no-such-page")
    expect(page.get_by_role("heading", name="404 — Not Found")).to_be_visible()
    shoot(page, "error-404")
