"""The cohort request workflow over the API: submit, see one's own, decide, illegal moves refused, all audited."""
import csv
from pathlib import Path

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
        actions = session.scalars(sa.select(AuditEvent.action).where(
            AuditEvent.object_type == "cohort_request", ~AuditEvent.actor.startswith("job:"))).all()
    assert actions == ["cohort.request.submit", "cohort.request.approved", "cohort.request.submit",
                       "cohort.request.withdrawn"]  # the approval's export job audits its own moves


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


def approve_and_wait(client, people, number: int, until: str = "ready") -> dict:
    """Approve request `number` as the reviewer and wait until its export job has ended in state `until`."""
    approved = client.post(f"/api/v1/cohort-requests/{number}/decision", json={"decision": "approve",
                                                                               "comment": "ok"},
                           headers=people["rita"])
    assert approved.json["export_job_id"]
    return wait_for_export(client, people, number, until)


def wait_for_export(client, people, number: int, until: str) -> dict:
    """Return the export status of request `number` once it is `until` and its job has finished (a request is
    marked failed a moment before its job records its errors; a ready one's counts are recorded before)."""
    import time

    deadline = time.monotonic() + 120
    while ((export := client.get(f"/api/v1/exports/{number}", headers=people["alice"]).json)["state"] != until
           or export["job"]["state"] not in ("succeeded", "failed")):
        assert export["state"] in ("approved", "exporting", until) and time.monotonic() < deadline, export
        time.sleep(0.2)
    return export


def test_end_to_end_request_approval_exports_a_clean_valid_package(client, people, services, tmp_path):
    import io
    import zipfile

    import bagit

    from tests.dicom_factory import FAMILY, GIVEN, MRN
    from tests.support.archive import build_archive

    build_archive(services, tmp_path / "archive", report_prefix=f"Patient {GIVEN} {FAMILY}, MRN {MRN}. ")
    body = {**REQUEST, "profile": "basic",
            "definition": {"modalities": ["CT"], "labels": ["RID5352"], "age": {"min": 18}}}
    number = submit(client, people["alice"], body).json["id"]
    approve_and_wait(client, people, number)
    assert client.get(f"/api/v1/exports/{number}/download", headers=people["bob"]).status_code == 404
    package = client.get(f"/api/v1/exports/{number}/download", headers=people["alice"])
    assert package.status_code == 200 and package.mimetype == "application/zip"
    zipfile.ZipFile(io.BytesIO(package.data)).extractall(tmp_path / "unzipped")
    bag = bagit.Bag(str(next((tmp_path / "unzipped").iterdir())))
    assert bag.is_valid()
    data = Path(bag.path) / "data"
    labels = {row["study"]: row["RID5352"] for row in csv.DictReader((data / "labels.csv").open())}
    # The synthetic truth: 14 adults' reports state a pneumothorax, 4 deny it (the 3 uncertain ones are children).
    assert sorted(labels.values()) == ["0"] * 4 + ["1"] * 14
    for path in data.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            assert not any(value.encode() in blob for value in (FAMILY, GIVEN, MRN, "PAT0", "ACC0")), path.name
    with services.db.session() as session:
        actions = session.scalars(sa.select(AuditEvent.action).where(AuditEvent.object_type == "cohort_request")).all()
    assert actions[-3:] == ["cohort.request.exporting", "cohort.request.ready", "cohort.export.download"]
    from app.exports.requests import export_path

    export_path(services.settings.data_dir, number).with_suffix(".zip").unlink()  # an administrator's clean-up
    gone = client.get(f"/api/v1/exports/{number}/download", headers=people["alice"])
    assert gone.status_code == 404 and "no longer on the server" in gone.json["error"]["message"]


def test_an_export_job_handed_out_twice_leaves_the_running_export_alone(client, people, services):
    import time

    from app.exports.journal import ExportWork, work_folder
    from app.exports.requests import export_path
    from app.models import Job

    number = submit(client, people["alice"], {**REQUEST, "profile": "basic"}).json["id"]
    destination = export_path(services.settings.data_dir, number)
    with ExportWork(destination, {"held": "by the run already exporting"}):  # as the first delivery would
        job_id = client.post(f"/api/v1/cohort-requests/{number}/decision", json={"decision": "approve"},
                             headers=people["rita"]).json["export_job_id"]
        deadline = time.monotonic() + 60
        while True:
            with services.db.session() as session:
                job = session.get(Job, job_id)
                state, errors = job.state, list(job.errors)
            if state not in ("queued", "running"):
                break
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert state == "failed" and errors[-1]["code"] == "ExportInProgress"
        assert client.get(f"/api/v1/cohort-requests/{number}", headers=people["alice"]).json["state"] == "exporting"
        assert (work_folder(destination) / "journal.jsonl").is_file()  # not removed under the running export


