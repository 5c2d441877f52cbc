#!/usr/bin/env python3
"""Benchmark the burned-in pixel PHI engine on a synthetic corpus: speed, surviving PHI, collateral change.

    .venv/bin/python scripts/bench/pixels.py [--images 60] [--seed 7]
                                             [--layout scattered|stacked|scanned|scanned_rough|edges|turned|moving_cines]
                                             [--keep DIR] [--radiographs 3] [--against CHECKOUT [--rounds 2]]

One corpus is generated with `tests.synth.pixel_corpus.generate_pixel_corpus` (US RGB and YBR JPEG,
multi-frame US, 8-bit secondary captures, 16-bit CR/DX MONOCHROME1/2 with RLE and JPEG 2000,
signed 16-bit, and text-free CT/MR controls), its strings scattered one by one or stacked in
console-style corner blocks (other font faces and sizes); or, with `--layout scanned`, scanned paper
requisitions only (8-bit grey, half as JPEG: fields filled in italics and tilted, the page turned); with
`--layout scanned_rough`, the same requisitions filled the hard ways (a value or its last word paler than the
labels, wrapped to a second line, far right of its label, wide-spaced, stamped in a frame, written uphill, or two
fields on one row); or, with `--layout edges` (`tests.synth.edge_screens`), 3D renderings with outlined, shadowed
and edge-turned text, XA runs with patient lines on their first frames only, mammogram label boxes and grey-on-grey
consoles; or, with `--layout turned` (`tests.synth.turned_screens`), film labels turned upside down or a quarter turn
and cines whose banner moves 1-2 px a frame or alternates with a clock; or, with `--layout moving_cines`
(`tests.synth.moving_cines`), US and XA cines whose banner jitters, drifts, alternates with a clock in its place or
appears part-way through.
Every file is then, single process,
(1) scanned with `PixelCleaner.scan` and (2) cleaned with `PixelCleaner.clean` (Clean Pixel Data
on, verification on) and the edit applied. Outputs are scored with
`tests.synth.pixel_eval.score_pixel_outputs`: injected PHI strings an aggressive OCR still reads (on
the whole page, and harder in each string's own region, by tesseract and the learned recogniser),
strings whose glyph pixels are still in place, area changed outside the truth text boxes, and
text-free files left with an identical pixel hash. Nothing printed contains a PHI value.

Full-size radiographs (2,500 x 3,000, 16-bit, a name / ID / date label burned in at film size) are
timed on their own, and a text-free CT of the same header is checked never to be decoded. The
machine may be shared: CPU seconds per image are printed beside wall-clock rates. With `--against`
(another checkout of Cleanroom, e.g. a worktree of main), both engines clean the same corpus in
turns, each in a process of its own, and their CPU seconds are printed side by side: on a shared
machine only a comparison within one run means much.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import pydicom
from pydicom.dataset import Dataset
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repo: app/ and tests/synth

from app.pixels import PixelCleaner, engine  # noqa: E402
from app.profiles.schema import PixelPolicy  # noqa: E402
from tests.synth.pixel_corpus import LAYOUTS, generate_pixel_corpus, synthetic_radiograph  # noqa: E402
from tests.synth.pixel_eval import recoverable_in_place, score_pixel_outputs  # noqa: E402


def main() -> None:
    """Generate, scan, clean, score, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--layout", choices=LAYOUTS, default=LAYOUTS[0])
    parser.add_argument("--keep", type=Path, help="keep the corpus and manifest in this (new or empty) folder")
    parser.add_argument("--radiographs", type=int, default=3, help="full-size radiographs to time (0: none)")
    parser.add_argument("--against", type=Path, help="another checkout whose engine cleans the same files, in turns")
    parser.add_argument("--rounds", type=int, default=2, help="turns each engine takes with --against")
    args = parser.parse_args()
    if args.images < 1:
        parser.error("--images must be at least 1")
    if args.radiographs < 0 or args.rounds < 1:
        parser.error("--radiographs must be at least 0 and --rounds at least 1")
    work = args.keep or Path(tempfile.mkdtemp(prefix="cleanroom-pixels-"))
    try:
        run(work, args.images, args.seed, args.layout)
        if args.radiographs:
            radiographs(args.radiographs, args.seed)
        if args.against:
            compare(work, args.against, args.rounds, args.radiographs, args.seed)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def run(work: Path, images: int, seed: int, layout: str) -> None:
    """One benchmark run in `work`."""
    console = Console()
    manifest = generate_pixel_corpus(work, images, seed, layout)
    datasets = {f.path: pydicom.dcmread(work / f.path) for f in manifest.files}
    policy = PixelPolicy(clean=True)

    scanner = PixelCleaner(policy)
    started, cpu = time.perf_counter(), _cpu()
    for ds in datasets.values():
        scanner.scan(ds)
    scan_seconds, scan_cpu = time.perf_counter() - started, _cpu() - cpu

    started = time.perf_counter()
    cleaned = clean_each(scanner, datasets)
    clean_seconds, clean_cpu = time.perf_counter() - started, sum(cleaned.cpu.values())
    statuses, reasons = cleaned.statuses, cleaned.reasons

    score = score_pixel_outputs(manifest, cleaned.outputs, margin=policy.margin, learned=True)
    table = Table(title=f"Pixel PHI engine, {images} synthetic images (seed {seed}, {layout}), single process")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("target", justify="right")
    table.add_row("scan images/s", f"{images / scan_seconds:.2f}", "")
    table.add_row("scan CPU s/image", f"{scan_cpu / images:.2f}", "")
    table.add_row("clean+verify images/s", f"{images / clean_seconds:.2f}", "")
    table.add_row("clean+verify CPU s/image", f"{clean_cpu / images:.2f}", "")
    table.add_row("outcomes", ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())), "")
    table.add_row("injected PHI strings in outputs", str(score.phi_strings), "")
    table.add_row("PHI strings recovered after cleaning", str(score.phi_recovered), "0")
    table.add_row("... reading each string's own region (both readers)", str(score.phi_recovered_in_place), "0")
    table.add_row("PHI strings with their glyph pixels in place", str(score.phi_pixels_kept), "0")
    table.add_row("area changed outside text boxes, mean", f"{100 * score.mean_changed_outside:.2f} %", "< 5 %")
    table.add_row("area changed outside text boxes, max", f"{100 * score.max_changed_outside:.2f} %", "< 5 %")
    table.add_row("text-free images unchanged", f"{score.text_free_unchanged}/{score.text_free}", "100 %")
    table.add_row("quarantined", str(sum(reasons.values())), "")
    console.print(table)
    for reason, count in reasons.most_common():
        console.print(f"  quarantined: {reason}: {count}")
    if score.recovered_files:
        console.print("  files with recoverable PHI: " + ", ".join(score.recovered_files))
    worst = sorted(score.changed_outside.items(), key=lambda item: -item[1])[:3]
    console.print("  most area changed outside text boxes: " + ", ".join(f"{p} {100 * v:.2f} %" for p, v in worst))


