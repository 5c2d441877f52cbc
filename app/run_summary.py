"""The one shape of a run's summary (de-identification, ingest, re-annotation, JSONL mapping): counters, the
run's seconds and its rate, as JSON-ready data. A summary holds counts and codes, never a value from the data."""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import ClassVar


@dataclass(kw_only=True)
class RunSummary:
    """Counters of one run (a subclass declares them), its wall-clock seconds and its rate over one counter.

    Holds no PHI, so it can go to logs, audit, job counts and `--json`.
    """

    COUNTED: ClassVar[str]  # the counter the rate is of, e.g. "files_in"
    RATE: ClassVar[str]  # the rate's name in as_dict(), e.g. "files_per_second"

    seconds: float = 0.0

    @contextmanager
    def timed(self) -> Iterator[RunSummary]:
        """Time the block: `seconds` is set when it ends, also when it raises (a summary of the work done)."""
        started = time.monotonic()
        try:
            yield self
        finally:
            self.seconds = round(time.monotonic() - started, 3)

    @property
    def rate(self) -> float:
        """Return the counted items per second of the timed run (0.0 before it is timed)."""
        return round(getattr(self, self.COUNTED) / self.seconds, 1) if self.seconds else 0.0

    def as_dict(self) -> dict:
        """Return the summary as plain JSON-ready data: every counter, `seconds` and the rate under its name."""
        return {**asdict(self), self.RATE: self.rate}
