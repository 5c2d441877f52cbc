"""Archive → index → cohort → IRB request → export, driven as an outsider through the documented CLI and API.

A fresh instance folder, `cleanroom ingest dicom` and `ingest reports`, `cohort count --exact --json` for a
few definitions, a researcher and a reviewer (`users add`, `tokens create --user`), then over HTTP
against `cleanroom serve`: `POST /api/v1/cohort-requests`, `POST …/ID/decision`, `GET /api/v1/exports/ID`
until ready, and `GET …/download`. The unzipped package is checked with `bagit`, scanned for every
injected value (`archive_scan`), and its labels and counts are compared with the archive's truth.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import resource
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import bagit
import pydicom

from tests.heldout import archive_scan
from tests.heldout.archive_corpus import LABEL_CONCEPTS, MONTHS
from tests.support.cli import CliResult, cleanroom

REPO = Path(__file__).resolve().parents[2]
CLEANROOM = Path(sys.executable).with_name("cleanroom")
STATUS_CODE = {"present": "1", "absent": "0", "uncertain": "-1"}
PASSWORD = "eval-pass-0123"
# What a command run leaves: exit code, stdout, stderr (as its own process, or run in this one).
Done = subprocess.CompletedProcess[str] | CliResult
SERVICE_DATE = re.compile(r"DATE OF SERVICE: ([A-Za-z]+) (\d{1,2}), (\d{4})")

DEFINITIONS = {
    "fracture and its kinds, present": {
        "include": [{"concept": "RID4650", "status": "present", "descendants": True}],
        "labels": ["RID4650", "RID5352"]},
    "CT, pneumothorax and effusion labels": {"modalities": ["CT"], "labels": ["RID5352", "RID34539"]},
    "CR/DX, age 40-65": {"modalities": ["CR", "DX"], "age": {"min": 40, "max": 65}},
}
EXPORT_DEFINITION = {"labels": LABEL_CONCEPTS}


@dataclass
class ChainResult:
    """What the chain produced: summaries, counts, the package folder and the export's own summary."""

    ingest_dicom: dict
    ingest_reports: dict
    counts: dict[str, dict]
    request: dict
    export: dict
    package: Path
    child_cpu_seconds: float
    problems: list[str] = field(default_factory=list)


def environment(instance: Path) -> dict[str, str]:
    """The environment of every command: this checkout's code, a fresh instance, embedded defaults."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "CELERY_BROKER_URL") and not k.startswith("CLEANROOM_")}
    env.update(PYTHONPATH=str(REPO), CLEANROOM_INSTANCE=str(instance),
               CLEANROOM_PROFILES_DIR=str(REPO / "profiles"),
               CLEANROOM_ONTOLOGY=str(REPO / "ontologies" / "radiology.ttl"))
    return env


def cli(env: dict[str, str], *args: str, stdin: str | None = None, in_process: bool = False) -> Done:
    """Run one `cleanroom` command in its own process, or through the same entry point in this one (no start-up
    of Python and the app for each command); fail loudly (exit code and stderr) when it fails."""
    if in_process:
        unset = {name: None for name in os.environ if name not in env}
        done = cleanroom(*args, env={**unset, **env}, stdin=stdin)
    else:
        done = subprocess.run([str(CLEANROOM), *args], env=env, input=stdin, capture_output=True, text=True,
                              timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"cleanroom {' '.join(args[:2])} exited {done.returncode}: {done.stderr.strip()[-800:]}")
    return done


def last_json(text: str) -> dict:
    """The last line of output that parses as a JSON object."""
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise ValueError("no JSON line in the command's output")


class Api:
    """A tiny JSON client for `/api/v1` with one bearer token."""

    def __init__(self, base: str, token: str) -> None:
        """Remember the base URL and the token."""
        self.base, self.token = base, token

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        """Send a request; return the status and the raw body (errors included)."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {self.token}",
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=120) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def json(self, method: str, path: str, body: dict | None = None) -> dict:
        """Send a request that must succeed; return its JSON."""
        status, raw = self.call(method, path, body)
        if status >= 300:
            raise RuntimeError(f"{method} {path}: HTTP {status}: {raw[:500]!r}")
        return json.loads(raw)


