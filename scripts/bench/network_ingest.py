#!/usr/bin/env python3
"""Benchmark DICOM over the network into the index: DICOMweb from a local Orthanc, C-STORE into `cleanroom scp`.

    .venv/bin/python scripts/bench/network_ingest.py [--instances 500] [--studies 10] [--only scp]
                                                     [--associations 1]

Needs the test-only Debian packages (orthanc, orthanc-dicomweb, dcmtk: `scripts/setup --test`). Untimed:
N synthetic CT instances (pydicom's CT_small with fresh UIDs, spread over the studies) are written to a
folder and uploaded to an Orthanc on free loopback ports. Timed, each into a fresh SQLite index:
`ingest_dicomweb` (QIDO-RS, then WADO-RS per instance, kept in the archive folder, indexed), the same
again (nothing new: the QIDO-RS queries and the index look-ups only), the receiver (`start_receiver`,
as `cleanroom scp` runs it) taking the folder from dcmtk's `storescu` (--associations senders at once,
as several modalities send) and from pynetdicom as the sender (one association), and, for reference,
`ingest_dicom` of the folder itself. A receiver row ends when every instance is indexed, not when the
last is answered. The "answer only" row is pynetdicom with the same presentation contexts and a handler
that only answers success: the floor the receiver's own work adds to. `--only scp` runs the receiver rows alone (no Orthanc needed).

Prints a table. Orthanc and the senders share the machine's cores with Cleanroom, and so does everyone
else's work on a shared machine (the load average is printed), so beside the wall clock it prints the CPU
seconds Cleanroom's process used (the receiver runs in this process's threads; Orthanc's and the senders'
CPU is not in it) and the CPU milliseconds that makes per instance.
"""
from __future__ import annotations

import argparse
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pydicom import dcmread  # noqa: E402
from pydicom.data import get_testdata_file  # noqa: E402
from pydicom.uid import generate_uid  # noqa: E402
from pynetdicom import AE, AllStoragePresentationContexts, evt  # noqa: E402
from pynetdicom.sop_class import CTImageStorage  # noqa: E402

