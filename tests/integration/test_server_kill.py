"""kill -9 of a running `cleanroom serve`: after a restart nothing is lost, nothing half-written, the log intact."""
import signal
import time

import pytest
import sqlalchemy as sa

from app.models import Instance, Job
from tests.dicom_factory import instance, to_bytes
from tests.integration.served import call, serving
from tests.support.cli import cleanroom

FILES = 400


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    template = instance()
    for n in range(FILES):
        template.SOPInstanceUID = template.file_meta.MediaStorageSOPInstanceUID = f"1.2.826.0.1.3680043.8.498.9.{n}"
        (folder / f"{n}.dcm").write_bytes(to_bytes(template))
    return folder


def test_a_killed_server_resumes_its_job_and_loses_nothing(services, overrides, make_token, archive, tmp_path):
    token = make_token("pipeline")
    with serving(overrides) as (port, server):
        status, started = call(port, "/ingest", token, {"kind": "dicom", "paths": [str(archive)]})
        assert status == 202
        server.send_signal(signal.SIGKILL)  # mid-job: nothing gets to clean up
        server.wait(timeout=30)
    with services.db.session() as session:
        assert session.get(Job, started["job_id"]).state in ("queued", "running")  # the kill came mid-job
    with serving(overrides) as (port, _):  # the in-process executor resumes unfinished jobs at start
        for _ in range(600):
            status, job = call(port, f"/jobs/{started['job_id']}", token)
            if job["state"] not in ("queued", "running"):
                break
            time.sleep(0.1)
    assert job["state"] == "succeeded", job
    with services.db.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Instance)) == FILES
        assert session.get(Job, started["job_id"]).state == "succeeded"
    verified = cleanroom("audit", "verify", env=overrides)
    assert verified.returncode == 0, verified.stdout
    leftovers = [p for p in (tmp_path / "instance").rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]
    assert leftovers == []
