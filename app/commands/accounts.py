"""`cleanroom users ...` and `cleanroom tokens ...`."""
from __future__ import annotations

import click
from sqlalchemy import select

from ..auth import accounts, throttle
from .context import CliContext, pass_cli
from ..models import PERSON_ROLES, ApiToken, User


@click.group()
def users() -> None:
    """Manage web users (researchers, reviewers, admins)."""


@users.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in PERSON_ROLES]))
@click.option("--name", "display_name", default="", help="Display name.")
@click.password_option(help="Password (prompted when omitted; at least 10 characters).")
@pass_cli
def users_add(cli: CliContext, username: str, role: str, display_name: str, password: str) -> None:
    """Create a user."""
    cli.migrated_services().db.write(lambda session: accounts.add_user(session, username, role, password,
                                                                       actor=cli.actor, display_name=display_name))
    click.echo(f"created user {username} ({role})")


@users.command("list")
@pass_cli
def users_list(cli: CliContext) -> None:
    """List users with their role and whether they are active."""
    with cli.migrated_services().db.session() as session:
        rows = session.scalars(select(User).order_by(User.username)).all()
        for user in rows:
            click.echo(f"{user.username}\t{user.role}\t{'active' if user.active else 'disabled'}")


@users.command("disable")
@click.argument("username")
@pass_cli
def users_disable(cli: CliContext, username: str) -> None:
    """Disable a user and revoke the tokens acting as them."""
    cli.migrated_services().db.write(lambda session: accounts.set_user_active(session, username, False,
                                                                              actor=cli.actor))
    click.echo(f"disabled user {username}")


@users.command("enable")
@click.argument("username")
@pass_cli
def users_enable(cli: CliContext, username: str) -> None:
    """Re-enable a disabled user (their old tokens stay revoked)."""
    cli.migrated_services().db.write(lambda session: accounts.set_user_active(session, username, True,
                                                                              actor=cli.actor))
    click.echo(f"enabled user {username}")


@users.command("unlock")
@click.argument("username")
@pass_cli
def users_unlock(cli: CliContext, username: str) -> None:
    """Lift a login lock on a username after failed sign-ins (the lock also lapses by itself)."""
    with cli.migrated_services().db.session() as session:
        cleared = throttle.unlock(session, username, actor=cli.actor)
    click.echo(f"unlocked {username}" if cleared else f"{username} had no failed sign-ins to clear")


@click.group()
def tokens() -> None:
    """Manage API tokens for pipelines (shown once, stored hashed)."""


@tokens.command("create")
@click.argument("name")
@click.option("--user", "username", default=None, help="Act as this user (their role) instead of as a pipeline.")
@pass_cli
def tokens_create(cli: CliContext, name: str, username: str | None) -> None:
    """Create a token and print it once."""
    token, secret = cli.migrated_services().db.write(
        lambda session: accounts.create_token(session, name, actor=cli.actor, username=username))
    role = token.role
    click.echo(f"token {name} ({role}); store it now, it is not shown again:", err=True)
    click.echo(secret)


@tokens.command("revoke")
@click.argument("name")
@pass_cli
def tokens_revoke(cli: CliContext, name: str) -> None:
    """Revoke a token by name."""
    cli.migrated_services().db.write(lambda session: accounts.revoke_token(session, name, actor=cli.actor))
    click.echo(f"revoked token {name}")


@tokens.command("list")
@pass_cli
def tokens_list(cli: CliContext) -> None:
    """List tokens (name, role, prefix, state); never the secrets."""
    with cli.migrated_services().db.session() as session:
        for token in session.scalars(select(ApiToken).order_by(ApiToken.name)):
            state = "revoked" if token.revoked_at else "active"
            click.echo(f"{token.name}\t{token.role}\t{token.prefix}…\t{state}")


COMMANDS = (users, tokens)
