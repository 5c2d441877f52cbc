"""End-to-end held-out evaluation: ingest an unseen archive, count, request, approve, export, scan for PHI.

    .venv/bin/python scripts/bench/archive_eval.py [--patients 40] [--studies 80] [--seed 2026]
        [--outputs dicom,nifti,png,reports,labels] [--profile research] [--work DIR] [--show-places]

Builds `tests/heldout/archive_corpus.py`'s archive in a fresh folder, drives the documented CLI and API
(`tests/heldout/archive_chain.py`), validates the BagIt package and searches every file of it for every
injected PHI value in its written forms. Prints values injected and found by kind (file kind, place and
form; never a value), labels.csv against the truth, cohort counts against the truth, and the export's
quarantine. Exits 1 on any leak, an invalid bag or a failed chain.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.heldout.archive_chain import evaluate, run_chain  # noqa: E402
from tests.heldout.archive_corpus import build_archive  # noqa: E402


def _table(rows: list[tuple], header: tuple) -> str:
    """Rows as an aligned text table."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(v).ljust(w) for v, w in zip(r, widths))  # noqa: E731
    return "\n".join([line(header), line(tuple("-" * w for w in widths)), *(line(r) for r in rows)])


def main() -> int:
    """Run the chain once and print the evaluation; 1 on any leak."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=40)
    parser.add_argument("--studies", type=int, default=80)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--outputs", default="dicom,nifti,png,reports,labels")
    parser.add_argument("--profile", default="research")
    parser.add_argument("--work", type=Path, help="keep everything here (default: a temporary folder)")
    parser.add_argument("--show-places", action="store_true", help="list every hit's file and place")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="archive-eval-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        truth = build_archive(work, args.patients, args.studies, args.seed)
        started, cpu0 = time.monotonic(), time.process_time()
        chain = run_chain(work, args.outputs.split(","), args.profile)
        ev = evaluate(chain.package, truth, chain)
        print(f"chain: {time.monotonic() - started:.1f} s wall, CPU {chain.child_cpu_seconds:.1f} s in cleanroom "
              f"processes + {time.process_time() - cpu0:.1f} s here (scan)")
        print(f"ingest dicom: {chain.ingest_dicom}\ningest reports: {chain.ingest_reports}")
        print(f"package files by kind: {dict(ev.files_by_kind)}")
        print(f"bag valid: {ev.bag_valid} {ev.bag_error}")
        found_values: dict[str, set] = defaultdict(set)
        places: Counter = Counter()
        for h in ev.hits:
            found_values[h.kind].add(h.value)
            places[(h.kind, h.file_kind, h.place if h.file_kind == "dicom" else h.place.split()[0], h.form)] += 1
        print("\nPHI injected and found in the package (values never printed)")
        print(_table([(k, n, len(found_values.get(k, ()))) for k, n in sorted(ev.injected.items())],
                     ("kind", "values injected", "values found")))
        if places:
            print("\nwhere found (kind, file kind, element or line kind, form: hits)")
            print(_table([(*k, n) for k, n in sorted(places.items())], ("kind", "file", "place", "form", "hits")))
        if args.show_places:
            for h in ev.hits:
                print(f"  {h.kind:16} {h.file}  {h.place}  [{h.form}]")
        print(f"dates left out as the patient's shift landing on another of their days: {ev.coincident_dates}")
        print(f"\nlabels.csv vs truth: {ev.label_agree}/{ev.label_cells} cells agree; "
              f"studies in package {ev.studies_exported}, left out {ev.studies_unmapped}")
        for index, concept, expected, got in ev.label_mismatches[:40]:
            print(f"  study {index} {concept}: truth {expected!r} labels.csv {got!r}")
        print(f"\nreports whose shifted date of service equals their images' StudyDate: {ev.report_dates_agree}"
              f" of {ev.report_dates_agree + len(ev.report_dates_differ)}")
        print(f"  of which written with the month abbreviated (every source writes it in full): "
              f"{ev.report_months_abbreviated}")
        for written, image in ev.report_dates_differ[:20]:
            print(f"  report {written} vs image {image} (both shifted)")
        print("\ncohort counts vs truth")
        print(_table(ev.counts, ("definition", "measure", "cleanroom", "truth")))
        for problem in chain.problems:
            print(f"PROBLEM: {problem}")
        print(f"\nexport: state {chain.export.get('state')}; quarantine {ev.quarantine}")
        leaked = bool(ev.hits) or not ev.bag_valid or bool(chain.problems)
        print(f"\nRESULT: {'LEAK OR INVALID PACKAGE' if leaked else 'no injected value found'}; "
              f"{len(ev.hits)} hit(s) of {sum(len(v) for v in found_values.values())} distinct value(s)")
        return 1 if leaked else 0


if __name__ == "__main__":
    sys.exit(main())
