"""The database connection: engine, sessions, migrations and reachability checks."""
from __future__ import annotations

import fcntl
import logging
import random
import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from .errors import ConfigError, DatabaseBusy
from .permissions import private_file, restrict_if_present

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
AUDIT_KEY_INFO = "audit_key"
RETRY_BUDGET_S = 60.0
RETRY_BACKOFF_MAX_S = 0.5
# PostgreSQL SQLSTATEs after which re-running the transaction can succeed: serialization failure,
# deadlock, lock not available, and a unique key another writer took first.
PG_RETRYABLE = {"40001", "40P01", "55P03", "23505"}
# SQLite primary result codes: BUSY and LOCKED (their extended codes share the low byte).
SQLITE_BUSY_CODES = {5, 6}
SQLITE_UNIQUE_CODES = {1555, 2067}  # SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE

T = TypeVar("T")


class Database:
    """Owns one engine and its session factory; shared by web, API, CLI and job workers."""

    def __init__(self, url: str, audit_key: bytes | None = None):
        self.url = _normalise_url(url)
        try:
            self.engine: Engine = _make_engine(self.url)
        except (ArgumentError, ImportError, ValueError):
            raise ConfigError(f"DATABASE_URL is not a usable database URL: {safe_url(url)}") from None
        self.audit_key = audit_key
        # Every session carries the audit key, so audit.record and audit.verify need no other wiring.
        self.sessions = sessionmaker(self.engine, expire_on_commit=False, info={AUDIT_KEY_INFO: audit_key})

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Yield a session that commits on success and rolls back on error."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def write(self, work: Callable[[Session], T]) -> T:
        """Run `work(session)` in one transaction and return its result; re-run it whole on a write conflict.

        A conflict (a lock held past the busy timeout, a serialization failure, a unique key that a
        concurrent writer took first) leaves nothing committed, so running the work again is safe.
        """
        deadline = time.monotonic() + RETRY_BUDGET_S
        attempt = 0
        while True:
            attempt += 1
            try:
                with self.session() as session:
                    return work(session)
            except (OperationalError, IntegrityError) as exc:
                if not is_write_conflict(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(f"the database stayed busy with other writers through {attempt} attempts; "
                                       "nothing was recorded, try again") from None
                log.info("write conflict (%s), re-running the transaction (attempt %d)",
                         type(getattr(exc, "orig", exc)).__name__, attempt + 1)
            # Random backoff so writers that collided once do not collide again in step.
            time.sleep(random.uniform(0, min(RETRY_BACKOFF_MAX_S, 0.005 * 2 ** attempt)))

    def check_reachable(self) -> None:
        """Raise ConfigError with one clear line when the database cannot be reached."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            raise ConfigError(
                f"cannot reach the database at {safe_url(self.url)}: {_first_line(exc)}"
            ) from None

    def upgrade(self, revision: str = "head") -> None:
        """Apply Alembic migrations up to `revision`."""
        from alembic import command

        self.check_reachable()
        command.upgrade(self.alembic_config(), revision)

    @property
    def embedded(self) -> bool:
        """Whether this is the embedded SQLite database (owned by one instance folder, not a shared server)."""
        return self.engine.dialect.name == "sqlite"

    def ensure_current(self) -> None:
        """Make sure the schema is current: SQLite is created and migrated on first use, a server is not touched.

        A shared server (PostgreSQL) is migrated only by an explicit `cleanroom db upgrade`: other
        processes on other hosts may still run the older code, and the operator may need a backup first.
        """
        self.check_reachable()
        if self.current_revision() == self.head_revision():
            return
        if not self.embedded:
            raise ConfigError("the database is not at the current schema; run `cleanroom db upgrade` first")
        with self._migration_lock():
            # Another process may have migrated while this one waited for the lock; upgrade is then a no-op.
            self.upgrade()

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """Hold an exclusive lock beside the SQLite file so two first uses never migrate at once."""
        database = self.engine.url.database
        if not database or database == ":memory:":
            yield
            return
        with open(f"{database}.migrate-lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def downgrade(self, revision: str) -> None:
        """Revert Alembic migrations down to `revision`."""
        from alembic import command

        command.downgrade(self.alembic_config(), revision)

    def current_revision(self) -> str | None:
        """Return the migration revision the database is at (None when unmigrated)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def head_revision(self) -> str:
        """Return the newest migration revision shipped with this code."""
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(self.alembic_config()).get_current_head()

    def alembic_config(self):
        """Return an Alembic config pointed at this database and the packaged migrations."""
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["engine"] = self.engine
        config.attributes[AUDIT_KEY_INFO] = self.audit_key
        return config


def is_write_conflict(exc: SQLAlchemyError) -> bool:
    """Return True when the error came from a concurrent writer and re-running the transaction can succeed."""
    original = getattr(exc, "orig", None)
    sqlstate = getattr(original, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in PG_RETRYABLE
    code = getattr(original, "sqlite_errorcode", None)
    if code is None:
        return False
    return code & 0xFF in SQLITE_BUSY_CODES or code in SQLITE_UNIQUE_CODES


def _normalise_url(url: str) -> str:
    # Plain postgresql:// would pick psycopg2, which we do not ship; psycopg 3 is the driver.
    return re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", url)


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        _secure_sqlite_file(make_url(url).database)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # READ COMMITTED whatever the server's default: the audit head's row lock then really serialises
    # appends (the locking UPDATE waits, and the read after it sees the winner's row).
    return create_engine(url, pool_pre_ping=True, isolation_level="READ COMMITTED",
                         connect_args={"connect_timeout": 5})


def _secure_sqlite_file(database: str | None) -> None:
    # The file holds password and token hashes: create it owner-only before SQLite does (with the
    # umask's 0644), and tighten one created looser. SQLite gives -wal and -shm the main file's mode.
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if path.parent.is_dir():
        private_file(path)
        for suffix in ("-wal", "-shm", "-journal"):
            restrict_if_present(path.with_name(path.name + suffix))


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets the web server read while a job writes; foreign keys are off by default in SQLite.
    # The busy timeout comes first: switching to WAL itself waits for other processes' locks.
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def safe_url(url: str) -> str:
    """Return the URL with any password masked, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable URL>"


def _first_line(exc: SQLAlchemyError) -> str:
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    message = lines[0] if lines else type(original).__name__
    if isinstance(exc, OperationalError) and "unable to open database file" in message:
        message += " (does the folder exist and is it writable?)"
    return message
