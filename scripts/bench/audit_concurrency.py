#!/usr/bin/env python3
"""Benchmark audited API calls under concurrency: calls, errors and audit events written per call.

Starts `--servers` separate `cleanroom serve` processes (waitress) on loopback ports, all on one
database (a fresh SQLite file in a temporary instance, or `--database URL`), so audit appends race
across processes as well as threads. Then, for 2, 4 and 8 concurrent clients in turn, each client
calls POST /api/v1/deid/text, /api/v1/annotate and /api/v1/deid/dicom in rotation for `--seconds`,
spreading its calls over the servers, while one `cleanroom deid dicom` CLI run after another writes
to the same audit log. Every request has a timeout and every loop a deadline: the run stops by itself.

A call is an error when it answers anything but 200 (or 422, a quarantined DICOM file, which is
audited too) or does not answer. "events/call" counts the audit events of the endpoint's action that
appeared during the round, divided by its calls (one warm-up call per endpoint and server comes first,
uncounted): 1.00 means every call was audited exactly once.
The chain is verified at the end.

    .venv/bin/python scripts/bench/audit_concurrency.py [--seconds 60] [--servers 2] [--database URL]
"""
from __future__ import annotations

import argparse
import itertools
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import func, select  # noqa: E402

from app import audit  # noqa: E402
from app.config import load_settings  # noqa: E402
from app.db import Database  # noqa: E402
from app.models import AuditEvent  # noqa: E402
from tests.synth.dicom_corpus import generate_corpus  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CLIENT_COUNTS = (2, 4, 8)
REPORT = ("FINDINGS: Small right pleural effusion, no pneumothorax. Mild cardiomegaly.\n"
          "IMPRESSION: Discussed with Dr. Hollowmere on 02/03/2021 at 14:32.")
ENDPOINTS = {"/deid/text": "deid.text", "/annotate": "annotate.text", "/deid/dicom": "deid.dicom"}
OK_STATUSES = {200, 422}
REQUEST_TIMEOUT_S = 120


