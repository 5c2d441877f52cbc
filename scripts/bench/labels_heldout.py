#!/usr/bin/env python3
"""Score finding labels on the hand-written held-out sets 3 to 17 (tests/data/text/heldout{3,...,17}_labels.jsonl).

The gold gives each report's findings as the phrase written and its status (present, absent,
uncertain, history), with no concept IDs and no offsets. A gold finding counts as found when an
annotator mention overlaps one of the phrase's occurrences in the report, and as right when such a
mention has the gold status (lenient where a phrase occurs twice with two statuses, e.g. "NODULE"
inside "RLL NODULE"). Mentions that overlap no gold phrase are counted apart: the gold lists the
findings a radiologist would label, so some of those are anatomy or procedures, not errors.

Each set also prints the measures of issue #22: recall of present findings and recall of absent findings (the share
of gold findings of that status found with that status), and a precision for present findings taken over gold
phrases only: of the gold findings a mention said present overlaps, the share the gold calls present. Present
mentions overlapping no gold phrase are left out of that precision and counted apart, for the gold does not list
everything a report names (normal structures, anatomy, procedures), so they are not all false positives; the F1
printed is therefore an upper bound of the F1 a full gold would give.

The reports split in two halves by their position in the file (from 0): even is the tuning half (its
misses may be read while improving the engine), odd is the scoring half (only scored; its misses are
never printed).

Sets 3 and 7 (HELDOUT7.md: outside and community reports) are split: even positions tuned on, odd positions
only scored; sets 4, 5, 6 and 8 (HELDOUT4.md to HELDOUT6.md, HELDOUT8.md), written the same way, are only ever
scored whole and never print their misses. Set 9 (HELDOUT9.md: a teleradiology group's overnight reads) is a
development set, tuned on whole (its misses print), and so, from the thirteenth round, is set 10 (HELDOUT10.md), written
with it, from the fourteenth, set 11 (HELDOUT11.md: a children's hospital, interventional radiology, nuclear medicine
and trauma), and from the fifteenth, set 12 (HELDOUT12.md: rural critical-access hospitals, an outpatient imaging chain
and odd corners of a department), and from the sixteenth, set 13 (HELDOUT13.md: a medico-legal and
independent-medical-examination practice, a transplant and dialysis centre and a cross-border practice near Canada), and
from the eighteenth, set 14 (HELDOUT14.md: an academic neuroradiology and head-and-neck service, a sports-medicine
practice, a women's imaging centre, a correctional health contract, an army post and VA clinics and a cardiac imaging
lab); set 15 (HELDOUT15.md: the Pacific Northwest, Alaska and Hawaii), set 16 (HELDOUT16.md: the US Gulf Coast,
Puerto Rico and the US Virgin Islands, and New England) and set 17 (HELDOUT17.md: the Mountain West, the Southwest and
the Rust Belt, written blind in the eighteenth round) are only scored whole and never print their misses.

    .venv/bin/python scripts/bench/labels_heldout.py [--set 3|...|17] [--half even|odd|both] [--misses N]
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
DATA = REPO / "tests" / "data" / "text"
SETS = {str(n): f"heldout{n}" for n in range(3, 18)}  # set number: file stem (reports, labels)
WHOLE = ("4", "5", "6", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17")  # sets taken whole, never in halves
TUNED_WHOLE = ("9", "10", "11", "12", "13", "14")  # whole sets that are tuned on; every other whole set is only ever scored
PRESENT, ABSENT = "present", "absent"
STATUSES = (PRESENT, ABSENT, "uncertain", "historical")
HALVES = {"even": 0, "odd": 1}
TUNING = "even"


def occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Return where `phrase` stands in `text`, case-insensitively, on word boundaries."""
    pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def score(reports: list[dict], gold: list[dict], annotations: list) -> tuple[dict[str, Counter], Counter, int, dict]:
    """Tally found / right / said present per gold status; return it with the statuses of the mentions overlapping no
    gold phrase, the total mention count and the misses."""
    tally: dict[str, Counter] = {status: Counter() for status in STATUSES}
    unmatched, mentions, misses = Counter(), 0, {"not found": [], "wrong status": []}
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
            tally[status]["said present"] += any(f.status == PRESENT for _, f in hits)
            if not hits:
                misses["not found"].append(f"{entry['report']}: {label['text']!r} ({status})")
            elif any(f.status == status for _, f in hits):
                tally[status]["right"] += 1
                tally[status]["found"] += 1
            else:
                tally[status]["found"] += 1
                said = "/".join(sorted({f.status for _, f in hits}))
                misses["wrong status"].append(f"{entry['report']}: {label['text']!r} gold {status}, said {said}")
        unmatched.update(f.status for f, hit in zip(findings, covered) if not hit)
        mentions += len(findings)
    return tally, unmatched, mentions, misses


