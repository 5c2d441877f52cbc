#!/usr/bin/env python3
"""Benchmark report annotation on real chest X-ray reports: IU/OpenI against NegBio's gold standard.

    .venv/bin/python scripts/bench/annotate_real.py --reports PATH [--half dev|held-out|both] [--misses N]

PATH is the OpenI (Indiana University) chest X-ray report collection, which is not shipped: either
its CSV export (columns uid, findings, impression; uid 1 is CXR1) or a directory of its XML
files (1.xml ... with FINDINGS and IMPRESSION AbstractText). The gold standard
(tests/data/annotation/real/openi_gold14.csv, from NegBio, public domain) marks each report's
positive ChestX-ray14 labels and "normal"; its 0 means "not positive" (negated, uncertain or
unmentioned), so only the positive label is scored, at report level, after mapping the
annotator's concept labels to the 14 labels (tests/data/annotation/real/chestxray14.yaml, is-a
descendants included). The reports split in two halves by the parity of their number: odd is the
dev half (looked at while improving the engine), even is the held-out half (only scored).
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.config import REPO_ROOT  # noqa: E402
from app.ontology import Annotator, load_ontology  # noqa: E402
from app.ontology.context import PRESENT, UNCERTAIN  # noqa: E402
from app.synth.annotation_eval import Tally  # noqa: E402
from app.synth.label_sets import LabelSet, load_label_set  # noqa: E402

REAL = REPO_ROOT / "tests" / "data" / "annotation" / "real"
HALVES = {"dev": 1, "held-out": 0}


def read_reports(path: Path) -> dict[str, str]:
    """Return report ID (CXR<n>) -> "FINDINGS: ...\\nIMPRESSION: ..." from the CSV export or the XML directory."""
    if path.is_dir():
        reports = {}
        for xml_file in sorted(path.glob("*.xml")):
            parts = {(node.get("Label") or "").lower(): node.text or ""
                     for node in ET.parse(xml_file).getroot().iter("AbstractText")}
            reports[f"CXR{xml_file.stem}"] = report_text(parts.get("findings", ""), parts.get("impression", ""))
        return reports
    with path.open(newline="", encoding="utf-8") as handle:
        return {f"CXR{row['uid']}": report_text(row["findings"], row["impression"]) for row in csv.DictReader(handle)}


def report_text(findings: str, impression: str) -> str:
    """Join the two sections the gold standard was read from, each under its header."""
    return "\n".join(f"{head}: {body.strip()}" for head, body in (("FINDINGS", findings), ("IMPRESSION", impression))
                     if body and body.strip())


def read_gold(path: Path) -> dict[str, set[str]]:
    """Return report ID -> the labels the gold standard marks positive."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["filename"]: {k for k, v in row.items() if k != "filename" and v.strip() == "1"}
                for row in csv.DictReader(handle)}


def half_of(report_id: str) -> str:
    """Return the half a report belongs to: odd numbers are dev, even are held-out."""
    return "dev" if int(report_id.removeprefix("CXR")) % 2 == HALVES["dev"] else "held-out"


def score(annotator: Annotator, label_set: LabelSet, reports: dict[str, str], gold: dict[str, set[str]],
          positive: tuple[str, ...]) -> tuple[dict[str, Tally], list[tuple[str, str, str]], float]:
    """Tally each label over the reports; return the tallies, the misses (label, kind, ID) and the seconds taken."""
    tallies = {label: Tally() for label in label_set.labels}
    misses = []
    seconds = 0.0
    for rid, text in reports.items():
        started = time.perf_counter()
        labels = annotator.annotate(text).labels
        seconds += time.perf_counter() - started
        found = label_set.report_labels(annotator.ontology, labels)
        for label, tally in tallies.items():
            truth, guess = label in gold[rid], found.get(label) in positive
            tally.tp += truth and guess
            tally.fp += guess and not truth
            tally.fn += truth and not guess
            if truth != guess:
                misses.append((label, "FN" if truth else "FP", rid))
    return tallies, misses, seconds


def row(name: str, t: Tally) -> list[str]:
    """Return one table row: support, TP, FP, FN, precision, recall, F1."""
    precision = t.tp / (t.tp + t.fp) if t.tp + t.fp else 1.0
    recall = t.tp / t.support if t.support else 1.0
    return [name, str(t.support), str(t.tp), str(t.fp), str(t.fn), f"{precision:.3f}", f"{recall:.3f}", f"{t.f1:.3f}"]


def micro(tallies: list[Tally]) -> Tally:
    """Return the sum of several tallies."""
    return Tally(sum(t.tp for t in tallies), sum(t.fp for t in tallies), sum(t.fn for t in tallies))


def main() -> None:
    """Score the chosen halves and print a table per half."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, required=True, help="the OpenI report CSV or XML directory")
    parser.add_argument("--gold", type=Path, default=REAL / "openi_gold14.csv")
    parser.add_argument("--labels", type=Path, default=REAL / "chestxray14.yaml")
    parser.add_argument("--half", choices=[*HALVES, "both"], default="dev")
    parser.add_argument("--uncertain-positive", action="store_true",
                        help="count a label the report leaves uncertain as positive")
    parser.add_argument("--misses", type=int, default=0, help="print up to N missed dev reports per label")
    args = parser.parse_args()
    if not args.reports.exists():
        parser.error(f"no such file or directory: {args.reports}")
    try:
        reports, gold = read_reports(args.reports), read_gold(args.gold)
        ontology = load_ontology(REPO_ROOT / "ontologies" / "radiology.ttl")
        label_set = load_label_set(args.labels, ontology)
    except KeyError as error:
        parser.error(f"cannot read the inputs: no column {error}")
    except (OSError, ValueError, ET.ParseError) as error:
        parser.error(f"cannot read the inputs: {error}")
    annotator = Annotator(ontology)
    positive = (PRESENT, UNCERTAIN) if args.uncertain_positive else (PRESENT,)
    shared = sorted(set(reports) & set(gold), key=lambda rid: int(rid.removeprefix("CXR")))
    print(f"## OpenI: {len(shared)} reports with gold labels ({len(reports)} read, {len(gold)} in the gold standard); "
          f"positive = {' or '.join(positive)}\n")
    for half in (HALVES if args.half == "both" else [args.half]):
        chosen = {rid: reports[rid] for rid in shared if half_of(rid) == half}
        tallies, misses, seconds = score(annotator, label_set, chosen, gold, positive)
        findings = [t for label, t in tallies.items() if label != label_set.normal]
        print(f"### {half} half: {len(chosen)} reports, {len(chosen) / seconds:.0f} reports/s\n")
        rows = [row(label, t) for label, t in tallies.items()]
        rows.append(row(f"micro, {len(findings)} findings", micro(findings)))
        rows.append(row("micro, all labels", micro(list(tallies.values()))))
        header = ["label", "gold positive", "TP", "FP", "FN", "precision", "recall", "F1"]
        print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
        print("\n".join("| " + " | ".join(r) + " |" for r in rows) + "\n")
        if args.misses and half == "dev":
            for label, kind, rid in sorted(misses):
                if sum(1 for m in misses if m[:2] == (label, kind) and m[2] <= rid) <= args.misses:
                    print(f"{kind} {label} {rid}: {chosen[rid]!r}")


if __name__ == "__main__":
    main()
