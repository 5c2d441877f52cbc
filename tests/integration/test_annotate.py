"""Annotation and ontology browsing end to end: the CLI and the API, on the engine-test ontology."""
import json

import pytest

from app.models import AuditEvent
from tests.conftest import auth, base_overrides
from tests.support.cli import cleanroom
from tests.unit.ontology.conftest import MINI

REPORT = ("INDICATION: Rule out pneumothorax.\nFINDINGS: No pneumothorax. Small left pleural effusion.\n"
          "IMPRESSION: Possible pneumonia. Status post lobectomy.")


@pytest.fixture
def overrides(tmp_path):
    return {**base_overrides(tmp_path), "CLEANROOM_ONTOLOGY": str(MINI)}


def test_annotate_jsonl_with_bad_lines_and_roll_up(services, overrides, tmp_path):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("\n".join([json.dumps({"id": "a", "text": REPORT}), "{broken",
                                 json.dumps({"id": "b"}), json.dumps({"id": 3, "text": "Subdural hematoma."})]) + "\n")
    result = cleanroom("annotate", source, out, "--roll-up", "--json", env=overrides)
    assert result.returncode == 0, result.stderr
    assert "line 2: skipped, not valid JSON" in result.stderr and "line 3: skipped" in result.stderr
    assert "{broken" not in result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["lines_in"], summary["written"], summary["invalid"]) == (4, 2, 2)
    assert summary["ontology_version"] == "0.1.0"
    first, second = (json.loads(line) for line in out.read_text().splitlines())
    assert [(f["label"], f["status"], f["section"]) for f in first["findings"]] == [
        ("pneumothorax", "uncertain", "indication"), ("pneumothorax", "absent", "findings"),
        ("pleural effusion", "present", "findings"), ("pneumonia", "uncertain", "impression"),
        ("lobectomy", "historical", "impression")]
    for f in first["findings"]:
        assert REPORT[f["start"]:f["end"]] == f["text"]
    assert first["labels"]["CLN00016"] == "absent" and first["labels"]["CLN00018"] == "present"
    assert first["labels"]["CLN00017"] == "present"  # rolled up: pleural effusion is-a effusion
    assert second["id"] == 3 and second["labels"]["CLN00012"] == "present"  # SDH → hemorrhage
    with services.db.session() as session:
        assert session.query(AuditEvent).filter_by(action="annotate.reports").count() == 1


def test_annotate_refuses_to_overwrite_its_input(services, overrides, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "No PTX."}) + "\n")
    result = cleanroom("annotate", source, source, env=overrides)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert source.read_text().startswith('{"id": "a"')


def test_annotate_into_an_unwritable_place_is_a_clear_error(services, overrides, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "No PTX."}) + "\n")
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = cleanroom("annotate", source, blocker / "out.jsonl", env=overrides)
    assert result.returncode == 2 and "cannot write the output" in result.stderr and "Traceback" not in result.stderr


def test_ontology_search_and_show_cli(overrides):
    result = cleanroom("ontology", "search", "haemorrhage", env=overrides)
    assert result.returncode == 0 and result.stdout.splitlines()[0].split()[:2] == ["CLN00012", "hemorrhage"]
    shown = json.loads(cleanroom("ontology", "show", "CLN00015", "--json", env=overrides).stdout)
    assert shown["abbreviations"] == ["SDH"] and {p["label"] for p in shown["parents"]} == {
        "intracranial hemorrhage", "hematoma"}
    missing = cleanroom("ontology", "show", "RID0", env=overrides)
    assert missing.returncode != 0 and "no concept" in missing.stderr and "Traceback" not in missing.stderr
    checked = cleanroom("ontology", "check", MINI, env=overrides)
    assert checked.returncode == 0 and "27 concepts" in checked.stdout


def test_ontology_check_reports_a_broken_file(overrides, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text(MINI.read_text().replace('rdfs:label "lung"@en ; rdfs:subClassOf cln:CLN00004 .',
                                               'rdfs:label "lung"@en ; rdfs:subClassOf cln:CLN00041 .'))
    result = cleanroom("ontology", "check", broken, env=overrides)
    assert result.returncode == 1 and "cycle" in result.stderr and "Traceback" not in result.stderr


def test_api_search_show_and_annotate(client, make_token, services):
    token = auth(make_token("researcher"))
    hits = client.get("/api/v1/ontology/concepts?q=PTX", headers=token).get_json()
    assert hits["ontology"]["version"] == "0.1.0" and hits["concepts"][0]["id"] == "CLN00016"
    concept = client.get("/api/v1/ontology/concepts/CLN00013", headers=token).get_json()
    assert concept["children"] == [{"id": "CLN00015", "label": "subdural hematoma"}]
    assert client.get("/api/v1/ontology/concepts/RID0", headers=token).status_code == 404
    assert client.get("/api/v1/ontology/concepts", headers=token).status_code == 400
    assert client.get("/api/v1/ontology/concepts?q=x&limit=0", headers=token).status_code == 400
    response = client.post("/api/v1/annotate", json={"text": REPORT, "roll_up": True}, headers=token)
    assert response.status_code == 200
    body = response.get_json()
    assert body["labels"]["CLN00022"] == "uncertain" and body["labels"]["CLN00017"] == "present"
    assert [f["status"] for f in body["findings"]][:2] == ["uncertain", "absent"]  # a question asked is uncertain
    assert client.post("/api/v1/annotate", json={"txt": "x"}, headers=token).status_code == 400
    assert client.post("/api/v1/annotate", data="x", headers=token).status_code == 400
    with services.db.session() as session:
        assert session.query(AuditEvent).filter_by(action="annotate.text").count() == 1
