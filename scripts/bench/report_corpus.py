#!/usr/bin/env python3
"""Time the labelled synthetic report corpus generator (tests.synth.report_corpus) and print a Markdown table.

    .venv/bin/python scripts/bench/report_corpus.py [--sizes 300,1000] [--seed 20240611] [--repeat 3]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.synth.report_corpus import generate_report_corpus  # noqa: E402


def main() -> None:
    """Generate each size `--repeat` times and print the best wall time per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300,1000", help="Comma-separated corpus sizes.")
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--repeat", type=int, default=3, help="Runs per size; the best is shown (others' load).")
    args = parser.parse_args()
    print("| reports | best seconds | reports/s |")
    print("|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            generate_report_corpus(size, args.seed)
            best = min(best, time.perf_counter() - start)
        print(f"| {size} | {best:.2f} | {size / best:.0f} |")


if __name__ == "__main__":
    main()
