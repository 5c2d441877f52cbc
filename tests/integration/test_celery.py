"""A real job through a real Celery worker and a real Redis broker."""
import os
import subprocess
import sys
import time
import uuid

import pytest

from app.models import Job
from app.services import Services
from tests.conftest import base_overrides
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