def _free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    """Start `cleanroom serve` on a free port and wait for /api/v1/health."""
    port = _free_port()
    proc = subprocess.Popen([str(CLEANROOM), "serve", "--port", str(port), "--threads", "4"], env=env,
                            stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/api/v1"
    for _ in range(600):
        if proc.poll() is not None:
            raise RuntimeError(f"cleanroom serve exited {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=2):
                return proc, base
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("cleanroom serve did not answer /health in 120 s")


def _leaves(value: object, path: str = "") -> list[tuple[str, object]]:
    """Every leaf of a JSON value with its path."""
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, f"{path}.{k}")]
    return [(path, value)]


def _request_export(command: Callable[..., Done], base: str, outputs: list[str], profile: str, out: Path,
                    problems: list[str]) -> tuple[dict, dict, Path]:
    """Count as the researcher (small cells must be hidden), then submit, approve, wait, download and unzip;
    return the request, the export summary and the bag."""
    researcher = Api(base, command("tokens", "create", "eval-researcher", "--user", "rita").stdout.split()[-1])
    reviewer = Api(base, command("tokens", "create", "eval-reviewer", "--user", "ravi").stdout.split()[-1])
    for name, definition in DEFINITIONS.items():
        shown = researcher.json("POST", "/cohorts/count", definition)
        small = [f"{name}: {path}" for path, value in _leaves(shown) if isinstance(value, int) and 1 <= value <= 10]
        problems += [f"researcher sees a count from 1 to 10 unsuppressed: {s}" for s in small]
    request = researcher.json("POST", "/cohort-requests", {
        "definition": EXPORT_DEFINITION, "purpose": "Held-out end-to-end evaluation of de-identified exports",
        "irb_protocol": "IRB-2026-0420", "profile": profile, "outputs": outputs})
    rid = request["id"]
    reviewer.json("POST", f"/cohort-requests/{rid}/decision", {"decision": "approve", "comment": "approved"})
    deadline = time.monotonic() + 3600
    export = reviewer.json("GET", f"/exports/{rid}")
    while export.get("state") not in ("ready", "failed") and time.monotonic() < deadline:
        time.sleep(1)
        export = reviewer.json("GET", f"/exports/{rid}")
    if export.get("state") != "ready":
        raise RuntimeError(f"export ended {export.get('state')}: {json.dumps(export)[:800]}")
    status, raw = researcher.call("GET", f"/exports/{rid}/download")
    if status != 200:
        raise RuntimeError(f"download: HTTP {status}")
    archive = out / "package.zip"
    archive.write_bytes(raw)
    package = out / "package"
    with zipfile.ZipFile(archive) as z:
        z.extractall(package)
    tops = [p for p in package.iterdir()]
    if len(tops) == 1 and tops[0].is_dir() and not (package / "bagit.txt").exists():
        package = tops[0]
    return request, export, package


def run_chain(work: Path, outputs: list[str], profile: str = "research", in_process: bool = False) -> ChainResult:
    """Run the documented chain on `work/dicom` and `work/reports.jsonl` in a fresh `work/instance`.

    `in_process` runs the commands in this process (`cleanroom serve` is always its own): the child CPU time then
    counts the server alone.
    """
    env = environment(work / "instance")
    command = partial(cli, env, in_process=in_process)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    ingest_dicom = last_json(command("ingest", "dicom", str(work / "dicom"), "--json").stdout)
    ingest_reports = last_json(command("ingest", "reports", str(work / "reports.jsonl"), "--json").stdout)
    counts = {}
    for name, definition in DEFINITIONS.items():
        path = work / f"definition-{len(counts)}.json"
        path.write_text(json.dumps(definition), encoding="utf-8")
        counts[name] = last_json(command("cohort", "count", str(path), "--exact", "--json").stdout)
    command("users", "add", "rita", "--role", "researcher", "--name", "Eval Researcher", "--password", PASSWORD)
    command("users", "add", "ravi", "--role", "reviewer", "--name", "Eval Reviewer", "--password", PASSWORD)
    problems: list[str] = []
    server, base = _serve(env, work / "serve.log")
    try:
        request, export, package = _request_export(command, base, outputs, profile, work, problems)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return ChainResult(ingest_dicom, ingest_reports, counts, request, export, package, cpu, problems)


