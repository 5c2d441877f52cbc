"""`cleanroom ingest reports`: JSONL, HL7 v2 ORU^R01 and FHIR R4 reports annotated, sealed, linked to studies."""
import base64
import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.ingest.folder import ingest_dicom
from app.ingest.reports import ingest_reports
from app.models import Finding, Patient, Report, Study
from tests.dicom_factory import ACCESSION, FAMILY, GIVEN, MRN, instance, to_bytes
from tests.support.cli import cleanroom
from tests.support.index_dump import database_dump

EFFUSION = "FINDINGS: Small left pleural effusion. No pneumothorax.\nIMPRESSION: Pleural effusion."
STUDY_UID = "1.2.826.0.1.3680043.8.498.111"


def write_jsonl(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in items))
    return path


def hl7_file(path: Path, *messages: str) -> Path:
    path.write_text("\n".join(messages))
    return path


def oru(control: str, *obx: str, pid: str = f"PID|||{MRN}^^^RAVENMOOR||{FAMILY}^{GIVEN}||19400312|F",
        accession: str = ACCESSION, kind: str = "ORU^R01") -> str:
    obr = "OBR|1||FILL-" + control + "||||20200115083000" + "|" * 11 + accession
    lines = [f"MSH|^~\\&|RIS|RAVENMOOR|||20200116||{kind}|{control}|P|2.3", pid, obr]
    lines += [f"OBX|{n}|TX|||{text}" for n, text in enumerate(obx, 1)]
    return "\r".join(lines)


@pytest.fixture
def study(services, tmp_path):
    """One CT study of the synthetic patient (accession ACCESSION, 2020-01-15) already in the index."""
    folder = tmp_path / "dicom"
    folder.mkdir()
    (folder / "ct.dcm").write_bytes(to_bytes(instance()))
    (folder / "other.dcm").write_bytes(to_bytes(instance(STUDY_UID, patient_id="ZZ1", AccessionNumber="",
                                                          study_date="20210301")))
    ingest_dicom(services.db, services.sealer(), [folder])
    return folder


def ingest(services, *paths):
    problems = []
    summary = ingest_reports(services.db, services.sealer(), services.annotator(), paths,
                             on_problem=lambda path, p: problems.append(f"{p.where}: {p.reason}"))
    return summary, problems


def reports(services) -> dict[str, Report]:
    sealer = services.sealer()
    with services.db.session() as session:
        return {sealer.open(r.report_id_sealed, "report_id"): r for r in session.scalars(sa.select(Report))}


def test_jsonl_reports_link_by_accession_then_uid_then_patient_and_date(services, study, tmp_path):
    source = write_jsonl(tmp_path / "r.jsonl", [
        {"id": "by-accession", "text": EFFUSION, "accession": ACCESSION, "patient": {"id": "somebody else"}},
        {"id": "by-uid", "text": "No acute fracture.", "study_uid": STUDY_UID},
        {"id": "by-date", "text": "Normal chest.", "patient": {"id": MRN}, "study_date": "2020-01-15"},
        {"id": "no-study", "text": "Normal chest.", "patient": {"id": MRN}, "study_date": "2019-05-05"},
    ])
    summary, problems = ingest(services, source)
    assert problems == [] and (summary.stored, summary.unlinked) == (4, 1)
    assert summary.linked == {"accession": 1, "patient_date": 1, "study_uid": 1}
    stored = reports(services)
    assert [stored[k].link for k in ("by-accession", "by-uid", "by-date", "no-study")] == \
           ["accession", "study_uid", "patient_date", "unlinked"]
    with services.db.session() as session:
        studies = {s.id: s for s in session.scalars(sa.select(Study))}
        ct = studies[stored["by-accession"].study_id]
        # A linked report belongs to its study's patient, whatever patient the report named.
        assert stored["by-accession"].patient_id == ct.patient_id
        assert stored["by-date"].study_id == ct.id
        assert studies[stored["by-uid"].study_id].study_uid == STUDY_UID
        findings = session.execute(sa.select(Finding.concept_id, Finding.status, Finding.section)
                                   .where(Finding.report_id == stored["by-accession"].id)).all()
    statuses = {(status, section) for _, status, section in findings}
    assert ("present", "impression") in statuses and ("absent", "findings") in statuses
    assert {r.ontology_version for r in stored.values()} == {services.ontology().version}


