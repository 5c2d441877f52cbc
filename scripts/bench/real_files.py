"""Real devices' DICOM files through every shipped profile: what is written, quarantined, and wrong.

Usage: python scripts/bench/real_files.py [--source DIR] [--profiles basic,research,...] [--no-dciodvfy]
       [--expectations FILE] [--details]

Runs the batch engine in-process on every file under --source (default: the regression set in
tests/data/dicom-real/files) and checks each output with `app.conformance.real_files`: pydicom reads
it back completely, dciodvfy finds no more errors than in the input, no identifying value of the
input survives in its bytes. Prints one Markdown row per profile, then every problem by file and
kind (never a value), and with --expectations every file whose outcome differs from the one listed.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.conformance import dciodvfy  # noqa: E402
from app.conformance.real_files import ProfileCheck, check_profile, load_expectations  # noqa: E402
from app.conformance.real_files import problems as check_problems  # noqa: E402
from app.identity import IdentityKeys  # noqa: E402
from app.profiles import ProfileLibrary  # noqa: E402

DATA = ROOT / "tests" / "data" / "dicom-real"
KEYS = IdentityKeys(b"u" * 32, b"p" * 32, b"d" * 32)  # fixed benchmark keys: outputs are reproducible
COLUMNS = ("profile", "files", "ok", "not written", "read-back failures", "worse under dciodvfy",
           "surviving identifiers", "seconds")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DATA / "files")
    parser.add_argument("--profiles", default="basic,research,limited-data-set")
    parser.add_argument("--expectations", type=Path, default=None,
                        help=f"outcomes to compare with (the regression set's: {DATA / 'expectations.json'})")
    parser.add_argument("--no-dciodvfy", action="store_true", help="skip the IOD comparison")
    parser.add_argument("--details", action="store_true", help="list every file's outcome, not only problems")
    args = parser.parse_args()
    if not args.no_dciodvfy and not dciodvfy.available():
        print("dciodvfy is missing: install the Debian package dicom3tools, or pass --no-dciodvfy", file=sys.stderr)
        return 2
    if args.expectations is None and args.source == DATA / "files":
        args.expectations = DATA / "expectations.json"
    expectations = load_expectations(args.expectations) if args.expectations else None
    library = ProfileLibrary(ROOT / "profiles")
    rows, problems = [], []
    for name in args.profiles.split(","):
        started = time.monotonic()
        check = check_profile(args.source, library.get(name), KEYS, validate=not args.no_dciodvfy)
        row = check.summary()
        row["not written"] = ", ".join(f"{k} {v}" for k, v in row["not written"].items()) or "-"
        row["seconds"] = f"{time.monotonic() - started:.1f}"
        rows.append(row)
        problems += [f"- {line}" for line in
                     (check_problems(check, expectations) if expectations is not None else _plain(check))]
        if args.details:
            problems += [f"- {name} {f.name}: {f.outcome}" for f in check.files]
    print(f"## Real DICOM files: {args.source}\n")
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in COLUMNS) + " |")
    if problems:
        print("\n" + "\n".join(problems))
    return 0


def _plain(check: ProfileCheck) -> list[str]:
    """Every read-back failure, dciodvfy regression and survivor of a run without expectations."""
    return check_problems(check, {f.name: {check.profile: f.outcome} for f in check.files})


if __name__ == "__main__":
    sys.exit(main())
