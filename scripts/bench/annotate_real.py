#!/usr/bin/env python3
"""Benchmark report annotation on real chest X-ray reports: IU/OpenI against NegBio's gold standard.

    .venv/bin/python scripts/bench/annotate_real.py --reports PATH [--half dev|held-out|both] [--misses N]
        [--gold CSV --labels YAML] [--uncertain-positive]

PATH is the OpenI (Indiana University) chest X-ray report collection, which is not shipped: either
its CSV export (columns uid, findings, impression; uid 1 is CXR1) or a directory of its XML
files (1.xml ... with FINDINGS and IMPRESSION AbstractText). The default gold standard
(tests/data/annotation/real/openi_gold14.csv, from NegBio, public domain) marks each report's
positive ChestX-ray14 labels and "normal"; its 0 means "not positive" (negated, uncertain or
unmentioned), so only the positive label is scored, at report level, after mapping the
annotator's concept labels to the gold's labels (tests/data/annotation/real/chestxray14.yaml, is-a
descendants included). A gold standard in CheXpert's format (1, 0, -1, blank; map: chexpert.yaml)
is scored for present, absent and uncertain. The reports split in two halves by the parity of
their number: odd is the dev half (looked at while improving the engine), even is the held-out half.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.config import REPO_ROOT  # noqa: E402
from app.ontology import Annotator, load_ontology  # noqa: E402
from tests.synth.annotation_eval import Tally  # noqa: E402
from tests.synth.label_gold import read_label_gold, score_labels  # noqa: E402
from tests.synth.label_sets import load_label_set  # noqa: E402

REAL = REPO_ROOT / "tests" / "data" / "annotation" / "real"
HALVES = ("dev", "held-out")


def read_reports(path: Path) -> dict[str, str]:
    """Return report ID (CXR<n>) -> "FINDINGS: ...\\nIMPRESSION: ..." from the CSV export or the XML directory."""
    if path.is_dir():
        reports = {}
        for xml_file in sorted(path.glob("*.xml")):
            try:
                root = ET.parse(xml_file).getroot()
            except ET.ParseError as error:
                raise ValueError(f"{xml_file.name}: {error}") from None
            parts = {(node.get("Label") or "").lower(): node.text or "" for node in root.iter("AbstractText")}
            reports[f"CXR{xml_file.stem}"] = report_text(parts.get("findings", ""), parts.get("impression", ""))
        return reports
    with path.open(newline="", encoding="utf-8") as handle:
        return {f"CXR{row['uid']}": report_text(row["findings"], row["impression"]) for row in csv.DictReader(handle)}


def report_text(findings: str, impression: str) -> str:
    """Join the two sections the gold standard was read from, each under its header."""
    return "\n".join(f"{head}: {body.strip()}" for head, body in (("FINDINGS", findings), ("IMPRESSION", impression))
                     if body and body.strip())


def half_of(report_id: str) -> str:
    """Return the half a report belongs to: odd numbers are dev, even (or none) are held-out."""
    digits = re.findall(r"\d+", report_id)
    return "dev" if digits and int(digits[-1]) % 2 == 1 else "held-out"


def row(name: str, t: Tally) -> list[str]:
    """Return one table row: support, TP, FP, FN, precision, recall, F1."""
    precision = t.tp / (t.tp + t.fp) if t.tp + t.fp else 1.0
    recall = t.tp / t.support if t.support else 1.0
    return [name, str(t.support), str(t.tp), str(t.fp), str(t.fn), f"{precision:.3f}", f"{recall:.3f}", f"{t.f1:.3f}"]


def main() -> None:
    """Score the chosen halves and print a table per half and status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, required=True, help="the OpenI report CSV or XML directory")
    parser.add_argument("--gold", type=Path, default=REAL / "openi_gold14.csv")
    parser.add_argument("--labels", type=Path, default=REAL / "chestxray14.yaml")
    parser.add_argument("--half", choices=[*HALVES, "both"], default="dev")
    parser.add_argument("--uncertain-positive", action="store_true",
                        help="count a label the report leaves uncertain as positive")
    parser.add_argument("--misses", type=int, default=0, help="print up to N missed dev reports per label")
    args = parser.parse_args()
    for path in (args.reports, args.gold, args.labels):
        if not path.exists():
            parser.error(f"no such file or directory: {path}")
    try:
        reports, gold = read_reports(args.reports), read_label_gold(args.gold)
        ontology = load_ontology(REPO_ROOT / "ontologies" / "radiology.ttl")
        label_set = load_label_set(args.labels, ontology)
    except KeyError as error:
        parser.error(f"cannot read the inputs: no column {error}")
    except (OSError, ValueError) as error:
        parser.error(f"cannot read the inputs: {error}")
    annotator = Annotator(ontology)
    shared = sorted(set(reports) & set(gold.labels), key=lambda rid: (len(rid), rid))
    print(f"## {len(shared)} reports with gold labels ({len(reports)} read, {len(gold.labels)} in the gold "
          f"standard); statuses scored: {', '.join(gold.statuses)}"
          f"{'; uncertain counted as present' if args.uncertain_positive else ''}\n")
    for half in (HALVES if args.half == "both" else [args.half]):
        chosen = {rid: reports[rid] for rid in shared if half_of(rid) == half}
        try:
            score = score_labels(annotator, label_set, chosen, gold, args.uncertain_positive)
        except ValueError as error:
            parser.error(str(error))
        findings = [label for label in label_set.labels if label != label_set.normal]
        print(f"### {half} half: {len(chosen)} reports, {len(chosen) / max(score.seconds, 1e-9):.0f} reports/s\n")
        for status, tallies in score.tallies.items():
            rows = [row(label, t) for label, t in tallies.items()]
            rows.append(row(f"micro, {len(findings)} findings", score.micro(status, findings)))
            rows.append(row("micro, all labels", score.micro(status, label_set.labels)))
            header = ["label", f"gold {status}", "TP", "FP", "FN", "precision", "recall", "F1"]
            print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
            print("\n".join("| " + " | ".join(r) + " |" for r in rows) + "\n")
        if args.misses and half == "dev":
            shown: dict[tuple[str, str, str], int] = {}
            for label, expected, found, rid in sorted(score.misses):
                key = (label, expected, found)
                shown[key] = shown.get(key, 0) + 1
                if shown[key] <= args.misses:
                    print(f"{label} gold={expected} found={found} {rid}: {chosen[rid]!r}")


if __name__ == "__main__":
    main()
