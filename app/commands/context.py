"""What every command receives: lazily built services, the terminal's audit actor, clean shutdown."""
from __future__ import annotations

import getpass

import click

from ..services import Services


class CliContext:
    """Lazily built services, so `--help` and usage errors never touch the database."""

    def __init__(self):
        self._services: Services | None = None

    @property
    def services(self) -> Services:
        """Return the services, loading settings on first use."""
        if self._services is None:
            self._services = Services.load()
        return self._services

    def migrated_services(self) -> Services:
        """Return services once the database is reachable and at the current schema (SQLite: migrated here)."""
        svc = self.services
        svc.db.ensure_current()
        return svc

    def close(self) -> None:
        """Wait for jobs this command started and release the database connections."""
        if self._services is not None:
            self._services.executor.shutdown()
            self._services.db.engine.dispose()

    @property
    def actor(self) -> str:
        """Return the audit actor for commands typed at this terminal."""
        try:
            return f"cli:{getpass.getuser()}"
        except (KeyError, OSError):
            return "cli:unknown"


pass_cli = click.make_pass_decorator(CliContext, ensure=True)