def cleanroom(env: dict, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run one `cleanroom` command in its own process."""
    return subprocess.run([sys.executable, "-m", "app", *args], env=env, cwd=REPO, capture_output=True, text=True,
                          timeout=timeout)


def free_port() -> int:
    """Return a loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_servers(env: dict, count: int) -> tuple[list[subprocess.Popen], list[str]]:
    """Start `count` waitress servers on loopback and wait until each answers /health."""
    processes, urls = [], []
    for _ in range(count):
        port = free_port()
        processes.append(subprocess.Popen([sys.executable, "-m", "app", "serve", "--port", str(port)], env=env,
                                          cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        urls.append(f"http://127.0.0.1:{port}/api/v1")
    deadline = time.monotonic() + 120
    for url in urls:
        while True:
            try:
                if requests.get(url + "/health", timeout=5).status_code < 500:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"a server did not come up on {url}")
            time.sleep(0.3)
    return processes, urls


def request_for(path: str, dicom: bytes) -> dict:
    """Return the keyword arguments of one call to `path`."""
    if path == "/deid/dicom":
        return {"data": dicom, "headers": {"Content-Type": "application/dicom"}, "params": {"profile": "basic"}}
    if path == "/deid/text":
        return {"json": {"text": REPORT, "profile": "basic"}}
    return {"json": {"text": REPORT}}


def warm_up(urls: list[str], token: str, dicom: bytes) -> None:
    """Call every endpoint once on every server, so engine loading is not counted in the first round."""
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {token}"
        for url, path in itertools.product(urls, ENDPOINTS):
            http.post(url + path, timeout=REQUEST_TIMEOUT_S, **request_for(path, dicom))


def run_clients(urls: list[str], token: str, clients: int, seconds: float, dicom: bytes) -> tuple[Counter, Counter]:
    """Run `clients` client threads for `seconds`; return calls and errors per endpoint."""
    calls, errors, lock = Counter(), Counter(), threading.Lock()
    deadline = time.monotonic() + seconds

    def client(number: int) -> None:
        paths = itertools.cycle(list(ENDPOINTS)[number % 3:] + list(ENDPOINTS)[:number % 3])
        servers = itertools.cycle(urls[number % len(urls):] + urls[:number % len(urls)])
        with requests.Session() as http:
            http.headers["Authorization"] = f"Bearer {token}"
            while time.monotonic() < deadline:
                path = next(paths)
                try:
                    ok = http.post(next(servers) + path, timeout=REQUEST_TIMEOUT_S,
                                   **request_for(path, dicom)).status_code in OK_STATUSES
                except requests.RequestException:
                    ok = False
                with lock:
                    calls[path] += 1
                    errors[path] += not ok

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return calls, errors


def run_cli_while(env: dict, source: Path, out_root: Path, stop: threading.Event, results: list[int]) -> None:
    """Run `cleanroom deid dicom` again and again until `stop`; collect exit codes."""
    for run in itertools.count():
        if stop.is_set():
            return
        results.append(cleanroom(env, "deid", "dicom", str(source), str(out_root / f"run{run}"),
                                 "--profile", "basic").returncode)


def events_by_action(db: Database, after_id: int) -> tuple[Counter, int]:
    """Return the audit events after `after_id` counted by (API or CLI, action), and the newest id."""
    with db.session() as session:
        rows = session.execute(select(AuditEvent.actor, AuditEvent.action, func.count()).where(AuditEvent.id > after_id)
                               .group_by(AuditEvent.actor, AuditEvent.action)).all()
        newest = session.scalar(select(func.max(AuditEvent.id))) or 0
    events = Counter()
    for actor, action, count in rows:
        events[("cli" if actor.startswith("cli:") else "api", action)] += count
    return events, newest


def main() -> None:
    """Serve, load, count and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of each round (1-600)")
    parser.add_argument("--servers", type=int, default=2, help="server processes on one database (1-4)")
    parser.add_argument("--database", default=None, help="DATABASE_URL (default: SQLite in a temporary instance)")
    args = parser.parse_args()
    if not 1 <= args.seconds <= 600 or not 1 <= args.servers <= 4:
        parser.error("--seconds must be 1-600 and --servers 1-4")

    with tempfile.TemporaryDirectory(prefix="cleanroom-bench-") as tmp:
        root = Path(tmp)
        instance = root / "instance"
        env = {**os.environ, "CLEANROOM_INSTANCE": str(instance), "CLEANROOM_JOB_EXECUTOR": "inprocess",
               "CELERY_BROKER_URL": "", "CLEANROOM_DATA_DIR": str(root / "data")}
        env["DATABASE_URL"] = args.database or f"sqlite:///{instance / 'cleanroom.db'}"
        upgraded = cleanroom(env, "db", "upgrade")
        if upgraded.returncode:
            raise SystemExit(upgraded.stderr.strip())
        token = cleanroom(env, "tokens", "create", "bench").stdout.strip()
        corpus = generate_corpus(root / "dicom", patients=1, seed=5, include_junk=False, phi_in_paths=False,
                                 studies_per_patient=(1, 1), series_per_study=(1, 1), instances_per_series=(4, 4),
                                 modalities=("CT",))
        dicom = next(path for path in sorted(corpus.corpus_dir.rglob("*")) if path.is_file()).read_bytes()
        settings = load_settings({"CLEANROOM_INSTANCE": str(instance), "DATABASE_URL": env["DATABASE_URL"]})
        db = Database(settings.database_url, settings.audit_key)
        servers, urls = start_servers(env, args.servers)
        rows = []
        try:
            warm_up(urls, token, dicom)
            for clients in CLIENT_COUNTS:
                _, before = events_by_action(db, 0)
                stop, cli_codes = threading.Event(), []
                cli = threading.Thread(target=run_cli_while,
                                       args=(env, corpus.corpus_dir, root / f"out{clients}", stop, cli_codes))
                cli.start()
                calls, errors = run_clients(urls, token, clients, args.seconds, dicom)
                stop.set()
                cli.join()
                events, _ = events_by_action(db, before)
                for path, action in ENDPOINTS.items():
                    rows.append([str(clients), path, str(calls[path]), str(errors[path]),
                                 f"{events[('api', action)] / calls[path]:.2f}" if calls[path] else "-",
                                 f"{calls[path] / args.seconds:.1f}"])
                rows.append([str(clients), "CLI deid dicom (alongside)", str(len(cli_codes)),
                             str(sum(code != 0 for code in cli_codes)),
                             f"{events[('cli', 'deid.dicom')] / len(cli_codes):.2f}" if cli_codes else "-", "-"])
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(timeout=30)
        with db.session() as session:
            problems = audit.verify(session)
            total = session.scalar(select(func.count()).select_from(AuditEvent))
        db.engine.dispose()

    backend = db.engine.dialect.name
    print(f"## Audited calls under concurrency: {args.servers} server process(es) × 8 threads, {backend}, "
          f"{args.seconds:g} s per round, nproc={os.cpu_count()}\n")
    table(["clients", "endpoint", "calls", "errors", "audit events/call", "calls/s"], rows)
    print(f"\naudit chain after the run: {total} events, "
          f"{'intact' if not problems else f'{len(problems)} problem(s), first: {problems[0]}'}")


def table(header: list[str], rows: list[list[str]]) -> None:
    """Print a Markdown table."""
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
