"""`cleanroom scp`: a C-STORE SCP with C-ECHO that keeps and indexes what dcmtk and pynetdicom send, refuses
what it must not keep without logging PHI, goes on receiving, and loses nothing it answered when the index
is unavailable or the process is killed."""
import json
import logging
import os
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from pydicom import dcmread
from pydicom.uid import ExplicitVRLittleEndian
from pynetdicom import AE
from pynetdicom import _config as pynetdicom_config
from pynetdicom.sop_class import CTImageStorage, Verification

from app.db import Database
from app.ingest import receiver as receiver_module
from app.ingest.receiver import SPOOL, Receiver, ReceiverSettings, start_receiver
from app.ingest.reports import ingest_reports
from app.models import AuditEvent, Instance, Report
from tests.dicom_factory import ACCESSION, FAMILY, GIVEN, MRN, PHI_STRINGS, instance, to_bytes
from tests.integration.served import free_port
from tests.support.cli import cleanroom
from tests.unit.ontology.conftest import MINI

AE_TITLE = "CLEANROOM"


@pytest.fixture
def overrides(overrides):
    return {**overrides, "CLEANROOM_ONTOLOGY": str(MINI)}  # the small ontology: reports annotate in no time


@pytest.fixture
def receiver(services):
    """A receiver on a free loopback port, in this process's threads, indexing into `services`."""
    receiving = Receiver(services.db, services.sealer(), services.settings.archive_dir)
    listening = start_receiver(receiving, ReceiverSettings("127.0.0.1", 0, AE_TITLE))
    yield receiving, listening.port
    listening.stop()


def indexed_uids(db) -> set[str]:
    with db.session() as session:
        return set(session.scalars(sa.select(Instance.sop_instance_uid)))


def indexed_soon(db, expected: set[str]) -> bool:
    """Return True once the index holds exactly `expected`: the receiver answers first and indexes right after."""
    return eventually(lambda: indexed_uids(db) == expected)


def dcmtk(program: str, port: int, *args, called: str = AE_TITLE) -> subprocess.CompletedProcess:
    return subprocess.run([program, "-aec", called, "127.0.0.1", str(port), *map(str, args)],
                          capture_output=True, text=True, timeout=60)


def eventually(check, timeout_s: float = 10.0) -> bool:
    """Return True once `check()` is true; the receiver's threads log and audit after they answer the peer."""
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def associate(port: int, *contexts):
    ae = AE("TESTSCU")
    for context in contexts or (CTImageStorage, Verification):
        ae.add_requested_context(context)
    return ae.associate("127.0.0.1", port, ae_title=AE_TITLE)


def test_echoscu_and_storescu_are_answered_and_what_is_sent_is_kept(services, receiver, tmp_path):
    _, port = receiver
    assert dcmtk("echoscu", port).returncode == 0
    study = instance().StudyInstanceUID
    sent = [instance(study, Manufacturer="ACME") for _ in range(3)]
    for n, ds in enumerate(sent):
        (tmp_path / f"{n}.dcm").write_bytes(to_bytes(ds))
    result = dcmtk("storescu", port, *sorted(tmp_path.glob("*.dcm")))
    assert result.returncode == 0, result.stderr
    assert indexed_soon(services.db, {ds.SOPInstanceUID for ds in sent})
    assert eventually(lambda: not any((services.settings.archive_dir / SPOOL).iterdir()))  # all moved into place
    kept = sorted((p for p in services.settings.archive_dir.rglob("*") if p.is_file()), key=lambda p: p.name)
    assert [p.name for p in kept] == sorted(f"{ds.SOPInstanceUID}.dcm" for ds in sent)
    assert {stat.S_IMODE(p.stat().st_mode) for p in kept} == {0o600}
    original = {ds.SOPInstanceUID: ds for ds in sent}
    for path in kept:
        received = dcmread(path)
        assert received.PixelData == original[received.SOPInstanceUID].PixelData
        assert received.PatientName == f"{FAMILY}^{GIVEN}"  # the archive is the identified original


