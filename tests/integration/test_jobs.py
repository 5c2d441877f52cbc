"""Jobs run to completion on the in-process executor and resume after a restart."""
import pytest

from app import audit
from app.errors import InvalidInput
from app.jobs.executors import InProcessExecutor
from app.jobs.runner import create_job
from app.models import Job
from app.services import Services


def _job(svc, job_id) -> Job:
    with svc.db.session() as session:
        return session.get(Job, job_id)


def test_inprocess_job_runs_and_reports(services):
    job_id = services.submit_job("audit.verify", {}, actor="user:alice")
    services.executor.shutdown()
    job = _job(services, job_id)
    assert job.state == "succeeded" and job.attempts == 1
    assert job.counts == {"problems": 0}
    assert job.progress_total == job.progress_done >= 1
    assert job.started_at is not None and job.finished_at is not None


def test_failing_job_records_phi_free_errors(services):
    with services.db.session() as session:
        audit.record(session, actor="user:alice", action="x")
    with services.db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_events SET actor='user:eve' WHERE id=1")
    job_id = services.submit_job("audit.verify", {}, actor="user:alice")
    services.executor.shutdown()
    job = _job(services, job_id)
    assert job.state == "failed"
    assert job.errors[-1]["code"] == "audit_chain_broken"


def test_unfinished_jobs_resume_after_restart(overrides, services):
    # A job the previous service process had started but never finished (it was killed).
    job_id = create_job(services.db, "audit.verify", {}, actor="user:alice", executor="inprocess")
    with services.db.session() as session:
        session.get(Job, job_id).state = "running"
    restarted = Services.load(overrides)
    resumed = restarted.executor.resume_unfinished()
    restarted.executor.shutdown()
    assert resumed == [job_id]
    job = _job(restarted, job_id)
    assert job.state == "succeeded" and job.attempts == 1


def test_finished_jobs_are_not_rerun(services):
    job_id = services.submit_job("audit.verify", {}, actor="user:alice")
    services.executor.shutdown()
    executor = InProcessExecutor(services.db, services.settings)
    assert job_id not in executor.resume_unfinished()


def test_unknown_job_kind_is_refused(services):
    with pytest.raises(InvalidInput):
        services.submit_job("no.such.kind", {}, actor="user:alice")


def test_job_api_shows_own_jobs_only(client, services, make_token):
    from tests.conftest import auth

    pipeline = make_token("pipeline")
    job_id = services.submit_job("audit.verify", {}, actor="user:someone-else")
    services.executor.shutdown()
    assert client.get(f"/api/v1/jobs/{job_id}", headers=auth(pipeline)).status_code == 404
    body = client.get(f"/api/v1/jobs/{job_id}", headers=auth(make_token("reviewer"))).get_json()
    assert body["state"] == "succeeded" and body["kind"] == "audit.verify"


def test_deid_job_runs_a_batch_with_progress(services, tmp_path):
    from tests.dicom_factory import instance, to_bytes

    source = tmp_path / "in"
    source.mkdir()
    for i in range(3):
        (source / f"{i}.dcm").write_bytes(to_bytes(instance()))
    params = {"source": str(source), "destination": str(tmp_path / "out"), "profile": "basic"}
    job_id = services.submit_job("deid.dicom", params, actor="user:alice")
    services.executor.shutdown()
    job = _job(services, job_id)
    assert job.state == "succeeded", job.errors
    assert job.counts["written"] == 3 and job.progress_done == job.progress_total == 3
    assert len(list((tmp_path / "out").rglob("*.dcm"))) == 3
