"""A progress bar on a terminal (rich), silent elsewhere so pipelines get clean output."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


@contextmanager
def progress_reporter(label: str, enabled: bool) -> Iterator[Callable[[int | None], None]]:
    """Yield `advance(total)`: call once per finished item (total None when unknown); a bar on stderr."""
    if not enabled:
        yield lambda total: None
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=None)

        def advance(total: int | None) -> None:
            progress.update(task, total=total, advance=1)

        yield advance


def report_jsonl_run(run, what: str, as_json: bool) -> None:
    """Echo a JSONL run's bad lines (by number), a one-line account and, with --json, the summary."""
    import json

    import click

    for bad in run.invalid_lines[:50]:
        click.echo(f"line {bad['line']}: skipped, {bad['reason']}", err=True)
    click.echo(f"{run.lines_in} line(s): {run.written} written, {run.invalid} invalid in {run.seconds:.1f} s "
               f"({run.rate:.0f} reports/s) {what}", err=as_json)
    if as_json:
        click.echo(json.dumps(run.as_dict(), sort_keys=True))
