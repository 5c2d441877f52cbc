"""Bad input from an attacker gets a 400/404 JSON error, never a 500 (issue #21, part A)."""
import pytest
from flask import Blueprint, Flask

from app.api.errors import register_error_handlers
from app.errors import CleanroomError, ConfigError
from tests.conftest import auth
from tests.unit.ontology.conftest import MINI

HUGE = "9" * 30
DEEP = "[" * 1000 + "]" * 1000


@pytest.fixture
def overrides(overrides):
    return {**overrides, "CLEANROOM_ONTOLOGY": str(MINI)}


@pytest.fixture
def admin(make_token):
    return auth(make_token("admin"))


def _json_error(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert set(error) == {"code", "message"} and error["message"]
    return error


def test_huge_job_id_is_not_found(client, admin):
    _json_error(client.get(f"/api/v1/jobs/{HUGE}", headers=admin), 404)


@pytest.mark.parametrize("query", [f"before={HUGE}", "before=2147483648", "before=-1", "action=a%00b"])
def test_bad_audit_paging_is_refused(client, admin, query):
    _json_error(client.get(f"/api/v1/audit?{query}", headers=admin), 400)


@pytest.mark.parametrize("query", [f"version={HUGE}", "version=%C2%B3", "version=" + "9" * 5000])
def test_bad_profile_version_is_refused(client, admin, query):
    _json_error(client.get(f"/api/v1/profiles/research?{query}", headers=admin), 400)


@pytest.mark.parametrize("query", ["from=%C2%B3", f"from=1&to={HUGE}"])
def test_bad_profile_diff_versions_are_refused(client, admin, query):
    _json_error(client.get(f"/api/v1/profiles/research/diff?{query}", headers=admin), 400)


def test_unicode_digit_search_limit_is_refused(client, admin):
    _json_error(client.get("/api/v1/ontology/concepts?q=effusion&limit=%C2%B3", headers=admin), 400)


@pytest.mark.parametrize("path,body", [
    ("/api/v1/deid/text", DEEP),
    ("/api/v1/annotate", DEEP),
    ("/api/v1/deid/text", '{"text": "x", "patient": ' + '{"a": ' * 100 + "1" + "}" * 101),
])
def test_deeply_nested_json_is_refused(client, admin, path, body):
    error = _json_error(client.post(path, data=body, content_type="application/json", headers=admin), 400)
    assert "nested" in error["message"]


@pytest.mark.parametrize("value", [0, 1, "true"])
def test_roll_up_must_be_a_real_boolean(client, admin, value):
    response = client.post("/api/v1/annotate", json={"text": "No effusion.", "roll_up": value}, headers=admin)
    assert "roll_up" in _json_error(response, 400)["message"]
    assert client.post("/api/v1/annotate", json={"text": "No effusion.", "roll_up": True},
                       headers=admin).status_code == 200


def _app_raising(exc: Exception) -> Flask:
    app = Flask(__name__)
    bp = Blueprint("api", __name__)
    register_error_handlers(bp)

    @bp.route("/boom")
    def boom():
        raise exc

    app.register_blueprint(bp)
    return app


def test_a_cleanroom_error_at_the_api_edge_is_a_client_error():
    response = _app_raising(CleanroomError("this request cannot be used")).test_client().get("/boom")
    assert _json_error(response, 400)["message"] == "this request cannot be used"


def test_a_broken_configuration_is_unavailable_not_a_crash():
    _json_error(_app_raising(ConfigError("the database is not reachable")).test_client().get("/boom"), 503)


def test_the_stylesheet_the_pages_link_is_served(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/static/cleanroom.css"' in page
    response = client.get("/static/cleanroom.css")
    assert response.status_code == 200 and response.mimetype == "text/css" and b"body" in response.data


def test_a_misspelt_query_parameter_is_refused_not_ignored(client, admin):
    error = _json_error(client.get("/api/v1/audit?limt=5", headers=admin), 400)
    assert "action, before, limit" in error["message"]
