"""`cleanroom audit verify`: check the hash-chained audit trail."""
from __future__ import annotations

import click

from .. import audit
from ..cli import CliContext, pass_cli


@click.group("audit")
def audit_group() -> None:
    """The hash-chained audit trail."""


@audit_group.command("verify")
@pass_cli
def audit_verify(cli: CliContext) -> None:
    """Check that no audit event was edited or deleted; exit 1 if any was."""
    with cli.migrated_services().db.session() as session:
        problems = audit.verify(session)
        count = session.query(audit.chain.AuditEvent).count()
        head = session.get(audit.chain.AuditHead, audit.chain.HEAD_ROW_ID)
    for problem in problems:
        click.echo(f"BROKEN {problem}")
    if problems:
        raise click.exceptions.Exit(1)
    unkeyed = min(head.keyed_from - 1, count)
    note = f" (events 1-{unkeyed} predate the audit key and carry plain SHA-256)" if unkeyed else ""
    click.echo(f"audit chain intact: {count} events, keyed with the audit key{note}")


COMMANDS = (audit_group,)
