#!/usr/bin/env python3
"""Benchmark feasibility counts: milliseconds per `count_cohort` on a large synthetic index.

    .venv/bin/python scripts/bench/cohort_count.py [--studies 100000] [--repeat 20] [--postgres]

A freshly migrated index (SQLite in a temporary folder, or a fresh PostgreSQL database) is filled
directly with N studies of N/2 patients: one series and two instances each, one report each with
two to four labels drawn from chest findings, random modalities, body parts, dates, ages and sexes.
Identifying columns hold sealed placeholders (the timed query never reads them). The timed part is
exactly what `cleanroom cohort count` and `POST /cohorts/count` run: the definition compiled to SQL
and every count, including label prevalence. Prints a table of the median and worst time per
definition; nothing printed holds a value from the data.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import sqlalchemy as sa  # noqa: E402

from app.cohorts.counts import concept_expander, count_cohort  # noqa: E402
from app.cohorts.definition import parse_definition  # noqa: E402
from app.config import REPO_ROOT  # noqa: E402
from app.db import Database  # noqa: E402
from app.models import Instance, Patient, Report, ReportLabel, Series, Study  # noqa: E402
from app.ontology import load_ontology  # noqa: E402

CONCEPTS = ("RID5352", "RID28525", "RID50149", "RID34539", "RID4872", "RID5350", "RID3875")
STATUSES = ("present", "present", "absent", "uncertain", "historical")
DEFINITIONS = {
    "two concepts": {"modalities": ["CT"], "include": [{"concept": "RID5352", "status": "present",
                                                        "descendants": True}],
                     "exclude": [{"concept": "RID50149", "status": "present"}]},
    "design example": {"modalities": ["CT"], "body_parts": ["CHEST"],
                       "study_date": {"from": "2015-01-01", "to": "2020-12-31"}, "age": {"min": 18, "max": 89},
                       "sex": ["F", "M"], "include": [{"concept": "RID5352", "status": "present", "descendants": True}],
                       "exclude": [{"concept": "RID50149", "status": "present"}], "labels": ["RID5352", "RID34539"]},
    "everything": {},
}


def fill(db: Database, studies: int, seed: int) -> None:
    """Insert the synthetic index in bulk (Core inserts, one transaction per table)."""
    rng = random.Random(seed)
    placeholder = b"\x00" * 28
    patients = max(1, studies // 2)
    with db.engine.begin() as conn:
        conn.execute(sa.insert(Patient.__table__), [
            {"id": p + 1, "patient_lookup": f"{p:064x}", "patient_id_sealed": placeholder,
             "sex": rng.choice("FMO")} for p in range(patients)])
        conn.execute(sa.insert(Study.__table__), [
            {"id": s + 1, "patient_id": rng.randrange(patients) + 1, "study_uid": f"2.25.{s}",
             "study_date": date(2010, 1, 1) + timedelta(days=rng.randrange(4000)), "age_years": rng.randrange(0, 95)}
            for s in range(studies)])
        conn.execute(sa.insert(Series.__table__), [
            {"id": s + 1, "study_id": s + 1, "series_uid": f"2.25.1{s}", "modality": rng.choice(("CT", "CT", "MR", "CR")),
             "body_part": rng.choice(("CHEST", "CHEST", "ABDOMEN", "HEAD"))} for s in range(studies)])
        conn.execute(sa.insert(Instance.__table__), [
            {"series_id": s // 2 + 1, "sop_instance_uid": f"2.25.2{s}", "location_sealed": placeholder,
             "burned_in_risk": rng.random() < 0.05, "number_of_frames": 1} for s in range(studies * 2)])
        conn.execute(sa.insert(Report.__table__), [
            {"id": s + 1, "report_lookup": f"{s:064x}", "report_id_sealed": placeholder, "source_format": "jsonl",
             "study_id": s + 1, "link": "accession", "text_sealed": placeholder, "ontology_version": "bench"}
            for s in range(studies)])
        conn.execute(sa.insert(ReportLabel.__table__), [
            {"report_id": s + 1, "study_id": s + 1, "concept_id": concept, "status": rng.choice(STATUSES)}
            for s in range(studies) for concept in rng.sample(CONCEPTS, rng.randint(2, 4))])


def time_counts(db: Database, expand, repeat: int) -> dict[str, list[float]]:
    """Return each definition's count times in milliseconds."""
    times: dict[str, list[float]] = {name: [] for name in DEFINITIONS}
    for _ in range(repeat):
        for name, data in DEFINITIONS.items():
            definition = parse_definition(data)
            with db.session() as session:
                start = time.perf_counter()
                count_cohort(session, definition, expand)
                times[name].append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    """Build the index, time the counts, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--postgres", action="store_true", help="also on a fresh PostgreSQL database")
    args = parser.parse_args()
    expand = concept_expander(load_ontology(REPO_ROOT / "ontologies" / "radiology.ttl"))
    backends = [("sqlite", None)]
    if args.postgres:
        backends.append(("postgresql", f"cleanroom_bench_{uuid.uuid4().hex[:8]}"))
    print("| backend | definition | studies | median ms | worst ms |\n|---|---|---|---|---|")
    for backend, pg_name in backends:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.db"
            admin = None
            if pg_name:
                admin = sa.create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                                         isolation_level="AUTOCOMMIT")
                with admin.connect() as conn:
                    conn.execute(sa.text(f'CREATE DATABASE "{pg_name}"'))
                url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{pg_name}"
            db = Database(url, audit_key=b"b" * 32)
            try:
                db.upgrade()
                fill(db, args.studies, args.seed)
                with db.engine.begin() as conn:
                    conn.execute(sa.text("ANALYZE"))
                for name, ms in time_counts(db, expand, args.repeat).items():
                    print(f"| {backend} | {name} | {args.studies:,} | {statistics.median(ms):.1f} | {max(ms):.1f} |")
            finally:
                db.engine.dispose()
                if admin is not None:
                    with admin.connect() as conn:
                        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))
                    admin.dispose()


if __name__ == "__main__":
    main()