def test_pynetdicom_sends_are_indexed_and_waiting_reports_linked(services, receiver, tmp_path):
    reports = tmp_path / "reports.jsonl"
    reports.write_text(json.dumps({"id": "r1", "text": "Small left pleural effusion.", "accession": ACCESSION}))
    ingest_reports(services.db, services.sealer(), services.annotator(), [reports])
    _, port = receiver
    association = associate(port)
    assert association.is_established
    assert association.send_c_echo().Status == 0x0000
    ds = instance()
    assert association.send_c_store(ds).Status == 0x0000
    association.release()
    assert indexed_soon(services.db, {ds.SOPInstanceUID})
    # Offered implicit VR first (pynetdicom's default order), the receiver took explicit VR: every VR kept.
    kept = dcmread(next(services.settings.archive_dir.rglob(f"{ds.SOPInstanceUID}.dcm")))
    assert kept.file_meta.TransferSyntaxUID == ExplicitVRLittleEndian
    # Reports are linked, then the association audited, when it ends (in the receiver's thread).
    audited = sa.select(AuditEvent).where(AuditEvent.action == "ingest.scp")
    with services.db.session() as session:
        assert eventually(lambda: session.scalars(audited).first() is not None)
        event = session.scalars(audited).one()
        assert session.scalar(sa.select(Report.link)) == "accession"
    assert event.actor == "scp:TESTSCU" and json.loads(event.details)["indexed"] == 1


def malformed_file(tmp_path: Path) -> Path:
    """A file whose meta says CT but whose data set is random bytes."""
    ds = instance()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian  # what the receiver accepts first
    good = to_bytes(ds)
    meta_end = 132 + 12 + int.from_bytes(good[140:144], "little")  # preamble, DICM, group length element, group
    path = tmp_path / "garbage.dcm"
    path.write_bytes(good[:meta_end] + os.urandom(3000))
    return path


def test_malformed_data_sets_are_refused_without_phi_and_the_receiver_goes_on(services, receiver, tmp_path, caplog,
                                                                             monkeypatch):
    monkeypatch.setattr(pynetdicom_config, "STORE_SEND_CHUNKED_DATASET", True)  # a file's bytes sent as they are
    receiving, port = receiver
    no_study = instance()
    del no_study.StudyInstanceUID
    escaping = instance(StudyInstanceUID="../../../outside")
    caplog.set_level(logging.WARNING)
    association = associate(port)
    statuses = [association.send_c_store(ds).Status for ds in (no_study, escaping)]
    statuses.append(association.send_c_store(malformed_file(tmp_path)).Status)
    good = instance()
    statuses.append(association.send_c_store(good).Status)
    association.release()
    assert statuses[:3] == [0xA900, 0xA900, 0xA900] and statuses[3] == 0x0000
    assert indexed_soon(services.db, {good.SOPInstanceUID})
    assert eventually(lambda: receiving.counts == {"indexed": 1, "refused_invalid_uid": 3})
    assert not (services.settings.archive_dir.parent / "outside").exists()
    logged = caplog.text
    assert logged.count("refused a data set from 127.0.0.1") == 3
    for value in (*PHI_STRINGS, no_study.SOPInstanceUID, escaping.SOPInstanceUID, good.SOPInstanceUID):
        assert value not in logged


def test_unknown_abstract_syntax_wrong_ae_title_and_junk_are_refused_and_it_goes_on(services, receiver, tmp_path,
                                                                                   caplog):
    _, port = receiver
    caplog.set_level(logging.WARNING)
    unknown = associate(port, "1.2.826.0.1.3680043.8.498.1.999")
    assert not unknown.is_established  # no presentation context it could accept
    assert eventually(lambda: "abstract syntax not supported (1.2.826.0.1.3680043.8.498.1.999)" in caplog.text)
    (tmp_path / "ct.dcm").write_bytes(to_bytes(instance()))
    assert dcmtk("storescu", port, tmp_path / "ct.dcm", called="SOMEONE_ELSE").returncode != 0
    assert eventually(lambda: "refused an association from 127.0.0.1" in caplog.text)
    with socket.create_connection(("127.0.0.1", port)) as junk:
        junk.sendall(b"\x07\x00\x00\x00\x00\x04" + MRN.encode() * 50)
    assert dcmtk("echoscu", port).returncode == 0
    assert dcmtk("storescu", port, tmp_path / "ct.dcm").returncode == 0
    assert eventually(lambda: len(indexed_uids(services.db)) == 1)
    assert MRN not in caplog.text


