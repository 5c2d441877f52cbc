#!/usr/bin/env python3
"""Benchmark cohort export: instances/s and peak memory, for two cohort sizes and 1 and 2 workers.

    .venv/bin/python scripts/bench/export.py [--patients 20,80] [--workers 1,2] [--profile research]
                                             [--modalities CT,MR] [--outputs dicom,reports,labels]
                                             [--seed 5] [--keep DIR]

For each size, one synthetic archive (`tests.synth.dicom_corpus.generate_corpus`: studies with
PHI-laden headers, two studies per patient, and `tests.synth.reports` reports linked to them) is
generated and indexed into a fresh SQLite instance, untimed. Under `research` each image at risk of
burned-in text (a few percent of the corpus's CT and MR instances) is read by OCR frame by frame,
masked and read again, which dominates the time; CR and US (`--modalities CT,MR,CR,US`) are mostly
at risk, so those rows are much slower. Each export then runs in a
freshly spawned interpreter, so its peak memory is its own: it loads the engines (untimed), then
the timed part is exactly what `cleanroom cohort export DEF DST --profile P --workers N` runs on the
definition "every study", with `--outputs` (NIfTI and PNG are derived from the de-identified DICOM;
compressed files, as the corpus's MR ones in RLE and JPEG 2000, are decoded for dcm2niix). Printed per
row: instances read per second, the parent's peak RSS before and during the export (VmHWM; the
difference is what the export itself held), and the largest worker's peak RSS (ru_maxrss of the
children). Nothing printed holds a value from the data.

A second table shows the memory bound at sizes de-identification would take hours for: an index of
`--walk` studies (two instances each, filled in bulk as `cohort_count.py` does, with sealed patient IDs
and file locations) is walked the way the export reads it, every study's patient opened and every
instance's location unsealed, in a fresh interpreter: studies/s and peak RSS.
"""
from __future__ import annotations

import argparse
import json
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.sealed import Sealer  # noqa: E402
from app.services import Services  # noqa: E402

