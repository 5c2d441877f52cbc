#!/usr/bin/env python3
"""Benchmark sign-in latency by kind of username, to show timing does not reveal which accounts exist.

    .venv/bin/python scripts/bench/login_timing.py [--rounds 10]

A fresh SQLite instance in a temporary folder with one active and one disabled user; each round posts a
wrong password for an existing user, an unknown username and a disabled user (each from its own client
address, and the failure counters cleared after each, so throttling never engages), through the Flask test client with CSRF. Prints median and spread.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app import create_app  # noqa: E402
from app.auth import accounts  # noqa: E402
from app.models import LoginThrottle  # noqa: E402
from app.services import Services  # noqa: E402

PASSWORD = "correct horse battery"


def main() -> None:
    """Time wrong-password sign-ins for a real, an unknown and a disabled username."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cleanroom-bench-"))
    svc = Services.load({"CLEANROOM_INSTANCE": str(folder), "CLEANROOM_SECRET_KEY": "bench-" + "0" * 40,
                         "CLEANROOM_JOB_EXECUTOR": "inprocess", "CELERY_BROKER_URL": "",
                         "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}"})
    svc.db.upgrade()
    with svc.db.session() as session:
        accounts.add_user(session, "alice", "researcher", PASSWORD, actor="bench")
        accounts.add_user(session, "bob", "researcher", PASSWORD, actor="bench")
        accounts.set_user_active(session, "bob", False, actor="bench")
    app = create_app(services=svc)
    timings: dict[str, list[float]] = {"existing user": [], "unknown user": [], "disabled user": []}
    for n in range(args.rounds):
        for kind, username in zip(timings, ("alice", f"nobody{n}", "bob")):
            client = app.test_client()
            html = client.get("/login").get_data(as_text=True)
            csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
            start = time.perf_counter()
            client.post("/login", data={"username": username, "password": "wrong password!", "csrf_token": csrf},
                        environ_base={"REMOTE_ADDR": f"198.51.100.{n % 250}"})
            timings[kind].append((time.perf_counter() - start) * 1000)
            with svc.db.session() as session:  # keep back-off out of the measurement
                session.query(LoginThrottle).delete()
    print(f"{'username':<15} {'median ms':>10} {'min ms':>8} {'max ms':>8}  ({args.rounds} rounds)")
    for kind, values in timings.items():
        print(f"{kind:<15} {statistics.median(values):>10.1f} {min(values):>8.1f} {max(values):>8.1f}")
    svc.executor.shutdown()


if __name__ == "__main__":
    main()
