"""What is worked out from a frame, remembered for the last few frames: the reader and the cleaner both look at it."""
from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import numpy as np

from .frames import frame_digest

T = TypeVar("T")


class PerFrame(Generic[T]):
    """`work` of an 8-bit image, done once per distinct image among the last `size` looked at."""

    def __init__(self, work: Callable[[np.ndarray], list[T]], size: int = 8) -> None:
        self._work, self._size = work, size
        self._found: dict[bytes, list[T]] = {}

    def __call__(self, view: np.ndarray) -> list[T]:
        """A fresh list of `work(view)`."""
        key = _key(view)
        found = self._found.get(key)
        if found is None:
            # Held in a local: another thread's clearing between storing and reading back must not lose it.
            found = self._work(view)
            if len(self._found) >= self._size:
                self._found.clear()
            self._found[key] = found
        return list(found)

    def remembered(self, view: np.ndarray) -> list[T] | None:
        """A fresh list of `work(view)` when it was done among the last images looked at, else None (never works)."""
        found = self._found.get(_key(view))
        return None if found is None else list(found)


def _key(view: np.ndarray) -> bytes:
    """What tells an image apart: its bytes' digest and its shape."""
    return frame_digest(view) + repr(view.shape).encode()
