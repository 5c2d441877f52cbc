"""A per-file time budget that long-running engine steps check, so one slow file cannot hold a worker.

The batch runner and the API open a budget around each file; engines (the pixel
OCR above all) call `check_budget()` before each expensive step and pass
`seconds_left()` to the tools they start. The budget lives in a context
variable: each server thread and each worker process has its own.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .errors import CleanroomError

DEFAULT_FILE_TIME_LIMIT = 120.0  # seconds: a 30-frame ultrasound under OCR takes about 100 s on one core

_deadline: ContextVar[float | None] = ContextVar("cleanroom_deadline", default=None)


class TimeBudgetExceeded(CleanroomError):
    """The file's time budget ran out before it was finished (message is PHI-free)."""


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Give the work inside this block `seconds` (None: no limit)."""
    token = _deadline.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def seconds_left() -> float | None:
    """Return the seconds left in the current budget (None when there is none); raise when it has run out."""
    deadline = _deadline.get()
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeBudgetExceeded("the file's time budget ran out")
    return left


def check_budget() -> None:
    """Raise TimeBudgetExceeded when the current budget has run out."""
    seconds_left()
