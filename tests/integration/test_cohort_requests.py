"""The cohort request workflow over the API: submit, see one's own, decide, illegal moves refused, all audited."""
import pytest
import sqlalchemy as sa

from app.models import AuditEvent
from tests.conftest import auth

DEFINITION = {"modalities": ["CT"], "include": [{"concept": "RID5352", "status": "present", "descendants": True}],
              "labels": ["RID5352"]}
REQUEST = {"definition": DEFINITION, "purpose": "Train a pneumothorax detector on chest CT.",
           "irb_protocol": "IRB-2026-0042", "profile": "research"}


@pytest.fixture
def people(make_token):
    return {name: auth(make_token(role)) for name, role in
            (("alice", "researcher"), ("bob", "researcher"), ("rita", "reviewer"), ("pipe", "pipeline"))}


def submit(client, who, body=REQUEST):
    return client.post("/api/v1/cohort-requests", json=body, headers=who)


def test_a_request_records_exactly_what_is_asked_and_only_its_owner_sees_it(client, people, services):
    created = submit(client, people["alice"])
    assert created.status_code == 201, created.json
    request = created.json
    assert request["state"] == "submitted" and request["outputs"] == ["dicom", "labels", "reports"]
    assert len(request["definition_hash"]) == 64 and request["profile"]["name"] == "research"
    assert request["profile"]["version"] >= 1 and len(request["profile"]["hash"]) == 64
    assert request["ontology_version"]
    url = f"/api/v1/cohort-requests/{request['id']}"
    assert client.get(url, headers=people["alice"]).status_code == 200
    assert client.get(url, headers=people["bob"]).status_code == 404
    assert client.get(url, headers=people["rita"]).json["id"] == request["id"]
    assert [r["id"] for r in client.get("/api/v1/cohort-requests", headers=people["bob"]).json["requests"]] == []
    queue = client.get("/api/v1/cohort-requests?state=submitted", headers=people["rita"]).json["requests"]
    assert [r["id"] for r in queue] == [request["id"]]


def test_decisions_follow_the_workflow_and_are_audited(client, people, services):
    first = submit(client, people["alice"]).json["id"]
    decision = f"/api/v1/cohort-requests/{first}/decision"
    assert client.post(decision, json={"decision": "approve"}, headers=people["alice"]).status_code == 403
    approved = client.post(decision, json={"decision": "approve", "comment": "Approved under protocol 42."},
                           headers=people["rita"])
    assert approved.status_code == 200 and approved.json["state"] == "approved"
    assert approved.json["decision_comment"] == "Approved under protocol 42."
    again = client.post(decision, json={"decision": "reject", "comment": "no"}, headers=people["rita"])
    assert again.status_code == 409 and again.json["error"]["code"] == "conflict"
    assert client.post(f"/api/v1/cohort-requests/{first}/withdraw", headers=people["alice"]).status_code == 409
    second = submit(client, people["alice"]).json["id"]
    refused = client.post(f"/api/v1/cohort-requests/{second}/decision", json={"decision": "reject"},
                          headers=people["rita"])
    assert refused.status_code == 400  # a rejection explains itself to the researcher
    assert client.post(f"/api/v1/cohort-requests/{second}/withdraw", headers=people["bob"]).status_code == 404
    withdrawn = client.post(f"/api/v1/cohort-requests/{second}/withdraw", headers=people["alice"])
    assert withdrawn.json["state"] == "withdrawn"
    with services.db.session() as session:
        actions = session.scalars(sa.select(AuditEvent.action).where(AuditEvent.object_type == "cohort_request")).all()
    assert actions == ["cohort.request.submit", "cohort.request.approved", "cohort.request.submit",
                       "cohort.request.withdrawn"]


@pytest.mark.parametrize("change,field", [
    ({"definition": {"include": [{"concept": "RID0000000"}]}}, "include.0.concept"),
    ({"definition": {"age": {"min": 90, "max": 18}}}, "age"),
    ({"profile": "no-such-profile"}, "no-such-profile"),
    ({"outputs": ["dicom", "mp4"]}, "outputs"),
    ({"irb_protocol": ""}, "irb_protocol"),
    ({"purpose": "x"}, "purpose"),
])
def test_bad_requests_are_refused_naming_the_field(client, people, change, field):
    response = submit(client, people["alice"], {**REQUEST, **change})
    assert response.status_code in (400, 404) and field in response.json["error"]["message"]


def test_only_researchers_submit(client, people):
    assert submit(client, people["rita"]).status_code == 403
    assert submit(client, people["pipe"]).status_code == 403
    assert client.get("/api/v1/cohort-requests", headers=people["pipe"]).status_code == 403