def truth_count(definition: dict, studies: list[dict]) -> dict[str, int]:
    """Patients, studies, series and instances the definition should select, from the archive's truth."""
    chosen = []
    for s in studies:
        if definition.get("modalities") and s["modality"] not in definition["modalities"]:
            continue
        age = definition.get("age")
        if age and not (age.get("min", 0) <= s["age"] <= age.get("max", 200)):
            continue
        if any(s["findings"].get(i["concept"]) != i["status"] for i in definition.get("include", [])):
            continue
        chosen.append(s)
    return {"patients": len({s["patient"] for s in chosen}), "studies": len(chosen),
            "series": sum(len(s["series_numbers"]) for s in chosen), "instances": sum(s["instances"] for s in chosen)}


@dataclass
class Evaluation:
    """Everything the evaluation found about one package."""

    bag_valid: bool
    bag_error: str
    hits: list[archive_scan.Hit]
    files_by_kind: Counter
    injected: Counter
    label_cells: int
    label_agree: int
    label_mismatches: list[tuple[int, str, str, str]]
    studies_exported: int
    studies_unmapped: int
    counts: list[tuple[str, str, object, int]]
    quarantine: dict
    report_dates_agree: int
    report_dates_differ: list[tuple[str, str]]
    report_months_abbreviated: int
    coincident_dates: int  # date hits that are another of the patient's dates moved by the patient's shift


def _map_package(package: Path, truth: dict) -> tuple[dict[str, int], dict[str, str], dict[str, str]]:
    """Exported study UID → study index (from SeriesNumber), → the patient's MRN, and → its StudyDate."""
    by_index = {s["index"]: s for s in truth["studies"]}
    study_index: dict[str, int] = {}
    study_date: dict[str, str] = {}
    for path in (package / "data" / "dicom").rglob("*.dcm"):
        ds = pydicom.dcmread(path, stop_before_pixels=True,
                             specific_tags=["StudyInstanceUID", "SeriesNumber", "StudyDate"])
        study_index[str(ds.StudyInstanceUID)] = int(ds.SeriesNumber) // 10
        study_date[str(ds.StudyInstanceUID)] = str(ds.get("StudyDate", ""))
    owner = {uid: by_index[i]["patient"] for uid, i in study_index.items() if i in by_index}
    return study_index, owner, study_date


