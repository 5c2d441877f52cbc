"""Score the DICOM de-identifier, as a black box, on the held-out adversarial corpus.

    python -m tests.heldout.score --files 300 --seed 9001 --profile basic
    python -m tests.heldout.score --files 100 --profile research --show-survivors

Generates the corpus into a temporary folder, runs `python -m app deid dicom` on it once per
profile, and checks every output: does it re-read with pydicom, and does any injected PHI
string survive anywhere in it. Prints counts only: never a PHI value, never the manifest.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from tests.heldout.dicom_corpus import build_file, generate
from tests.heldout.phi_search import search_file

KINDS = ["name", "id", "date", "address", "phone", "uid"]


def _env(instance: Path) -> dict[str, str]:
    """The child's environment: its own instance folder and secret key."""
    env = dict(os.environ)
    env["CLEANROOM_INSTANCE"] = str(instance)
    env["CLEANROOM_SECRET_KEY"] = secrets.token_urlsafe(36)[:48]
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    env.pop("DATABASE_URL", None)
    return env


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run the project's CLI in a child process."""
    return subprocess.run([sys.executable, "-m", "app", *args], env=env, capture_output=True,
                          text=True, check=False)


def run_profile(profile: str, src: Path, work: Path, env: dict[str, str], workers: int) -> dict:
    """De-identify the corpus under one profile; return the summary and the link rows."""
    dst, quarantine, link = work / f"out-{profile}", work / f"q-{profile}", work / f"link-{profile}.csv"
    args = ["deid", "dicom", str(src), str(dst), "--profile", profile, "--json",
            "--quarantine", str(quarantine), "--link-file", str(link), "--workers", str(workers)]
    done = _cli(args, env)
    if "db upgrade" in done.stderr + done.stdout:
        _cli(["db", "upgrade"], env)
        done = _cli(args, env)
    summary = {}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            summary = json.loads(line)
            break
    if done.returncode != 0 or not summary:
        # Only the last stderr line: the CLI promises it names no PHI.
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise SystemExit(f"deid failed under {profile} (exit {done.returncode}): {last[:200]}")
    rows = list(csv.DictReader(link.open(encoding="utf-8"))) if link.exists() else []
    return {"summary": summary, "rows": rows}


def _index(source_path: str) -> int | None:
    """The corpus index of a source file, from its name NNNNN.dcm."""
    m = re.search(r"(\d{5})\.dcm$", source_path)
    return int(m.group(1)) if m else None


def score_profile(profile: str, run: dict, manifest: dict) -> dict:
    """Check every output of one run against its source file's ground truth."""
    files = manifest["files"]
    status, reasons = Counter(), Counter()
    unreadable: list[int] = []
    survivors: list[tuple[int, str, str, list[str]]] = []
    injected = Counter()
    for row in run["rows"]:
        status[row["status"]] += 1
        if row["status"] != "ok":
            reasons[row["reason"] or row["status"]] += 1
            continue
        idx = _index(row["source_path"])
        entries = files[idx]["phi"]
        injected.update(e["kind"] for e in entries)
        result = search_file(Path(row["output_path"]), entries)
        if not result.readable:
            unreadable.append(idx)
        for n, paths in sorted(result.hits.items()):
            e = entries[n]
            survivors.append((idx, e["kind"], e["subkind"], sorted(paths)))
    return {"profile": profile, "summary": run["summary"], "status": status, "reasons": reasons,
            "unreadable": unreadable, "survivors": survivors, "injected": injected}


