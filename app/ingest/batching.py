"""Items in one at a time, batches out: the loop shape of every ingest and re-annotation run.

The index is written a batch per transaction (hundreds of rows per commit, not one), and what was
collected before a run stops (an error, a server gone away) is still written: ingest is idempotent,
so a batch written twice only updates.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Batches(Generic[T]):
    """Hands items to `write` in lists of `size`; used as a context manager, the rest is written at the end."""

    def __init__(self, write: Callable[[list[T]], None], size: int):
        self.write, self.size = write, size
        self.pending: list[T] = []

    def add(self, item: T) -> None:
        """Collect one item; write the batch once it is full."""
        self.pending.append(item)
        if len(self.pending) >= self.size:
            self.flush()

    def flush(self) -> None:
        """Write what was collected (a batch that fails to write is not written again)."""
        if self.pending:
            batch, self.pending = self.pending, []
            self.write(batch)

    def __enter__(self) -> Batches[T]:
        return self

    def __exit__(self, *exc_info) -> None:
        self.flush()
