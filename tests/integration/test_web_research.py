"""The researcher's pages over the Flask client: the builder's validation, its JSON routes, and request ownership."""
import json
import re

import pytest
import sqlalchemy as sa

from app import create_app
from app.auth import accounts
from app.services import Services
from tests.conftest import base_overrides
from app.models import AuditEvent, CohortRequest
from tests.support.archive import PNEUMOTHORAX, build_archive
from tests.support.web import sign_in as sign_in_with_form

PASSWORD = "correct horse battery"
GOOD = {"definition": json.dumps({"modalities": ["CT"], "include": [{"concept": PNEUMOTHORAX}],
                                  "labels": [PNEUMOTHORAX]}),
        "profile": "research", "outputs": ["dicom", "labels"], "purpose": "Train a pneumothorax detector on chest CT.",
        "irb_protocol": "IRB-2026-0042"}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """One instance for the module: 26 indexed studies (21 CT chest, 12 stating a pneumothorax; 5 MR brain) and
    two researchers. Tests add requests to it, so each checks only what it made."""
    folder = tmp_path_factory.mktemp("research")
    svc = Services.load(base_overrides(folder))
    svc.db.upgrade()
    build_archive(svc, folder / "archive")
    with svc.db.session() as session:
        for name in ("alice", "bob"):
            accounts.add_user(session, name, "researcher", PASSWORD, actor="test")
    yield svc
    svc.executor.shutdown()
    svc.db.engine.dispose()


@pytest.fixture(scope="module")
def app(archive):
    app = create_app(services=archive)
    app.config.update(TESTING=True)
    return app


def sign_in(app, username: str):
    """Return a test client signed in as `username` and the CSRF token of its pages."""
    client = app.test_client()
    sign_in_with_form(client, username, PASSWORD)
    page = client.get("/cohorts/new").get_data(as_text=True)
    return client, re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def file_request(client, csrf: str) -> int:
    response = client.post("/cohorts/new", data={**GOOD, "csrf_token": csrf})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def audited(services, action: str) -> int:
    with services.db.session() as session:
        return session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == action))


def test_a_filed_request_lands_on_its_page_as_submitted(app, archive):
    client, csrf = sign_in(app, "alice")
    number = file_request(client, csrf)
    page = client.get(f"/requests/{number}").get_data(as_text=True)
    assert f"Request {number} is submitted for IRB review." in page and ">submitted</span>" in page
    assert "CT studies whose report states pneumothorax (RID5352) is present." in page
    with archive.db.session() as session:
        stored = session.get(CohortRequest, number)
        assert (stored.requester, stored.state, stored.outputs) == ("user:alice", "submitted", ["dicom", "labels"])
    listing = client.get("/requests").get_data(as_text=True)
    assert f">Request {number}</a>" in listing and "Train a pneumothorax detector" in listing


def test_validation_errors_show_beside_the_form_which_keeps_its_values(app, archive):
    client, csrf = sign_in(app, "alice")
    definition = {"modalities": ["CT"], "age": {"min": 60, "max": 18}, "include": [{"concept": PNEUMOTHORAX,
                                                                                   "status": "absent"}]}
    response = client.post("/cohorts/new", data={**GOOD, "csrf_token": csrf, "purpose": "too short",
                                                 "definition": json.dumps(definition)})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "was not submitted" in page
    assert re.search(r'id="purpose-error">Say in 10 to 4000 characters', page)
    assert 'value="CT" checked' in page and 'id="age-min"' in page and 'value="60"' in page
    assert 'data-concept="RID5352"' in page and '<option value="absent" selected>' in page
    assert "too short</textarea>" in page and 'value="IRB-2026-0042"' in page
    # With the purpose mended, the definition's own error is shown next to the age fields.
    again = client.post("/cohorts/new", data={**GOOD, "csrf_token": csrf, "definition": json.dumps(definition)})
    mended = again.get_data(as_text=True)
    assert again.status_code == 400 and 'id="age-error">age: &#39;min&#39; is above &#39;max&#39;' in mended
    with archive.db.session() as session:
        assert session.scalar(sa.select(sa.func.count()).where(CohortRequest.purpose == "too short")) == 0


