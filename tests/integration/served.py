"""Run `cleanroom serve` as a real process on a free local port, for tests that need waitress itself."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from typing import Iterator


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
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError("cleanroom serve exited before listening") from None
                time.sleep(0.1)
        yield port, server
    finally:
        server.terminate()
        server.wait(timeout=30)
