"""`cleanroom audit verify`: check the hash-chained audit trail."""
from __future__ import annotations

import click

from ..audit.log import chain_status
from .context import CliContext, pass_cli


@click.group("audit")
def audit_group() -> None:
    """The hash-chained audit trail."""


@audit_group.command("verify")
@pass_cli
def audit_verify(cli: CliContext) -> None:
    """Check that no audit event was edited or deleted; exit 1 if any was."""
    with cli.migrated_services().db.session() as session:
        status = chain_status(session)
    for problem in status.problems:
        click.echo(f"BROKEN {problem}")
    if not status.intact:
        raise click.exceptions.Exit(1)
    note = f" (events 1-{status.unkeyed} predate the audit key and carry plain SHA-256)" if status.unkeyed else ""
    click.echo(f"audit chain intact: {status.events} events, keyed with the audit key{note}")

COMMANDS = (audit_group,)