def test_the_files_an_approved_export_quarantines_are_listed_for_reviewers_their_source_sealed(
        client, people, services, tmp_path):
    import json

    from app.auth import accounts
    from app.deid.quarantined import SOURCE_COLUMN
    from app.exports.requests import export_path
    from app.ingest.folder import ingest_dicom
    from app.models import QuarantinedFile
    from app.quarantine.records import list_quarantined, quarantined_copy
    from tests.dicom_factory import MRN, PHI_STRINGS, burned_in, to_bytes
    from tests.support.archive import build_archive
    from tests.support.web import PASSWORD, sign_in

    build_archive(services, tmp_path / "archive", [(3, "CT", "CHEST", "19700101", "IMPRESSION: No pneumothorax.")])
    # A CT whose pixels carry the patient's name: under `basic` (no pixel cleaning) it cannot be released.
    incoming = tmp_path / f"incoming {MRN}"
    incoming.mkdir()
    (incoming / "burned.dcm").write_bytes(to_bytes(burned_in()))
    ingest_dicom(services.db, services.sealer(), [incoming])
    number = submit(client, people["alice"], {**REQUEST, "profile": "basic",
                                              "definition": {"modalities": ["CT"], "labels": ["RID5352"]}}).json["id"]
    approve_and_wait(client, people, number)
    package = export_path(services.settings.data_dir, number)
    manifest = json.loads((package / "data" / "manifest.json").read_text())
    assert manifest["quarantined"] == {"pixels_not_cleaned": 1} and manifest["counts"]["studies"] == 3
    with services.db.session() as session:
        rows = session.query(QuarantinedFile).all()
        run = session.get(AuditEvent, rows[0].run_event_id)
        listed = list_quarantined(session, services.sealer())
        copy = quarantined_copy(session, services.sealer(), rows[0].id)
        accounts.add_user(session, "rosa", "reviewer", PASSWORD, actor="test")
    assert [(row.reason_code, row.action, row.profile.split("@")[0]) for row in rows] == [
        ("pixels_not_cleaned", "cohort.export", "basic")]
    assert (run.action, run.outcome) == ("cohort.export", "ok")
    assert json.loads(run.details)["cohort_request"] == number
    assert services.sealer().open(rows[0].source_sealed, SOURCE_COLUMN) == str(incoming / "burned.dcm")
    stored = rows[0].source_sealed + rows[0].copy_sealed + rows[0].source_lookup.encode()
    assert MRN.encode() not in stored and b"incoming" not in stored
    # The held copy lies beside the package, never inside it.
    assert copy.is_file() and package not in copy.parents and copy.parent.parent == package.with_name(
        f"{package.name}.quarantine")
    assert [entry.id for entry in listed] == [rows[0].id]
    sign_in(client, "rosa")
    page = client.get("/quarantine").get_data(as_text=True)
    assert "pixels not cleaned" in page and "cohort.export" in page and f"audit event {run.id}" in page
    assert not any(value in page for value in (*PHI_STRINGS, "incoming"))


def test_a_reviewer_starts_a_failed_export_again(client, people, services, tmp_path):
    from tests.support.archive import build_archive

    # Approved before the archive was indexed: the export finds no images and fails, saying why.
    body = {**REQUEST, "profile": "basic", "definition": {"modalities": ["CT"], "labels": ["RID5352"]}}
    number = submit(client, people["alice"], body).json["id"]
    failed = approve_and_wait(client, people, number, until="failed")
    assert "selects no images" in failed["job"]["errors"][-1]["message"]
    restart = f"/api/v1/cohort-requests/{number}/export"
    assert client.post(restart, headers=people["alice"]).status_code == 403
    build_archive(services, tmp_path / "archive", [(2, "CT", "CHEST", "19700101", "IMPRESSION: No pneumothorax.")])
    restarted = client.post(restart, headers=people["rita"])
    assert restarted.status_code == 200 and restarted.json["export_job_id"] != failed["job"]["id"]
    ready = wait_for_export(client, people, number, "ready")
    assert ready["job"]["counts"]["studies"] == 2
    again = client.post(restart, headers=people["rita"])
    assert again.status_code == 409 and again.json["error"]["code"] == "conflict"
    with services.db.session() as session:
        moves = session.scalars(sa.select(AuditEvent.action).where(
            AuditEvent.object_type == "cohort_request", AuditEvent.object_id == str(number))).all()
    assert moves == ["cohort.request.submit", "cohort.request.approved", "cohort.request.exporting",
                     "cohort.request.failed", "cohort.request.exporting", "cohort.request.ready"]
