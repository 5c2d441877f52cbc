"""Each report label carries its report's study (what a concept criterion selects on): it follows the report
when the report is linked late, linked to another study, annotated again or deleted, and the migration fills
it for labels stored before it (SQLite and PostgreSQL)."""
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.cohorts.counts import concept_expander, count_cohort
from app.cohorts.definition import parse_definition
from app.ingest.folder import ingest_dicom
from app.ingest.reannotate import reannotate_reports
from app.ingest.reports import ingest_reports
from app.models import Report, ReportLabel
from app.ontology import Annotator
from app.ontology.context import default_rules
from tests.dicom_factory import instance, to_bytes

EFFUSION = "FINDINGS: Small left pleural effusion.\nIMPRESSION: Pleural effusion."
NORMAL = "IMPRESSION: Normal chest."
# Two studies of one patient, told apart in the counts by their year.
STUDIES = {"ACC-A": ("1.2.826.0.1.3680043.8.498.201", "20200115"),
           "ACC-B": ("1.2.826.0.1.3680043.8.498.202", "20210301")}


def add_study(svc, folder: Path, accession: str) -> None:
    uid, day = STUDIES[accession]
    folder.mkdir(exist_ok=True)
    (folder / f"{accession}.dcm").write_bytes(to_bytes(instance(uid, study_date=day, AccessionNumber=accession)))
    ingest_dicom(svc.db, svc.sealer(), [folder / f"{accession}.dcm"])


def add_report(svc, folder: Path, text: str, accession: str, annotator: Annotator | None = None) -> None:
    path = folder / "report.jsonl"
    path.write_text(json.dumps({"id": "r1", "text": text, "accession": accession}) + "\n")
    ingest_reports(svc.db, svc.sealer(), annotator or svc.annotator(), [path])


def effusion_concept(svc) -> str:
    """The concept the annotator labels present in EFFUSION (read back, not assumed)."""
    labels = svc.annotator().annotate(EFFUSION).labels
    return next(concept for concept, status in sorted(labels.items()) if status == "present")


def years_with(svc, concept: str) -> dict[str, int]:
    """The studies (by year) a definition including the concept as present selects."""
    definition = parse_definition({"include": [{"concept": concept, "status": "present"}]})
    with svc.db.session() as session:
        return count_cohort(session, definition, concept_expander(svc.ontology())).by_year


def out_of_step(svc) -> int:
    """How many labels name another study than their report's (None included)."""
    with svc.db.session() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(ReportLabel)
                              .join(Report, Report.id == ReportLabel.report_id)
                              .where(ReportLabel.study_id.is_distinct_from(Report.study_id)))


def label_studies(svc) -> set:
    with svc.db.session() as session:
        return set(session.scalars(sa.select(ReportLabel.study_id)))


def test_labels_follow_a_report_linked_late_and_relinked_to_another_study(any_db_services, tmp_path):
    svc = any_db_services
    concept = effusion_concept(svc)
    add_report(svc, tmp_path, EFFUSION, "ACC-A")  # its study has not arrived: unlinked
    assert label_studies(svc) == {None} and years_with(svc, concept) == {}
    add_study(svc, tmp_path / "dicom", "ACC-A")  # the study arrives: the report is linked, its labels with it
    assert years_with(svc, concept) == {"2020": 1} and out_of_step(svc) == 0
    add_study(svc, tmp_path / "dicom", "ACC-B")
    add_report(svc, tmp_path, EFFUSION, "ACC-B")  # corrected accession: the report moves to the other study
    assert years_with(svc, concept) == {"2021": 1} and out_of_step(svc) == 0
    add_report(svc, tmp_path, EFFUSION, "ACC-UNKNOWN")  # and to none
    assert years_with(svc, concept) == {} and label_studies(svc) == {None} and out_of_step(svc) == 0


def test_labels_annotated_again_keep_their_study(any_db_services, tmp_path):
    svc = any_db_services
    concept = effusion_concept(svc)
    add_study(svc, tmp_path / "dicom", "ACC-A")
    add_report(svc, tmp_path, EFFUSION, "ACC-A", Annotator(svc.ontology(), rules=default_rules()))  # another engine
    # Re-annotation deletes the report's labels and writes them anew: the new rows must carry the study too.
    assert reannotate_reports(svc.db, svc.sealer(), svc.annotator()).reannotated == 1
    assert years_with(svc, concept) == {"2020": 1} and out_of_step(svc) == 0


def test_a_report_replaced_or_deleted_takes_its_labels_out_of_the_counts(any_db_services, tmp_path):
    svc = any_db_services
    concept = effusion_concept(svc)
    add_study(svc, tmp_path / "dicom", "ACC-A")
    add_report(svc, tmp_path, EFFUSION, "ACC-A")
    assert years_with(svc, concept) == {"2020": 1}
    add_report(svc, tmp_path, NORMAL, "ACC-A")  # ingested again with other text: the old labels go
    assert years_with(svc, concept) == {} and out_of_step(svc) == 0
    add_report(svc, tmp_path, EFFUSION, "ACC-A")
    with svc.db.engine.begin() as conn:
        conn.execute(sa.delete(Report.__table__))  # its labels go with it (ON DELETE CASCADE)
    assert years_with(svc, concept) == {} and label_studies(svc) == set()


@pytest.mark.parametrize("linked", [True, False])
def test_migration_fills_the_study_of_labels_stored_before_it(services, tmp_path, linked):
    if linked:
        add_study(services, tmp_path / "dicom", "ACC-A")
    add_report(services, tmp_path, EFFUSION, "ACC-A")
    services.db.downgrade("h_ingest_0008")
    services.db.upgrade()
    assert (label_studies(services) == {None}) is not linked and out_of_step(services) == 0
    assert years_with(services, effusion_concept(services)) == ({"2020": 1} if linked else {})