def print_table(s: dict, show: bool) -> None:
    """Counts for one profile; with `show`, where each survivor sat (never its value)."""
    summ, surv = s["summary"], s["survivors"]
    by_kind = Counter(k for _, k, _, _ in surv)
    files_any = {i for i, *_ in surv}
    files_nodate = {i for i, k, *_ in surv if k != "date"}
    print(f"\n== profile {s['profile']} ({summ.get('profile', '?')})")
    reasons = ", ".join(f"{r} {c}" for r, c in sorted(s["reasons"].items())) or "-"
    rows = [
        ("files in", summ.get("files_in")),
        ("written (ok)", s["status"].get("ok", 0)),
        ("quarantined", f"{summ.get('quarantined')} ({reasons})"),
        ("skipped", summ.get("skipped")),
        ("de-identifier seconds (shared machine)", summ.get("seconds")),
        ("unreadable outputs", len(s["unreadable"])),
        ("outputs with >=1 surviving PHI string", len(files_any)),
        ("outputs with >=1 surviving non-date PHI", len(files_nodate)),
    ]
    for label, value in rows:
        print(f"  {label:<42} {value}")
    print(f"  {'kind':<10}{'injected*':>10}{'survived':>10}")
    for kind in KINDS:
        print(f"  {kind:<10}{s['injected'].get(kind, 0):>10}{by_kind.get(kind, 0):>10}")
    print("  * strings injected into the files that were written")
    if not show:
        return
    paths: dict[str, Counter] = defaultdict(Counter)
    for idx, kind, sub, where in surv:
        print(f"  file {idx:05d}  {kind}/{sub}: {'; '.join(where)}")
        for w in where:
            paths[f"{kind}/{sub}"][re.sub(r"\[\d+\]", "[]", w)] += 1
    if paths:
        print("  -- attribute paths by kind/subkind (count of survivors)")
        for key in sorted(paths):
            print(f"  {key}: " + ", ".join(f"{p} ({c})" for p, c in paths[key].most_common()))


def self_check(src: Path, manifest: dict, seed: int, show: bool) -> None:
    """Controls for the scorer itself: recall on the untouched corpus, and false alarms.

    Positive: every injected string must be found in its own source file. Negative: the same
    files searched for another seed's PHI (minus values the file really holds) should match
    nothing; what matches is the scorer's false-alarm rate.
    """
    missed, found, false_hits = Counter(), Counter(), Counter()
    for rec in manifest["files"]:
        path = src / rec["file"]
        result = search_file(path, rec["phi"])
        for n, e in enumerate(rec["phi"]):
            (found if n in result.hits else missed)[e["kind"]] += 1
            if show and n not in result.hits:
                print(f"  missed in source {rec['index']:05d}: {e['kind']}/{e['subkind']}")
        own = {e["value"] for e in rec["phi"]}
        other = [e for e in build_file(rec["index"], seed + 7919)[1]["phi"] if e["value"] not in own]
        decoy = search_file(path, other)
        false_hits.update(other[n]["kind"] for n in decoy.hits)
    print("\n== self-check on the untouched corpus")
    print(f"  {'kind':<10}{'found':>8}{'missed':>8}{'false alarms':>14}")
    for kind in KINDS:
        print(f"  {kind:<10}{found[kind]:>8}{missed[kind]:>8}{false_hits[kind]:>14}")


def main() -> None:
    """Generate, de-identify under each profile, and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--seed", type=int, default=9001)
    ap.add_argument("--profile", action="append", default=[],
                    help="profile name; repeat or comma-separate for several")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--show-survivors", action="store_true",
                    help="print file index, kind and attribute path of each survivor (no values)")
    ap.add_argument("--self-check", action="store_true",
                    help="also measure the scorer's recall and false alarms on the raw corpus")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (holds the manifest)")
    args = ap.parse_args()
    profiles = [p for arg in args.profile for p in arg.split(",") if p]
    if not profiles and not args.self_check:
        ap.error("give --profile (or --self-check)")
    with tempfile.TemporaryDirectory(prefix="heldout-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        src = work / "src"
        manifest = json.loads(generate(src, args.files, args.seed).read_text(encoding="utf-8"))
        print(f"corpus: {args.files} files, seed {args.seed}")
        if args.self_check:
            self_check(src, manifest, args.seed, args.show_survivors)
        env = _env(work / "instance")
        if profiles:
            _cli(["db", "upgrade"], env)
        for profile in profiles:
            run = run_profile(profile, src, work, env, args.workers)
            print_table(score_profile(profile, run, manifest), args.show_survivors)


if __name__ == "__main__":
    main()