def _report_dates(package: Path, study_date: dict[str, str]) -> tuple[int, list[tuple[str, str]], int]:
    """Reports whose (shifted) date of service equals their images' StudyDate; the others' two dates; and
    how many came out with the month abbreviated (the archive writes every month in full)."""
    agree, differ, abbreviated = 0, [], 0
    for line in (package / "data" / "reports.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        found = SERVICE_DATE.search(record["text"])
        if not found:
            differ.append(("no date of service", study_date.get(record["study"], "")))
            continue
        month, day, year = found.groups()
        names = [m.lower() for m in MONTHS] + [m[:3].lower() for m in MONTHS]
        abbreviated += month.lower() not in names[:12]
        number = names.index(month.lower()) % 12 + 1 if month.lower() in names else 0
        written = f"{year}{number:02d}{int(day):02d}" if number else found.group(0)
        if written == study_date.get(record["study"]):
            agree += 1
        else:
            differ.append((written, study_date.get(record["study"], "")))
    return agree, differ, abbreviated


def _file_kind(rel: str) -> str:
    """A file's kind, as the table prints it."""
    if rel.startswith("data/dicom/"):
        return "dicom"
    if rel.startswith(("data/nifti/", "data/png/")):
        return rel.split("/")[1]
    return rel.rsplit("/", 1)[-1]


def evaluate(package: Path, truth: dict, chain: ChainResult) -> Evaluation:
    """Validate the bag, scan every file, compare labels and counts with the truth."""
    try:
        bagit.Bag(str(package)).validate()
        bag_valid, bag_error = True, ""
    except (bagit.BagError, bagit.BagValidationError) as err:
        bag_valid, bag_error = False, str(err)[:300]
    study_index, owner_of_study, study_date = _map_package(package, truth)
    burned = {s["index"] for s in truth["studies"] if s["burned_in"]}
    burned_studies = {uid for uid, index in study_index.items() if index in burned}
    pins = archive_scan.Needles(truth)
    hits: list[archive_scan.Hit] = []
    files: Counter = Counter()
    for path in sorted(p for p in package.rglob("*") if p.is_file()):
        rel = path.relative_to(package).as_posix()
        kind = _file_kind(rel)
        files[kind] += 1
        study_owner = next((owner_of_study[part] for part in path.parts if part in owner_of_study), None)
        if kind in ("dicom", "png") and burned_studies.intersection(path.parts):
            hits += archive_scan.scan_pixels(path, rel, kind, pins, study_owner)
        if kind == "dicom":
            hits += archive_scan.scan_dicom(path, rel, pins, study_owner)
        elif kind in ("nifti", "png"):
            hits += archive_scan.scan_binary(path, rel, kind, pins, study_owner)
        elif rel == "data/reports.jsonl":
            hits += archive_scan.scan_reports(path, rel, pins, owner_of_study)
        else:
            hits += archive_scan.scan_text(path, rel, kind, pins)
    hits, coincident = _without_coincident_dates(hits, truth, study_index, study_date)
    injected = Counter({k: len({n.value for n in pins.all if n.kind == k}) for k in {n.kind for n in pins.all}})
    cells, agree, mismatches = _compare_labels(package, truth, study_index)
    counts = _compare_counts(chain, truth)
    manifest = json.loads((package / "data" / "manifest.json").read_text(encoding="utf-8"))
    quarantine = {k: v for k, v in manifest.items() if "quarantin" in k}
    dates_agree, dates_differ, abbreviated = _report_dates(package, study_date)
    return Evaluation(bag_valid, bag_error, hits, files, injected, cells, agree, mismatches,
                      len(set(study_index.values())), len(truth["studies"]) - len(set(study_index.values())),
                      counts, quarantine, dates_agree, dates_differ, abbreviated, coincident)


def _without_coincident_dates(hits: list[archive_scan.Hit], truth: dict, study_index: dict[str, int],
                              study_date: dict[str, str]) -> tuple[list[archive_scan.Hit], int]:
    """The hits less the dates that are one of the patient's own dates moved by the patient's date shift.

    A fresh instance draws a fresh key, so a patient's shift is random: a follow-up date moved back by it can
    land exactly on the patient's earlier study day (about one run in a hundred on the test archive). That
    is the shift at work, not a real date kept, and only a key that shifts so can make it.
    """
    by_index = {s["index"]: s for s in truth["studies"]}
    shift: dict[str, int] = {}
    for uid, index in study_index.items():
        written = study_date.get(uid, "")
        if index in by_index and re.fullmatch(r"\d{8}", written):
            moved = dt.datetime.strptime(written, "%Y%m%d").date()
            shift[by_index[index]["patient"]] = (moved - dt.date.fromisoformat(by_index[index]["date"])).days
    kept = []
    for h in hits:
        own = truth["patients"].get(h.owner, {})
        real = {v for kind in archive_scan.DATE_KINDS for v in own.get(kind, ())}
        if h.kind in archive_scan.DATE_KINDS and h.owner in shift and \
                (dt.date.fromisoformat(h.value) - dt.timedelta(days=shift[h.owner])).isoformat() in real:
            continue
        kept.append(h)
    return kept, len(hits) - len(kept)


def _compare_labels(package: Path, truth: dict, study_index: dict[str, int]) -> tuple[int, int, list]:
    """labels.csv cells against the truth: (cells compared, cells agreeing, mismatches by study index)."""
    by_index = {s["index"]: s for s in truth["studies"]}
    cells = agree = 0
    mismatches = []
    for row in archive_scan.read_labels(package / "data" / "labels.csv"):
        index = study_index.get(row["study"])
        if index is None:
            mismatches.append((-1, "study not in the DICOM outputs", "", ""))
            continue
        for concept in LABEL_CONCEPTS:
            expected = STATUS_CODE.get(by_index[index]["findings"].get(concept, ""), "")
            got = row.get(concept, "<missing column>")
            cells += 1
            if got == expected:
                agree += 1
            else:
                mismatches.append((index, concept, expected, got))
    return cells, agree, mismatches


def _compare_counts(chain: ChainResult, truth: dict) -> list[tuple[str, str, object, int]]:
    """(definition, measure, Cleanroom's count, truth) for every definition counted."""
    rows = []
    for name, definition in DEFINITIONS.items():
        expected = truth_count(definition, truth["studies"])
        got = chain.counts[name]
        for measure, value in expected.items():
            rows.append((name, measure, got.get(measure), value))
        chosen = [s for s in truth["studies"] if truth_count(definition, [s])["studies"]]
        for concept in definition.get("labels", []):
            for status in ("present", "absent"):
                value = sum(1 for s in chosen if s["findings"].get(concept) == status)
                rows.append((name, f"{concept} {status}", got.get("labels", {}).get(concept, {}).get(status), value))
    return rows