from app.db import Database  # noqa: E402
from app.ingest.dicomweb import ingest_dicomweb, make_query  # noqa: E402
from app.ingest.folder import ingest_dicom  # noqa: E402
from app.ingest.receiver import ACCEPTED_SYNTAXES, Receiver, ReceiverSettings, start_receiver  # noqa: E402
from app.sealed import Sealer  # noqa: E402
from tests.support.orthanc import running_orthanc, upload  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=500)
    parser.add_argument("--studies", type=int, default=10)
    parser.add_argument("--associations", type=int, default=1,
                        help="storescu senders at once, the folder split between them")
    parser.add_argument("--only", choices=("all", "scp"), default="all")
    args = parser.parse_args()
    sealer = Sealer(secrets.token_hex(32).encode())
    with tempfile.TemporaryDirectory(prefix="bench-network-") as scratch:
        scratch = Path(scratch)
        folder = _corpus(scratch / "corpus", args.instances, args.studies)
        rows = []
        if args.only == "all":
            rows.extend(_dicomweb(scratch, sealer, folder))
        rows.append(_answer_only(lambda port: _storescu(port, folder, args.associations),
                                 f"storescu, {args.associations} association(s) at once: pynetdicom's own cost"))
        rows.append(_receive(_fresh_index(scratch, "scp-dcmtk"), sealer, scratch / "archive-dcmtk",
                             lambda port: _storescu(port, folder, args.associations),
                             f"storescu, {args.associations} association(s) at once"))
        rows.append(_receive(_fresh_index(scratch, "scp-pynetdicom"), sealer, scratch / "archive-pynetdicom",
                             lambda port: _pynetdicom(port, folder),
                             "pynetdicom sender, one association, in this process: its CPU counted"))
        db = _fresh_index(scratch, "folder")
        local, cpu = _with_cpu(lambda: ingest_dicom(db, sealer, [folder]))
        rows.append(("folder ingest (reference)", local.files_in, local.seconds, cpu, f"{local.indexed} indexed"))
    print(f"{'what':<30} {'instances':>9} {'wall s':>7} {'per s':>6} {'CPU s':>6} {'CPU ms/inst':>11}  note")
    for what, items, seconds, cpu, note in rows:
        print(f"{what:<30} {items:>9} {seconds:>7.2f} {items / seconds if seconds else 0:>6,.0f} {cpu:>6.2f} "
              f"{1000 * cpu / items if items else 0:>11.2f}  {note}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def _dicomweb(scratch: Path, sealer: Sealer, folder: Path) -> list[tuple]:
    """Upload the folder to a fresh Orthanc (untimed), then ingest it over DICOMweb twice."""
    with running_orthanc(_mkdir(scratch / "orthanc")) as url:
        for path in sorted(folder.iterdir()):
            upload(url, path.read_bytes())
        db = _fresh_index(scratch, "dicomweb")
        first, cpu = _with_cpu(lambda: ingest_dicomweb(db, sealer, scratch / "archive-web", f"{url}/dicom-web",
                                                       make_query()))
        again, again_cpu = _with_cpu(lambda: ingest_dicomweb(db, sealer, scratch / "archive-web",
                                                             f"{url}/dicom-web", make_query()))
    return [("DICOMweb from Orthanc, new", first.fetched, first.seconds, cpu,
             f"{first.studies} studies, {first.indexed} indexed"),
            ("DICOMweb again, nothing new", again.instances_found, again.seconds, again_cpu,
             f"{again.fetched} fetched, {again.already_indexed} already indexed")]


def _corpus(folder: Path, instances: int, studies: int) -> Path:
    """Write `instances` CT files spread over `studies` studies (one series each), fresh UIDs, synthetic only."""
    folder.mkdir(parents=True)
    template = dcmread(get_testdata_file("CT_small.dcm"))
    study_series = [(generate_uid(), generate_uid()) for _ in range(studies)]
    for n in range(instances):
        template.StudyInstanceUID, template.SeriesInstanceUID = study_series[n % studies]
        template.SOPInstanceUID = template.file_meta.MediaStorageSOPInstanceUID = generate_uid()
        template.PatientID, template.InstanceNumber = f"BENCH{n % studies:04d}", n
        template.save_as(folder / f"{n:05d}.dcm", enforce_file_format=True)
    return folder


def _receive(db: Database, sealer: Sealer, archive: Path, send, note: str) -> tuple:
    """Time one receiver run: start listening, `send(port)`, stop once everything answered is indexed."""
    receiver = Receiver(db, sealer, archive)

    def run() -> float:
        listening = start_receiver(receiver, ReceiverSettings("127.0.0.1", 0, "BENCH"))
        started = time.monotonic()
        try:
            send(listening.port)
        finally:
            listening.stop()  # returns once the last instance is indexed
        return time.monotonic() - started

    seconds, cpu = _with_cpu(run)
    return ("C-STORE into cleanroom scp", receiver.counts["indexed"], seconds, cpu, note)


def _answer_only(send, note: str) -> tuple:
    """Time pynetdicom alone: the receiver's presentation contexts, a C-STORE handler that only answers success."""
    ae = AE("BENCH")
    for context in AllStoragePresentationContexts:
        ae.add_supported_context(context.abstract_syntax, ACCEPTED_SYNTAXES)
    answered = []
    server = ae.start_server(("127.0.0.1", 0), block=False,
                             evt_handlers=[(evt.EVT_C_STORE, lambda event: answered.append(1) or 0x0000)])

    def run() -> float:
        started = time.monotonic()
        try:
            send(server.server_address[1])
        finally:
            server.shutdown()
        return time.monotonic() - started

    seconds, cpu = _with_cpu(run)
    return ("C-STORE, answer only", len(answered), seconds, cpu, note)


def _storescu(port: int, folder: Path, associations: int) -> None:
    """Send the folder with dcmtk's storescu, split over `associations` senders running at once."""
    files = sorted(folder.iterdir())
    share = -(-len(files) // associations)
    senders = [subprocess.Popen(["storescu", "-aec", "BENCH", "127.0.0.1", str(port),
                                 *map(str, files[start:start + share])], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL) for start in range(0, len(files), share)]
    if any(sender.wait() for sender in senders):
        raise RuntimeError("storescu failed")


def _pynetdicom(port: int, folder: Path) -> None:
    ae = AE("BENCHSCU")
    ae.add_requested_context(CTImageStorage)
    association = ae.associate("127.0.0.1", port, ae_title="BENCH")
    try:
        for path in sorted(folder.iterdir()):
            if association.send_c_store(path).Status != 0x0000:
                raise RuntimeError("the receiver refused an instance")
    finally:
        association.release()


def _with_cpu(run):
    """Return run()'s result and the CPU seconds this process used meanwhile (its threads, not its children)."""
    def used() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    before = used()
    result = run()
    return result, used() - before


def _fresh_index(scratch: Path, name: str) -> Database:
    db = Database(f"sqlite:///{scratch / name}.db", secrets.token_bytes(32))  # with an audit key, as served
    db.upgrade()
    return db


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


if __name__ == "__main__":
    main()
