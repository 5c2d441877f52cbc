#!/usr/bin/env python3
"""Benchmark DICOM de-identifiers on one synthetic adversarial corpus: speed and surviving PHI.

    .venv/bin/python scripts/bench/deid_dicom.py [--files 1500] [--seed 7] [--keep DIR]
                                                 [--tools cleanroom,deid,...]

One corpus is generated with `tests.synth.dicom_corpus.generate_corpus` (Faker PHI injected in
names, IDs, free text, private tags, nested sequences, overlays, file paths, plus some non-DICOM
and broken files). Every tool then de-identifies that same corpus, single process unless its
name says otherwise, in a freshly spawned interpreter, into its own output folder; the wall clock
of the whole run is measured (imports, corpus generation and untimed staging excluded). Each
output folder is then scored against the corpus manifest with `tests.synth.leaks.find_leaks` and
`find_unresolved_references`.

Tools live in a registry (`TOOLS`): one runner per tool. A tool that is not installed still gets
a row; a tool that raises on some files has those files counted, never the run aborted. Nothing
printed contains a PHI value: only counts, kinds, tag paths and exception class names.

Optional tools: `pip install -e '.[bench]'` (deid, dicognito, dicom-anonymizer) and the Debian
package `libgdcm-tools` (gdcmanon).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import multiprocessing
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repo: app/ and tests/synth

from app.deid.batch import FileResult, plan_batch, run_batch  # noqa: E402
from app.dicom.policy import Policy  # noqa: E402
from app.identity import IdentityKeys  # noqa: E402
from app.profiles import ProfileLibrary  # noqa: E402
from tests.synth.dicom_corpus import SYNTH_UID_PREFIX, CorpusManifest, generate_corpus  # noqa: E402
from tests.synth.leaks import Leak, UnresolvedReference, find_leaks, find_unresolved_references  # noqa: E402
from tests.synth.phi import DATE  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
PROFILES_DIR = REPO / "profiles"
# Fixed benchmark keys: outputs are throwaway, so a constant secret is fine (and reproducible).
BENCH_KEYS = IdentityKeys(b"u" * 32, b"p" * 32, b"d" * 32)

PYTHON = "python"  # pure-Python third-party tool: the speed baseline is the fastest of these
CLEANROOM = "cleanroom"
NATIVE = "native"
FLOOR = "floor"


# =========================================================================== data
@dataclass(frozen=True)
class Job:
    """One tool's run: the shared input and this tool's own folders."""

    corpus: Path  # the corpus folder (read only)
    files: tuple[Path, ...]  # every file under corpus, sorted
    out: Path  # the tool's outputs: the only folder scored for leaks
    work: Path  # scratch (quarantine, staged inputs): never scored

    def target(self, index: int) -> Path:
        """Neutral output name for input `index`, so input paths (which hold PHI) are not copied."""
        return self.out / f"{index:05d}.dcm"


@dataclass
class Outcome:
    """What a runner reports: inputs that produced no output, and why (codes/class names only)."""

    not_written: list[Path] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)  # anything the table footer should say

    def miss(self, path: Path, reason: str) -> None:
        """Record an input that produced no output."""
        self.not_written.append(path)
        self.reasons[reason] += 1


Runner = Callable[[Job], Outcome]


@dataclass(frozen=True)
class Tool:
    """A registry entry: how to run a tool and how to tell whether it is installed."""

    name: str
    kind: str  # PYTHON | CLEANROOM | NATIVE | FLOOR
    run: Runner
    requires: tuple[str, ...] = ()  # Python modules ("mod") or programs ("bin:prog")
    prepare: Callable[[Job], None] | None = None  # untimed staging
    mode: str = ""  # how it is configured, for the table footer

    def missing(self) -> str | None:
        """Return what is missing (None if the tool can run); imports modules so timing excludes it."""
        for need in self.requires:
            if need.startswith("bin:"):
                if shutil.which(need[4:]) is None:
                    return f"program {need[4:]} not found"
                continue
            try:
                importlib.import_module(need)
            except Exception as exc:  # ImportError, or a broken install
                return f"module {need} unavailable ({type(exc).__name__})"
        return None


@dataclass
class Score:
    """Leak and reference findings for one output folder."""

    leaked_values: int = 0  # distinct non-date PHI values found
    files_with_leaks: int = 0
    leaked_dates: int = 0  # distinct dates found
    leaked_uids: int = 0  # distinct original UIDs found
    unresolved: list[UnresolvedReference] = field(default_factory=list)
    leaks: list[Leak] = field(default_factory=list)  # non-date leaks, kept only when asked for detail


@dataclass
class Row:
    """Measured and scored result of one tool (picklable: it comes back from the tool's process)."""

    name: str
    status: str = "ok"  # ok | not installed (...) | crashed (...)
    seconds: float = 0.0  # the fastest attempt
    attempts: int = 1
    files_in: int = 0
    written: int = 0
    outcome: Outcome = field(default_factory=Outcome)
    not_written_dicom: int = 0
    score: Score | None = None

    @property
    def tool(self) -> Tool:
        """The registry entry."""
        return TOOLS[self.name]

    @property
    def ran(self) -> bool:
        """Whether the tool ran to the end (per-file failures allowed)."""
        return self.status == "ok"

    @property
    def rate(self) -> float:
        """Corpus files per second."""
        return self.files_in / self.seconds if self.seconds else 0.0


# =========================================================================== runners
def _per_file(job: Job, process: Callable[[Path, Path], None]) -> Outcome:
    """Run `process(src, dst)` on every input; an exception skips that file and is counted."""
    outcome = Outcome()
    for index, src in enumerate(job.files):
        dst = job.target(index)
        try:
            process(src, dst)
        except Exception as exc:  # any tool failure on one file: count it, keep going
            dst.unlink(missing_ok=True)
            outcome.miss(src, type(exc).__name__)
    return outcome


def run_copy(job: Job) -> Outcome:
    """Plain copy: the I/O floor."""
    return _per_file(job, lambda src, dst: shutil.copyfile(src, dst))


def cleanroom_runner(workers: int, profile: str = "basic") -> Runner:
    """Cleanroom's batch engine in process (what `cleanroom deid dicom --workers N` runs)."""

    def run(job: Job) -> Outcome:
        policy = Policy(ProfileLibrary(PROFILES_DIR).get(profile))
        plan = plan_batch(job.corpus, job.out, job.work / "quarantine", None, workers)
        outcome = Outcome()

        def on_result(result: FileResult, total: int) -> None:
            if result.status != "ok":
                outcome.miss(Path(result.source_path), f"{result.status}:{result.reason_code}")

        run_batch(plan, policy, BENCH_KEYS, on_result=on_result)
        return outcome

    return run


def run_deid(job: Job) -> Outcome:
    """pydicom/deid with its default recipe: get_identifiers, then replace_identifiers."""
    from deid.config import DeidRecipe
    from deid.dicom import get_identifiers, replace_identifiers

    recipe = DeidRecipe()  # no argument: deid's bundled default "dicom" recipe

    def process(src: Path, dst: Path) -> None:
        ids = get_identifiers([str(src)])
        (ds,) = replace_identifiers([str(src)], ids=ids, deid=recipe, save=False)
        ds.save_as(dst)

    return _per_file(job, process)


def run_dicognito(job: Job) -> Outcome:
    """dicognito with default settings; one Anonymizer for the whole corpus (consistent IDs)."""
    import pydicom
    from dicognito.anonymizer import Anonymizer

    anonymizer = Anonymizer()

    def process(src: Path, dst: Path) -> None:
        with pydicom.dcmread(src) as ds:
            anonymizer.anonymize(ds)
            ds.save_as(dst)

    return _per_file(job, process)


def run_dicom_anonymizer(job: Job) -> Outcome:
    """dicom-anonymizer's per-file API with its default rules and private tags deleted."""
    from dicomanonymizer.simpledicomanonymizer import anonymize_dicom_file

    return _per_file(job, lambda src, dst: anonymize_dicom_file(str(src), str(dst), {}, True))


def _link(src: Path, dst: Path) -> None:
    """Hard-link (or, across file systems, copy) one file."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def stage_gdcm(job: Job) -> None:
    """Untimed: hard-link the inputs into one folder under neutral names.

    gdcmanon mirrors input names into its output, so neutral names keep the corpus paths (which
    hold PHI) out of it, as for the per-file tools.
    """
    staged = job.work / "in"
    staged.mkdir(parents=True)
    for index, src in enumerate(job.files):
        _link(src, staged / job.target(index).name)


def run_gdcmanon(job: Job) -> Outcome:
    """gdcmanon -e (PS3.15 E.1.1 Basic Profile) over the staged folder, in one process if it can.

    -e needs somewhere to put the encrypted original attributes; without a certificate, a throwaway
    passphrase (-p) does it, so the de-identification itself is the full Basic Profile. gdcmanon
    aborts on some broken files, losing the rest of its folder even with --continue, so a folder
    whose run stops early is resumed without the file that stopped it (see `_gdcm_folder`).
    """
    failures: dict[str, str] = {}
    launches = _gdcm_folder(job, job.work / "in", secrets.token_hex(16), failures)
    outcome = Outcome()
    for index, src in enumerate(job.files):
        if not job.target(index).exists():
            outcome.miss(src, failures.get(job.target(index).name, "skipped by gdcmanon"))
    if launches > 1:
        outcome.notes.append(f"stopped early, so {launches} processes were needed (time included); it maps UIDs "
                             "per process, so references across processes break")
    return outcome


def _gdcm_folder(job: Job, folder: Path, password: str, failures: dict[str, str]) -> int:
    """Run gdcmanon over a folder until every file was tried; return how many processes it took.

    After an early stop, the suspect is the first file without output after the last file written,
    in directory order (the order gdcmanon walks a folder). The suspect is re-run alone (a failure
    there is recorded) and the folder resumed with the other files still without output, so no file
    is lost even if the order guess is wrong: each round takes one file out.
    """
    launches = 0
    while True:
        code = _gdcmanon(folder, job.out, password)
        launches += 1
        order = os.listdir(folder)
        written = [(job.out / name).exists() for name in order]
        if code == 0 or all(written):
            return launches
        last = max((i for i, done in enumerate(written) if done), default=-1)
        suspect = next((name for name, done in zip(order[last + 1 :], written[last + 1 :]) if not done),
                       next(name for name, done in zip(order, written) if not done))
        solo = _gdcmanon(_restage(job, folder, [suspect]), job.out, password)
        launches += 1
        if solo != 0 and not (job.out / suspect).exists():
            failures[suspect] = f"gdcmanon killed by signal {-solo}" if solo < 0 else f"gdcmanon exit {solo}"
        rest = [name for name, done in zip(order, written) if not done and name != suspect]
        if not rest:
            return launches
        folder = _restage(job, folder, rest)


def _gdcmanon(folder: Path, out: Path, password: str) -> int:
    command = ["gdcmanon", "--continue", "-e", "-p", password, "-r", "-i", str(folder), "-o", str(out)]
    return subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False).returncode


def _restage(job: Job, folder: Path, names: list[str]) -> Path:
    """Hard-link some files of a staged folder into a fresh folder."""
    fresh = Path(tempfile.mkdtemp(prefix="resume-", dir=job.work))
    for name in names:
        _link(folder / name, fresh / name)
    return fresh


TOOLS: dict[str, Tool] = {
    tool.name: tool
    for tool in (
        Tool("copy", FLOOR, run_copy, mode="shutil.copyfile per file (floor; scores the raw corpus)"),
        Tool("cleanroom", CLEANROOM, cleanroom_runner(1), mode="basic profile, in-process batch engine, 1 worker"),
        Tool("cleanroom-w2", CLEANROOM, cleanroom_runner(2),
             mode="basic profile, in-process batch engine, --workers 2"),
        Tool("deid", PYTHON, run_deid, ("deid.dicom",), mode="pydicom/deid default recipe DeidRecipe()"),
        Tool("dicognito", PYTHON, run_dicognito, ("dicognito.anonymizer",), mode="Anonymizer() defaults"),
        Tool("dicom-anonymizer", PYTHON, run_dicom_anonymizer, ("dicomanonymizer.simpledicomanonymizer",),
             mode="anonymize_dicom_file(in, out, {}, delete_private_tags=True)"),
        Tool("gdcmanon", NATIVE, run_gdcmanon, ("bin:gdcmanon",), stage_gdcm,
             mode="gdcmanon --continue -e -p <random> -r -i IN -o OUT (Basic Profile; a throwaway passphrase "
                  "instead of a certificate)"),
    )
}


# =========================================================================== corpus
def make_corpus(root: Path, files: int, seed: int) -> CorpusManifest:
    """Generate a corpus with at least `files` DICOM files (plus the junk files)."""
    return generate_corpus(root, patients=1, seed=seed, min_files=files)


def list_files(folder: Path) -> tuple[Path, ...]:
    """Every regular file under a folder, sorted."""
    return tuple(sorted(p for p in folder.rglob("*") if p.is_file()))


def count_files(folder: Path) -> int:
    """Number of regular files under a folder (0 if it does not exist)."""
    return sum(1 for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


# =========================================================================== running and scoring
@contextlib.contextmanager
def silenced() -> Iterator[None]:
    """Send fds 1 and 2 (Python, C libraries, cached streams) to /dev/null: tools may print PHI."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        os.dup2(null, 2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, null):
            os.close(fd)


def run_tool(name: str, files: tuple[Path, ...], corpus: Path, root: Path) -> Row:
    """Run one tool on the corpus (timed), never letting it take the benchmark down."""
    tool = TOOLS[name]
    row = Row(name, files_in=len(files))
    with silenced():
        missing = tool.missing()
    if missing:
        row.status = f"not installed ({missing})"
        return row
    job = Job(corpus, files, root / tool.name / "out", root / tool.name / "work")
    job.work.mkdir(parents=True)
    if tool.kind != CLEANROOM:
        job.out.mkdir(parents=True)  # Cleanroom creates its own destination
    if tool.prepare:
        tool.prepare(job)
    try:
        with silenced():
            started = time.perf_counter()
            outcome = tool.run(job)
            row.seconds = time.perf_counter() - started
    except Exception as exc:  # the whole run failed, not one file
        row.status = f"crashed ({type(exc).__name__})"
        return row
    row.outcome = outcome
    row.written = count_files(job.out)
    return row


def run_fresh(name: str, files: tuple[Path, ...], corpus: Path, root: Path) -> Row:
    """Run one tool in a freshly spawned interpreter, so no tool inherits another's warm state.

    (Cleanroom's --workers fork from the process they run in: after an earlier in-process run they
    would start with its caches already built.)
    """
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            return pool.submit(run_tool, name, files, corpus, root).result()
    except BrokenProcessPool:  # the tool took its interpreter down (a crash in native code)
        return Row(name, status="crashed (its process died)", files_in=len(files))


def score_output(out: Path, manifest_path: Path, detail: bool) -> Score:
    """Score one output folder against the manifest (runs in a worker process)."""
    result = Score()
    if not out.exists():
        return result
    manifest = CorpusManifest.load(manifest_path)
    with silenced():
        leaks = find_leaks(out, manifest.phi_values(include_dates=True))
        result.unresolved = find_unresolved_references(out, manifest)
    phi = [leak for leak in leaks if leak.kind != DATE]
    result.leaked_values = len({leak.digest for leak in phi})
    result.files_with_leaks = len({leak.file for leak in phi})
    result.leaked_dates = len({leak.digest for leak in leaks if leak.kind == DATE})
    result.leaked_uids = len(surviving_uids(out, {pv.value for pv in manifest.uid_values()}))
    result.leaks = phi if detail else []
    return result


_SYNTH_UID = re.compile(re.escape(SYNTH_UID_PREFIX.encode()) + rb"[0-9.]*")


def surviving_uids(out: Path, originals: set[str]) -> set[str]:
    """Original UIDs present in output bytes or paths, whole or as the stem of a longer UID.

    Every generated UID shares SYNTH_UID_PREFIX, so one regex pass per file finds them all; this is
    what find_leaks would report for them, without thousands of needles sharing one prefix.
    """
    found: set[str] = set()
    for path in list_files(out):
        blob = path.read_bytes() + b"\n" + path.relative_to(out).as_posix().encode()
        for match in _SYNTH_UID.findall(blob):
            uid = match.decode("ascii").rstrip(".")
            while uid.startswith(SYNTH_UID_PREFIX):
                if uid in originals:
                    found.add(uid)
                    break
                uid = uid.rpartition(".")[0]
    return found


def benchmark(tools: list[Tool], manifest: CorpusManifest, root: Path, repeat: int = 1) -> list[Row]:
    """Run every tool on the same corpus (timed), `repeat` rounds, then score all outputs in parallel.

    Rounds go through every tool in turn, so a burst of other load on the machine hits one attempt of
    each tool rather than every attempt of one; each row keeps its fastest attempt and the outputs of
    its last one.
    """
    corpus = manifest.corpus_dir.resolve()
    files = list_files(corpus)
    kinds = {corpus / record["path"]: record["kind"] for record in manifest.files}
    best: dict[str, Row] = {}
    for attempt in range(repeat):
        for tool in tools:
            if best.get(tool.name) and not best[tool.name].ran:
                continue  # not installed or crashed: trying again measures nothing
            log(f"running {tool.name} (round {attempt + 1} of {repeat}) ...")
            shutil.rmtree(root / tool.name, ignore_errors=True)
            row = run_fresh(tool.name, files, corpus, root)
            log(f"  {row.seconds:.1f} s" if row.ran else f"  {row.status}")
            if tool.name in best and row.ran:
                row.seconds = min(row.seconds, best[tool.name].seconds)
                row.attempts = best[tool.name].attempts + 1
            best[tool.name] = row
    rows = [best[tool.name] for tool in tools]
    for row in rows:
        row.not_written_dicom = sum(1 for p in row.outcome.not_written if kinds.get(p) == "dicom")
    scored = [r for r in rows if r.ran]
    if not scored:
        return rows
    log(f"scoring {len(scored)} output folder(s) ...")
    with ProcessPoolExecutor(min(len(scored), os.cpu_count() or 1)) as pool:
        jobs = [(root / r.tool.name / "out", manifest.manifest_path, r.tool.kind == CLEANROOM) for r in scored]
        for row, result in zip(scored, pool.map(score_output, *zip(*jobs))):
            row.score = result
    return rows


# =========================================================================== report
def fmt_pct(part: int, whole: int) -> str:
    """`part` as a percentage of `whole`, one decimal."""
    return f"{100.0 * part / whole:.1f} %" if whole else "n/a"


def speed_baseline(rows: list[Row]) -> Row | None:
    """The fastest third-party pure-Python tool that ran."""
    candidates = [r for r in rows if r.ran and r.tool.kind == PYTHON and r.seconds]
    return max(candidates, key=lambda r: r.rate, default=None)


def render_table(rows: list[Row], manifest: CorpusManifest) -> str:
    """The Markdown results table with its footer."""
    phi = {pv.digest for pv in manifest.phi_values() if pv.search}
    dates = {pv.digest for pv in manifest.phi_values(include_dates=True) if pv.kind == DATE}
    uids = manifest.uid_values()
    base = speed_baseline(rows)
    header = ("| tool | files written | seconds | files/s | × vs fastest other Python tool | leaked PHI % | "
              "files with leaks | dates surviving % | original UIDs surviving % | unresolved refs | "
              "valid DICOM not written |")
    lines = [header, "|" + "---|" * header.count(" |")]
    for r in rows:
        if not r.ran or r.score is None:
            lines.append(f"| {r.tool.name} | {r.status} |" + " – |" * 9)
            continue
        ratio = f"{r.rate / base.rate:.2f}×" if base else "n/a"
        sc = r.score
        lines.append(
            f"| {r.tool.name} | {r.written} | {r.seconds:.2f} | {r.rate:.1f} | {ratio} | "
            f"{fmt_pct(sc.leaked_values, len(phi))} | {sc.files_with_leaks} | {fmt_pct(sc.leaked_dates, len(dates))} | "
            f"{fmt_pct(sc.leaked_uids, len(uids))} | {len(sc.unresolved)} | {r.not_written_dicom} |"
        )
    lines += ["", *footer(rows, manifest, len(phi), len(dates), len(uids), base)]
    return "\n".join(lines)


def footer(rows: list[Row], manifest: CorpusManifest, n_phi: int, n_dates: int, n_uids: int,
           base: Row | None) -> list[str]:
    """Definitions of the columns and how each tool was configured."""
    counts = manifest.data.get("counts", {})
    lines = [
        f"- Corpus: {len(manifest.files)} files ({counts.get('dicom', '?')} valid DICOM, "
        f"{counts.get('non_dicom', '?')} non-DICOM, {counts.get('broken', '?')} broken), "
        f"{counts.get('patients', '?')} patients, {counts.get('studies', '?')} studies, seed {manifest.seed}. "
        f"Machine: nproc={os.cpu_count()}, {platform.machine()}, Python {platform.python_version()}.",
        f"- seconds: wall clock of processing every corpus file, fastest of {max(r.attempts for r in rows)} "
        "round(s) over every tool, "
        "each run in a fresh interpreter (tool setup and "
        "lazy initialisation included; module imports, corpus generation and gdcmanon's input staging excluded). "
        "files/s = corpus files ÷ seconds, counting files a tool refuses early (which are cheap) like any other. "
        f"× = files/s ÷ files/s of the fastest third-party Python tool ({base.tool.name if base else 'none ran'}).",
        f"- leaked PHI %: distinct injected non-date PHI values (names, IDs, addresses, phones, institutions, "
        f"devices; {n_phi} in all) found anywhere in the tool's output (elements incl. private/nested/file meta, "
        "raw bytes outside pixel data, output paths). files with leaks: output files holding ≥ 1 of them.",
        f"- dates surviving %: distinct injected dates ({n_dates}) still present verbatim; an upper bound, since a "
        f"shifted date can coincide with another original. original UIDs surviving %: of {n_uids} generated UIDs.",
        "- unresolved refs: UID references (and file-meta/frame-of-reference inconsistencies) whose target is not "
        "in the output set (`find_unresolved_references`).",
        "- Files a tool quarantines, skips or fails on are not outputs, so they cannot leak; "
        "'valid DICOM not written' counts the valid DICOM inputs among them.",
        "- Configurations: " + "; ".join(f"{r.tool.name}: {r.tool.mode}" for r in rows) + ".",
    ]
    for r in rows:
        if r.ran and r.outcome.reasons:
            reasons = ", ".join(f"{code} {n}" for code, n in sorted(r.outcome.reasons.items()))
            lines.append(f"- {r.tool.name} inputs not written: {reasons}.")
        lines += [f"- {r.tool.name}: {note}." for note in r.outcome.notes]
    return lines


def render_findings(rows: list[Row]) -> str:
    """Where Cleanroom leaked and which references it broke: tag paths and kinds, never values."""
    out: list[str] = []
    for r in rows:
        if r.score is None or r.tool.kind != CLEANROOM:
            continue
        if r.score.leaks:
            out += [f"\n### {r.tool.name}: leak sites\n", "| location | kind | match | leaks | files |",
                    "|---|---|---|---|---|"]
            sites: dict[tuple[str, str, str], list[Leak]] = {}
            for leak in r.score.leaks:
                sites.setdefault((_generic(leak.location), leak.kind, leak.match), []).append(leak)
            for (location, kind, match), found in sorted(sites.items(), key=lambda item: -len(item[1])):
                out.append(f"| `{location}` | {kind} | {match} | {len(found)} | {len({leak.file for leak in found})} |")
        if r.score.unresolved:
            out += [f"\n### {r.tool.name}: unresolved references\n", "| location | type | count |", "|---|---|---|"]
            refs = Counter((_generic(u.location), u.type) for u in r.score.unresolved)
            out += [f"| `{location}` | {kind} | {n} |" for (location, kind), n in refs.most_common()]
    return "\n".join(out)


def _generic(location: str) -> str:
    """Drop sequence item indices so the same tag path aggregates across items."""
    return re.sub(r"\[\d+\]", "[]", location)


def log(message: str) -> None:
    """Progress to stderr (never PHI), so stdout carries only the Markdown report."""
    print(message, file=sys.stderr, flush=True)


# =========================================================================== main
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse and check the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1500, help="minimum number of DICOM files (default 1500)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument("--keep", type=Path, help="keep corpus and outputs in this (new or empty) folder")
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated subset of: {', '.join(TOOLS)}")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds over every tool; each keeps its fastest (default 1)")
    args = parser.parse_args(argv)
    unknown = [t for t in args.tools.split(",") if t and t not in TOOLS]
    if unknown:
        parser.error(f"unknown tools {unknown}; known: {', '.join(TOOLS)}")
    if args.files < 1:
        parser.error("--files must be at least 1")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        parser.error("--keep folder must be new or empty")
    return args


@contextlib.contextmanager
def workspace(keep: Path | None) -> Iterator[Path]:
    """A kept folder, or a temporary one deleted afterwards."""
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep.resolve()
        log(f"outputs kept in {keep}")
        return
    with tempfile.TemporaryDirectory(prefix="cleanroom-bench-") as tmp:
        yield Path(tmp)


def main(argv: list[str] | None = None) -> int:
    """Generate the corpus, run and score the tools, print the report."""
    args = parse_args(argv)
    tools = [TOOLS[name] for name in args.tools.split(",") if name]
    with workspace(args.keep) as root:
        log(f"generating a corpus of >= {args.files} files (seed {args.seed}) ...")
        with silenced():
            manifest = make_corpus(root / "corpus", args.files, args.seed)
        rows = benchmark(tools, manifest, root / "tools", args.repeat)
        print(f"## De-identification benchmark: {len(manifest.files)} files, nproc={os.cpu_count()}\n")
        print(render_table(rows, manifest))
        print(render_findings(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
