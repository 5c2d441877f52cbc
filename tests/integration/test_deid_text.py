"""Report de-identification end to end: `cleanroom deid reports|text` and POST /api/v1/deid/text."""
import json

import pytest

from tests.conftest import auth
from tests.support.cli import cleanroom

REPORT = ("EXAM: CT CHEST WITHOUT CONTRAST\nPatient: QUILLFEATHER, MARISOL  MRN: QX7730941  DOB: 03/12/1940\n"
          "HISTORY: 84-year-old with cough. Comparison: CT chest 01/15/2019.\n"
          "FINDINGS: No pneumothorax. Small Morison pouch fluid. Hodgkin lymphoma history.\n"
          "IMPRESSION: Findings discussed with Dr. Thistlewood at 14:32 on 01/15/2020.\n"
          "Electronically signed by: Bartholomew Thistlewood, MD")
PATIENT = {"name": "QUILLFEATHER^MARISOL", "mrn": "QX7730941", "birth_date": "1940-03-12"}
PHI = ("QUILLFEATHER", "Quillfeather", "MARISOL", "QX7730941", "03/12/1940", "Thistlewood", "Bartholomew")


def test_reports_jsonl_round_trip_with_bad_lines(services, overrides, tmp_path):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = [json.dumps({"id": "r1", "text": REPORT, "patient": PATIENT, "study_date": "2020-01-15"}),
             '{"id": "r2", "text": "QUILLFEATHER MARISOL broken json',
             json.dumps({"id": "r3"}),
             json.dumps({"id": 4, "text": "No acute findings. Hodgkin lymphoma, circle of Willis normal."})]
    source.write_text("\n".join(lines) + "\n")
    result = cleanroom("deid", "reports", source, out, "--profile", "basic", "--json", env=overrides)
    assert result.returncode == 0, result.stderr
    assert "line 2: skipped, not valid JSON" in result.stderr and "line 3: skipped" in result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["lines_in"], summary["written"], summary["invalid"]) == (4, 2, 2)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["r1", 4]
    for phi in PHI:
        assert phi not in rows[0]["text"] and phi not in result.stderr + result.stdout
    for entity in rows[0]["entities"]:
        assert REPORT[entity["start"]:entity["end"]].strip()
    assert "Morison pouch" in rows[0]["text"] and "Hodgkin lymphoma" in rows[0]["text"]
    assert rows[1]["text"] == "No acute findings. Hodgkin lymphoma, circle of Willis normal."


def test_research_profile_shifts_dates_consistently(services, overrides):
    result = cleanroom("deid", "text", "--profile", "research", "--json",
                       "--patient", json.dumps(PATIENT), stdin=REPORT, env=overrides)
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert "01/15/2019" not in body["text"] and "01/15/2020" not in body["text"]
    assert "[DATE]" not in body["text"].split("Comparison:")[1].split("\n")[0]


def test_text_command_rejects_bad_patient_json(services, overrides):
    result = cleanroom("deid", "text", "--profile", "basic", "--patient", "[1, 2]", stdin="x", env=overrides)
    assert result.returncode == 2 and "JSON object" in result.stderr


def test_api_deid_text(client, make_token):
    token = auth(make_token("pipeline"))
    response = client.post("/api/v1/deid/text", json={"text": REPORT, "profile": "basic", "patient": PATIENT},
                           headers=token)
    assert response.status_code == 200
    body = response.get_json()
    assert all(phi not in body["text"] for phi in PHI)
    assert {e["type"] for e in body["entities"]} >= {"PERSON", "ID", "DATE"}
    bad = client.post("/api/v1/deid/text", json={"profile": "basic"}, headers=token)
    assert bad.status_code == 400 and "text" in bad.get_json()["error"]["message"]
    assert client.post("/api/v1/deid/text", json={"text": "x", "profile": "nope"}, headers=token).status_code == 404


def test_api_finds_known_phi_behind_invisible_characters(client, make_token):
    # Issue #21 item 4: a soft hyphen in the name and a no-break space in the MRN hid them from matching.
    text = "Note: Quill\u00adfeather seen; MRN QX773\u00a00941 on file."
    response = client.post("/api/v1/deid/text", json={"text": text, "profile": "basic", "patient": PATIENT},
                           headers=auth(make_token("pipeline")))
    body = response.get_json()
    assert body["text"] == "Note: [NAME] seen; MRN [ID] on file."
    assert [text[e["start"]:e["end"]] for e in body["entities"]] == ["Quill\u00adfeather", "QX773\u00a00941"]


@pytest.mark.parametrize("profile", ["basic", "research"])
def test_descriptors_are_cleaned_not_dropped(profile):
    from io import BytesIO

    from pydicom import dcmread

    from app.deid.pipeline import deidentify_bytes
    from tests.dicom_factory import FAMILY, instance, to_bytes
    from tests.unit.dicom.conftest import KEYS, PROFILES
    from app.dicom.policy import Policy
    from app.dicom.transform import HeaderTransformer
    from app.profiles import ProfileLibrary
    from app.text.engine import ReportDeidentifier

    prof = ProfileLibrary(PROFILES).get(profile)
    transformer = HeaderTransformer(Policy(prof), KEYS, ReportDeidentifier(prof, KEYS).clean_descriptor)
    out = dcmread(BytesIO(deidentify_bytes(to_bytes(instance()), transformer).data))
    if profile == "research":
        assert out.StudyDescription.startswith("CT CHEST") and FAMILY not in out.StudyDescription
    else:
        assert not out.get("StudyDescription")


def test_reports_with_two_workers_match_one_and_surrogates_are_consistent(tmp_path):
    from app.identity import IdentityKeys
    from app.profiles import ProfileLibrary
    from app.text.batch import deidentify_jsonl
    from tests.unit.dicom.conftest import PROFILES

    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": f"r{i}", "text": REPORT, "patient": PATIENT}) + "\n"
                              for i in range(6)))
    keys = IdentityKeys(b"u" * 32, b"p" * 32, b"d" * 32)
    library = ProfileLibrary(PROFILES)
    one = deidentify_jsonl(source, tmp_path / "one.jsonl", library.get("basic"), keys, workers=1)
    two = deidentify_jsonl(source, tmp_path / "two.jsonl", library.get("basic"), keys, workers=2)
    assert one.written == two.written == 6 and two.workers == 2
    assert (tmp_path / "one.jsonl").read_text() == (tmp_path / "two.jsonl").read_text()

    import yaml

    profile = yaml.safe_load((PROFILES / "basic.yaml").read_text())
    profile.update(name="surrogates", text={"operator": "surrogate"})
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "surrogates.yaml").write_text(yaml.safe_dump(profile))
    from app.text.engine import ReportDeidentifier

    engine = ReportDeidentifier(ProfileLibrary(tmp_path / "profiles").get("surrogates"), keys)
    first, again = engine.deidentify(REPORT, PATIENT), engine.deidentify(REPORT, PATIENT)
    assert first.text == again.text and "[NAME]" not in first.text
    assert all(phi not in first.text for phi in PHI)