def test_a_report_linked_later_when_its_study_arrives(services, tmp_path):
    source = write_jsonl(tmp_path / "r.jsonl", [{"id": "early", "text": EFFUSION, "accession": ACCESSION}])
    assert ingest(services, source)[0].unlinked == 1
    (tmp_path / "ct.dcm").write_bytes(to_bytes(instance()))
    ingest_dicom(services.db, services.sealer(), [tmp_path / "ct.dcm"])
    assert reports(services)["early"].link == "accession"


def test_two_studies_on_one_day_do_not_link_by_date(services, tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.dcm").write_bytes(to_bytes(instance(AccessionNumber="")))
    ingest_dicom(services.db, services.sealer(), [tmp_path])
    source = write_jsonl(tmp_path / "r.jsonl", [{"id": "r", "text": "Normal.", "patient": {"id": MRN},
                                                 "study_date": "20200115"}])
    assert ingest(services, source)[0].unlinked == 1


def test_ingesting_again_replaces_the_report_and_its_findings(services, study, tmp_path):
    first = write_jsonl(tmp_path / "r.jsonl", [{"id": "r1", "text": EFFUSION, "accession": ACCESSION}])
    ingest(services, first)
    second = write_jsonl(tmp_path / "r2.jsonl", [{"id": "r1", "text": "No pleural effusion.", "accession": ACCESSION}])
    summary, _ = ingest(services, second)
    assert (summary.stored, summary.updated) == (0, 1)
    stored = reports(services)
    assert len(stored) == 1
    with services.db.session() as session:
        statuses = set(session.scalars(sa.select(Finding.status)))
    assert statuses == {"absent"}


def test_hl7_obx_text_in_order_and_pid_obr_mapped(services, study, tmp_path):
    source = hl7_file(tmp_path / "results.hl7",
                      oru("M1", "FINDINGS:\\.br\\Small left pleural effusion.", "IMPRESSION: Pleural effusion."),
                      oru("M2", "Normal.", kind="ADT^A01", pid="PID|||NEWPATIENT7||Nobody^New"),
                      "MSH|garbage",
                      oru("M4", "Normal.", accession="NOPE", pid="PID|||NEWPATIENT8||Nobody^Else"))
    summary, problems = ingest(services, source)
    assert problems == ["message 2: not an ORU^R01 result message", "message 3: not an ORU^R01 result message"]
    assert (summary.stored, summary.invalid, summary.linked, summary.unlinked) == (2, 2, {"accession": 1}, 1)
    stored = reports(services)
    assert services.sealer().open(stored["FILL-M1"].text_sealed, "report_text") == \
        "FINDINGS:\nSmall left pleural effusion.\nIMPRESSION: Pleural effusion."
    assert stored["FILL-M4"].study_date.isoformat() == "2020-01-15"
    # The refused message left nothing behind: its patient was never created.
    sealer = services.sealer()
    with services.db.session() as session:
        lookups = set(session.scalars(sa.select(Patient.patient_lookup)))
    assert sealer.lookup_key("patient_id", "NEWPATIENT8") in lookups
    assert sealer.lookup_key("patient_id", "NEWPATIENT7") not in lookups


def fhir_bundle(report_id: str, text: str, conclusion: str) -> dict:
    return {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:p1", "resource": {
            "resourceType": "Patient", "identifier": [{"type": {"coding": [{"code": "MR"}]}, "value": MRN}],
            "name": [{"family": FAMILY, "given": [GIVEN]}], "birthDate": "1940-03-12", "gender": "female"}},
        {"fullUrl": "urn:uuid:s1", "resource": {
            "resourceType": "ImagingStudy", "status": "available", "subject": {"reference": "urn:uuid:p1"},
            "identifier": [{"system": "urn:dicom:uid", "value": f"urn:oid:{STUDY_UID}"}]}},
        {"resource": {
            "resourceType": "DiagnosticReport", "status": "final", "code": {"text": "CT chest"},
            "identifier": [{"value": report_id}], "subject": {"reference": "urn:uuid:p1"},
            "imagingStudy": [{"reference": "urn:uuid:s1"}], "effectiveDateTime": "2020-01-15T08:30:00Z",
            "presentedForm": [{"contentType": "text/plain", "data": base64.b64encode(text.encode()).decode()}],
            "conclusion": conclusion}}]}


