"""Settings from environment variables and the instance folder, with embedded defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .budget import DEFAULT_FILE_TIME_LIMIT
from .errors import ConfigError
from .keys import derive_key, load_or_create_secret

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = REPO_ROOT / "instance"


@dataclass(frozen=True)
class Settings:
    """Everything the service reads from its environment, resolved once at start-up."""

    instance_path: Path
    database_url: str
    secret: bytes = field(repr=False)
    job_executor: str  # "inprocess" or "celery"
    celery_broker_url: str | None
    celery_queue: str
    profiles_dir: Path
    data_dir: Path
    ontology_path: Path
    max_upload_bytes: int
    inprocess_workers: int
    file_time_limit: float | None = DEFAULT_FILE_TIME_LIMIT  # seconds one DICOM file may take; None: no limit

    @property
    def cache_dir(self) -> Path:
        """Return the folder for derived, rebuildable files (the compiled ontology)."""
        return self.instance_path / "cache"

    def subkey(self, purpose: str) -> bytes:
        """Return the HMAC subkey for one purpose (sessions, pseudonyms, uids, dates)."""
        return derive_key(self.secret, purpose)


def load_settings(overrides: dict | None = None) -> Settings:
    """Resolve settings from env vars, then `overrides` (tests), falling back to embedded defaults."""
    env = {**os.environ, **{k: str(v) for k, v in (overrides or {}).items() if v is not None}}
    instance = Path(env.get("CLEANROOM_INSTANCE") or DEFAULT_INSTANCE).resolve()
    try:
        instance.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the instance folder {instance}: {exc.strerror}") from None
    broker = env.get("CELERY_BROKER_URL") or None
    executor = env.get("CLEANROOM_JOB_EXECUTOR") or ("celery" if broker else "inprocess")
    if executor not in ("inprocess", "celery"):
        raise ConfigError(f"CLEANROOM_JOB_EXECUTOR must be 'inprocess' or 'celery', not {executor!r}")
    if executor == "celery" and not broker:
        raise ConfigError("CLEANROOM_JOB_EXECUTOR=celery needs CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0)")
    return Settings(
        instance_path=instance,
        database_url=env.get("DATABASE_URL") or f"sqlite:///{instance / 'cleanroom.db'}",
        secret=load_or_create_secret(env.get("CLEANROOM_SECRET_KEY"), instance),
        job_executor=executor,
        celery_broker_url=broker,
        celery_queue=env.get("CLEANROOM_CELERY_QUEUE") or "cleanroom",
        profiles_dir=Path(env.get("CLEANROOM_PROFILES_DIR") or REPO_ROOT / "profiles").resolve(),
        data_dir=Path(env.get("CLEANROOM_DATA_DIR") or instance / "data").resolve(),
        ontology_path=Path(env.get("CLEANROOM_ONTOLOGY") or REPO_ROOT / "ontologies" / "radiology.ttl").resolve(),
        max_upload_bytes=_positive_int(env, "CLEANROOM_MAX_UPLOAD_MB", 512) * 1024 * 1024,
        inprocess_workers=_positive_int(env, "CLEANROOM_JOB_THREADS", 1),
        file_time_limit=_time_limit(env.get("CLEANROOM_FILE_TIME_LIMIT")),
    )


def _time_limit(raw: str | None) -> float | None:
    """Seconds per file from CLEANROOM_FILE_TIME_LIMIT: unset means the default, 0 means no limit."""
    if raw in (None, ""):
        return DEFAULT_FILE_TIME_LIMIT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise ConfigError(f"CLEANROOM_FILE_TIME_LIMIT must be a number of seconds (0: no limit), not {raw!r}")
    return value or None


def _positive_int(env: dict, name: str, default: int) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigError(f"{name} must be a positive whole number, not {raw!r}")
    return value