def test_what_was_answered_while_the_index_was_unusable_is_indexed_at_the_next_start(services, tmp_path,
                                                                                     monkeypatch, caplog):
    monkeypatch.setattr(receiver_module, "WRITE_RETRY_S", 0.01)
    archive = services.settings.archive_dir
    unusable = Database(f"sqlite:///{tmp_path / 'not-migrated.db'}")  # no tables: every index write fails
    first = Receiver(unusable, services.sealer(), archive)
    listening = start_receiver(first, ReceiverSettings("127.0.0.1", 0, AE_TITLE))
    sent = [instance() for _ in range(2)]
    caplog.set_level(logging.WARNING)
    try:
        association = associate(listening.port)
        assert [association.send_c_store(ds).Status for ds in sent] == [0x0000, 0x0000]
        association.release()
    finally:
        listening.stop()
    unusable.engine.dispose()
    assert first.counts["waiting_in_spool"] == 2 and "indexed" not in first.counts
    assert len(list((archive / SPOOL).iterdir())) == 2
    assert "received instance(s) could not be indexed (OperationalError)" in caplog.text

    second = Receiver(services.db, services.sealer(), archive)
    start_receiver(second, ReceiverSettings("127.0.0.1", 0, AE_TITLE)).stop()
    assert indexed_uids(services.db) == {ds.SOPInstanceUID for ds in sent}
    assert second.counts == {"indexed": 2, "recovered": 2}
    assert not any((archive / SPOOL).iterdir())
    assert {p.name for p in archive.rglob("*.dcm")} == {f"{ds.SOPInstanceUID}.dcm" for ds in sent}
    with services.db.session() as session:
        audited = session.scalars(sa.select(AuditEvent).where(AuditEvent.actor == "scp:spool")).one()
    assert json.loads(audited.details) == {"recovered": 2}
    for value in (*PHI_STRINGS, *(ds.SOPInstanceUID for ds in sent)):
        assert value not in caplog.text


def run_scp(overrides: dict, port: int, ae_title: str = "ARCHIVE1") -> subprocess.Popen:
    """Start `cleanroom scp` on 127.0.0.1:`port` and return once it answers C-ECHO."""
    process = subprocess.Popen([sys.executable, "-m", "app", "scp", "--host", "127.0.0.1", "--port", str(port),
                                "--ae-title", ae_title], env={**os.environ, **overrides},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while dcmtk("echoscu", port, called=ae_title).returncode != 0:
        assert process.poll() is None and time.monotonic() < deadline, "cleanroom scp did not start"
        time.sleep(0.2)
    return process


def test_a_killed_receiver_loses_nothing_it_answered(services, overrides, tmp_path):
    sent = [instance() for _ in range(30)]
    for n, ds in enumerate(sent):
        (tmp_path / f"{n:02d}.dcm").write_bytes(to_bytes(ds))
    port = free_port()
    process = run_scp(overrides, port)
    # Another writer holds the index, so nothing answered gets indexed before the receiver is killed.
    writer = sqlite3.connect(services.db.engine.url.database)
    try:
        writer.execute("BEGIN IMMEDIATE")
        result = dcmtk("storescu", port, *sorted(tmp_path.glob("*.dcm")), called="ARCHIVE1")
        process.kill()  # SIGKILL: no stop, no last batch
        process.communicate(timeout=60)
    finally:
        writer.rollback()
        writer.close()
    assert result.returncode == 0, result.stderr  # all 30 answered
    assert indexed_uids(services.db) == set()
    process = run_scp(overrides, port)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "indexing 30 instance(s) received before the receiver last stopped" in err
    assert indexed_uids(services.db) == {ds.SOPInstanceUID for ds in sent}
    assert not any((services.settings.archive_dir / SPOOL).iterdir())
    assert not any(value in err for value in PHI_STRINGS)


def test_cli_receiver_stores_until_sigterm_then_stops_cleanly(services, overrides, tmp_path):
    port = free_port()
    process = run_scp(overrides, port)
    try:
        (tmp_path / "ct.dcm").write_bytes(to_bytes(ds := instance()))
        assert dcmtk("storescu", port, tmp_path / "ct.dcm", called="ARCHIVE1").returncode == 0
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "receiving as ARCHIVE1 on 127.0.0.1" in err and "stopped; 1 indexed" in err
    assert indexed_uids(services.db) == {ds.SOPInstanceUID}
    assert not any(value in out + err for value in PHI_STRINGS)


@pytest.mark.parametrize("title", ["X" * 17, "   ", "A\\B"])
def test_cli_refuses_a_bad_ae_title_in_one_line(overrides, title):
    result = cleanroom("scp", "--host", "127.0.0.1", "--ae-title", title, env=overrides)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == "error: the AE title must be 1 to 16 characters, no backslash or control characters"


def test_cli_refuses_a_port_in_use(overrides):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = cleanroom("scp", "--host", "127.0.0.1", "--port", taken.getsockname()[1], env=overrides)
    assert result.returncode == 2 and "cannot listen on 127.0.0.1:" in result.stderr, result.stderr
