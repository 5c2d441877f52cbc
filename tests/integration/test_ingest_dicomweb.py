"""`cleanroom ingest dicomweb` and POST /ingest kind dicomweb against a real Orthanc: fetched, kept, indexed, once."""
import json
import stat
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from pydicom import dcmread
from pydicom.uid import ExplicitVRLittleEndian, RLELossless

from app.ingest.dicomweb import ingest_dicomweb, make_query
from app.ingest.folder import ingest_dicom
from app.models import Instance, Series, Study
from tests.conftest import auth
from tests.dicom_factory import ACCESSION, FAMILY, GIVEN, MRN, instance, to_bytes
from tests.integration.served import free_port
from tests.support.cli import cleanroom
from tests.support.index_dump import database_dump
from tests.support.ingest_jobs import run_job
from tests.support.orthanc import running_orthanc, upload

# One Orthanc for the module: its tests go to one xdist worker together.
pytestmark = [pytest.mark.orthanc, pytest.mark.xdist_group("orthanc")]


@dataclass(frozen=True)
class Pacs:
    """The running Orthanc and what was uploaded to it."""

    url: str
    dicomweb: str
    ct_uids: frozenset[str]  # SOP Instance UIDs
    mr_uids: frozenset[str]
    ct_files: tuple[bytes, ...]

    @property
    def all_uids(self) -> frozenset[str]:
        return self.ct_uids | self.mr_uids


@pytest.fixture(scope="module")
def pacs(tmp_path_factory) -> Pacs:
    """Orthanc holding a CT series of three instances (2020-01-15) and an MR series of two, RLE-compressed
    (2019-07-04)."""
    with running_orthanc(tmp_path_factory.mktemp("orthanc")) as url:
        ct, mr = instance(), instance(modality="MR", template="MR_small_RLE.dcm")
        uploaded = {"CT": [], "MR": []}
        for first, count, date in ((ct, 3, "20200115"), (mr, 2, "20190704")):
            for _ in range(count):
                ds = instance(first.StudyInstanceUID, modality=first.Modality, study_date=date,
                              template="MR_small_RLE.dcm" if first is mr else "CT_small.dcm",
                              SeriesInstanceUID=first.SeriesInstanceUID)
                upload(url, to_bytes(ds))
                uploaded[ds.Modality].append(ds)
        yield Pacs(url, f"{url}/dicom-web", frozenset(ds.SOPInstanceUID for ds in uploaded["CT"]),
                   frozenset(ds.SOPInstanceUID for ds in uploaded["MR"]),
                   tuple(to_bytes(ds) for ds in uploaded["CT"]))


@pytest.fixture
def overrides(overrides, pacs):
    """The API may ingest from the Orthanc and from a port where nothing listens."""
    return {**overrides, "CLEANROOM_DICOMWEB_URLS": f"{pacs.dicomweb} http://127.0.0.1:{free_port()}/dicom-web"}


def indexed_uids(db) -> set[str]:
    with db.session() as session:
        return set(session.scalars(sa.select(Instance.sop_instance_uid)))


def fetch(services, pacs, **query):
    return ingest_dicomweb(services.db, services.sealer(), services.settings.archive_dir, pacs.dicomweb,
                           make_query(**query))


def test_everything_is_fetched_kept_and_indexed_once(services, pacs):
    first = fetch(services, pacs)
    assert (first.studies, first.instances_found, first.fetched, first.indexed, first.failed) == (2, 5, 5, 5, 0)
    assert indexed_uids(services.db) == pacs.all_uids
    with services.db.session() as session:
        assert sorted(session.scalars(sa.select(Series.modality))) == ["CT", "MR"]
        assert sorted(str(d) for d in session.scalars(sa.select(Study.study_date))) == ["2019-07-04", "2020-01-15"]
    # The archive holds each instance whole, as the PACS keeps it (not transcoded), owner-only, and nothing
    # half-written beside them.
    files = [p for p in services.settings.archive_dir.rglob("*") if p.is_file()]
    assert {dcmread(p).SOPInstanceUID for p in files} == pacs.all_uids and all(p.suffix == ".dcm" for p in files)
    assert {dcmread(p).file_meta.TransferSyntaxUID for p in files} == {ExplicitVRLittleEndian, RLELossless}
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}
    assert stat.S_IMODE(services.settings.archive_dir.stat().st_mode) == 0o700
    # Identifiers fetched from the PACS are sealed in the index like those of a folder ingest.
    dump = database_dump(services.db)
    assert not any(value.encode() in dump for value in (FAMILY, GIVEN, MRN, ACCESSION))

    again = fetch(services, pacs)
    assert (again.instances_found, again.already_indexed, again.fetched, again.indexed) == (5, 5, 0, 0)
    assert len([p for p in services.settings.archive_dir.rglob("*") if p.is_file()]) == 5


