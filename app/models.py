"""SQLAlchemy 2 models: accounts, API tokens, the audit chain, jobs and the archive index."""
from __future__ import annotations

import enum
from datetime import date, datetime, timezone

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """Return a stored timestamp timezone-aware (SQLite hands them back without a zone; they were written in UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    """Declarative base; Alembic migrations are written against its metadata."""


class Role(str, enum.Enum):
    """Who may do what: people log in to the web; pipelines hold tokens only."""

    RESEARCHER = "researcher"
    REVIEWER = "reviewer"
    ADMIN = "admin"
    PIPELINE = "pipeline"


PERSON_ROLES = (Role.RESEARCHER, Role.REVIEWER, Role.ADMIN)


class User(Base):
    """A person with a web login and one role."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Part of every session cookie's user id: bumping it (logout, disable) ends all of the user's sessions.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")

    # Flask-Login reads these four.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def actor(self) -> str:
        """Return the audit actor string for what this user does on the web, e.g. 'user:alice'."""
        return f"user:{self.username}"

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_generation}"


class LoginThrottle(Base):
    """Failed-login counters for one typed username ("user:NAME") or one client address ("ip:ADDR")."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ApiToken(Base):
    """A bearer token, stored only as a hash; either a pipeline's own or acting as a user."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    user: Mapped[User | None] = relationship(back_populates="tokens")


