"""`cleanroom index reannotate` and POST /index/reannotate (job index.reannotate): reports annotated with another
ontology version get their findings, labels and version from the current one; a second run does nothing."""
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from app import create_app
from app.ingest.reports import ingest_reports
from app.models import Finding, Report, ReportLabel
from app.services import Services
from tests.conftest import auth
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


@pytest.fixture
def annotated_with_v1(services, tmp_path) -> dict:
    """The reports ingested with ontology 0.1.0; returns overrides that configure 0.2.0 instead."""
    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in REPORTS))
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
