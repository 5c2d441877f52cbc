"""`cleanroom index reannotate` and POST /index/reannotate (job index.reannotate): reports annotated with another
ontology or annotation engine version get their findings, labels and versions from the current ones; a second
run does nothing. It also happens on its own: the service queues the job when it starts and when reports are
ingested, and `index stats` says how many reports are stale."""
import json
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from app import create_app
from app.ingest.reannotate import reannotate_reports
from app.ingest.reports import ingest_reports
from app.jobs.runner import create_job
from app.models import Finding, Job, Report, ReportLabel
from app.ontology import Annotator
from app.ontology.annotate import shipped_engine_version
from app.ontology.context import default_rules
from app.services import Services
from tests.conftest import auth
from tests.integration.served import serving
from tests.support.cli import cleanroom
from tests.unit.ontology.conftest import MINI

PLEURAL_EFFUSION, PNEUMOTHORAX, EMPYEMA = "CLN00018", "CLN00016", "CLN00099"
REPORTS = [
    {"id": "r1", "text": "FINDINGS: Small pleural collection. No pneumothorax.", "patient": {"id": "P1"}},
    {"id": "r2", "text": "IMPRESSION: Loculated empyema on the right.", "patient": {"id": "P2"}},
    {"id": "r3", "text": "IMPRESSION: Right pneumothorax.", "patient": {"id": "P3"}},
]


def ontology_version_2(folder: Path) -> Path:
    """The mini ontology at version 0.2.0: a new synonym of pleural effusion and a new concept, empyema."""
    text = MINI.read_text().replace("0.1.0", "0.2.0").replace(
        'skos:altLabel "pleural fluid"@en', 'skos:altLabel "pleural fluid"@en , "pleural collection"@en')
    text += 'cln:CLN00099 a owl:Class ; rdfs:label "empyema"@en ; rdfs:subClassOf cln:CLN00001 .\n'
    path = folder / "mini-0.2.0.ttl"
    path.write_text(text)
    return path


@pytest.fixture
def overrides(overrides):
    return {**overrides, "CLEANROOM_ONTOLOGY": str(MINI)}


def reports_file(folder: Path, reports: list[dict], name: str = "reports.jsonl") -> Path:
    path = folder / name
    path.write_text("".join(json.dumps(r) + "\n" for r in reports))
    return path


@pytest.fixture
def annotated_with_v1(services, tmp_path) -> dict:
    """The reports ingested with ontology 0.1.0; returns overrides that configure 0.2.0 instead."""
    path = reports_file(tmp_path, REPORTS)
    summary = ingest_reports(services.db, services.sealer(), services.annotator(), [path])
    assert summary.ontology_version == "0.1.0"
    return {"CLEANROOM_ONTOLOGY": str(ontology_version_2(tmp_path))}


def annotations(svc) -> dict[str, tuple]:
    """Report ID ("r1") -> (ontology version, findings, labels), each a sorted tuple of (concept, status)."""
    sealer = svc.sealer()
    with svc.db.session() as session:
        reports = {r.id: (sealer.open(r.report_id_sealed, "report_id"), r.ontology_version)
                   for r in session.scalars(sa.select(Report))}
        findings = session.execute(sa.select(Finding.report_id, Finding.concept_id, Finding.status)).all()
        labels = session.execute(sa.select(ReportLabel.report_id, ReportLabel.concept_id, ReportLabel.status)).all()
    return {name: (version, tuple(sorted((c, s) for r, c, s in findings if r == report)),
                   tuple(sorted((c, s) for r, c, s in labels if r == report)))
            for report, (name, version) in reports.items()}


def test_cli_reannotates_stale_reports_once(services, overrides, annotated_with_v1):
    before = annotations(services)
    assert {version for version, _, _ in before.values()} == {"0.1.0"}
    assert not any(EMPYEMA in str(item) for item in before.values())
    env = {**overrides, **annotated_with_v1}
    result = cleanroom("index", "reannotate", "--json", env=env)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["reannotated"], summary["stale"], summary["previous_versions"]) == (3, 3, {"0.1.0": 3})
    after = annotations(services)
    assert {version for version, _, _ in after.values()} == {"0.2.0"}
    r1, r2, r3 = (after[name] for name in ("r1", "r2", "r3"))
    # The new synonym and the new concept are found; what did not change stays as it was.
    assert (PLEURAL_EFFUSION, "present") in r1[1] and (PLEURAL_EFFUSION, "present") in r1[2]
    assert (PNEUMOTHORAX, "absent") in r1[1]
    assert r2[1] == ((EMPYEMA, "present"),) and r2[2] == ((EMPYEMA, "present"),)
    assert r3[1:] == before["r3"][1:]
    assert (PLEURAL_EFFUSION, "present") not in before["r1"][1]

    again = cleanroom("index", "reannotate", "--json", env=env)
    assert json.loads(again.stdout.strip().splitlines()[-1])["reannotated"] == 0
    assert annotations(services) == after
    with services.db.session() as session:
        assert session.scalars(sa.text("SELECT action FROM audit_events")).all().count("index.reannotate") == 2


def test_api_starts_a_reannotate_job_and_stats_show_the_versions(services, overrides, annotated_with_v1, make_token):
    svc = Services.load({**overrides, **annotated_with_v1})
    try:
        client = create_app(services=svc).test_client()
        token = make_token("pipeline")
        assert client.post("/api/v1/index/reannotate", headers=auth(make_token("researcher"))).status_code == 403
        response = client.post("/api/v1/index/reannotate", headers=auth(token))
        assert response.status_code == 202 and response.get_json()["kind"] == "index.reannotate"
        svc.executor.shutdown()
        job = client.get(f"/api/v1/jobs/{response.get_json()['job_id']}", headers=auth(token)).get_json()
    finally:
        svc.db.engine.dispose()
    assert job["state"] == "succeeded" and job["counts"]["reannotated"] == 3
    assert job["progress"] == {"done": 3, "total": 3}
    assert {version for version, _, _ in annotations(services).values()} == {"0.2.0"}
    stats = json.loads(cleanroom("index", "stats", "--json", env=overrides).stdout)
    assert stats["report_ontology_versions"] == {"0.2.0": 3}


