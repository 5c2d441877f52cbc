#!/usr/bin/env python3
"""Count tiny burned-in PHI lines on harsh textures that the pixel engine releases still in place.

    .venv/bin/python scripts/bench/pixel_leaks.py [--images 60] [--seed 0] [--setting development|held-out]

Each image comes from `tests.synth.textured.textured_case` (tissue, ultrasound speckle, noisy fluoroscopy
or a grainy gradient, one 6-9 px line of PHI in a contrasting or a nearly blending colour) and is cleaned
with `PixelCleaner.clean` (Clean Pixel Data on, verification on). A released image (unchanged or cleaned)
that keeps any PHI character's pixels in place is a leak; so is one where a hard reading of the line's
own place (`pixel_eval.recoverable_in_place`, tesseract and the learned recogniser) still finds a PHI
piece. A quarantined image is safe. Nothing printed contains a PHI value.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repo: app/ and tests/synth

from app.pixels import PixelCleaner  # noqa: E402
from app.pixels.frames import decode  # noqa: E402
from app.profiles.schema import PixelPolicy  # noqa: E402
from tests.synth.pixel_eval import recoverable_in_place  # noqa: E402
from tests.synth.textured import DEVELOPMENT, HELD_OUT, survivors, textured_case  # noqa: E402

SETTINGS = {setting.name: setting for setting in (DEVELOPMENT, HELD_OUT)}


def main() -> None:
    """Generate, clean, count leaks, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0, help="the first image's seed (images use seed, seed+1, ...)")
    parser.add_argument("--setting", choices=sorted(SETTINGS), default=DEVELOPMENT.name)
    parser.add_argument("--verbose", action="store_true", help="one line per image (no text values)")
    args = parser.parse_args()
    if args.images < 1:
        parser.error("--images must be at least 1")
    setting = SETTINGS[args.setting]
    cleaner = PixelCleaner(PixelPolicy(clean=True))
    statuses: Counter[str] = Counter()
    leaks: Counter[str] = Counter()
    whole = read = 0
    cpu = 0.0
    for seed in range(args.seed, args.seed + args.images):
        case = textured_case(seed, setting)
        started = time.process_time()
        outcome = cleaner.clean(case.dataset)
        cpu += time.process_time() - started
        statuses[outcome.status] += 1
        left = readable = 0
        if outcome.status != "quarantined":
            after = case.image
            if outcome.edit is not None:
                outcome.edit.apply(case.dataset)
                after = decode(case.dataset).view(0)
            left = survivors(case.image, after, case)
            readable = len(recoverable_in_place(case.dataset, case.phi, learned=True))
        if left or readable:
            leaks[f"{case.texture} {'blending' if case.blends else 'contrasting'}"] += 1
            whole += left == len(case.phi_chars)
            read += bool(readable)
        if args.verbose:
            print(f"  seed {seed}: {case.texture:8s} size {case.size:2d} {'blend' if case.blends else 'contr'} "
                  f"{outcome.status:11s} PHI characters left {left}/{len(case.phi_chars)}"
                  f", pieces read {readable}/{len(case.phi)}"
                  + (f" ({outcome.reason})" if outcome.reason else ""))
    print(f"setting {setting.name}, seeds {args.seed}..{args.seed + args.images - 1}: "
          + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    print(f"leaks (released with PHI characters in place or read): {sum(leaks.values())}/{args.images}"
          f" (every PHI character left: {whole}; a PHI piece read in place: {read})")
    for kind, count in sorted(leaks.items()):
        print(f"  {kind}: {count}")
    print(f"CPU s per image: {cpu / args.images:.2f}")


if __name__ == "__main__":
    main()
