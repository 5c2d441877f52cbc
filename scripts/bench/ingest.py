#!/usr/bin/env python3
"""Benchmark ingest into the archive index: DICOM instances/s (headers only) and reports/s with annotation.

    .venv/bin/python scripts/bench/ingest.py [--files 2000] [--reports 2000] [--seed 11] [--repeat 3]
                                             [--workers 1,2] [--no-postgres] [--keep DIR]

One synthetic corpus (`tests.synth.dicom_corpus.generate_corpus`: CT, MR, CR, US with PHI-laden headers,
sequences, private tags, some junk files) and one set of synthetic reports (`tests.synth.reports`) are
generated once, untimed. Each backend (SQLite in a temporary folder; PostgreSQL in a fresh database on
CLEANROOM_TEST_PG or the local server, dropped afterwards) then gets a freshly migrated index, and the
timed part is exactly what `cleanroom ingest` runs: `ingest_dicom` (first run: inserts; second run:
the same files again, updates), `ingest_reports` (read, annotate, seal, link, store findings) and
`reannotate_reports` over the same reports marked as annotated with an older ontology. The
ontology is loaded before timing (the CLI loads it once per process). With --repeat N every row is
run N times, fresh index each time, and the fastest kept. Prints a table; nothing printed holds a value
from the data.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import sqlalchemy as sa  # noqa: E402

from app.config import REPO_ROOT  # noqa: E402
from app.db import Database  # noqa: E402
from app.ingest.folder import ingest_dicom  # noqa: E402
from app.ingest.reannotate import reannotate_reports  # noqa: E402
from app.ingest.reports import ingest_reports  # noqa: E402
from app.models import Report  # noqa: E402
from app.ontology import Annotator, load_ontology  # noqa: E402
from app.sealed import Sealer  # noqa: E402
from tests.synth.dicom_corpus import CORPUS_DIRNAME, generate_corpus  # noqa: E402
from tests.synth.reports import generate_reports  # noqa: E402

PG_ADMIN_URL = os.environ.get("CLEANROOM_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000, help="DICOM files in the corpus (at least)")
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workers", default="1", help="comma list of --workers values for the DICOM rows")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--keep", type=Path, help="generate the data here (reused when already there)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as scratch:
        data = args.keep or Path(scratch) / "data"
        corpus, reports = _prepare(data, args.files, args.reports, args.seed)
        annotator = Annotator(load_ontology(REPO_ROOT / "ontologies" / "radiology.ttl", Path(scratch) / "cache"))
        annotator.annotate("warm-up: no pleural effusion.")
        sealer = Sealer(secrets.token_hex(32).encode())
        backends = ["sqlite"] + ([] if args.no_postgres else ["postgresql"])
        rows = []
        for backend in backends:
            for workers in (int(w) for w in args.workers.split(",")):
                rows.append(_fastest(args.repeat, lambda: _dicom_row(backend, scratch, sealer, corpus, workers)))
            rows.append(_fastest(args.repeat, lambda: _reports_row(backend, scratch, sealer, annotator, reports)))
    _print_table([row for pair in rows for row in (pair if isinstance(pair, list) else [pair])])


def _prepare(data: Path, files: int, reports: int, seed: int) -> tuple[Path, Path]:
    corpus, report_file = data / CORPUS_DIRNAME, data / "bench-reports.jsonl"
    if not corpus.exists():
        print(f"generating a corpus of at least {files} files (untimed) ...", file=sys.stderr)
        generate_corpus(data, patients=max(1, files // 14), seed=seed, min_files=files)
    if not report_file.exists():
        report_file.write_text("".join(json.dumps(r) + "\n" for r in generate_reports(reports, seed)))
    return corpus, report_file


class _Index:
    """A freshly migrated, empty index on one backend; dropped on exit."""

    def __init__(self, backend: str, scratch: str):
        self.backend, self.name = backend, f"bench_ingest_{uuid.uuid4().hex[:10]}"
        if backend == "sqlite":
            self.url = f"sqlite:///{Path(scratch) / (self.name + '.db')}"
        else:
            self.admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with self.admin.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{self.name}"'))
            self.url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{self.name}"

    def __enter__(self) -> Database:
        self.db = Database(self.url, secrets.token_bytes(32))  # the audit chain is keyed from its first event
        self.db.upgrade()
        return self.db

    def __exit__(self, *exc) -> None:
        self.db.engine.dispose()
        if self.backend != "sqlite":
            with self.admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            self.admin.dispose()


def _dicom_row(backend: str, scratch: str, sealer: Sealer, corpus: Path, workers: int) -> list[dict]:
    with _Index(backend, scratch) as db:
        first, first_cpu = _with_cpu(lambda: ingest_dicom(db, sealer, [corpus], workers))
        again, again_cpu = _with_cpu(lambda: ingest_dicom(db, sealer, [corpus], workers))
    return [
        {"backend": backend, "what": f"DICOM, new (workers {workers})", "items": first.files_in,
         "note": f"{first.indexed} indexed, {first.skipped} skipped, {first.unreadable} unreadable",
         "seconds": first.seconds, "cpu": first_cpu},
        {"backend": backend, "what": f"DICOM, again (workers {workers})", "items": again.files_in,
         "note": f"{again.updated} updated", "seconds": again.seconds, "cpu": again_cpu},
    ]


def _reports_row(backend: str, scratch: str, sealer: Sealer, annotator: Annotator, reports: Path) -> list[dict]:
    with _Index(backend, scratch) as db:
        summary, cpu = _with_cpu(lambda: ingest_reports(db, sealer, annotator, [reports]))
        with db.engine.begin() as conn:  # as if annotated with an older ontology: every report is stale
            conn.execute(sa.update(Report).values(ontology_version="bench-older"))
        again, again_cpu = _with_cpu(lambda: reannotate_reports(db, sealer, annotator))
    return [
        {"backend": backend, "what": "reports + annotation", "items": summary.reports_in,
         "note": f"{summary.stored} stored, {summary.findings} findings", "seconds": summary.seconds, "cpu": cpu},
        {"backend": backend, "what": "re-annotation, all stale", "items": again.stale,
         "note": f"{again.reannotated} re-annotated, {again.findings} findings", "seconds": again.seconds,
         "cpu": again_cpu},
    ]


def _with_cpu(run):
    """Return run()'s result and the CPU seconds it used here and in worker processes (not the database server's).

    On a shared machine the wall clock also counts other people's work; CPU time shows what the code costs.
    """
    def used() -> float:
        return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                     resource.getrusage(resource.RUSAGE_CHILDREN)))
    before = used()
    result = run()
    return result, used() - before


def _fastest(repeat: int, run):
    results = [run() for _ in range(max(1, repeat))]
    if isinstance(results[0], list):
        return [min((r[i] for r in results), key=lambda row: row["seconds"]) for i in range(len(results[0]))]
    return min(results, key=lambda row: row["seconds"])


def _print_table(rows: list[dict]) -> None:
    print(f"{'backend':<11} {'what':<28} {'items':>6} {'wall s':>7} {'per s':>6} {'CPU s':>6} {'per CPU s':>9}  note")
    for row in rows:
        rate = row["items"] / row["seconds"] if row["seconds"] else 0.0
        cpu_rate = row["items"] / row["cpu"] if row["cpu"] else 0.0
        print(f"{row['backend']:<11} {row['what']:<28} {row['items']:>6} {row['seconds']:>7.2f} {rate:>6,.0f} "
              f"{row['cpu']:>6.2f} {cpu_rate:>9,.0f}  {row['note']}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; PostgreSQL server CPU not in 'CPU s'")


if __name__ == "__main__":
    main()
