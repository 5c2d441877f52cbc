"""Feasibility counts over a real index (SQLite and PostgreSQL): the SQL compiler and small-cell suppression."""
import json
import uuid
from functools import partial

import pytest
import sqlalchemy as sa

from app import create_app
from app.auth import accounts
from app.cohorts.counts import count_cohort
from app.cohorts.definition import parse_definition
from app.cohorts.facets import facets
from app.models import Patient, Series
from tests.conftest import auth, base_overrides, fresh_postgres_database, open_services
from tests.support.archive import LOBECTOMY, PNEUMOTHORAX, TENSION, build_archive
from tests.support.cli import cleanroom


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def indexed(request, tmp_path_factory, migrated_instance):
    """An index of 26 studies with their reports, on SQLite and then on PostgreSQL; returns (services, expand).

    Made once per database for the module: its tests count and add tokens, but change no study or report.
    """
    root = tmp_path_factory.mktemp(f"indexed-{request.param}")
    if request.param == "postgresql":
        with fresh_postgres_database(request.getfixturevalue("postgres_admin")) as url:
            with open_services(base_overrides(root, url)) as svc:
                yield svc, build_archive(svc, root / "archive")
    else:
        with open_services(base_overrides(root), migrated_instance) as svc:
            yield svc, build_archive(svc, root / "archive")


def count(indexed, definition: dict):
    svc, expand = indexed
    with svc.db.session() as session:
        return count_cohort(session, parse_definition(definition), expand)


def test_modality_body_part_and_age_select_studies(indexed):
    assert count(indexed, {}).studies == 26
    chest = count(indexed, {"modalities": ["CT"], "body_parts": ["chest"]})
    assert (chest.studies, chest.patients, chest.series) == (21, 21, 21)
    assert count(indexed, {"modalities": ["CT"], "age": {"min": 18}}).studies == 18
    assert count(indexed, {"study_date": {"from": "2018-05-03"}}).studies == 0


def test_findings_by_status_with_and_without_descendants(indexed):
    present = {"concept": PNEUMOTHORAX, "status": "present"}
    assert count(indexed, {"include": [present]}).studies == 12
    assert count(indexed, {"include": [{**present, "descendants": True}]}).studies == 14
    assert count(indexed, {"include": [{"concept": PNEUMOTHORAX, "status": "absent"}]}).studies == 4
    no_lobectomy = {"include": [{**present, "descendants": True}],
                    "exclude": [{"concept": LOBECTOMY, "status": "historical"}]}
    assert count(indexed, no_lobectomy).studies == 12


def test_label_prevalence_and_small_cells_suppressed_for_researchers(indexed):
    result = count(indexed, {"modalities": ["CT"], "labels": [PNEUMOTHORAX]})
    assert result.labels[PNEUMOTHORAX] == {"absent": 4, "uncertain": 3, "present": 14}
    shown = result.suppressed(11)
    assert shown["studies"] == 21 and shown["labels"][PNEUMOTHORAX] == {"absent": "<11", "uncertain": "<11",
                                                                         "present": 14}
    small = count(indexed, {"include": [{"concept": TENSION, "status": "present"}]}).suppressed(11)
    assert small["studies"] == "<11" and small["patients"] == "<11" and small["instances"] == "<11"
    assert set(shown) == {"patients", "studies", "series", "instances", "at_risk_instances", "labels", "by_year",
                          "by_modality", "by_age", "by_sex"}


def _token(svc, role: str) -> str:
    name = f"{role}-{uuid.uuid4().hex[:8]}"
    with svc.db.session() as session:
        if role != "pipeline":
            accounts.add_user(session, name, role, "correct horse battery", actor="test")
        return accounts.create_token(session, name, actor="test", username=None if role == "pipeline" else name)[1]


def test_api_suppresses_for_researchers_and_not_for_reviewers(indexed):
    svc, _ = indexed
    client = create_app(services=svc).test_client()
    make_token = partial(_token, svc)
    definition = {"include": [{"concept": TENSION, "status": "present"}]}
    researcher = client.post("/api/v1/cohorts/count", json=definition, headers=auth(make_token("researcher")))
    assert researcher.status_code == 200 and researcher.json["studies"] == "<11" and not researcher.json["exact"]
    reviewer = client.post("/api/v1/cohorts/count", json=definition, headers=auth(make_token("reviewer")))
    assert reviewer.json["studies"] == 2 and reviewer.json["definition_hash"] == researcher.json["definition_hash"]
    bad = client.post("/api/v1/cohorts/count", json={"include": [{"concept": "RID0000000"}]},
                      headers=auth(make_token("researcher")))
    assert bad.status_code == 400 and "include.0.concept" in bad.json["error"]["message"]
    assert client.post("/api/v1/cohorts/count", json=definition,
                       headers=auth(make_token("pipeline"))).status_code == 403


def test_cli_counts_suppressed_unless_exact(indexed, tmp_path):
    svc, _ = indexed
    env = base_overrides(svc.settings.instance_path.parent, svc.settings.database_url)  # the index's own instance
    path = tmp_path / "def.json"
    path.write_text(json.dumps({"include": [{"concept": TENSION, "status": "present"}]}))
    shown = cleanroom("cohort", "count", path, "--json", env=env)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout.splitlines()[-1])["studies"] == "<11"
    exact = cleanroom("cohort", "count", path, "--json", "--exact", env=env)
    assert json.loads(exact.stdout.splitlines()[-1])["studies"] == 2
    path.write_text("{not json")
    broken = cleanroom("cohort", "count", path, env=env)
    assert broken.returncode == 2 and "not JSON" in broken.stderr and "Traceback" not in broken.stderr


def test_codes_written_in_lower_case_are_stored_and_counted_upper_case(any_db_services, tmp_path):
    archive = [(2, "ct", "chest", "19700101", "IMPRESSION: Small right pneumothorax."),
               (1, "MR", "Brain", "19700101", "IMPRESSION: Normal brain.")]
    indexed = (any_db_services, build_archive(any_db_services, tmp_path / "archive", archive, PatientSex="f"))
    chest = count(indexed, {"modalities": ["ct"], "body_parts": ["CHEST"], "sex": ["F"]})
    assert (chest.studies, chest.by_modality, chest.by_sex.get("F")) == (2, {"CT": 2}, 2)
    svc, _ = indexed
    with svc.db.session() as session:
        assert facets(session) == {"modalities": ["CT", "MR"], "body_parts": ["BRAIN", "CHEST"]}


def test_migration_upper_cases_codes_stored_before_it(services, tmp_path):
    build_archive(services, tmp_path / "archive", [(1, "CT", "CHEST", "19700101", "IMPRESSION: Normal.")])
    services.db.downgrade("h_ingest_0008")
    with services.db.engine.begin() as conn:
        conn.execute(sa.update(Series.__table__).values(modality="ct", body_part="chest"))
        conn.execute(sa.update(Patient.__table__).values(sex="m"))
    services.db.upgrade()
    with services.db.engine.begin() as conn:
        assert conn.execute(sa.select(Series.modality, Series.body_part)).all() == [("CT", "CHEST")]
        assert conn.execute(sa.select(Patient.sex)).scalars().all() == ["M"]
