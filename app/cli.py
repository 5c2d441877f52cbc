"""The `cleanroom` command group: terminal front end to the same engines the API uses.

Errors become one line on stderr and an exit code (2 usage/config, 1 failed run);
never a traceback, never a PHI value.
"""
from __future__ import annotations

import logging
import sys

import click

from .commands.context import CliContext
from .dicom.quiet import silence_pydicom
from .errors import CleanroomError
from .version import software_version


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(software_version(), prog_name="cleanroom")
@click.option("-v", "--verbose", is_flag=True, help="Log more (never PHI values).")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Cleanroom: de-identify radiology data, annotate reports, export research cohorts."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    silence_pydicom()  # every command, `serve` and `worker` included, before any file is read
    ctx.call_on_close(ctx.ensure_object(CliContext).close)


def main(args: list[str] | None = None) -> None:
    """Console-script entry point: run the group on `args` (default: sys.argv), every failure one clear line."""
    from .commands import register_all

    register_all(cli)
    try:
        # Without standalone mode click returns the code of `Exit` instead of exiting.
        code = cli.main(args, standalone_mode=False, prog_name="cleanroom")
        sys.exit(code if isinstance(code, int) else 0)
    except click.UsageError as exc:
        exc.show()
        sys.exit(2)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except CleanroomError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the message may quote input data, so only the type is shown
        click.echo(f"error: unexpected {type(exc).__name__}; run with -v and report it", err=True)
        sys.exit(1)
