"""Security headers on every response; 401s name the Bearer scheme (issue #21, part E)."""
import pytest

from tests.conftest import auth


@pytest.mark.parametrize("path", ["/login", "/", "/api/v1/health", "/api/v1/openapi.json", "/api/v1/nothing-here",
                                  "/api/v1/audit", "/no-such-page"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-store"


def test_authenticated_api_answers_are_not_stored(client, make_token):
    response = client.get("/api/v1/audit", headers=auth(make_token("reviewer")))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_the_stylesheet_may_be_cached_but_not_sniffed(client):
    headers = client.get("/static/cleanroom.css").headers
    assert "no-store" not in headers.get("Cache-Control", "") and headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer crt_not-a-real-token"}])
def test_api_401_names_the_bearer_scheme(client, headers):
    response = client.get("/api/v1/audit", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
