"""Health, the generated OpenAPI document, and token lifecycle."""
import re

from openapi_spec_validator import validate

from app.auth import accounts
from tests.conftest import auth


def test_health_reports_database_jobs_and_version(client):
    body = client.get("/api/v1/health").get_json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["database"]["revision"] == body["database"]["expected_revision"]
    assert body["jobs"] == {"executor": "inprocess", "ok": True}
    assert body["version"]


def test_health_degrades_when_database_is_behind(client, services):
    services.db.downgrade("base")
    response = client.get("/api/v1/health")
    assert response.status_code == 503 and response.get_json()["status"] == "degraded"


def test_openapi_is_valid_and_covers_every_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"].startswith("3.1")
    api_rules = {re.sub(r"<(?:int:)?([^>]+)>", r"{\1}", r.rule)
                 for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")}
    assert api_rules == set(document["paths"])
    assert document["paths"]["/api/v1/audit"]["get"]["x-roles"] == ["admin", "reviewer"]
    assert "security" not in document["paths"]["/api/v1/health"]["get"]


def test_revoked_token_and_disabled_user_are_refused(client, services, make_token):
    pipeline = make_token("pipeline")
    reviewer = make_token("reviewer")
    assert client.get("/api/v1/audit", headers=auth(reviewer)).status_code == 200
    with services.db.session() as session:
        token = session.query(accounts.ApiToken).filter_by(role="pipeline").one()
        accounts.revoke_token(session, token.name, actor="test")
        user = session.query(accounts.User).filter_by(role="reviewer").one()
        accounts.set_user_active(session, user.username, False, actor="test")
    assert client.get("/api/v1/jobs/1", headers=auth(pipeline)).status_code == 401
    assert client.get("/api/v1/audit", headers=auth(reviewer)).status_code == 401


def test_tokens_are_stored_hashed(services, make_token):
    secret = make_token("pipeline")
    with services.db.engine.connect() as conn:
        stored = " ".join(str(v) for row in conn.exec_driver_sql("SELECT * FROM api_tokens") for v in row)
    assert secret not in stored and secret[len("crt_"):] not in stored


def test_unknown_api_path_and_method_are_json(client):
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    wrong = client.delete("/api/v1/health")
    assert wrong.status_code == 405 and "error" in wrong.get_json()
