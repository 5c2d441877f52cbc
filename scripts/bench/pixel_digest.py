#!/usr/bin/env python3
"""Digest what the pixel cleaner decides for every file of a synthetic corpus: a speed change must leave it unchanged.

    PYTHONPATH=. .venv/bin/python scripts/bench/pixel_digest.py [--images 60] [--seed 7] [--layout scattered]
                                                                [--against CHECKOUT] [--detail]

One corpus is generated with `tests.synth.pixel_corpus.generate_pixel_corpus` and every file is cleaned, single
process, by this checkout's engine (and by `--against`'s, another checkout such as a worktree of main, each in a
process of its own). Per file the digest covers the status, the reason, the boxes (frame, rectangle, kind), the
new pixel data and the attributes that change with it. The table prints each checkout's corpus digest, the files
whose digests differ, and the CPU seconds a file (`time.process_time`, models loaded outside the timing); `--detail`
adds one line per file (file names and digests only, never values).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.synth.pixel_corpus import LAYOUTS, generate_pixel_corpus  # noqa: E402

# Run in a checkout's own process (its app/ first on the path): clean every corpus file, print the digests as JSON.
_DIGESTS = """
import hashlib, json, sys, time
from pathlib import Path
import pydicom
from app.pixels import PixelCleaner
from app.profiles.schema import PixelPolicy
root = Path(sys.argv[1])
paths = sorted(root.rglob("*.dcm"))
datasets = [pydicom.dcmread(path) for path in paths]
cleaner = PixelCleaner(PixelPolicy(clean=True))
cleaner.clean(pydicom.dcmread(paths[0]))  # the models load outside the timing, as in a long run
digests, cpu = {}, 0.0
for path, ds in zip(paths, datasets):
    started = time.process_time()
    outcome = cleaner.clean(ds)
    cpu += time.process_time() - started
    digest = hashlib.sha256(repr((outcome.status, outcome.reason, outcome.boxes)).encode())
    if outcome.edit is not None:
        digest.update(outcome.edit.pixel_data)
        digest.update(repr(sorted((key, str(value)) for key, value in outcome.edit.attributes.items())).encode())
    digests[path.relative_to(root).as_posix()] = digest.hexdigest()[:16]
print(json.dumps({"digests": digests, "cpu": cpu / len(paths)}))
"""


def main() -> None:
    """Generate the corpus, digest each checkout's outputs, print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--layout", choices=LAYOUTS, default=LAYOUTS[0])
    parser.add_argument("--against", type=Path, help="another checkout whose engine cleans the same files")
    parser.add_argument("--detail", action="store_true", help="one line per file")
    args = parser.parse_args()
    if args.images < 1:
        parser.error("--images must be at least 1")
    work = Path(tempfile.mkdtemp(prefix="cleanroom-pixel-digest-"))
    try:
        generate_pixel_corpus(work, args.images, args.seed, args.layout)
        trees = [REPO] + ([args.against.resolve()] if args.against else [])
        report(args, {tree: digests(tree, work) for tree in trees})
    finally:
        shutil.rmtree(work, ignore_errors=True)


def digests(tree: Path, corpus: Path) -> dict:
    """The per-file digests and CPU seconds a file of `tree`'s engine on the files under `corpus`."""
    result = subprocess.run([sys.executable, "-c", _DIGESTS, str(corpus)], cwd=tree,
                            env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(args: argparse.Namespace, runs: dict[Path, dict]) -> None:
    """Print each checkout's corpus digest and CPU time, and the files whose digests differ from this checkout's."""
    console = Console()
    mine = runs[REPO]["digests"]
    table = Table(title=f"Pixel cleaner outputs, {args.images} synthetic images (seed {args.seed}, {args.layout})")
    for column in ("checkout", "corpus digest", "files differing", "CPU s a file"):
        table.add_column(column, justify="right")
    for tree, run in runs.items():
        corpus = _combined(run["digests"])
        differing = sorted(path for path in mine if run["digests"].get(path) != mine[path])
        table.add_row(tree.name, corpus, str(len(differing)), f"{run['cpu']:.3f}")
        for path in differing:
            console.print(f"  differs: {path}")
    console.print(table)
    if args.detail:
        for path in sorted(mine):
            console.print(f"  {path} " + " ".join(run["digests"].get(path, "-") for run in runs.values()))


def _combined(digests: dict[str, str]) -> str:
    """One digest for a corpus: its files' digests in name order."""
    return hashlib.sha256("".join(f"{path}={value};" for path, value in sorted(digests.items())).encode()).hexdigest()[:16]


if __name__ == "__main__":
    main()