def test_fhir_bundle_and_ndjson(services, study, tmp_path):
    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps(fhir_bundle("F1", "FINDINGS: Small left pleural effusion.", "Pleural effusion.")))
    single = fhir_bundle("F2", "FINDINGS: Normal.", "Normal.")["entry"][2]["resource"]
    broken = {**single, "subject": "not a reference"}
    ndjson = tmp_path / "reports.ndjson"
    ndjson.write_text(json.dumps(single) + "\n{oops\n" + json.dumps(broken) + "\n")
    summary, problems = ingest(services, bundle, ndjson)
    assert summary.stored == 2 and summary.linked == {"study_uid": 1} and summary.unlinked == 1
    assert problems[0] == "line 2: not valid JSON"
    assert problems[1].startswith("line 3: not a valid FHIR R4 DiagnosticReport (fields: subject")
    stored = reports(services)
    assert services.sealer().open(stored["F1"].text_sealed, "report_text") == \
        "FINDINGS: Small left pleural effusion.\n\nIMPRESSION:\nPleural effusion."


def test_report_text_and_identifiers_are_sealed(any_db_services, tmp_path):
    svc = any_db_services
    secret_text = "FINDINGS: Thistlewood sign noted by Dr Bartholomew. Small left pleural effusion."
    write_jsonl(tmp_path / "r.jsonl", [{"id": "RPT-77123", "text": secret_text, "accession": ACCESSION,
                                        "patient": {"id": MRN, "name": f"{FAMILY}^{GIVEN}",
                                                    "birth_date": "1940-03-12"}}])
    hl7_file(tmp_path / "r.hl7", oru("M1", "Pleural effusion in Quillfeather."))
    summary = ingest_reports(svc.db, svc.sealer(), svc.annotator(), [tmp_path / "r.jsonl", tmp_path / "r.hl7"])
    assert summary.stored == 2
    dump = database_dump(svc.db)
    for value in (FAMILY, GIVEN, MRN, ACCESSION, "RPT-77123", "Thistlewood sign", "pleural effusion", "1940-03-12",
                  "19400312"):
        assert value.encode() not in dump, value
    # The birth year as a number of its own: inside a keyed hash's hex or a timestamp's microseconds it is chance.
    assert not re.search(rb"(?<![0-9a-fA-F.])1940(?![0-9a-fA-F])", dump)


def test_cli_refuses_an_unknown_format_before_storing_anything(services, overrides, tmp_path):
    good = write_jsonl(tmp_path / "r.jsonl", [{"id": "r1", "text": EFFUSION}])
    (tmp_path / "r.txt").write_text("FINDINGS: normal")
    result = cleanroom("ingest", "reports", good, tmp_path / "r.txt", env=overrides)
    assert result.returncode == 2 and "r.txt: unknown report format" in result.stderr
    assert "Traceback" not in result.stderr
    assert reports(services) == {}


def test_cli_lists_invalid_messages_and_prints_summary_last(services, overrides, study, tmp_path):
    source = write_jsonl(tmp_path / "r.jsonl", [{"id": "r1", "text": EFFUSION, "accession": ACCESSION}])
    with open(source, "a") as handle:
        handle.write(f'{{"id": "r2", "text": "{FAMILY} normal", "patient": "{MRN}"}}\n')
    result = cleanroom("ingest", "reports", source, "--json", env=overrides)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["stored"], summary["invalid"], summary["linked"]) == (1, 1, {"accession": 1})
    assert "r.jsonl line 2: `patient` must be an object" in result.stderr
    assert MRN not in result.stderr + result.stdout and FAMILY not in result.stderr + result.stdout
