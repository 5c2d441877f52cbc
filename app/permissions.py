"""Owner-only permissions for the instance folder and the files that hold secrets or password hashes."""
from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from .errors import ConfigError

log = logging.getLogger(__name__)

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def private_dir(path: Path) -> None:
    """Create `path` owner-only (0700), or take group and other access away from an existing one."""
    try:
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the folder {path}: {exc.strerror}") from None
    _restrict(path, PRIVATE_DIR_MODE)


def private_file(path: Path) -> None:
    """Create `path` empty and owner-only (0600) if missing, or take group and other access away."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE))
    except OSError as exc:
        raise ConfigError(f"cannot create the file {path}: {exc.strerror}") from None
    _restrict(path, PRIVATE_FILE_MODE)


def restrict_if_present(path: Path) -> None:
    """Take group and other access away from a file that may or may not exist."""
    try:
        _restrict(path, PRIVATE_FILE_MODE)
    except FileNotFoundError:
        # Absent, or gone between two calls: SQLite deletes its journal when another connection commits.
        return


def _restrict(path: Path, mode: int) -> None:
    current = stat.S_IMODE(path.stat().st_mode)
    if current & 0o077 == 0:
        return
    try:
        os.chmod(path, current & mode)
    except PermissionError:
        # Someone else owns it (a shared mount): say so rather than refuse to start.
        log.warning("%s is readable by group or others (mode %o) and is not ours to change", path, current)
        return
    log.warning("tightened %s from mode %o to %o", path, current, current & mode)