@dataclass
class Cleaned:
    """A run of the cleaner over some files: each output (None when quarantined), outcomes, CPU seconds."""

    outputs: dict[str, Dataset | None] = field(default_factory=dict)
    statuses: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)  # quarantine reasons
    cpu: dict[str, float] = field(default_factory=dict)  # path -> CPU seconds of its clean+verify and edit


def clean_each(cleaner: PixelCleaner, datasets: Mapping[str, Dataset]) -> Cleaned:
    """Clean every dataset (verification as the policy says) and apply each edit in place, file by file."""
    cleaned = Cleaned()
    for path, ds in datasets.items():
        cpu = _cpu()
        outcome = cleaner.clean(ds)
        cleaned.statuses[outcome.status] += 1
        if outcome.status == "quarantined":
            cleaned.reasons[outcome.reason or "?"] += 1
            cleaned.outputs[path] = None
        else:
            if outcome.edit is not None:
                outcome.edit.apply(ds)
            cleaned.outputs[path] = ds
        cleaned.cpu[path] = _cpu() - cpu
    return cleaned


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the engine calls tesseract in process; a
    reader that starts a program is counted all the same)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def radiographs(count: int, seed: int) -> None:
    """Time clean+verify of full-size radiographs with a burned-in label; check a text-free CT is never decoded."""
    console = Console()
    table = Table(title=f"Full-size radiographs (2,500 x 3,000, 16-bit), {count}, single process")
    for column in ("image", "outcome", "wall s", "CPU s", "label readable after"):
        table.add_column(column, justify="right")
    cleaner = PixelCleaner(PixelPolicy(clean=True))
    for index in range(count):
        ds, texts = synthetic_radiograph(seed + index)
        started, cpu = time.perf_counter(), _cpu()
        outcome = cleaner.clean(ds)
        wall, used = time.perf_counter() - started, _cpu() - cpu
        if outcome.edit is not None:
            outcome.edit.apply(ds)
        left = len(recoverable_in_place(ds, texts, learned=True)) if outcome.status == "cleaned" else "-"
        table.add_row(str(index), outcome.status, f"{wall:.2f}", f"{used:.2f}", f"{left}/{len(texts)}")
    console.print(table)
    ct, _ = synthetic_radiograph(seed, modality="CT")
    with mock.patch.object(engine, "decode", side_effect=AssertionError("decoded")) as decode:
        status = cleaner.clean(ct).status
    console.print(f"  text-free CT: {status}, pixel data decoded {decode.call_count} times (target 0)")


