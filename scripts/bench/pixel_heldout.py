#!/usr/bin/env python3
"""Score the burned-in pixel PHI engine on held-out synthetic screens and films, kind by kind.

    .venv/bin/python scripts/bench/pixel_heldout.py [--images 60] [--seed 500] [--edition 1|2|3|4] [--keep DIR]

The files come from `tests.heldout.pixel_screens.generate`, written without reading the engine. The
first edition: ultrasound banners, CT/MR screenshots, dose report pages, scanned requisitions, endoscopy
and fluoroscopy captures, ultrasound cines with a ticking clock, radiograph film labels, tiny images and
text-free controls. The second (`--edition 2`): XA runs whose patient lines may be on the first frames
only, nuclear-medicine pages, PET/CT fusions saved as lossy JPEG, 3D renderings with outlined, shadowed
and edge-turned text, mammogram labels, dental panoramics, fundus photos and grey-on-grey consoles. The third
(`--edition 3`): Doppler ultrasound in thin small faces, dark-theme viewer captures, ECG strips, OCT report
tables, wound photos with turned hand-written labels, films with labels turned 90 or 180 degrees, cines whose
banner moves or alternates with the clock, low-contrast and inverted-box text, barcode stickers and text-free
controls of those kinds. The fourth (`--edition 4`), its names accented, hyphenated, with particles or carets:
DXA report pages stored plane by plane, OB worksheets in columns re-saved as low-quality JPEG, RIS/PACS worklists
of many patients in a small face with the last column cut at the edge, EHR windows stored as YBR_FULL, dot-matrix
and letter-spaced film labels in a narrow 16-bit band, semi-transparent diagonal watermarks under a grid, films
of 3000 pixels or more with small corner text, capsule and dental intraoral multi-frame series with a time
stamped on each frame, and text-free controls of those kinds and encodings.
Each file is cleaned as `pixels.py` cleans (`clean_each`: Clean Pixel Data on,
verification on, the edit applied) and scored with `tests.synth.pixel_eval.score_pixel_outputs`.
Per kind it prints: PHI strings in the outputs, those still read in their own region (tesseract and
the learned recogniser), read anywhere on the page, with their glyph pixels still in place; text-free
files left unchanged; area changed outside the truth boxes (mean and most); files quarantined; and
the engine's CPU seconds an image (the models load before timing). Nothing printed contains a PHI
value: kinds, counts and file names only.
"""
from __future__ import annotations

import argparse
import copy
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import pydicom
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repo: app/, tests/ and scripts/

from app.pixels import PixelCleaner  # noqa: E402
from app.profiles.schema import PixelPolicy  # noqa: E402
from scripts.bench.pixels import Cleaned, clean_each  # noqa: E402
from tests.heldout.pixel_screens import EDITIONS, generate, kinds  # noqa: E402
from tests.synth.pixel_corpus import PixelCorpusManifest  # noqa: E402
from tests.synth.pixel_eval import PixelScore, score_pixel_outputs  # noqa: E402


def main() -> None:
    """Generate, clean, score, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=60)
    parser.add_argument("--seed", type=int, default=500)
    parser.add_argument("--edition", type=int, default=1, choices=sorted(EDITIONS), help="which set of kinds")
    parser.add_argument("--keep", type=Path, help="keep the files and their manifest in this (new or empty) folder")
    args = parser.parse_args()
    if args.images < 1:
        parser.error("--images must be at least 1")
    work = args.keep or Path(tempfile.mkdtemp(prefix="cleanroom-pixel-heldout-"))
    try:
        run(work, args.images, args.seed, args.edition)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def run(work: Path, images: int, seed: int, edition: int = 1) -> None:
    """One run in `work`: the table by kind, quarantine reasons, files where PHI survived."""
    manifest = generate(seed, images, work, edition)
    datasets = {f.path: pydicom.dcmread(work / f.path) for f in manifest.files}
    policy = PixelPolicy(clean=True)
    cleaner = PixelCleaner(policy)
    cleaner.clean(copy.deepcopy(next(iter(datasets.values()))))  # the models load outside the timing
    cleaned = clean_each(cleaner, datasets)

    console = Console(width=170)  # the whole table on one line a row, in a log too
    table = Table(title=f"Pixel PHI engine on held-out screens, edition {edition}, {images} files (seed {seed}), "
                        "single process")
    for column in ("kind", "files", "PHI strings", "read in place", "read on page", "glyphs in place",
                   "text-free unchanged", "changed outside mean", "most", "quarantined", "CPU s/image"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    scores = []
    for kind in kinds(edition):
        files = _sub(manifest, kind)
        if files.files:
            scores.append(score_pixel_outputs(files, cleaned.outputs, margin=policy.margin, learned=True))
            table.add_row(kind, *_row(scores[-1], files, cleaned))
    total = _merged(scores)
    table.add_section()
    table.add_row("all", *_row(total, manifest, cleaned))
    console.print(table)
    for reason, count in cleaned.reasons.most_common():
        console.print(f"  quarantined: {reason}: {count}")
    if total.recovered_files:
        console.print("  files with PHI read or in place: " + ", ".join(total.recovered_files))
    worst = sorted(total.changed_outside.items(), key=lambda item: -item[1])[:3]
    console.print("  most area changed outside text boxes: " + ", ".join(f"{p} {100 * v:.2f} %" for p, v in worst))


def _sub(manifest: PixelCorpusManifest, kind: str) -> PixelCorpusManifest:
    """The files of one kind."""
    return replace(manifest, files=[f for f in manifest.files if f.kind == kind])


def _row(score: PixelScore, manifest: PixelCorpusManifest, cleaned: Cleaned) -> list[str]:
    """One table row: the score of `manifest`'s files, their quarantines and CPU seconds."""
    paths = [f.path for f in manifest.files]
    quarantined = sum(cleaned.outputs[p] is None for p in paths)
    free = f"{score.text_free_unchanged}/{score.text_free}" if score.text_free else "-"
    return [str(score.files), str(score.phi_strings), str(score.phi_recovered_in_place), str(score.phi_recovered),
            str(score.phi_pixels_kept), free, f"{100 * score.mean_changed_outside:.2f} %",
            f"{100 * score.max_changed_outside:.2f} %", str(quarantined),
            f"{sum(cleaned.cpu[p] for p in paths) / len(paths):.2f}"]


def _merged(scores: list[PixelScore]) -> PixelScore:
    """The scores of disjoint sets of files as one."""
    total = PixelScore()
    for score in scores:
        for name in ("files", "outputs", "phi_strings", "phi_recovered", "phi_recovered_in_place", "phi_pixels_kept",
                     "text_free", "text_free_unchanged"):
            setattr(total, name, getattr(total, name) + getattr(score, name))
        total.recovered_files += score.recovered_files
        total.changed_outside.update(score.changed_outside)
    return total


if __name__ == "__main__":
    main()