def print_table(tally: dict[str, Counter]) -> None:
    """Print gold, found and right per gold status, and over all of them."""
    print(f"{'gold status':<12} {'gold':>5} {'found':>7} {'right':>7} {'found %':>8} {'right %':>8}")
    total = sum((tally[s] for s in STATUSES), Counter())
    for status, row in [*((s, tally[s]) for s in STATUSES), ("all", total)]:
        if row["gold"]:
            print(f"{status:<12} {row['gold']:>5} {row['found']:>7} {row['right']:>7} "
                  f"{100 * row['found'] / row['gold']:>7.1f}% {100 * row['right'] / row['gold']:>7.1f}%")


def issue_measures(tally: dict[str, Counter], unmatched: Counter) -> str:
    """The issue's measures: present and absent recall, present precision over gold phrases and its F1 (see above)."""
    recall = {s: tally[s]["right"] / tally[s]["gold"] if tally[s]["gold"] else 0.0 for s in (PRESENT, ABSENT)}
    said = sum(tally[s]["said present"] for s in STATUSES)
    precision = tally[PRESENT]["said present"] / said if said else 0.0
    f1 = 2 * precision * recall[PRESENT] / (precision + recall[PRESENT]) if precision + recall[PRESENT] else 0.0
    return (f"recall present {recall[PRESENT]:.3f}, absent {recall[ABSENT]:.3f}; present precision over gold phrases "
            f"{precision:.3f} ({said - tally[PRESENT]['said present']} of {said} said present are gold another "
            f"status), F1 present <= {f1:.3f}; present mentions on no gold phrase: {unmatched[PRESENT]}")


def main() -> None:
    """Annotate every report of a held-out set and print a table of found / right by gold status (per half for sets 3 and 7)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="3",
                        help="held-out set 3 or 7 (halves), 9 to 14 (tuned on whole), "
                             "4, 5, 6, 8, 15, 16 or 17 (only scored)")
    parser.add_argument("--half", choices=[*HALVES, "both"], default="both",
                        help=f"reports at even or odd positions ({TUNING} is the tuning half)")
    parser.add_argument("--misses", type=int, default=0,
                        help=f"print this many misses of each kind from the {TUNING} (tuning) half")
    args = parser.parse_args()
    stem = SETS[args.set]
    reports = read_set(f"{stem}_reports.txt", stem)
    gold = [json.loads(line) for line in (DATA / f"{stem}_labels.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    annotator = Annotator(load_ontology(REPO / "ontologies" / "radiology.ttl"))
    started = time.process_time()
    annotations = [annotator.annotate(report["text"]) for report in reports]
    seconds = time.process_time() - started
    print(f"held-out set {args.set}: {len(reports)} reports, {sum(len(a.findings) for a in annotations)} mentions, "
          f"{len(reports) / seconds:.0f} reports per CPU-second")
    halves = ["whole"] if args.set in WHOLE else HALVES if args.half == "both" else [args.half]
    for half in halves:
        chosen = [entry for entry in gold if half == "whole" or entry["report"] % 2 == HALVES[half]]
        tally, unmatched, mentions, misses = score(reports, gold=chosen, annotations=annotations)
        tuned = half == TUNING or (half == "whole" and args.set in TUNED_WHOLE)
        role = "tuning" if tuned else "scoring"
        print(f"\n{half} {'set' if half == 'whole' else 'half'} ({role}): {len(chosen)} reports")
        print_table(tally)
        print(f"mentions overlapping no gold phrase: {sum(unmatched.values())} of {mentions}")
        print(issue_measures(tally, unmatched))
        if tuned:
            for kind, lines in misses.items():
                for line in lines[:args.misses]:
                    print(f"  {kind}: {line}")


if __name__ == "__main__":
    main()
