"""Run the `cleanroom` command in this process, as the console script would, and capture what it prints."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from os import PathLike

from click.testing import CliRunner

from app.cli import main


@dataclass(frozen=True)
class CliResult:
    """What one command run left: its exit code and the text it wrote to stdout and stderr."""

    returncode: int
    stdout: str
    stderr: str


def cleanroom(*args: str | PathLike | int, env: dict | None = None, stdin: str | None = None) -> CliResult:
    """Run `cleanroom ARGS` through the real entry point, errors handling included, with `env` over os.environ.

    An env value of None unsets that variable for the run.
    """
    with CliRunner().isolation(input=stdin, env=env) as (out, err, _):
        try:
            main([str(arg) for arg in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        return CliResult(code, out.getvalue().decode(), err.getvalue().decode())

