"""Map a JSONL file of reports to another, line by line: bad lines are reported by number and
skipped (their content never echoed), workers optional, the output written atomically."""
from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InvalidInput
from .run_summary import RunSummary

CHUNK = 64
Handler = Callable[[dict], dict]


@dataclass
class JsonlRun(RunSummary):
    """Counts of one run (line numbers of bad lines, never their content), plus what the engine adds."""

    COUNTED, RATE = "written", "reports_per_second"

    lines_in: int = 0
    written: int = 0
    invalid: int = 0
    workers: int = 1
    invalid_lines: list = field(default_factory=list)
    details: dict = field(default_factory=dict)  # e.g. the profile and entity counts: never values

    def as_dict(self) -> dict:
        """Return the counts and details as JSON-ready data."""
        counts = super().as_dict()
        return {**counts.pop("details"), **counts}


def parse_report_line(line: str) -> tuple[dict | None, str]:
    """Return (item, "") for a JSON object with an `id` and a `text`, or (None, reason)."""
    try:
        item = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return None, "not valid JSON"
    if not isinstance(item, dict):
        return None, "not a JSON object"
    if not isinstance(item.get("id"), (str, int)) or isinstance(item.get("id"), bool):
        return None, "missing or invalid `id`"
    if not isinstance(item.get("text"), str):
        return None, "missing or invalid `text`"
    return item, ""


def map_jsonl(source: Path, destination: Path, make_handler: Callable[[], Handler], *,
              validate: Callable[[dict], str] | None = None, workers: int = 1,
              on_output: Callable[[dict], None] | None = None,
              on_line: Callable[[int], None] | None = None) -> JsonlRun:
    """Write `make_handler()(item)` for every valid line of `source` to `destination`.

    `make_handler` runs once, in this process (it builds the engine); with workers > 1 the workers are
    forked after it ran, so they share what it built and loaded instead of building it each.
    `validate` returns a reason for an item the handler must not see.
    """
    source, destination = Path(source).resolve(), Path(destination).resolve()
    if not source.is_file():
        raise InvalidInput("the input file does not exist")
    if source == destination:
        raise InvalidInput("the output must not overwrite the input")
    validate = validate or _accept
    run = JsonlRun(workers=workers)
    partial = destination.with_name(f".{destination.name}.{os.getpid()}.partial")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        out = partial.open("w", encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot write the output {destination.name}: {exc.strerror}") from None
    try:
        with run.timed(), source.open(encoding="utf-8", errors="replace") as lines, out:
            for number, outcome in _outcomes(lines, make_handler, validate, workers):
                run.lines_in += 1
                if isinstance(outcome, str):
                    run.invalid += 1
                    run.invalid_lines.append({"line": number, "reason": outcome})
                else:
                    out.write(json.dumps(outcome, ensure_ascii=False) + "\n")
                    run.written += 1
                    if on_output:
                        on_output(outcome)
                if on_line:
                    on_line(number)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    return run


def _accept(item: dict) -> str:
    return ""


def _outcomes(lines, make_handler, validate, workers: int) -> Iterator[tuple[int, dict | str]]:
    numbered = ((number, line) for number, line in enumerate(lines, start=1) if line.strip())
    handler = make_handler()
    if workers == 1:
        for number, line in numbered:
            yield number, _one(handler, validate, line)
        return
    # Forked (whatever the platform's default), so the handler is inherited, never pickled or built again.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_init_worker,
                             initargs=(handler, validate)) as pool:
        yield from pool.map(_in_worker, numbered, chunksize=CHUNK)


def _one(handler: Handler, validate, line: str) -> dict | str:
    item, reason = parse_report_line(line)
    if item is not None:
        reason = validate(item)
    return handler(item) if not reason else reason


_worker: tuple[Handler, Callable[[dict], str]] | None = None


def _init_worker(handler: Handler, validate) -> None:
    global _worker
    _worker = (handler, validate)


def _in_worker(numbered: tuple[int, str]) -> tuple[int, dict | str]:
    number, line = numbered
    handler, validate = _worker
    return number, _one(handler, validate, line)
