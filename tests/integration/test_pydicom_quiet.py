"""pydicom's warnings quote element values: no entry point lets them reach stderr or a log (issue #21, part F)."""
import os
import subprocess
import sys
import time
import urllib.request
import uuid
import warnings

import pydicom.config
import pytest
import redis

from app.models import Job
from app.services import Services
from tests.conftest import REDIS_URL, auth
from tests.dicom_factory import FAMILY, instance, to_bytes
from tests.integration.served import serving

# Traces a pydicom warning would leave: the value it quotes, and the warning machinery's own words.
TRACES = (FAMILY, "UserWarning", "pydicom", "Unknown encoding")


@pytest.fixture
def malformed(tmp_path, monkeypatch):
    """A folder holding one file whose character set is unknown and quotes a synthetic surname."""
    monkeypatch.setattr(pydicom.config.settings, "writing_validation_mode", pydicom.config.IGNORE)
    folder = tmp_path / "in"
    folder.mkdir()
    with warnings.catch_warnings():  # writing it makes pydicom warn in this process too
        warnings.simplefilter("ignore")
        (folder / "bad.dcm").write_bytes(to_bytes(instance(SpecificCharacterSet=f"ISO_IR {FAMILY}",
                                                           StudyDate=FAMILY)))
    return folder


def _assert_quiet(output: str) -> None:
    assert not [trace for trace in TRACES if trace in output], output


@pytest.mark.parametrize("workers", ["1", "2"])
def test_cli_deid_of_a_malformed_file_writes_no_pydicom_warning(services, overrides, malformed, tmp_path, workers):
    result = subprocess.run([sys.executable, "-m", "app", "deid", "dicom", malformed, tmp_path / "out",
                             "--profile", "research", "--workers", workers],
                            env={**os.environ, **overrides}, capture_output=True, text=True, timeout=300)
    assert "1 file(s)" in result.stdout + result.stderr
    _assert_quiet(result.stderr)


def test_served_api_deid_of_a_malformed_file_logs_no_pydicom_warning(services, overrides, malformed, tmp_path,
                                                                     make_token):
    log = tmp_path / "server.log"
    with log.open("w") as sink, serving(overrides, stderr=sink) as (port, _):
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/deid/dicom",
                                         data=(malformed / "bad.dcm").read_bytes(), method="POST",
                                         headers={**auth(make_token("pipeline")), "Content-Type": "application/dicom"})
        try:
            status = urllib.request.urlopen(request, timeout=120).status
        except urllib.error.HTTPError as refusal:
            status = refusal.code
    assert status in (200, 422)
    _assert_quiet(log.read_text())


def test_celery_worker_deid_of_a_malformed_file_logs_no_pydicom_warning(overrides, malformed, tmp_path):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}; start it (see .ci/run)")
    env = {**overrides, "CLEANROOM_JOB_EXECUTOR": "celery", "CELERY_BROKER_URL": REDIS_URL,
           "CLEANROOM_CELERY_QUEUE": f"cleanroom-test-{uuid.uuid4().hex[:8]}"}
    svc = Services.load(env)
    svc.db.upgrade()
    job_id = svc.submit_job("deid.dicom", {"source": str(malformed), "destination": str(tmp_path / "out"),
                                           "profile": "research"}, actor="user:alice")
    worker = subprocess.Popen([sys.executable, "-m", "app", "worker", "--concurrency", "1"],
                              env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        state, deadline = "queued", time.monotonic() + 120
        while time.monotonic() < deadline and state in ("queued", "running"):
            time.sleep(0.5)
            with svc.db.session() as session:
                state = session.get(Job, job_id).state
    finally:
        worker.terminate()
        output = worker.communicate(timeout=60)[0]
        svc.executor.shutdown()
        svc.db.engine.dispose()
    assert state == "succeeded", output
    _assert_quiet(output)