def test_a_series_partly_indexed_gets_only_its_missing_instances(services, pacs, tmp_path):
    (tmp_path / "one.dcm").write_bytes(pacs.ct_files[0])
    ingest_dicom(services.db, services.sealer(), [tmp_path / "one.dcm"])
    summary = fetch(services, pacs)
    assert (summary.already_indexed, summary.fetched, summary.indexed) == (1, 4, 4)
    assert indexed_uids(services.db) == pacs.all_uids


def test_study_dates_and_modality_select_what_is_fetched(services, pacs):
    steps = [({"study_date_to": "2019-12-31", "modality": "CT"}, set()),
             ({"modality": "mr"}, pacs.mr_uids),
             ({"study_date_from": "20190701", "study_date_to": "2019-07-31"}, pacs.mr_uids),
             ({"study_date_from": "2020-01-01"}, pacs.all_uids)]
    for query, indexed in steps:
        fetch(services, pacs, **query)
        assert indexed_uids(services.db) == indexed, query


def test_cli_fetches_then_finds_nothing_new(services, overrides, pacs):
    result = cleanroom("ingest", "dicomweb", pacs.dicomweb + "/", "--study-date", "20200101-", "--json", env=overrides)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["fetched"], summary["indexed"], summary["query"]["study_date_from"]) == (3, 3, "2020-01-01")
    assert "1 study, 3 instance(s)" in result.stderr
    again = cleanroom("ingest", "dicomweb", pacs.dicomweb, "--from", "2020-01-01", "--modality", "CT", env=overrides)
    assert again.returncode == 0 and "0 fetched, 3 already indexed" in again.stdout
    for value in (FAMILY, GIVEN, MRN, ACCESSION, *pacs.all_uids):
        assert value not in result.stdout + result.stderr + again.stdout
    with services.db.session() as session:
        actions = session.scalars(sa.text("SELECT action FROM audit_events")).all()
    assert actions.count("ingest.dicomweb") == 2


@pytest.mark.parametrize("url, args, message", [
    ("ftp://127.0.0.1/dicom-web", (), "the DICOMweb URL must look like http(s)://host[:port]/path"),
    ("http://user:secret@127.0.0.1:{free}/dicom-web", (), "cannot reach the DICOMweb server at 127.0.0.1:"),
    ("{pacs}/no-such-service", (), "answered HTTP 404 to the study search"),
    ("{pacs}/dicom-web", ("--study-date", "2020"), "the study date range must be FROM-TO"),
    ("{pacs}/dicom-web", ("--from", "2020-02-30"), "the study date from must be a date"),
    ("{pacs}/dicom-web", ("--from", "2021-01-01", "--to", "2020-01-01"), "ends before it starts"),
    ("{pacs}/dicom-web", ("--modality", "C/T"), "the modality must be a DICOM modality code"),
])
def test_cli_refuses_with_one_line_and_exit_2(overrides, pacs, url, args, message):
    result = cleanroom("ingest", "dicomweb", url.format(free=free_port(), pacs=pacs.url), *args, env=overrides)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr and "secret" not in result.stderr


def test_api_runs_a_dicomweb_job_with_progress(client, services, make_token, pacs):
    body = {"kind": "dicomweb", "url": pacs.dicomweb, "study_date": {"from": "2019-01-01", "to": "2019-12-31"},
            "modality": "MR"}
    job = run_job(client, services, make_token("pipeline"), body)
    assert job["state"] == "succeeded" and job["kind"] == "ingest.dicomweb", job
    assert (job["counts"]["fetched"], job["counts"]["indexed"], job["progress"]) == (2, 2, {"done": 1, "total": 1})
    assert indexed_uids(services.db) == pacs.mr_uids
    assert pacs.url.encode() not in database_dump(services.db)  # the URL travels sealed in the job's params


def test_api_job_fails_clearly_when_the_server_is_down(client, services, make_token):
    down = services.settings.dicomweb_sources[1]
    job = run_job(client, services, make_token("admin"), {"kind": "dicomweb", "url": down})
    assert job["state"] == "failed"
    assert [e["code"] for e in job["errors"]] == ["DicomwebError"]
    assert job["errors"][0]["message"].startswith("cannot reach the DICOMweb server at 127.0.0.1:")


@pytest.mark.parametrize("body, message", [
    ({"kind": "dicomweb", "url": "http://127.0.0.1:9/dicom-web"}, "not one of the DICOMweb sources"),
    ({"kind": "dicomweb", "url": "{pacs}", "paths": ["/tmp"]}, "paths not used with kind dicomweb"),
    ({"kind": "dicomweb", "url": "{pacs}", "study_date": {"from": "yesterday"}}, "study date from must be a date"),
])
def test_api_refuses_what_it_must_not_fetch(client, make_token, pacs, body, message):
    body = {k: v.format(pacs=pacs.dicomweb) if isinstance(v, str) else v for k, v in body.items()}
    response = client.post("/api/v1/ingest", json=body, headers=auth(make_token("pipeline")))
    assert response.status_code == 400
    assert message in response.get_json()["error"]["message"]
