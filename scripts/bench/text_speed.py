#!/usr/bin/env python3
"""Report de-identification speed in CPU time over a fixed list of tuned-on reports, after a warm-up.

    PYTHONPATH=. .venv/bin/python scripts/bench/text_speed.py [--physionet DIR] [--repeat 3] [--by-recognizer]

The list: the deid_text bench corpus (300 reports, seed 11), held-out sets 9 to 12 (tuned on) and, when given,
the PhysioNet notes of odd patients (tuned on). Each report goes through `deidentify` under the basic profile with
fixed keys, with its patient when it has one, as the export does. The first 60 reports are run once untimed, so
loading the lists and the scanners' engine trials are not counted. Printed per pass: reports per CPU second of
this process (the machine may be shared; CPU time is what one core delivers). With --by-recognizer, one more
pass prints the CPU each recognizer and each step around them took (a share of the pass, wrappers included).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from app.identity import IdentityKeys  # noqa: E402
from app.profiles import ProfileLibrary  # noqa: E402
from app.text import engine as text_engine  # noqa: E402
from app.text.engine import ReportDeidentifier  # noqa: E402
from tests.synth.physionet import physionet_reports, tuned_on  # noqa: E402
from tests.synth.report_corpus import generate_report_corpus  # noqa: E402

KEYS = IdentityKeys(b"u" * 32, b"p" * 32, b"d" * 32)
TUNED_SETS = (9, 10, 11, 12)
WARM_UP = 60
# The steps of `ReportDeidentifier.analyze` around presidio's recognizers.
STEPS = ("fold_with_origins", "complete", "add_repeated_mentions", "add_numbers_after_names")


def reports(physionet: Path | None) -> list[dict]:
    """The fixed list: bench corpus, tuned held-out sets, PhysioNet odd patients if given."""
    chosen = generate_report_corpus(300, 11)
    for number in TUNED_SETS:
        path = REPO / "tests" / "data" / "text" / f"heldout{number}.jsonl"
        chosen += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if physionet is not None:
        chosen += [r for r in physionet_reports(physionet)[0] if tuned_on(r["id"])]
    return chosen


def run(engine: ReportDeidentifier, chosen: list[dict]) -> float:
    """CPU seconds to de-identify every report once."""
    started = time.process_time()
    for report in chosen:
        engine.deidentify(report["text"], report.get("patient"), report_id=str(report.get("id", "")))
    return time.process_time() - started


def _timed(spent: Counter, name: str, function: Callable) -> Callable:
    def timed(*args, **kwargs):
        started = time.process_time_ns()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.process_time_ns() - started
    return timed


def by_recognizer(engine: ReportDeidentifier, chosen: list[dict]) -> None:
    """One pass with every recognizer and step wrapped in a CPU timer; prints their shares."""
    spent: Counter = Counter()
    for recognizer in engine.analyzer.registry.recognizers:
        recognizer.analyze = _timed(spent, recognizer.name, recognizer.analyze)
    for step in STEPS:
        setattr(text_engine, step, _timed(spent, step, getattr(text_engine, step)))
    analyzer = engine.analyzer
    analyzer._enhance_using_context = _timed(spent, "context enhancement", analyzer._enhance_using_context)
    total = run(engine, chosen)
    print(f"\n| recognizer or step | CPU ms a report | share |\n|---|---:|---:|")
    for name, nanoseconds in spent.most_common():
        print(f"| {name} | {nanoseconds / 1e6 / len(chosen):.3f} | {100 * nanoseconds / 1e9 / total:.1f} % |")


def main() -> None:
    """Print reports per CPU second for each pass (and, if asked, where a pass's CPU goes)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--physionet", type=Path, help="folder holding id.text and id-phi.phrase (optional)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--by-recognizer", action="store_true")
    args = parser.parse_args()
    engine = ReportDeidentifier(ProfileLibrary(REPO / "profiles").get("basic"), KEYS)
    chosen = reports(args.physionet)
    run(engine, chosen[:WARM_UP])
    size = sum(len(r["text"]) for r in chosen) / len(chosen)
    print(f"{len(chosen)} reports of {size:.0f} characters on average")
    for number in range(1, args.repeat + 1):
        seconds = run(engine, chosen)
        print(f"pass {number}: {seconds:.2f} CPU s, {len(chosen) / seconds:.1f} reports per CPU second")
    if args.by_recognizer:
        by_recognizer(engine, chosen)


if __name__ == "__main__":
    main()