class AuditEvent(Base):
    """One append-only audit record, chained to its predecessor by a keyed hash (HMAC-SHA256)."""

    __tablename__ = "audit_events"
    # A fork in the chain (two events claiming one predecessor) is refused by the database itself.
    __table_args__ = (UniqueConstraint("prev_hash", name="uq_audit_prev_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(80))
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[str] = mapped_column(String(120), default="")
    outcome: Mapped[str] = mapped_column(String(20))
    details: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The newest event's id and hash, so deleting events at the tail is detected too, sealed with the audit key."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
    # Events with smaller ids were written before the chain was keyed and carry plain SHA-256 hashes.
    keyed_from: Mapped[int] = mapped_column(Integer)
    seal: Mapped[str] = mapped_column(String(64))


class JobState(str, enum.Enum):
    """Lifecycle of a job; queued and running jobs are resumed after a restart."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


UNFINISHED_STATES = (JobState.QUEUED.value, JobState.RUNNING.value)


class Job(Base):
    """A unit of background work whose state lives in the database, whichever executor runs it."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(20), default=JobState.QUEUED.value, index=True)
    executor: Mapped[str] = mapped_column(String(20))
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    errors: Mapped[list] = mapped_column(JSON, default=list)
    checkpoint: Mapped[dict] = mapped_column(JSON, default=dict)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    def summary(self) -> dict:
        """Return the public view of the job: state, progress, counts and PHI-free errors."""
        return {
            "id": self.id, "kind": self.kind, "state": self.state, "executor": self.executor,
            "progress": {"done": self.progress_done, "total": self.progress_total},
            "counts": self.counts, "errors": self.errors, "attempts": self.attempts,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }


class ProfileVersion(Base):
    """Every profile version ever used, with its resolved content, so old versions stay diffable."""

    __tablename__ = "profile_versions"
    __table_args__ = (UniqueConstraint("name", "version", name="uq_profile_name_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    document: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# -- The archive index -------------------------------------------------------------------------------
# What cohorts filter on is a plain indexed column. What identifies a person (names, patient IDs, birth
# dates, accession numbers, file locations, report text) is sealed (app/sealed.py) in a `*_sealed` column;
# lookups go through a keyed hash in a `*_lookup` column.


class Patient(Base):
    """A person in the archive, found by the keyed hash of their patient ID."""

    __tablename__ = "patients"
    # A study's patient's sex, for cohort counts, read from this small index rather than the wide row.
    __table_args__ = (Index("ix_patients_id_sex", "id", "sex"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_lookup: Mapped[str] = mapped_column(String(64), unique=True)
    patient_id_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    name_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    birth_date_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    sex: Mapped[str | None] = mapped_column(String(16), nullable=True)


class Study(Base):
    """One imaging study: the unit of a cohort."""

    __tablename__ = "studies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    study_uid: Mapped[str] = mapped_column(String(64), unique=True)
    accession_lookup: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    accession_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # The Issuer of Patient ID the study's images carry: with the patient ID it keys the pseudonym and date
    # shift of the images (the patient row is found by ID alone, as reports carry no issuer).
    issuer_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    study_date: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    age_years: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)


class Series(Base):
    """One series of a study, with what cohorts select series by."""

    __tablename__ = "series"
    # Whether a study has a series of a modality and body part, and its series' counts, read from the index alone.
    __table_args__ = (Index("ix_series_study_modality_body_part", "study_id", "modality", "body_part"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id"))
    series_uid: Mapped[str] = mapped_column(String(64), unique=True)
    modality: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    body_part: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    manufacturer: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)


class Instance(Base):
    """One DICOM instance, by SOP Instance UID (ingesting it again updates this row)."""

    __tablename__ = "instances"
    # A series' instances and how many are at risk of burned-in text, counted from the index alone.
    __table_args__ = (Index("ix_instances_series_risk", "series_id", "burned_in_risk"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id"))
    sop_instance_uid: Mapped[str] = mapped_column(String(64), unique=True)
    sop_class_uid: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    transfer_syntax: Mapped[str | None] = mapped_column(String(64), nullable=True)
    number_of_frames: Mapped[int] = mapped_column(Integer, default=1, index=True)
    burned_in_risk: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    burned_in_reason: Mapped[str | None] = mapped_column(String(80), nullable=True)
    location_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    indexed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReportLink(str, enum.Enum):
    """How a report found its study (or that it has not yet)."""

    ACCESSION = "accession"
    STUDY_UID = "study_uid"
    PATIENT_DATE = "patient_date"
    UNLINKED = "unlinked"


class Report(Base):
    """One radiology report, its text sealed, linked to a study when one matches."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_lookup: Mapped[str] = mapped_column(String(64), unique=True)
    report_id_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    source_format: Mapped[str] = mapped_column(String(16))
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"), nullable=True, index=True)
    study_id: Mapped[int | None] = mapped_column(ForeignKey("studies.id"), nullable=True, index=True)
    accession_lookup: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    study_uid: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    study_date: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    link: Mapped[str] = mapped_column(String(16), default=ReportLink.UNLINKED.value, index=True)
    text_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    ontology_version: Mapped[str] = mapped_column(String(64))
    # The annotation engine (its rules) that labelled it; None: annotated before engines were recorded.
    annotator_version: Mapped[str | None] = mapped_column(String(64), nullable=True)
    indexed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Finding(Base):
    """One concept a report asserts, with its status and section (mentions of one kind collapse to one row)."""

    __tablename__ = "findings"
    __table_args__ = (Index("ix_findings_concept_status", "concept_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    concept_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    section: Mapped[str] = mapped_column(String(40))


class ReportLabel(Base):
    """A report's one label per concept (the annotator's roll-up over its mentions): what cohorts select on."""

    __tablename__ = "report_labels"
    # A concept criterion is one walk of this index, straight to the studies (no report lookups).
    __table_args__ = (Index("ix_report_labels_concept_status_study", "concept_id", "status", "study_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    # A copy of the report's study_id, kept equal to it wherever that changes (app/ingest/reports.py).
    study_id: Mapped[int | None] = mapped_column(ForeignKey("studies.id"), nullable=True)
    concept_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))


class CohortRequest(Base):
    """A researcher's request for a cohort export and the IRB reviewer's decision, with what was approved exactly."""

    __tablename__ = "cohort_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requester: Mapped[str] = mapped_column(String(120), index=True)  # the audit actor, e.g. user:alice
    state: Mapped[str] = mapped_column(String(16), index=True)
    definition: Mapped[str] = mapped_column(Text)  # canonical JSON
    definition_hash: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(Text)
    irb_protocol: Mapped[str] = mapped_column(String(64))
    profile_name: Mapped[str] = mapped_column(String(64))
    profile_version: Mapped[int] = mapped_column(Integer)
    profile_hash: Mapped[str] = mapped_column(String(64))
    ontology_version: Mapped[str] = mapped_column(String(64))
    outputs: Mapped[list] = mapped_column(JSON, default=list)
    reviewer: Mapped[str | None] = mapped_column(String(120), nullable=True)
    decision_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    export_job_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class QuarantinedFile(Base):
    """One file a run could not prove clean: why, under which profile, in which run, and where its copy lies.

    The source path and the copy's location are sealed; `source_lookup` (a keyed hash of the source path)
    tells repeat quarantines of one file apart without revealing it.
    """

    __tablename__ = "quarantined_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quarantined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    reason_code: Mapped[str] = mapped_column(String(40), index=True)
    reason: Mapped[str] = mapped_column(String(300))  # the engine's PHI-free message
    profile: Mapped[str] = mapped_column(String(120))  # name@version sha256:hash
    action: Mapped[str] = mapped_column(String(40))  # the run's audit action: deid.dicom, cohort.export
    actor: Mapped[str] = mapped_column(String(120))
    run_event_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the run's audit event
    source_lookup: Mapped[str] = mapped_column(String(64), index=True)
    source_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    copy_sealed: Mapped[bytes] = mapped_column(LargeBinary)
