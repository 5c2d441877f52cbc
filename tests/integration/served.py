"""Run `cleanroom serve` as a real process on a free local port, for tests that need waitress itself."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from typing import Iterator

from tests.conftest import auth


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(env: dict, stderr=subprocess.DEVNULL) -> Iterator[tuple[int, subprocess.Popen]]:
    """Start `cleanroom serve` with `env` (a migrated database), yield its port and process, then stop it."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "app", "serve", "--port", str(port), "--threads", "2"],
                              env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        # A deadline, not a count of tries: on a loaded machine start-up alone can take most of a minute.
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError("cleanroom serve exited before listening") from None
                if time.monotonic() > deadline:
                    raise RuntimeError("cleanroom serve did not listen within 120 s") from None
                time.sleep(0.1)
        yield port, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def call(port: int, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    """Call /api/v1`path` of a served Cleanroom (POST when there is a body); return the status and JSON answer."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1{path}", method="POST" if body else "GET",
                                     data=json.dumps(body).encode() if body else None,
                                     headers={**auth(token), "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
