"""A real job through a real Celery worker and a real Redis broker."""
import os
import subprocess
import sys
import time
import uuid

import pytest
import sqlalchemy as sa

from app.ingest.jobs import ingest_job
from app.models import Instance, Job
from app.services import Services
from tests.conftest import base_overrides
from tests.dicom_factory import instance, to_bytes
from tests.integration.test_server_kill import FILES
from tests.support.cli import cleanroom


@pytest.fixture
def celery_env(tmp_path, redis_url):
    queue = f"cleanroom-test-{uuid.uuid4().hex[:8]}"
    return {**base_overrides(tmp_path), "CLEANROOM_JOB_EXECUTOR": "celery", "CELERY_BROKER_URL": redis_url,
            "CLEANROOM_CELERY_QUEUE": queue}


def test_job_runs_on_celery_worker(celery_env):
    svc = Services.load(celery_env)
    svc.db.upgrade()
    assert svc.executor.name == "celery" and svc.executor.check()["ok"]
    job_id = svc.submit_job("audit.verify", {}, actor="user:alice")
    worker = subprocess.Popen([sys.executable, "-m", "app", "worker", "--pool", "solo", "--concurrency", "1"],
                              env={**os.environ, **celery_env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    try:
        deadline = time.monotonic() + 90
        state = "queued"
        while time.monotonic() < deadline and state in ("queued", "running"):
            time.sleep(0.5)
            with svc.db.session() as session:
                state = session.get(Job, job_id).state
            assert worker.poll() is None, worker.stdout.read()
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
    assert state == "succeeded", output
    with svc.db.session() as session:
        job = session.get(Job, job_id)
        assert job.executor == "celery" and job.counts == {"problems": 0}


def test_worker_refuses_without_broker(tmp_path):
    svc = Services.load(base_overrides(tmp_path))
    svc.db.upgrade()
    result = cleanroom("worker", env=base_overrides(tmp_path))
    assert result.returncode == 2 and "CELERY_BROKER_URL" in result.stderr


def test_a_job_whose_worker_is_killed_runs_to_the_end_on_another(celery_env, tmp_path):
    env = {**celery_env, "CLEANROOM_CELERY_VISIBILITY_TIMEOUT": "3"}
    svc = Services.load(env)
    svc.db.upgrade()
    folder = tmp_path / "archive"
    folder.mkdir()
    template = instance()
    for n in range(FILES):
        template.SOPInstanceUID = template.file_meta.MediaStorageSOPInstanceUID = f"1.2.826.0.1.3680043.8.498.7.{n}"
        (folder / f"{n}.dcm").write_bytes(to_bytes(template))
    job_id = svc.submit_job(*ingest_job(svc.sealer(), "dicom", [str(folder)], 1), actor="test")

    def worker() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "app", "worker", "--pool", "solo", "--concurrency", "1"],
                                env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    first = worker()
    state = _wait(svc, job_id, lambda s: s != "queued", 90)
    first.kill()  # SIGKILL mid-job: the job is never acknowledged
    assert state == "running"
    first.wait(timeout=30)
    second = worker()
    try:
        state = _wait(svc, job_id, lambda s: s not in ("queued", "running"), 120)
    finally:
        second.terminate()
        second.wait(timeout=30)
    assert state == "succeeded"
    with svc.db.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Instance)) == FILES


def _wait(svc, job_id: int, done, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while True:
        with svc.db.session() as session:
            state = session.get(Job, job_id).state
        if done(state) or time.monotonic() > deadline:
            return state
        time.sleep(0.2)
