#!/usr/bin/env python3
"""Benchmark DICOM over the network into the index: DICOMweb from a local Orthanc, C-STORE into `cleanroom scp`.

    .venv/bin/python scripts/bench/network_ingest.py [--instances 500] [--studies 10]

Needs the test-only Debian packages (orthanc, orthanc-dicomweb, dcmtk: `scripts/setup --test`). Untimed:
N synthetic CT instances (pydicom's CT_small with fresh UIDs, spread over the studies) are written to a
folder and uploaded to an Orthanc on free loopback ports. Timed, each into a fresh SQLite index:
`ingest_dicomweb` (QIDO-RS, then WADO-RS per instance, kept in the archive folder, indexed), the same
again (nothing new: the QIDO-RS queries and the index look-ups only), the receiver (`start_receiver`,
as `cleanroom scp` runs it) taking the folder from dcmtk's `storescu` in one association, and, for
reference, `ingest_dicom` of the folder itself. Prints a table; Orthanc and storescu share the machine's
cores with Cleanroom, and so does everyone else's work on a shared machine (the load average is printed).
"""
from __future__ import annotations

import argparse
import os
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

from app.db import Database  # noqa: E402
from app.ingest.dicomweb import ingest_dicomweb, make_query  # noqa: E402
from app.ingest.folder import ingest_dicom  # noqa: E402
from app.ingest.receiver import Receiver, ReceiverSettings, start_receiver  # noqa: E402
from app.sealed import Sealer  # noqa: E402
from tests.support.orthanc import running_orthanc, upload  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=500)
    parser.add_argument("--studies", type=int, default=10)
    args = parser.parse_args()
    sealer = Sealer(secrets.token_hex(32).encode())
    with tempfile.TemporaryDirectory(prefix="bench-network-") as scratch:
        scratch = Path(scratch)
        folder = _corpus(scratch / "corpus", args.instances, args.studies)
        rows = []
        with running_orthanc(_mkdir(scratch / "orthanc")) as url:
            for path in sorted(folder.iterdir()):
                upload(url, path.read_bytes())
            db = _fresh_index(scratch, "dicomweb")
            first = ingest_dicomweb(db, sealer, scratch / "archive-web", f"{url}/dicom-web", make_query())
            rows.append(("DICOMweb from Orthanc, new", first.fetched, first.seconds,
                         f"{first.studies} studies, {first.indexed} indexed"))
            again = ingest_dicomweb(db, sealer, scratch / "archive-web", f"{url}/dicom-web", make_query())
            rows.append(("DICOMweb again, nothing new", again.instances_found, again.seconds,
                         f"{again.fetched} fetched, {again.already_indexed} already indexed"))
        rows.append(_receive(_fresh_index(scratch, "scp"), sealer, scratch / "archive-scp", folder))
        local = ingest_dicom(_fresh_index(scratch, "folder"), sealer, [folder])
        rows.append(("folder ingest (reference)", local.files_in, local.seconds, f"{local.indexed} indexed"))
    print(f"{'what':<30} {'instances':>9} {'wall s':>7} {'per s':>6}  note")
    for what, items, seconds, note in rows:
        print(f"{what:<30} {items:>9} {seconds:>7.2f} {items / seconds if seconds else 0:>6,.0f}  {note}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


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


def _receive(db: Database, sealer: Sealer, archive: Path, folder: Path) -> tuple:
    receiver = Receiver(db, sealer, archive)
    listening = start_receiver(receiver, ReceiverSettings("127.0.0.1", 0, "BENCH"))
    try:
        started = time.monotonic()
        subprocess.run(["storescu", "-aec", "BENCH", "127.0.0.1", str(listening.port), "+sd", str(folder)],
                       check=True, capture_output=True)
        seconds = time.monotonic() - started
    finally:
        listening.stop()
    return ("C-STORE into cleanroom scp", receiver.counts["indexed"], seconds, "storescu, one association")


def _fresh_index(scratch: Path, name: str) -> Database:
    db = Database(f"sqlite:///{scratch / name}.db", secrets.token_bytes(32))  # with an audit key, as served
    db.upgrade()
    return db


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


if __name__ == "__main__":
    main()
