"""Settings from environment variables and the instance folder, with embedded defaults."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .budget import DEFAULT_FILE_TIME_LIMIT
from .errors import ConfigError
from .keys import AUDIT_KEY, INDEX_KEY, derive_key, load_or_create_secret
from .permissions import private_dir

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = REPO_ROOT / "instance"
# Where an installed wheel puts the folders a checkout keeps at its root (pyproject's data-files).
INSTALLED_DATA = Path(sys.prefix) / "share" / "cleanroom"


def shipped(folder: str) -> Path:
    """Return a folder the product ships (profiles, ontologies): the checkout's, else the installed wheel's."""
    checkout = REPO_ROOT / folder
    return checkout if checkout.is_dir() or not (INSTALLED_DATA / folder).is_dir() else INSTALLED_DATA / folder


@dataclass(frozen=True)
class Settings:
    """Everything the service reads from its environment, resolved once at start-up."""

    instance_path: Path
    database_url: str
    secret: bytes = field(repr=False)
    audit_key: bytes = field(repr=False)
    job_executor: str  # "inprocess" or "celery"
    celery_broker_url: str | None
    celery_queue: str
    profiles_dir: Path
    data_dir: Path
    ontology_path: Path
    max_upload_bytes: int
    inprocess_workers: int
    index_key: bytes = field(repr=False, default=b"")
    small_cell_threshold: int = 11  # cohort counts below it are shown to researchers as "<N"
    # Seconds before a job whose worker died unacknowledged is handed to another (Redis); longer than any job.
    celery_visibility_timeout: int = 3600
    behind_tls: bool = False  # browsers reach the service over HTTPS: cookies are Secure, HSTS is sent
    session_hours: int = 8  # a web sign-in lasts at most this long
    proxy_hops: int = 0  # reverse proxies in front whose X-Forwarded-For/-Proto headers are trusted
    file_time_limit: float | None = DEFAULT_FILE_TIME_LIMIT  # seconds one DICOM file may take; None: no limit
    # DICOMweb services the API may be asked to ingest from; any other URL is refused (no fetching on demand
    # from wherever a caller points). The terminal's `cleanroom ingest dicomweb` takes any URL.
    dicomweb_sources: tuple[str, ...] = ()
    # The DICOM receiver (`cleanroom scp`): the calling AE titles it accepts associations from (none: any), and
    # TLS: its certificate and private key (PEM), and a CA bundle that, when set, requires client certificates
    # it signed. Checked when the receiver starts, so a missing file never stops the other commands.
    scp_calling_ae_titles: tuple[str, ...] = ()
    scp_tls_cert: Path | None = None
    scp_tls_key: Path | None = None
    scp_tls_ca: Path | None = None

    @property
    def cache_dir(self) -> Path:
        """Return the folder for derived, rebuildable files (the compiled ontology)."""
        return self.instance_path / "cache"

    @property
    def archive_dir(self) -> Path:
        """Return the folder where DICOM fetched from a PACS or received over the network is kept."""
        return self.instance_path / "archive"

    def subkey(self, purpose: str) -> bytes:
        """Return the HMAC subkey for one purpose (sessions, pseudonyms, uids, dates)."""
        return derive_key(self.secret, purpose)


def load_settings(overrides: dict | None = None) -> Settings:
    """Resolve settings from env vars, then `overrides` (tests), falling back to embedded defaults."""
    env = {**os.environ, **{k: str(v) for k, v in (overrides or {}).items() if v is not None}}
    instance = Path(env.get("CLEANROOM_INSTANCE") or DEFAULT_INSTANCE).resolve()
    # Owner-only: it holds the keys and, by default, the database with its password hashes.
    private_dir(instance)
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
        audit_key=load_or_create_secret(env.get("CLEANROOM_AUDIT_KEY"), instance, AUDIT_KEY),
        job_executor=executor,
        celery_broker_url=broker,
        celery_queue=env.get("CLEANROOM_CELERY_QUEUE") or "cleanroom",
        profiles_dir=Path(env.get("CLEANROOM_PROFILES_DIR") or shipped("profiles")).resolve(),
        data_dir=Path(env.get("CLEANROOM_DATA_DIR") or instance / "data").resolve(),
        ontology_path=Path(env.get("CLEANROOM_ONTOLOGY") or shipped("ontologies") / "radiology.ttl").resolve(),
        max_upload_bytes=_positive_int(env, "CLEANROOM_MAX_UPLOAD_MB", 512) * 1024 * 1024,
        inprocess_workers=_positive_int(env, "CLEANROOM_JOB_THREADS", 1),
        index_key=load_or_create_secret(env.get("CLEANROOM_INDEX_KEY") or None, instance, INDEX_KEY),
        small_cell_threshold=_positive_int(env, "CLEANROOM_SMALL_CELL", 11),
        celery_visibility_timeout=_positive_int(env, "CLEANROOM_CELERY_VISIBILITY_TIMEOUT", 3600),
        behind_tls=_flag(env, "CLEANROOM_BEHIND_TLS"),
        session_hours=_positive_int(env, "CLEANROOM_SESSION_HOURS", 8),
        proxy_hops=_positive_int(env, "CLEANROOM_PROXY_HOPS", 0, minimum=0),
        file_time_limit=_time_limit(env.get("CLEANROOM_FILE_TIME_LIMIT")),
        dicomweb_sources=tuple(url.rstrip("/") for url in (env.get("CLEANROOM_DICOMWEB_URLS") or "").split()),
        # Comma-separated: an AE title may hold spaces ("CT SCANNER 2").
        scp_calling_ae_titles=tuple(title.strip() for title in (env.get("CLEANROOM_SCP_CALLING_AE_TITLES") or "")
                                    .split(",") if title.strip()),
        **_scp_tls(env),
    )


def _scp_tls(env: dict) -> dict:
    """The receiver's TLS files from CLEANROOM_SCP_TLS_CERT, _KEY and _CA: a certificate needs its key, a CA both."""
    paths = {name: Path(env[var]).expanduser().resolve() if env.get(var) else None for name, var in (
        ("scp_tls_cert", "CLEANROOM_SCP_TLS_CERT"), ("scp_tls_key", "CLEANROOM_SCP_TLS_KEY"),
        ("scp_tls_ca", "CLEANROOM_SCP_TLS_CA"))}
    if (paths["scp_tls_cert"] is None) != (paths["scp_tls_key"] is None):
        raise ConfigError("CLEANROOM_SCP_TLS_CERT and CLEANROOM_SCP_TLS_KEY must be set together")
    if paths["scp_tls_ca"] is not None and paths["scp_tls_cert"] is None:
        raise ConfigError("CLEANROOM_SCP_TLS_CA (client certificates) needs CLEANROOM_SCP_TLS_CERT and _KEY")
    return paths


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


def _positive_int(env: dict, name: str, default: int, minimum: int = 1) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        kind = "positive whole number" if minimum == 1 else f"whole number of at least {minimum}"
        raise ConfigError(f"{name} must be a {kind}, not {raw!r}")
    return value


def _flag(env: dict, name: str) -> bool:
    raw = (env.get(name) or "").strip().lower()
    if raw not in ("", "0", "1", "true", "false", "yes", "no"):
        raise ConfigError(f"{name} must be 1/true/yes or 0/false/no, not {raw!r}")
    return raw in ("1", "true", "yes")
