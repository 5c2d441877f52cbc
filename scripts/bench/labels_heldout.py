#!/usr/bin/env python3
"""Score finding labels on the hand-written held-out set 3 (tests/data/text/heldout3_labels.jsonl).

The gold gives each report's findings as the phrase written and its status (present, absent,
uncertain, history), with no concept IDs and no offsets. A gold finding counts as found when an
annotator mention overlaps one of the phrase's occurrences in the report, and as right when such a
mention has the gold status (lenient where a phrase occurs twice with two statuses, e.g. "NODULE"
inside "RLL NODULE"). Mentions that overlap no gold phrase are counted apart: the gold lists the
findings a radiologist would label, so some of those are anatomy or procedures, not errors.

    .venv/bin/python scripts/bench/labels_heldout.py [--misses N]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.ontology import Annotator, load_ontology  # noqa: E402
from scripts.bench.build_heldout_text import read_set  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "data" / "text" / "heldout3_labels.jsonl"
STATUSES = ("present", "absent", "uncertain", "historical")


def occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Return where `phrase` stands in `text`, case-insensitively, on word boundaries."""
    pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def main() -> None:
    """Annotate every report of held-out set 3 and print a table of found / right by gold status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=0, help="print this many misses of each kind")
    args = parser.parse_args()
    reports = read_set("heldout3_reports.txt", "heldout3")
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    annotator = Annotator(load_ontology(REPO / "ontologies" / "radiology.ttl"))
    tally: dict[str, Counter] = {status: Counter() for status in STATUSES}
    predicted, unmatched, misses = Counter(), 0, {"not found": [], "wrong status": []}
    started = time.process_time()
    annotations = [annotator.annotate(report["text"]) for report in reports]
    seconds = time.process_time() - started
    for entry in gold:
        text, findings = reports[entry["report"]]["text"], annotations[entry["report"]].findings
        covered = [False] * len(findings)
        for label in entry["findings"]:
            status = "historical" if label["status"] == "history" else label["status"]
            spans = occurrences(text, label["text"])
            hits = [(i, f) for i, f in enumerate(findings) for s, e in spans if f.start < e and s < f.end]
            for i, _ in hits:
                covered[i] = True
            tally[status]["gold"] += 1
            if not hits:
                misses["not found"].append(f"{entry['report']}: {label['text']!r} ({status})")
            elif any(f.status == status for _, f in hits):
                tally[status]["right"] += 1
                tally[status]["found"] += 1
            else:
                tally[status]["found"] += 1
                said = "/".join(sorted({f.status for _, f in hits}))
                misses["wrong status"].append(f"{entry['report']}: {label['text']!r} gold {status}, said {said}")
        for finding, seen in zip(findings, covered):
            predicted[finding.status] += 1
            unmatched += not seen
    print(f"held-out set 3: {len(reports)} reports, {sum(len(a.findings) for a in annotations)} mentions, "
          f"{len(reports) / seconds:.0f} reports per CPU-second")
    print(f"{'gold status':<12} {'gold':>5} {'found':>7} {'right':>7} {'found %':>8} {'right %':>8}")
    for status in STATUSES:
        row = tally[status]
        if row["gold"]:
            print(f"{status:<12} {row['gold']:>5} {row['found']:>7} {row['right']:>7} "
                  f"{100 * row['found'] / row['gold']:>7.1f}% {100 * row['right'] / row['gold']:>7.1f}%")
    total = sum((tally[s] for s in STATUSES), Counter())
    print(f"{'all':<12} {total['gold']:>5} {total['found']:>7} {total['right']:>7} "
          f"{100 * total['found'] / total['gold']:>7.1f}% {100 * total['right'] / total['gold']:>7.1f}%")
    print(f"mentions overlapping no gold phrase: {unmatched} of {sum(predicted.values())}")
    for kind, lines in misses.items():
        for line in lines[:args.misses]:
            print(f"  {kind}: {line}")


if __name__ == "__main__":
    main()
