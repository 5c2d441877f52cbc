#!/usr/bin/env python3
"""Digest the report engine's output on every text corpus: a speed change must leave every digest unchanged.

    PYTHONPATH=. .venv/bin/python scripts/bench/text_digest.py [--physionet DIR] [--openi CSV] [--openi-reports 600]

Per corpus one digest covers, for every report, the entities found with the caller's known identifiers
(when the report has a patient) and without them (type, offsets, score, known flag), and the text
`deidentify` returns under the basic profile with fixed keys. Corpora: the deid_text bench corpus (300
reports, seed 11), every JSONL report set under tests/data/text (the adversarial and held-out sets),
and, when given, the first OpenI reports (indication, comparison, findings, impression) and the PhysioNet
notes. Only digests and counts are printed, never text, so scoring-only sets stay unread.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from app.identity import IdentityKeys  # noqa: E402
from app.profiles import ProfileLibrary  # noqa: E402
from app.text.engine import ReportDeidentifier  # noqa: E402
from app.text.known_phi import KnownPhi  # noqa: E402
from tests.synth.physionet import physionet_reports  # noqa: E402
from tests.synth.report_corpus import generate_report_corpus  # noqa: E402

KEYS = IdentityKeys(b"u" * 32, b"p" * 32, b"d" * 32)
TEXT_SETS = REPO / "tests" / "data" / "text"


def corpora(physionet: Path | None, openi: Path | None, openi_reports: int) -> dict[str, list[dict]]:
    """Name -> reports ({"id", "text", "patient"?}) of every corpus available."""
    sets = {"bench": generate_report_corpus(300, 11)}
    for path in sorted(TEXT_SETS.glob("*.jsonl")):
        if not path.stem.endswith("_labels"):
            sets[path.stem] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                               if line.strip()]
    if openi is not None:
        with openi.open(newline="", encoding="utf-8") as handle:
            rows = [row for _, row in zip(range(openi_reports), csv.DictReader(handle))]
        sets["openi"] = [{"id": row["uid"], "text": "\n".join(
            row[key] for key in ("indication", "comparison", "findings", "impression") if row[key])} for row in rows]
    if physionet is not None:
        sets["physionet"] = physionet_reports(physionet)[0]
    return sets


def digest(engine: ReportDeidentifier, reports: list[dict]) -> str:
    """One digest of the entities and cleaned text of every report, in order."""
    h = hashlib.sha256()
    for report in reports:
        patient = report.get("patient")
        for known in (KnownPhi.from_patient(patient) if patient else None, None):
            entities = engine.analyze(report["text"], known)
            h.update(repr([(e.type, e.start, e.end, round(e.score, 6), e.known) for e in entities]).encode())
        h.update(engine.deidentify(report["text"], patient, report_id=str(report.get("id", ""))).text.encode())
    return h.hexdigest()


def main() -> None:
    """Print one digest per corpus and a total."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--physionet", type=Path, help="folder holding id.text and id-phi.phrase (optional)")
    parser.add_argument("--openi", type=Path, help="the OpenI indiana_reports.csv (optional)")
    parser.add_argument("--openi-reports", type=int, default=600)
    args = parser.parse_args()
    for given, needed in ((args.physionet, args.physionet and args.physionet / "id.text"), (args.openi, args.openi)):
        if given is not None and not needed.is_file():
            parser.error(f"no such file: {needed}")
    engine = ReportDeidentifier(ProfileLibrary(REPO / "profiles").get("basic"), KEYS)
    total, count = hashlib.sha256(), 0
    print("| corpus | reports | digest |\n|---|---:|---|")
    for name, reports in corpora(args.physionet, args.openi, args.openi_reports).items():
        value = digest(engine, reports)
        total.update(value.encode())
        count += len(reports)
        print(f"| {name} | {len(reports)} | {value[:16]} |")
    print(f"\ntotal digest over {count} reports: {total.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
