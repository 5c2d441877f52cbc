"""Worker processes that end with the process that started them, so a killed run leaves no orphan writing."""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # linux/prctl.h
_WATCH_SECONDS = 0.5


def die_with_parent(parent: int) -> None:
    """Make this (forked) process die as soon as `parent` does, however the parent ended (kill -9 included)."""
    if not _kill_me_with_parent():
        threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent was gone before the signal was armed
        os._exit(1)


def _kill_me_with_parent() -> bool:
    """Ask Linux to send SIGKILL when the parent ends; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_SECONDS)
    os._exit(1)
