"""Profile runs: resolve the profile, record its version, build (or fetch) its engines, run, audit the outcome.

Every use of a profile (a DICOM batch, one uploaded file, a reports file, one text, a cohort
export) goes through `ProfileRuns`, so each records the exact profile version it ran (an edited
profile that kept its version number is refused before anything is done) and leaves one audit
event with its PHI-free outcome. The CLI, the API, the jobs and the services all call it.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .. import audit
from ..config import Settings
from ..db import Database
from ..dicom.policy import Policy
from ..errors import Conflict, Unavailable
from ..identity import IdentityKeys
from ..jsonl import JsonlRun
from ..profiles import Profile, ProfileLibrary
from ..sealed import Sealer
from .batch import BatchPlan, BatchSummary, FileDeidentifier, FileResult, run_batch
from .pipeline import Deidentified
from .quarantined import record_quarantined, source_reference
from .versions import record_profile

if TYPE_CHECKING:
    from ..text.engine import DeidentifiedText, ReportDeidentifier

log = logging.getLogger(__name__)


class UnauditedRun(Unavailable):
    """A run finished and its outputs are written, but its audit event could not be recorded."""

    code = "run_not_audited"


@dataclass(frozen=True)
class SingleFile:
    """One DICOM file de-identified on its own: the profile used, the output (None if refused) and its result."""

    profile: Profile
    output: Deidentified | None
    result: FileResult


class ExportOutcome(Protocol):
    """What a finished export hands back: its PHI-free summary for the audit event."""

    def audit_details(self) -> dict:
        """Return the export's counts and hashes, nothing identifying."""


Outcome = TypeVar("Outcome", bound=ExportOutcome)


@dataclass
class ProfileExport:
    """The engines one cohort export runs with, and every file it quarantined (those of studies it resumed too)."""

    policy: Policy
    text: ReportDeidentifier
    keys: IdentityKeys
    quarantined: list[FileResult] = field(default_factory=list)

    @property
    def profile(self) -> Profile:
        """Return the profile the export runs under."""
        return self.policy.profile


