#!/usr/bin/env python3
"""Benchmark report annotation: ontology load time, reports/s (single process) and label accuracy.

    .venv/bin/python scripts/bench/annotate.py [--reports 1000] [--seed 5]

Load: the shipped ontology is loaded in fresh interpreters, once with an empty cache (rdflib parse,
owlready2 closure, compile) and once from the compiled cache, each followed by building the
matcher. Speed: `Annotator.annotate` over generated reports (tests.synth.finding_reports), after a
warm-up, per CPU second of this process (wall seconds beside it). Accuracy: report-level labels against the gold standard of the generated reports and of
the two hand-written sets (tests/data/annotation/), scored within the gold standard's
vocabulary (the core concepts; a finer concept counts as its nearest core ancestor).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.config import REPO_ROOT  # noqa: E402
from app.ontology import Annotator, load_ontology  # noqa: E402
from tests.synth.annotation_eval import score_annotations  # noqa: E402
from tests.synth.finding_reports import CORE_CONCEPTS, generate_finding_reports, load_labelled  # noqa: E402

ONTOLOGY = REPO_ROOT / "ontologies" / "radiology.ttl"
LABELLED = {"hand-written": REPO_ROOT / "tests" / "data" / "annotation" / "handwritten.jsonl",
            "blind (written without seeing the engine)": REPO_ROOT / "tests" / "data" / "annotation" / "blind.jsonl"}
LOAD_SNIPPET = """
import sys, time
from pathlib import Path
started = time.perf_counter()
from app.ontology import Annotator, load_ontology
Annotator(load_ontology(Path(sys.argv[1]), Path(sys.argv[2])))
print(time.perf_counter() - started)
"""


def load_seconds(cache: Path) -> float:
    """Return the seconds a fresh interpreter takes to import, load the ontology and build the matcher."""
    out = subprocess.run([sys.executable, "-c", LOAD_SNIPPET, str(ONTOLOGY), str(cache)], check=True,
                         capture_output=True, text=True, cwd=REPO_ROOT)
    return float(out.stdout.strip().splitlines()[-1])


def table(header: list[str], rows: list[list[str]]) -> None:
    """Print a Markdown table."""
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()


def main() -> None:
    """Measure and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        cold = load_seconds(Path(tmp))
        warm = min(load_seconds(Path(tmp)) for _ in range(3))
    ontology = load_ontology(ONTOLOGY)
    annotator = Annotator(ontology)
    print(f"## Ontology {ontology.version}: {len(ontology)} concepts, nproc={os.cpu_count()}\n")
    table(["load (fresh process, incl. imports and matcher)", "seconds"],
          [["cold: parse + compile + write cache", f"{cold:.2f}"], ["warm: from the compiled cache", f"{warm:.2f}"]])

    reports = generate_finding_reports(args.reports, args.seed)
    size = sum(len(r.text) for r in reports) / len(reports)
    for report in reports[:20]:
        annotator.annotate(report.text)
    started, cpu_started = time.perf_counter(), time.process_time()
    for report in reports:
        annotator.annotate(report.text)
    # Rates are per CPU second (this process's own), so other load on the machine does not lower them.
    seconds, wall = time.process_time() - cpu_started, time.perf_counter() - started
    print(f"## Speed: {len(reports)} reports (mean {size:.0f} characters), seed {args.seed}, single process\n")
    table(["reports per CPU s", "kB per CPU s", "CPU ms/report", "wall s"],
          [[f"{len(reports) / seconds:.0f}", f"{sum(len(r.text) for r in reports) / seconds / 1000:.0f}",
            f"{1000 * seconds / len(reports):.2f}", f"{wall:.2f}"]])

    sets = [("generated", reports)] + [(name, load_labelled(path)) for name, path in LABELLED.items()]
    rows = []
    for name, items in sets:
        result = score_annotations(annotator, items, CORE_CONCEPTS)
        worst = result.worst_concepts(minimum_support=5, limit=1)
        present_worst = min((t.f1 for t in result.present_by_concept.values() if t.support >= 5), default=1.0)
        rows.append([name, str(len(items)), *[f"{result.by_status[s].f1:.3f}" for s in result.by_status],
                     f"{result.overall.f1:.3f}", f"{present_worst:.3f}",
                     f"{worst[0][1].f1:.3f} ({ontology.get(worst[0][0]).label})" if worst else "-"])
    print("## Accuracy: report-level labels, F1\n")
    table(["set", "reports", "present", "absent", "uncertain", "historical", "all statuses (micro)",
           "worst concept, present (support ≥ 5)", "worst concept, all statuses (support ≥ 5)"], rows)


if __name__ == "__main__":
    main()
