"""Every route declares who may call it; undeclared, unauthenticated and wrong-role calls are refused."""
import re

import pytest

from app.auth.access import access_of
from app.models import Role
from tests.conftest import auth

ROLES = [r.value for r in Role]


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "web.static"):
            continue
        url = re.sub(r"<(?:int:)?[^>]+>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url, app.view_functions[rule.endpoint]


def test_every_route_declares_access(app):
    undeclared = [endpoint for endpoint, _, _, view in _routes(app) if access_of(view) is None]
    assert undeclared == [], f"routes without a role declaration: {undeclared}"
    assert len(list(_routes(app))) >= 6


def test_unauthenticated_and_wrong_role_calls_are_refused(app, make_token):
    app.config["WTF_CSRF_ENABLED"] = False
    tokens = {role: make_token(role) for role in ROLES}
    client = app.test_client()
    checked = 0
    for endpoint, method, url, view in _routes(app):
        access = access_of(view)
        if access.public:
            continue
        anonymous = client.open(url, method=method)
        if endpoint.startswith("api."):
            assert anonymous.status_code == 401, endpoint
            for role in set(ROLES) - access.roles:
                refused = client.open(url, method=method, headers=auth(tokens[role]))
                assert refused.status_code == 403, (endpoint, role)
                assert refused.get_json()["error"]["code"] == "forbidden"
        else:
            assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"], endpoint
        checked += 1
    assert checked >= 3


def test_undeclared_view_is_refused_at_runtime(app, make_token):
    app.add_url_rule("/api/v1/undeclared", "api.undeclared", lambda: "leak")
    response = app.test_client().get("/api/v1/undeclared", headers=auth(make_token("admin")))
    assert response.status_code == 403


@pytest.mark.parametrize("header", ["Bearer crt_not-a-real-token", "Basic abc", "Bearer "])
def test_invalid_tokens_are_unauthenticated(client, header):
    response = client.get("/api/v1/audit", headers={"Authorization": header})
    assert response.status_code == 401