ACTOR = "bench:export"
WALK_KEY = b"bench-walk-index-key"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", default="20,80", help="comma list of archive sizes, in patients")
    parser.add_argument("--workers", default="1,2", help="comma list of --workers values")
    parser.add_argument("--profile", default="research")
    parser.add_argument("--modalities", default="CT,MR")
    parser.add_argument("--outputs", default="dicom,reports,labels", help="comma list, as `cohort export --outputs`")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--walk", default="10000,100000", help="comma list of index sizes to walk, in studies")
    parser.add_argument("--keep", type=Path, help="build the archives and exports here (a new or empty folder)")
    parser.add_argument("--run-one", nargs=5, metavar=("INSTANCE", "DST", "PROFILE", "WORKERS", "OUTPUTS"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--walk-one", type=Path, metavar="DATABASE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one:
        instance, destination, profile, workers, outputs = args.run_one
        print(json.dumps(_export(Path(instance), Path(destination), profile, int(workers), tuple(outputs.split(",")))))
        return
    if args.walk_one:
        print(json.dumps(_walk(args.walk_one)))
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-export-") as scratch:
        root = args.keep or Path(scratch)
        for patients in (int(p) for p in args.patients.split(",") if p):
            instance = root / f"archive-{patients}"
            print(f"generating and indexing {patients} patients (untimed) ...", file=sys.stderr)
            _prepare(instance, patients, args.modalities.split(","), args.seed)
            for workers in (int(w) for w in args.workers.split(",")):
                destination = root / f"export-{patients}-w{workers}"
                done = subprocess.run([sys.executable, __file__, "--run-one", str(instance), str(destination),
                                       args.profile, str(workers), args.outputs], capture_output=True, text=True,
                                      check=True)
                rows.append({"patients": patients, "workers": workers, **json.loads(done.stdout.splitlines()[-1])})
        walks = []
        for studies in (int(n) for n in args.walk.split(",") if n):
            database = root / f"walk-{studies}.db"
            print(f"filling an index of {studies} studies (untimed) ...", file=sys.stderr)
            _fill_sealed(database, studies, args.seed)
            done = subprocess.run([sys.executable, __file__, "--walk-one", str(database)], capture_output=True,
                                  text=True, check=True)
            walks.append({"studies": studies, **json.loads(done.stdout.splitlines()[-1])})
    _print_table(rows, args.profile, args.modalities, args.outputs)
    _print_walks(walks)


def _overrides(instance: Path) -> dict:
    return {"CLEANROOM_INSTANCE": str(instance), "DATABASE_URL": f"sqlite:///{instance / 'cleanroom.db'}",
            "CLEANROOM_JOB_EXECUTOR": "inprocess", "CELERY_BROKER_URL": "",
            "CLEANROOM_DATA_DIR": str(instance / "data")}


def _prepare(instance: Path, patients: int, modalities: list[str], seed: int) -> None:
    """Generate an archive with linked reports and index it into a fresh instance (keys made on first use)."""
    from app.ingest.folder import ingest_dicom
    from app.ingest.reports import ingest_reports
    from tests.synth.dicom_corpus import CORPUS_DIRNAME, generate_corpus
    from tests.synth.reports import generate_reports

    manifest = generate_corpus(instance / "archive", patients=patients, seed=seed, studies_per_patient=(2, 2),
                               series_per_study=(1, 2), instances_per_series=(3, 5), modalities=modalities,
                               include_junk=False)
    reports = instance / "archive" / "reports.jsonl"
    reports.write_text("".join(json.dumps(r) + "\n" for r in generate_reports(manifest.studies, seed)))
    svc = Services.load({**_overrides(instance), "CLEANROOM_SECRET_KEY": _secret(instance)})
    svc.db.upgrade()
    ingest_dicom(svc.db, svc.sealer(), [instance / "archive" / CORPUS_DIRNAME], 2)
    ingest_reports(svc.db, svc.sealer(), svc.annotator(), [reports])
    svc.db.engine.dispose()


def _secret(instance: Path) -> str:
    path = instance / "bench-secret"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
    return path.read_text()


def _export(instance: Path, destination: Path, profile: str, workers: int, outputs: tuple[str, ...]) -> dict:
    """Export every study of the instance's index; return speed and memory (run in its own process)."""
    from app.cohorts.definition import parse_definition
    from app.exports.package import Engines, ExportPlan, export_cohort

    svc = Services.load({**_overrides(instance), "CLEANROOM_SECRET_KEY": _secret(instance)})
    runs, ontology = svc.runs(), svc.ontology()
    runs.policy(profile, actor=ACTOR)  # built here, untimed; the export below is handed the same engines
    runs.text_engine(profile, actor=ACTOR).deidentify("warm-up on 01/02/2003.", patient={"mrn": "0"})
    before = _peak_mib()
    read = [0]

    def progress(done: int, total: int) -> None:
        read[0] = done

    plan = ExportPlan(parse_definition({}), destination, outputs, workers=workers)
    started = time.perf_counter()
    summary = runs.export(profile, lambda export: export_cohort(svc.db, svc.sealer(), plan,
                                                                Engines.for_export(export, ontology), progress),
                          actor=ACTOR)
    seconds = time.perf_counter() - started
    return {"instances": read[0], "released": summary.instances, "studies": summary.studies,
            "seconds": round(seconds, 1), "per_second": round(read[0] / seconds, 1),
            "rss_before": before, "rss_peak": _peak_mib(),
            "worker_peak": _peak_mib(resource.RUSAGE_CHILDREN) if workers > 1 else None}


def _fill_sealed(database: Path, studies: int, seed: int) -> None:
    """Fill an index in bulk whose patient IDs and file locations open with the bench's index key."""
    import sqlalchemy as sa

    from app.db import Database
    from app.models import Instance, Patient
    from cohort_count import fill

    db = Database(f"sqlite:///{database}", audit_key=b"b" * 32)
    db.upgrade()
    fill(db, studies, seed)
    sealer = Sealer(WALK_KEY)
    with db.engine.begin() as conn:
        conn.execute(sa.update(Patient).values(patient_id_sealed=sealer.seal("BENCH-PATIENT", "patient_id")))
        conn.execute(sa.update(Instance).values(location_sealed=sealer.seal("/archive/bench.dcm", "location")))
        conn.execute(sa.text("ANALYZE"))
    db.engine.dispose()


def _walk(database: Path) -> dict:
    """Read every study and instance location of the index as the export does; return speed and memory."""
    from app.cohorts.definition import parse_definition
    from app.db import Database
    from app.exports.selection import CohortSelection

    selection = CohortSelection(Database(f"sqlite:///{database}", audit_key=b"b" * 32), Sealer(WALK_KEY),
                                parse_definition({}), lambda concept, deep: {concept})
    before = _peak_mib()
    started, studies, instances = time.perf_counter(), 0, 0
    for study in selection.studies():
        studies += 1
        instances += len(selection.files(study.id))
    seconds = time.perf_counter() - started
    return {"instances": instances, "seconds": round(seconds, 1), "per_second": round(studies / seconds),
            "rss_before": before, "rss_peak": _peak_mib()}


def _peak_mib(who: int = resource.RUSAGE_SELF) -> int:
    """Return the peak RSS in MiB of this process (VmHWM) or of its largest finished child (ru_maxrss).

    Not ru_maxrss for this process: on Linux it also holds the peak of the process that started this
    one (it survives exec), here the bench's own, which filled the index.
    """
    if who == resource.RUSAGE_SELF:
        status = Path("/proc/self/status").read_text()
        return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) // 1024
    return resource.getrusage(who).ru_maxrss // 1024  # KiB on Linux


def _print_walks(walks: list[dict]) -> None:
    if not walks:
        return
    print("\nWalking the selection as the export reads it (no de-identification)\n")
    print("| studies | instances | seconds | studies/s | peak RSS before | peak RSS walking |")
    print("|---|---|---|---|---|---|")
    for w in walks:
        print(f"| {w['studies']:,} | {w['instances']:,} | {w['seconds']} | {w['per_second']} | {w['rss_before']} MiB | "
              f"{w['rss_peak']} MiB |")


def _print_table(rows: list[dict], profile: str, modalities: str, outputs: str) -> None:
    if not rows:
        return
    print(f"\nCohort export of {modalities} studies, profile {profile}, outputs {outputs}\n")
    print("| patients | studies | instances | workers | seconds | instances/s | peak RSS before | peak RSS export |"
          " export added | worker peak RSS |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        worker = f"{r['worker_peak']} MiB" if r["worker_peak"] is not None else "-"
        print(f"| {r['patients']} | {r['studies']} | {r['instances']} | {r['workers']} | {r['seconds']} | "
              f"{r['per_second']} | {r['rss_before']} MiB | {r['rss_peak']} MiB | "
              f"{r['rss_peak'] - r['rss_before']} MiB | {worker} |")


if __name__ == "__main__":
    main()
