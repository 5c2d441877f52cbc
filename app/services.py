"""The long-lived objects one running Cleanroom holds: settings, database, job executor."""
from __future__ import annotations

from dataclasses import dataclass
from .config import Settings, load_settings
from .db import Database
from .jobs.executors import make_executor
from .jobs.runner import create_job



@dataclass
class Services:
    """Shared by the web app, the API, the CLI and job handlers; no Flask inside."""

    settings: Settings
    db: Database
    executor: object

    @classmethod
    def from_settings(cls, settings: Settings) -> Services:
        """Build services for the given settings (connections are opened lazily)."""
        db = Database(settings.database_url)
        return cls(settings, db, make_executor(db, settings))

    @classmethod
    def load(cls, overrides: dict | None = None) -> Services:
        """Load settings from the environment and build services."""
        return cls.from_settings(load_settings(overrides))

    def submit_job(self, kind: str, params: dict, *, actor: str) -> int:
        """Create a job and hand it to the configured executor; return its id."""
        job_id = create_job(self.db, kind, params, actor=actor, executor=self.executor.name)
        self.executor.submit(job_id)
        return job_id