# Run in a checkout's own process (its app/ and tests/synth first on the path): clean every corpus file
# and the radiographs, print CPU seconds per screen and per radiograph as JSON.
_TIMED = """
import json, os, sys, time
from pathlib import Path
import pydicom
from app.pixels import PixelCleaner
from app.profiles.schema import PixelPolicy
from tests.synth.pixel_corpus import synthetic_radiograph
def cpu():
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system
root, radiographs, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
datasets = [pydicom.dcmread(path) for path in sorted(root.rglob("*.dcm"))]
films = [synthetic_radiograph(seed + index)[0] for index in range(radiographs)]
cleaner = PixelCleaner(PixelPolicy(clean=True))
cleaner.clean(datasets[0])  # the models load outside the timing, as in a long run
started = cpu()
for ds in datasets:
    cleaner.clean(ds)
screens = (cpu() - started) / len(datasets)
started = cpu()
for ds in films:
    cleaner.clean(ds)
print(json.dumps({"screen": screens, "radiograph": (cpu() - started) / max(1, radiographs)}))
"""


def compare(work: Path, against: Path, rounds: int, radiographs: int, seed: int) -> None:
    """CPU seconds per image of this checkout's engine and `against`'s on the corpus in `work`, in turns."""
    here = Path(__file__).resolve().parents[2]
    table = Table(title=f"CPU s per image, same files, {rounds} turns each, one process per turn")
    for column in ("checkout", "screen (all corpus files)", "radiograph"):
        table.add_column(column, justify="right")
    for turn in range(rounds):
        for tree in (against.resolve(), here):
            result = subprocess.run([sys.executable, "-c", _TIMED, str(work), str(radiographs), str(seed)],
                                    cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True,
                                    text=True, check=True)
            cpu = json.loads(result.stdout.strip().splitlines()[-1])
            table.add_row(f"{tree.name} (turn {turn + 1})", f"{cpu['screen']:.2f}",
                          f"{cpu['radiograph']:.2f}" if radiographs else "-")
    Console().print(table)


if __name__ == "__main__":
    main()
