"""The long-lived objects one running Cleanroom holds: settings, database, job executor."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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
    _policies: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Services:
        """Build services for the given settings (connections are opened lazily)."""
        db = Database(settings.database_url, settings.audit_key)
        return cls(settings, db, make_executor(db, settings))

    @classmethod
    def load(cls, overrides: dict | None = None) -> Services:
        """Load settings from the environment and build services."""
        return cls.from_settings(load_settings(overrides))

    def runs(self):
        """Return the profile runs (de-identification under a recorded profile), their engines kept between calls."""
        from .deid.runs import ProfileRuns

        if "runs" not in self._policies:
            self._policies["runs"] = ProfileRuns.for_settings(self.db, self.settings)
        return self._policies["runs"]

    def annotator(self):
        """Return the report annotator for the configured ontology, rebuilt when its file changes."""
        from .ontology import shipped_annotator

        return shipped_annotator(self.ontology())

    def ontology(self):
        """Return the configured ontology (compiled once per file version), without building an annotator for it."""
        from .ontology import load_ontology

        return load_ontology(self.settings.ontology_path, self.settings.cache_dir)

    def sealer(self):
        """Return the sealer for the index's identifying columns (the index key, kept apart from the database)."""
        from .sealed import Sealer

        if "sealer" not in self._policies:
            self._policies["sealer"] = Sealer(self.settings.index_key)
        return self._policies["sealer"]

    def submit_job(self, kind: str, params: dict, *, actor: str) -> int:
        """Create a job and hand it to the configured executor; return its id."""
        job_id = create_job(self.db, kind, params, actor=actor, executor=self.executor.name)
        self.executor.submit(job_id)
        return job_id

    def queue_reannotation(self, *, actor: str) -> int | None:
        """Queue an index.reannotate job when reports were annotated with another ontology or annotation engine
        than the configured ones and no such job is queued or running; return its id (None: nothing to do)."""
        from sqlalchemy import select

        from .ingest.jobs import REANNOTATE_KIND
        from .ingest.reannotate import any_reports, any_stale
        from .models import UNFINISHED_STATES, Job

        # Without reports nothing is stale: the annotator (a second of CPU to build) is built only to check some.
        if not any_reports(self.db) or not any_stale(self.db, self.annotator()):
            return None
        with self.db.session() as session:
            waiting = session.scalar(select(Job.id).where(Job.kind == REANNOTATE_KIND,
                                                          Job.state.in_(UNFINISHED_STATES)).limit(1))
        return None if waiting is not None else self.submit_job(REANNOTATE_KIND, {}, actor=actor)

    def export_starter(self, *, actor: str) -> Callable[[int], int]:
        """Return `start_export` for decide_and_export: queue an approved request's cohort.export job."""
        return lambda request_id: self.submit_job("cohort.export", {"request_id": request_id}, actor=actor)
