"""POST /api/v1/ingest runs ingest as a job; `cleanroom index stats` counts what the index holds."""
import json

import pytest

from app.ingest.folder import ingest_dicom
from app.models import Job
from tests.conftest import auth
from tests.dicom_factory import ACCESSION, MRN, instance, to_bytes
from tests.support.cli import cleanroom
from tests.support.index_dump import database_dump
from tests.support.ingest_jobs import run_job


@pytest.fixture
def archive(tmp_path):
    src = tmp_path / f"scans of {MRN}"
    src.mkdir()
    study = instance().StudyInstanceUID
    for i in range(3):
        (src / f"ct{i}.dcm").write_bytes(to_bytes(instance(study)))
    (src / "mr.dcm").write_bytes(to_bytes(instance(Modality="MR", study_date="20190704", AccessionNumber="")))
    (src / "broken.dcm").write_bytes(to_bytes(instance())[:900])
    reports = tmp_path / "reports.jsonl"
    reports.write_text(json.dumps({"id": "r1", "text": "Small left pleural effusion.", "accession": ACCESSION}) + "\n"
                       + json.dumps({"id": "r2", "text": "Normal.", "accession": "UNKNOWN"}) + "\n")
    return src, reports


@pytest.mark.parametrize("role", ["pipeline", "admin"])
def test_ingest_api_runs_a_dicom_job(client, services, make_token, archive, role):
    token = make_token(role)
    job = run_job(client, services, token, {"kind": "dicom", "paths": [str(archive[0])]})
    assert job["state"] == "succeeded" and job["kind"] == "ingest.dicom"
    assert (job["counts"]["indexed"], job["counts"]["unreadable"]) == (4, 1)
    assert job["progress"] == {"done": 5, "total": 5}
    assert [e["code"] for e in job["errors"]] == ["missing_uid"] and MRN not in json.dumps(job["errors"])
    # The job's parameters are stored too: the folder name in them is sealed like every other location.
    assert MRN.encode() not in database_dump(services.db)
    with services.db.session() as session:
        assert all("paths_sealed" in job.params for job in session.query(Job))


def test_ingest_api_runs_a_reports_job(client, services, make_token, archive):
    ingest_dicom(services.db, services.sealer(), [archive[0]])
    job = run_job(client, services, make_token("pipeline"), {"kind": "reports", "paths": [str(archive[1])]})
    assert job["state"] == "succeeded" and job["kind"] == "ingest.reports"
    assert (job["counts"]["stored"], job["counts"]["unlinked"], job["counts"]["findings"]) == (2, 1, 1)


@pytest.mark.parametrize("body, message", [
    ({"kind": "dicomfolder", "paths": ["/tmp"]}, "kind"),
    ({"kind": "dicom", "paths": []}, "paths"),
    ({"kind": "dicom", "paths": [f"/nowhere/{MRN}"]}, "path 1 does not exist on the server"),
])
def test_ingest_api_refuses_bad_requests_without_echoing_paths(client, make_token, body, message):
    response = client.post("/api/v1/ingest", json=body, headers=auth(make_token("pipeline")))
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert message in error["message"] and MRN not in error["message"]


@pytest.mark.parametrize("role", ["researcher", "reviewer"])
def test_ingest_api_is_for_admins_and_pipelines_only(client, make_token, archive, role):
    response = client.post("/api/v1/ingest", json={"kind": "dicom", "paths": [str(archive[0])]},
                           headers=auth(make_token(role)))
    assert response.status_code == 403


def test_index_stats_counts_by_modality_year_and_link(services, overrides, archive):
    src, reports = archive
    assert cleanroom("ingest", "dicom", src, env=overrides).returncode == 0
    assert cleanroom("ingest", "reports", reports, env=overrides).returncode == 0
    result = cleanroom("index", "stats", "--json", env=overrides)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["modalities"] == {"CT": {"studies": 1, "instances": 3}, "MR": {"studies": 1, "instances": 1}}
    assert stats["study_years"] == {"2019": 1, "2020": 1}
    assert stats["report_links"] == {"accession": 1, "unlinked": 1}
    assert stats["totals"]["patients"] == 1
    table = cleanroom("index", "stats", env=overrides).stdout
    assert "CT" in table and "2019" in table and "unlinked" in table
