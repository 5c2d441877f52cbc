"""A killed export resumes: the export job in `cleanroom serve`, and `cleanroom cohort export`, each SIGKILLed mid-run.

The resumed package's data files are byte-identical to an uninterrupted export's, and the studies the
killed run had finished are kept as they were (same files), not done again.
"""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.auth import accounts
from app.exports.journal import work_folder
from tests.conftest import base_overrides, open_services
from tests.integration.served import call, serving
from tests.support.archive import build_archive
from tests.support.cli import cleanroom

STUDIES = 12
ARCHIVE = [(STUDIES, "CT", "CHEST", "19700101", "IMPRESSION: Small right pneumothorax.")]
DEFINITION = {"modalities": ["CT"], "labels": ["RID5352"]}


@pytest.fixture(scope="module")
def cohort(tmp_path_factory, migrated_instance):
    """An indexed archive of two-instance studies, and an uninterrupted export of it to compare with."""
    root = tmp_path_factory.mktemp("resume")
    env = base_overrides(root)
    with open_services(env, migrated_instance) as svc:
        build_archive(svc, root / "archive", ARCHIVE, per_study=2,
                      report_prefix="Seen on 05/02/2018 by Dr. Alder Quint, MRN PAT0001. ")
        definition = root / "definition.json"
        definition.write_text(json.dumps(DEFINITION))
        # Outputs and seed as a request's export has them: dicom, labels, reports; seed 0.
        reference = cleanroom("cohort", "export", definition, root / "reference", "--profile", "research", env=env)
        assert reference.returncode == 0, reference.stderr
        tokens = {}
        with svc.db.session() as session:
            for role in ("researcher", "reviewer"):
                accounts.add_user(session, role, role, "correct horse battery", actor="test")
                tokens[role] = accounts.create_token(session, role, actor="test", username=role)[1]
        yield SimpleNamespace(env=env, definition=definition, reference=root / "reference" / "data", tokens=tokens,
                              data_dir=Path(env["CLEANROOM_DATA_DIR"]))


def finished_studies(journal: Path) -> list[dict]:
    """Return the study lines of an export's journal (its first line is the export's identity)."""
    return [json.loads(line) for line in journal.read_text().splitlines()[1:]]


def kill_when_some_studies_are_done(process: subprocess.Popen, journal: Path) -> list[dict]:
    """SIGKILL the process once its export has finished two studies; return the studies finished by then."""
    deadline = time.monotonic() + 120
    while not journal.exists() or len(journal.read_text().splitlines()) < 3:
        assert process.poll() is None and time.monotonic() < deadline, "the export ended or stalled before the kill"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    done = finished_studies(journal)
    assert 2 <= len(done) < STUDIES  # killed mid-run
    return done


def kept_files(work: Path, done: list[dict]) -> dict[str, int]:
    """Return the inode of every DICOM file the finished studies wrote, by its path in the package."""
    files = {}
    for study in done:
        for pseudonym, study_uid in study["folders"]:
            folder = work / "payload" / "dicom" / pseudonym / study_uid
            files.update({str(p.relative_to(work / "payload")): p.stat().st_ino for p in folder.rglob("*.dcm")})
    assert len(files) == 2 * len(done)
    return files


def assert_same_data(package: Path, reference: Path) -> None:
    files = sorted(str(p.relative_to(reference)) for p in reference.rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(package)) for p in package.rglob("*") if p.is_file())
    assert [f for f in files if (package / f).read_bytes() != (reference / f).read_bytes()] == []


def test_a_killed_server_resumes_the_export_job_keeping_the_finished_studies(cohort):
    body = {"definition": DEFINITION, "purpose": "Train a pneumothorax detector on chest CT.",
            "irb_protocol": "IRB-2026-0042", "profile": "research"}
    with serving(cohort.env) as (port, server):
        status, request = call(port, "/cohort-requests", cohort.tokens["researcher"], body)
        assert status == 201, request
        status, _ = call(port, f"/cohort-requests/{request['id']}/decision", cohort.tokens["reviewer"],
                         {"decision": "approve", "comment": "ok"})
        assert status == 200
        work = work_folder(cohort.data_dir / "exports" / f"request-{request['id']}")
        done = kill_when_some_studies_are_done(server, work / "journal.jsonl")
    kept = kept_files(work, done)
    with serving(cohort.env) as (port, _):  # the in-process executor resumes unfinished jobs at start
        deadline = time.monotonic() + 120
        while (export := call(port, f"/exports/{request['id']}", cohort.tokens["researcher"])[1])["state"] != "ready":
            assert export["state"] == "exporting" and time.monotonic() < deadline, export
            time.sleep(0.1)
    assert export["job"]["counts"]["studies_resumed"] == len(done)
    package = cohort.data_dir / "exports" / f"request-{request['id']}"
    assert_same_data(package / "data", cohort.reference)
    assert {path: (package / "data" / path).stat().st_ino for path in kept} == kept  # the same files, not redone
    assert not work.exists() and (cohort.data_dir / "exports" / f"request-{request['id']}.zip").is_file()


def test_a_killed_cli_export_resumes_when_run_again(cohort, tmp_path):
    destination = tmp_path / "package"
    command = [sys.executable, "-m", "app", "cohort", "export", str(cohort.definition), str(destination),
               "--profile", "research"]
    killed = subprocess.Popen(command, env={**os.environ, **cohort.env}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    done = kill_when_some_studies_are_done(killed, work_folder(destination) / "journal.jsonl")
    kept = kept_files(work_folder(destination), done)
    again = cleanroom("cohort", "export", cohort.definition, destination, "--profile", "research", "--json",
                      env=cohort.env)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout.splitlines()[-1])["studies_resumed"] == len(done)
    assert f"resumed: {len(done)} stud(ies) kept" in again.stderr
    assert_same_data(destination / "data", cohort.reference)
    assert {path: (destination / "data" / path).stat().st_ino for path in kept} == kept
    assert not work_folder(destination).exists()
