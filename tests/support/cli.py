"""Run the `cleanroom` command as a user would: a separate process, its exit code, stdout and stderr."""
from __future__ import annotations

import os
import subprocess
import sys


def run_cleanroom(env: dict, *args) -> subprocess.CompletedProcess:
    """Run `python -m app ARGS` with `env` on top of this process's environment."""
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300)
