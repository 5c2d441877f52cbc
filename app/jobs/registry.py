"""The single place job kinds are registered and looked up."""
from __future__ import annotations

from typing import Callable

_HANDLERS: dict[str, Callable] = {}


def job_kind(name: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as the handler for job kind `name`."""
    def register(handler: Callable) -> Callable:
        if name in _HANDLERS:
            raise ValueError(f"job kind {name!r} registered twice")
        _HANDLERS[name] = handler
        return handler
    return register


def handler_for(name: str) -> Callable | None:
    """Return the handler for a job kind, or None if unknown."""
    from . import kinds  # noqa: F401  -- importing registers every shipped kind

    return _HANDLERS.get(name)