class ProfileRuns:
    """Runs profiles from one folder against one database; built engines are kept until a profile's file changes."""

    def __init__(self, db: Database, profiles_dir: Path, keys: IdentityKeys, sealer: Sealer):
        self.db, self.library, self.keys, self.sealer = db, ProfileLibrary(profiles_dir), keys, sealer
        self._engines: dict[tuple[str, str], Any] = {}

    @classmethod
    def for_settings(cls, db: Database, settings: Settings) -> ProfileRuns:
        """Return the runs of a configured instance (its profile folder, identity keys and index key)."""
        return cls(db, settings.profiles_dir, IdentityKeys.from_subkey(settings.subkey), Sealer(settings.index_key))

    # -- resolve, record, build ------------------------------------------------------------------

    def record(self, name: str, *, actor: str) -> Profile:
        """Resolve profile `name` and record its version; raise ProfileError for an edited one that kept its number."""
        profile = self.library.get(name)
        self.db.write(lambda session: record_profile(session, profile, actor=actor))
        return profile

    def policy(self, name: str, *, actor: str) -> Policy:
        """Return the compiled header policy of profile `name`, its version recorded."""
        return self._engine("dicom", name, Policy, actor)

    def text_engine(self, name: str, *, actor: str) -> ReportDeidentifier:
        """Return the report-text de-identifier of profile `name`, its version recorded."""
        from ..text.engine import ReportDeidentifier  # presidio loads here, only for runs that need it

        return self._engine("text", name, lambda profile: ReportDeidentifier(profile, self.keys), actor)

    def _engine(self, kind: str, name: str, build: Callable[[Profile], Any], actor: str) -> Any:
        """Return the engine built for the profile's current content; a new content is recorded, then built."""
        profile = self.library.get(name)
        cached = self._engines.get((kind, name))
        if cached is not None and cached.profile.hash == profile.hash:
            return cached
        self.db.write(lambda session: record_profile(session, profile, actor=actor))
        self._engines[(kind, name)] = build(profile)
        return self._engines[(kind, name)]

    # -- audit -----------------------------------------------------------------------------------

    def audit(self, profile: Profile, *, actor: str, action: str, outcome: str = "ok",
              details: dict | None = None, results: Iterable[FileResult] = ()) -> None:
        """Audit one use of a profile (deid.dicom, deid.reports, deid.text, ...): label, hash, PHI-free counts.

        The files among `results` that were quarantined are recorded under the same event, in one transaction.
        """
        def work(session) -> None:
            run = audit.record(session, actor=actor, action=action, object_type="profile",
                               object_id=f"{profile.name}@{profile.version}", outcome=outcome,
                               details={**(details or {}), "profile": profile.label, "hash": profile.hash})
            record_quarantined(session, self.sealer, results, profile=profile.label, run=run)
        self.db.write(work)

    def _audit_finished(self, profile: Profile, *, actor: str, action: str, details: dict,
                        results: Iterable[FileResult] = ()) -> None:
        try:
            self.audit(profile, actor=actor, action=action, details=details, results=results)
        except Unavailable as exc:
            raise UnauditedRun(f"{exc}; the outputs are written but the run is not audited") from None

    # -- the runs --------------------------------------------------------------------------------

    def deidentify_batch(self, name: str, plan: BatchPlan, *, actor: str,
                         on_result: Callable[[FileResult, int], None] | None = None) -> BatchSummary:
        """De-identify a file or folder tree under profile `name` (see `run_batch`); a run that stops is audited."""
        policy = self.policy(name, actor=actor)
        quarantined: list[FileResult] = []

        def seen(result: FileResult, total: int) -> None:
            if result.status == "quarantined":
                quarantined.append(result)
            if on_result is not None:
                on_result(result, total)
        try:
            summary = run_batch(plan, policy, self.keys, seen, source_reference(self.sealer))
        except (OSError, BrokenProcessPool):
            self.audit(policy.profile, actor=actor, action="deid.dicom", outcome="failed", results=quarantined)
            raise
        self._audit_finished(policy.profile, actor=actor, action="deid.dicom", details=summary.as_dict(),
                             results=quarantined)
        return summary

    def deidentify_file(self, name: str, data: bytes, *, source: str, actor: str, quarantine: Path,
                        time_limit: float | None) -> SingleFile:
        """De-identify one file's bytes in memory (nothing is written but a quarantined input, named `source`)."""
        policy = self.policy(name, actor=actor)
        worker = FileDeidentifier(policy, self.keys, None, quarantine, time_limit, source_reference(self.sealer))
        output, result = worker.process_bytes(data, source, write=False)
        self.audit(policy.profile, actor=actor, action="deid.dicom", outcome="ok" if output else "failed",
                   details={"files_in": 1, "status": result.status, "reason": result.reason_code}, results=[result])
        return SingleFile(policy.profile, output, result)

    def deidentify_reports(self, name: str, source: Path, destination: Path, *, actor: str, workers: int = 1,
                           on_line: Callable[[int], None] | None = None) -> JsonlRun:
        """De-identify a JSONL file of reports into `destination` (see `deidentify_jsonl`)."""
        from ..text.batch import deidentify_jsonl  # presidio loads here, only for runs that need it

        profile = self.record(name, actor=actor)
        run = deidentify_jsonl(source, destination, profile, self.keys, workers, on_line=on_line)
        details = {key: value for key, value in run.as_dict().items() if key != "invalid_lines"}
        self._audit_finished(profile, actor=actor, action="deid.reports", details=details)
        return run

    def deidentify_text(self, name: str, text: str, *, actor: str, patient: dict | None = None,
                        study_date: str | None = None) -> DeidentifiedText:
        """De-identify one report's text with the study's known identifiers (`patient`, `study_date`)."""
        engine = self.text_engine(name, actor=actor)
        result = engine.deidentify(text, patient, study_date)
        self.audit(engine.profile, actor=actor, action="deid.text", details={"entities": len(result.entities)})
        return result

    def export(self, name: str, write: Callable[[ProfileExport], Outcome], *, actor: str,
               approved: tuple[int, str] | None = None, resumable: bool = False,
               details: dict | None = None) -> Outcome:
        """Run a cohort export, `write(engines)`, under profile `name` and audit its outcome (`cohort.export`).

        With `approved` (version, hash) only that version of the profile runs; another is refused (Conflict)
        before anything is done. `write` adds every file it quarantined to `engines.quarantined`; the event
        that ends the export records them, so each lands in `quarantined_files` once: a finished export's,
        or a failed one's unless it is `resumable` (then the run that finishes it records them all).
        """
        if approved is not None:
            current = self.library.get(name)
            if (current.version, current.hash) != approved:
                raise Conflict(f"profile {name} has changed since the request was approved; submit it again")
        engines = ProfileExport(self.policy(name, actor=actor), self.text_engine(name, actor=actor), self.keys)
        try:
            outcome = write(engines)
        except BaseException as exc:
            self._audit_failed_export(engines, actor, {**(details or {}), "error": type(exc).__name__},
                                      () if resumable else engines.quarantined)
            raise
        self._audit_finished(engines.profile, actor=actor, action="cohort.export",
                             details={**(details or {}), **outcome.audit_details()}, results=engines.quarantined)
        return outcome

    def _audit_failed_export(self, engines: ProfileExport, actor: str, details: dict,
                             results: Iterable[FileResult]) -> None:
        try:
            self.audit(engines.profile, actor=actor, action="cohort.export", outcome="failed", details=details,
                       results=results)
        except Unavailable:  # the export's own error is the one to report; this one is only logged
            log.error("a failed cohort export could not be audited")
