"""Whole numbers from query strings and paths, bounded so no database or `int()` limit is ever reached."""
from __future__ import annotations

from flask import request

from .errors import InvalidInput

# PostgreSQL INTEGER is the narrowest id column Cleanroom uses; larger values cannot name anything.
MAX_ID = 2**31 - 1


def whole_number(raw: str | None, name: str, *, default: int | None = None, low: int = 0,
                 high: int = MAX_ID) -> int | None:
    """Return `raw` as an int in [low, high], `default` when absent; ASCII digits only ('³' is not a number)."""
    if raw is None:
        return default
    # The length check comes first: int() of a very long string is slow and raises past 4,300 digits.
    if not (raw.isascii() and raw.isdigit() and len(raw) <= len(str(high))) or not low <= int(raw) <= high:
        raise InvalidInput(f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def query_number(name: str, *, default: int | None = None, low: int = 0, high: int = MAX_ID) -> int | None:
    """Return the query parameter `name` as a bounded whole number (see `whole_number`)."""
    return whole_number(request.args.get(name), name, default=default, low=low, high=high)
