"""`cleanroom db upgrade | current`: the database schema."""
from __future__ import annotations

import click

from .context import CliContext, pass_cli
from ..db import safe_url


@click.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@pass_cli
def db_upgrade(cli: CliContext) -> None:
    """Create or migrate the database schema to the current version."""
    svc = cli.services
    svc.db.upgrade()
    click.echo(f"database at revision {svc.db.current_revision()} ({safe_url(svc.db.url)})")


@db.command("current")
@pass_cli
def db_current(cli: CliContext) -> None:
    """Print the schema revision of the database and of this code."""
    svc = cli.services
    svc.db.check_reachable()
    click.echo(f"database: {svc.db.current_revision() or 'empty'}; code: {svc.db.head_revision()}")


COMMANDS = (db,)