def stats(overrides: dict) -> dict:
    result = cleanroom("index", "stats", "--json", env=overrides)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def jobs(svc) -> list[tuple[str, str, str]]:
    """(kind, state, created by) of every job, in order."""
    with svc.db.session() as session:
        return [(j.kind, j.state, j.created_by) for j in session.scalars(sa.select(Job).order_by(Job.id))]


def test_reports_labelled_by_another_annotation_engine_are_stale_and_reannotated(services, overrides, tmp_path):
    other_engine = Annotator(services.ontology(), rules=default_rules())  # rules of its own: another engine
    ingest_reports(services.db, services.sealer(), other_engine, [reports_file(tmp_path, REPORTS)])
    before = stats(overrides)
    assert before["report_annotator_versions"] == {"custom": 3}
    assert before["annotation"] == {"ontology_version": "0.1.0", "annotator_version": shipped_engine_version(),
                                    "stale_reports": 3}
    summary = reannotate_reports(services.db, services.sealer(), services.annotator())
    assert (summary.reannotated, summary.previous_annotators) == (3, {"custom": 3})
    after = stats(overrides)
    assert after["report_annotator_versions"] == {shipped_engine_version(): 3}
    assert after["annotation"]["stale_reports"] == 0


def test_reports_annotated_before_engines_were_recorded_count_as_stale(services, overrides, tmp_path):
    ingest_reports(services.db, services.sealer(), services.annotator(), [reports_file(tmp_path, REPORTS)])
    assert stats(overrides)["annotation"]["stale_reports"] == 0
    with services.db.engine.begin() as conn:  # what the migration leaves on reports it finds: no engine recorded
        conn.execute(sa.update(Report).values(annotator_version=None))
    counted = stats(overrides)
    assert counted["report_annotator_versions"] == {"unknown": 3} and counted["annotation"]["stale_reports"] == 3
    table = cleanroom("index", "stats", env=overrides).stdout
    assert "3 stale report(s)" in table


def test_ingesting_reports_queues_reannotation_of_the_stale_ones(services, overrides, annotated_with_v1, tmp_path):
    env = {**overrides, **annotated_with_v1}
    assert stats(env)["annotation"]["stale_reports"] == 3
    new = reports_file(tmp_path, [{"id": "r4", "text": "Loculated empyema.", "patient": {"id": "P4"}}], "new.jsonl")
    result = cleanroom("ingest", "reports", new, env=env)
    assert result.returncode == 0, result.stderr
    assert "re-annotation job" in result.stderr and "queued" in result.stderr
    # The terminal waits for the jobs it started: by now every report is at the configured ontology.
    assert {version for version, _, _ in annotations(services).values()} == {"0.2.0"}
    assert stats(env)["annotation"]["stale_reports"] == 0
    assert [(kind, state) for kind, state, _ in jobs(services)] == [("index.reannotate", "succeeded")]
    again = cleanroom("ingest", "reports", new, env=env)
    assert again.returncode == 0 and "re-annotation" not in again.stderr
    assert len(jobs(services)) == 1


def test_an_ingest_request_queues_reannotation_too(services, overrides, annotated_with_v1, make_token, tmp_path):
    new = reports_file(tmp_path, [{"id": "r4", "text": "Right pneumothorax.", "patient": {"id": "P4"}}], "new.jsonl")
    svc = Services.load({**overrides, **annotated_with_v1})
    try:
        client = create_app(services=svc).test_client()
        response = client.post("/api/v1/ingest", json={"kind": "reports", "paths": [str(new)]},
                               headers=auth(make_token("pipeline")))
        assert response.status_code == 202
        svc.executor.shutdown()
    finally:
        svc.db.engine.dispose()
    assert [(kind, state) for kind, state, _ in jobs(services)] == [("ingest.reports", "succeeded"),
                                                                    ("index.reannotate", "succeeded")]
    assert {version for version, _, _ in annotations(services).values()} == {"0.2.0"}


def test_no_second_job_is_queued_while_one_waits_and_none_when_nothing_is_stale(services, overrides,
                                                                               annotated_with_v1):
    svc = Services.load({**overrides, **annotated_with_v1})
    try:
        waiting = create_job(svc.db, "index.reannotate", {}, actor="test", executor="celery")  # queued elsewhere
        assert svc.queue_reannotation(actor="test") is None
        with svc.db.session() as session:
            session.get(Job, waiting).state = "failed"
        queued = svc.queue_reannotation(actor="test")
        assert queued is not None
        svc.executor.shutdown()
        assert svc.queue_reannotation(actor="test") is None  # all current now
    finally:
        svc.db.engine.dispose()
    assert [(kind, state) for kind, state, _ in jobs(services)] == [("index.reannotate", "failed"),
                                                                    ("index.reannotate", "succeeded")]


def test_the_service_queues_reannotation_when_it_starts(services, overrides, annotated_with_v1):
    with serving({**overrides, **annotated_with_v1}):
        deadline = time.monotonic() + 60
        while jobs(services) != [("index.reannotate", "succeeded", "system")]:
            assert time.monotonic() < deadline, jobs(services)
            time.sleep(0.2)
    assert {version for version, _, _ in annotations(services).values()} == {"0.2.0"}
