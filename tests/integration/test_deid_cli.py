"""`cleanroom deid dicom` end to end: layout, linkage file, quarantine, summary, audit, bad input."""
import csv
import json
from pathlib import Path

import pytest

from app.deid.quarantined import SOURCE_COLUMN
from app.models import AuditEvent, QuarantinedFile
from tests.dicom_factory import MRN, PHI_STRINGS, instance, to_bytes
from tests.support.cli import cleanroom


@pytest.fixture
def source(tmp_path) -> Path:
    src = tmp_path / "incoming" / f"case of {MRN}"
    src.mkdir(parents=True)
    study = instance().StudyInstanceUID
    for i in range(4):
        (src / f"img{i}.dcm").write_bytes(to_bytes(instance(study)))
    (src / "ultrasound.dcm").write_bytes(to_bytes(instance(Modality="US")))
    (src / "notes.txt").write_text("not an image")
    (src / "broken.dcm").write_bytes(to_bytes(instance())[:900])
    return tmp_path / "incoming"


@pytest.fixture
def env(services, overrides):
    return overrides


@pytest.mark.ocr
def test_run_writes_layout_linkage_quarantine_and_summary(env, services, source, tmp_path):
    dst, link = tmp_path / "out", tmp_path / "broker" / "link.csv"
    result = cleanroom("deid", "dicom", source, dst, "--profile", "research", "--link-file", link, "--json", env=env)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    # The ultrasound is read by OCR (research cleans pixels): no text in it, so it is released.
    assert (summary["files_in"], summary["written"], summary["quarantined"], summary["skipped"]) == (7, 5, 1, 1)
    assert summary["reasons"] == {"unreadable": 1, "not_dicom": 1}
    outputs = sorted(dst.rglob("*.dcm"))
    assert len(outputs) == 5 and len({p.parent.parent.parent for p in outputs}) == 1
    assert all(len(p.relative_to(dst).parts) == 4 for p in outputs)
    rows = list(csv.DictReader(link.open()))
    assert list(rows[0]) == ["source_path", "output_path", "source_sop_instance_uid", "output_sop_instance_uid",
                             "status", "reason"]
    assert sorted(r["status"] for r in rows) == ["ok"] * 5 + ["quarantined"] + ["skipped"]
    quarantine = dst.with_name("out.quarantine")
    assert len(list(quarantine.rglob("*.dcm"))) == 1 and len(list(quarantine.rglob("*.json"))) == 1
    listed = cleanroom("quarantine", "list", quarantine, "--json", env=env)
    entries = [json.loads(line) for line in listed.stdout.splitlines()]
    assert listed.returncode == 0 and len(entries) == 1 and "1 quarantined file(s)" in listed.stderr
    assert {e["reason_code"] for e in entries} == set(summary["reasons"]) - {"not_dicom"}
    assert all((quarantine / e["file"]).is_file() for e in entries)
    everything = listed.stdout + result.stdout + result.stderr + "".join(p.read_bytes().decode("latin-1") for p in outputs)
    for phi in PHI_STRINGS:
        assert phi not in everything
    with services.db.session() as session:
        event = session.query(AuditEvent).filter_by(action="deid.dicom").one()
        assert json.loads(event.details)["written"] == 5 and MRN not in event.details


def test_a_quarantine_sidecar_names_its_source_only_by_the_database_reference(env, services, source, tmp_path):
    dst = tmp_path / "out"
    result = cleanroom("deid", "dicom", source, dst, "--profile", "basic", "--json", env=env)
    assert result.returncode == 0, result.stderr
    sidecars = {p.parent.name: p.read_text() for p in dst.with_name("out.quarantine").rglob("*.json")}
    assert "unreadable" in sidecars
    for text in sidecars.values():
        for phi in (*PHI_STRINGS, "incoming", ".dcm"):
            assert phi not in text  # the source folder is named after the patient's MRN
    with services.db.session() as session:
        rows = {row.reason_code: row for row in session.query(QuarantinedFile)}
    # What an operator needs: the sidecar's reference finds the database record, whose sealed path opens.
    assert {code: json.loads(text)["source_lookup"] for code, text in sidecars.items()} == \
        {code: row.source_lookup for code, row in rows.items()}
    listed = cleanroom("quarantine", "list", dst.with_name("out.quarantine"), "--json", env=env)
    assert {json.loads(line)["source_lookup"] for line in listed.stdout.splitlines()} == \
        {row.source_lookup for row in rows.values()}
    text = cleanroom("quarantine", "list", dst.with_name("out.quarantine"), env=env)
    assert f"ref {rows['unreadable'].source_lookup[:12]}" in text.stdout
    opened = services.sealer().open(rows["unreadable"].source_sealed, SOURCE_COLUMN)
    assert opened == str((source / f"case of {MRN}" / "broken.dcm").resolve())