def test_the_count_route_refuses_a_call_without_the_csrf_token(app, archive):
    client, csrf = sign_in(app, "alice")
    before = audited(archive, "cohort.count")
    refused = client.post("/cohorts/count", json={"modalities": ["CT"]})
    assert refused.status_code == 400 and audited(archive, "cohort.count") == before
    counted = client.post("/cohorts/count", json={"modalities": ["CT"]}, headers={"X-CSRFToken": csrf})
    assert counted.status_code == 200 and counted.json["studies"] == 21
    assert audited(archive, "cohort.count") == before + 1
    bad = client.post("/cohorts/count", json={"age": {"min": "old"}}, headers={"X-CSRFToken": csrf})
    assert bad.status_code == 400 and bad.json["error"]["message"].startswith("cohort definition: age.min")


def test_researchers_see_small_cells_suppressed_and_no_complement_gives_them_away(app, archive):
    client, csrf = sign_in(app, "alice")
    shown = client.post("/cohorts/count", json={"labels": [PNEUMOTHORAX]}, headers={"X-CSRFToken": csrf}).json
    assert shown["exact"] is False and shown["studies"] == 26
    # 21 CT and 5 MR studies: MR is small, so CT is hidden too (26 - 21 would give the 5 away).
    assert shown["by_modality"] == {"CT": "hidden", "MR": "<11"}
    assert shown["labels"][PNEUMOTHORAX] == {"absent": "<11", "uncertain": "<11", "present": 14}
    small = client.post("/cohorts/count", json={"modalities": ["MR"]}, headers={"X-CSRFToken": csrf}).json
    assert small["studies"] == "<11" and small["patients"] == "<11" and small["by_modality"] == {"MR": "<11"}
    assert "&lt;11" in small["html"] and ">5<" not in small["html"]
    assert "<title" in small["html"] and '<th scope="row">MR</th>' in small["html"]


def test_the_concept_picker_searches_names_and_shows_the_hierarchy(app, archive):
    client, _ = sign_in(app, "alice")
    found = client.get("/cohorts/concepts?q=PTX").json["concepts"]
    assert found[0]["id"] == PNEUMOTHORAX and found[0]["matched"] == "PTX"
    assert found[0]["path"][0] == "radiology finding" and found[0]["descendants"] > 0
    assert all(hit["kind"] in ("radiology finding", "procedure", "medical device")
               for hit in client.get("/cohorts/concepts?q=lung").json["concepts"])
    assert client.get("/cohorts/concepts").json == {"concepts": []}


def test_another_researchers_request_is_not_found(app, archive):
    alice, csrf = sign_in(app, "alice")
    number = file_request(alice, csrf)
    bob, bob_csrf = sign_in(app, "bob")
    for path in (f"/requests/{number}", f"/requests/{number}/progress", f"/requests/{number}/download"):
        assert bob.get(path).status_code == 404, path
    assert bob.post(f"/requests/{number}/withdraw", data={"csrf_token": bob_csrf}).status_code == 404
    assert f"Request {number}<" not in bob.get("/requests").get_data(as_text=True)
    assert alice.get("/requests/99999999999").status_code == 404


def test_download_is_refused_until_the_package_is_ready(app, archive):
    client, csrf = sign_in(app, "alice")
    number = file_request(client, csrf)
    refused = client.get(f"/requests/{number}/download")
    assert refused.status_code == 409 and "not ready" in refused.get_data(as_text=True)
    with archive.db.session() as session:
        downloads = session.scalar(sa.select(sa.func.count()).where(
            AuditEvent.action == "cohort.export.download", AuditEvent.object_id == str(number)))
    assert downloads == 0
    progress = client.get(f"/requests/{number}/progress").json
    assert progress == {"request_id": number, "state": "submitted", "job": None, "download": None,
                        "definition_hash": progress["definition_hash"]}


def test_withdrawing_needs_the_csrf_token_and_a_submitted_request(app, archive):
    client, csrf = sign_in(app, "alice")
    number = file_request(client, csrf)
    assert client.post(f"/requests/{number}/withdraw").status_code == 400
    done = client.post(f"/requests/{number}/withdraw", data={"csrf_token": csrf})
    assert done.status_code == 302 and done.headers["Location"] == f"/requests/{number}"
    assert ">withdrawn</span>" in client.get(f"/requests/{number}").get_data(as_text=True)
    assert client.post(f"/requests/{number}/withdraw", data={"csrf_token": csrf}).status_code == 409