def test_two_workers_give_identical_outputs(env, source, tmp_path):
    one = cleanroom("deid", "dicom", source, tmp_path / "one", "--profile", "basic", env=env)
    two = cleanroom("deid", "dicom", source, tmp_path / "two", "--profile", "basic", "--workers", "2", env=env)
    assert one.returncode == two.returncode == 0
    files_one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*.dcm")}
    files_two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*.dcm")}
    assert files_one == files_two and len(files_one) == 4


@pytest.mark.parametrize("extra, message", [
    (["--link-file", "{dst}/link.csv"], "--link-file must not be inside"),
    (["--quarantine", "{dst}/q"], "--quarantine must not be inside"),
    (["--profile", "nonexistent"], "no profile named"),
])
def test_unsafe_or_wrong_arguments_are_refused(env, source, tmp_path, extra, message):
    dst = tmp_path / "out"
    args = ["deid", "dicom", source, dst] + [a.format(dst=dst) for a in extra]
    if "--profile" not in extra:
        args += ["--profile", "basic"]
    result = cleanroom(*args, env=env)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert not dst.exists()


def test_missing_source_is_a_usage_error(env, tmp_path):
    result = cleanroom("deid", "dicom", tmp_path / "nope", tmp_path / "out", "--profile", "basic", env=env)
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_profiles_commands(env, services, tmp_path):
    listing = cleanroom("profiles", "list", "--json", env=env)
    assert {p["name"] for p in json.loads(listing.stdout)} >= {"basic", "research", "limited-data-set"}
    shown = cleanroom("profiles", "show", "research", env=env)
    assert "StudyDate" in shown.stdout and "retain_long_modified_dates" in shown.stdout
    changed = cleanroom("profiles", "diff", "basic", "research", env=env)
    assert "dicom.dates.mode: remove -> shift" in changed.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nversion: 1\ndescription: x\ndicom:\n  overrides:\n    NotAKeyword: X\n")
    checked = cleanroom("profiles", "check", bad, env=env)
    assert checked.returncode == 2 and "NotAKeyword" in checked.stderr


def test_edited_profile_without_new_version_is_refused(env, services, tmp_path, overrides):
    import shutil

    folder = tmp_path / "profiles"
    shutil.copytree(Path(__file__).resolve().parents[2] / "profiles", folder)
    env = {**env, "CLEANROOM_PROFILES_DIR": str(folder)}
    assert cleanroom("profiles", "list", env=env).returncode == 0
    path = folder / "research.yaml"
    path.write_text(path.read_text().replace("[-3650, -365]", "[-30, -1]"))
    refused = cleanroom("profiles", "list", env=env)
    assert refused.returncode == 2 and "raise `version`" in refused.stderr
    path.write_text(path.read_text().replace("version: 3", "version: 4"))
    assert cleanroom("profiles", "list", env=env).returncode == 0
    diffed = cleanroom("profiles", "diff", "research@3", "research@4", env=env)
    assert "dicom.dates.shift_days" in diffed.stdout


@pytest.mark.parametrize("command", ["dicom", "reports", "text"])
def test_every_deid_command_refuses_an_edited_profile_that_kept_its_version(env, services, tmp_path, command):
    import shutil

    folder = tmp_path / "profiles"
    shutil.copytree(Path(__file__).resolve().parents[2] / "profiles", folder)
    env = {**env, "CLEANROOM_PROFILES_DIR": str(folder)}
    assert cleanroom("profiles", "list", env=env).returncode == 0  # records basic@2 as shipped
    path = folder / "basic.yaml"
    path.write_text(path.read_text().replace("operator: redact", "operator: surrogate"))
    (tmp_path / "in.dcm").write_bytes(to_bytes(instance()))
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "r1", "text": f"MRN {MRN}"}) + "\n")
    args = {"dicom": ("dicom", tmp_path / "in.dcm", tmp_path / "out"),
            "reports": ("reports", tmp_path / "in.jsonl", tmp_path / "out.jsonl"), "text": ("text",)}[command]
    refused = cleanroom("deid", *args, "--profile", "basic", stdin=f"MRN {MRN}", env=env)
    assert refused.returncode == 2 and "raise `version`" in refused.stderr
    assert refused.stdout == "" and not (tmp_path / "out").exists() and not (tmp_path / "out.jsonl").exists()
