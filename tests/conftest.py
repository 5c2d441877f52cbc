"""Shared fixtures: an isolated instance folder, migrated databases (SQLite and PostgreSQL), tokens."""
from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

from app import create_app
from app.auth import accounts, passwords
from app.config import REPO_ROOT
from app.ontology import Ontology, load_ontology, store
from app.services import Services

# The same Argon2id code with argon2-cffi's own profile for tests: at the production cost (0.2 CPU s a hash or a
# verification) creating and signing in accounts was most of every web test. Subprocesses (served instances)
# keep the production cost, which `tests/integration/test_password_cost.py` checks.
passwords._hasher = PasswordHasher.from_parameters(CHEAPEST)

TEST_SECRET = "test-secret-" + "0123456789abcdef" * 3
PG_ADMIN_URL = os.environ.get("CLEANROOM_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
# One Redis database per pytest-xdist worker (gw0 -> 15, gw1 -> 14, ...), so no worker sees another's keys.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = os.environ.get("CLEANROOM_TEST_REDIS", f"redis://127.0.0.1:6379/{15 - _WORKER % 8}")
# A test that uses one of these fixtures needs that service, and carries its marker.
FIXTURE_MARKERS = {"postgres_admin": "postgres", "redis_url": "redis", "chromium": "browser"}
# How much a test's marker weighs when files are ordered heaviest first (unmarked integration tests weigh 1).
MARKER_WEIGHTS = {"ocr": 3, "browser": 2, "orthanc": 2}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test with the services its fixtures need, then put the heaviest files first.

    pytest-xdist hands out whole files (`--dist loadfile`) in collection order, so the seconds-long OCR,
    browser and PACS files start at once and the quick unit files fill in around them at the end.
    """
    for item in items:
        for fixture, marker in FIXTURE_MARKERS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)
    weight: dict[Path, int] = {}
    for item in items:
        marked = [w for name, w in MARKER_WEIGHTS.items() if item.get_closest_marker(name)]
        own = max(marked, default=1 if "integration" in item.path.parts else 0)
        weight[item.path] = max(weight.get(item.path, 0), own)
    items.sort(key=lambda item: -weight[item.path])  # stable: a file's own order is kept


def base_overrides(tmp_path: Path, database_url: str | None = None) -> dict:
    """Settings for an isolated Cleanroom in tmp_path, whatever the machine's environment says."""
    instance = tmp_path / "instance"
    return {
        "CLEANROOM_INSTANCE": str(instance),
        "DATABASE_URL": database_url or f"sqlite:///{instance / 'cleanroom.db'}",
        "CLEANROOM_SECRET_KEY": TEST_SECRET,
        "CLEANROOM_JOB_EXECUTOR": "inprocess",
        "CELERY_BROKER_URL": "",
        "CLEANROOM_DATA_DIR": str(tmp_path / "data"),
    }


@pytest.fixture(autouse=True)
def _ocr_marker_is_honest(request, monkeypatch):
    """Fail a test that runs tesseract without the `ocr` marker, so `-m "not ocr"` really leaves OCR out."""
    if request.node.get_closest_marker("ocr"):
        yield
        return
    import pytesseract.pytesseract as tesseract

    from app.pixels.ocr import Tesseract

    runs = []

    def counting(real):
        def counted(*args, **kwargs):
            result = real(*args, **kwargs)  # raises, uncounted, when no tesseract ran
            runs.append(1)
            return result
        return counted

    # The scorers start the command; the cleaner calls the library in process.
    monkeypatch.setattr(tesseract, "run_tesseract", counting(tesseract.run_tesseract))
    monkeypatch.setattr(Tesseract, "words", counting(Tesseract.words))
    yield
    if runs:
        pytest.fail("this test runs tesseract: mark it @pytest.mark.ocr (or its module: pytestmark)", pytrace=False)


@pytest.fixture
def overrides(tmp_path) -> dict:
    return base_overrides(tmp_path)


@pytest.fixture(scope="session")
def migrated_instance(tmp_path_factory) -> Path:
    """An instance folder whose SQLite database the migrations brought to head, its cache holding the compiled
    shipped ontology: made once per worker, then copied."""
    root = tmp_path_factory.mktemp("migrated")
    svc = Services.load(base_overrides(root))
    svc.db.upgrade()
    # Compiling the ontology is seconds of CPU for each process that starts on a new instance (every served
    # instance, every `cleanroom` subprocess); the copies start with the cache an instance has after its first run.
    shared = _run_folder(tmp_path_factory) / "compiled-ontology"
    with open(shared.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the run's first worker compiles it; the others wait, then copy it
        if any(shared.glob("ontology-*.json")):
            shutil.copytree(shared, svc.settings.cache_dir, dirs_exist_ok=True)
            svc.ontology()  # read back, so this process holds it loaded too, as the compiling one does
        else:
            _compile_ontology(svc)
            shutil.copytree(svc.settings.cache_dir, shared, ignore=_not_ontology, dirs_exist_ok=True)
    svc.executor.shutdown()
    svc.db.engine.dispose()
    return svc.settings.instance_path


def _run_folder(tmp_path_factory) -> Path:
    """Return the temporary folder all pytest-xdist workers of this run share (without xdist, the run's own)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _compile_ontology(svc: Services) -> None:
    """Compile the shipped ontology into the instance's cache."""
    svc.ontology()
    if not any(svc.settings.cache_dir.glob("ontology-*.json")):
        # The loader writes the cache when it compiles: this process had loaded it through another instance first.
        store._loaded.clear()
        svc.ontology()


def _not_ontology(folder: str, names: list[str]) -> list[str]:
    """Name the cache entries that are not a compiled ontology (shutil.copytree's `ignore`)."""
    return [name for name in names if not (name.startswith("ontology-") and name.endswith(".json"))]


def migrated_services(overrides: dict, migrated: Path) -> Services:
    """Services on a new instance folder holding a copy of the migrated database, the audit key it was made with
    and the compiled ontology.

    Migrating a fresh SQLite file costs each test a few hundred milliseconds of commits; the copy is the
    same database. The index key and the service secret are the instance's own, as on any new instance.
    """
    instance = Path(overrides["CLEANROOM_INSTANCE"])
    instance.mkdir(parents=True)
    for name in ("cleanroom.db", "audit.key"):
        shutil.copy2(migrated / name, instance / name)
    shutil.copytree(migrated / "cache", instance / "cache")
    svc = Services.load(overrides)
    svc.db.upgrade()  # at head already: a no-op, as on every later start
    return svc


@contextmanager
def open_services(overrides: dict, migrated: Path | None = None) -> Iterator[Services]:
    """Services on the instance `overrides` names, its database a copy of `migrated` (None: migrated anew); closed
    after."""
    if migrated is None:
        svc = Services.load(overrides)
        svc.db.upgrade()
    else:
        svc = migrated_services(overrides, migrated)
    try:
        yield svc
    finally:
        svc.executor.shutdown()
        svc.db.engine.dispose()


@pytest.fixture
def services(overrides, migrated_instance) -> Services:
    with open_services(overrides, migrated_instance) as svc:
        yield svc


@pytest.fixture
def app(services):
    app = create_app(services=services)
    app.config.update(TESTING=True)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


PASSWORD = "correct horse battery"


@pytest.fixture
def alice(services) -> str:
    """A researcher named alice whose password is PASSWORD."""
    with services.db.session() as session:
        accounts.add_user(session, "alice", "researcher", PASSWORD, actor="test")
    return "alice"


@pytest.fixture
def make_token(services):
    """Create a bearer token for a role ('pipeline' or a person role) and return its secret."""
    def make(role: str) -> str:
        suffix = uuid.uuid4().hex[:8]
        with services.db.session() as session:
            username = None
            if role != "pipeline":
                username = f"{role}-{suffix}"
                accounts.add_user(session, username, role, "correct horse battery", actor="test")
            _, secret = accounts.create_token(session, f"t-{suffix}", actor="test", username=username)
        return secret
    return make


def auth(secret: str) -> dict:
    """Return the Authorization header for a bearer token."""
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture(scope="session")
def shipped_ontology(migrated_instance) -> Ontology:
    """The shipped radiology ontology, compiled once per test process (into the migrated instance's cache).

    The loader remembers only the last ontology it loaded: a module loading it again after another file (the small
    test ontology) compiled it anew, a second and a half each time.
    """
    return load_ontology(REPO_ROOT / "ontologies" / "radiology.ttl", migrated_instance / "cache")


@pytest.fixture(scope="session")
def postgres_admin():
    """An engine on the PostgreSQL server (CI starts it; a missing server fails the suite)."""
    engine = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError:
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL}; start it (see .ci/run)")
    yield engine
    engine.dispose()


@contextmanager
def fresh_postgres_database(admin: sa.Engine) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database, dropped afterwards."""
    name = f"cleanroom_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def postgres_url(postgres_admin) -> str:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    with fresh_postgres_database(postgres_admin) as url:
        yield url


@pytest.fixture
def redis_url() -> str:
    """The Redis URL for this worker's own database; a missing server fails the test."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}; start it (see .ci/run)")
    return REDIS_URL


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db_services(request, tmp_path) -> Services:
    """Migrated services on SQLite and, in a second run, on PostgreSQL."""
    if request.param == "postgresql":
        context = open_services(base_overrides(tmp_path, request.getfixturevalue("postgres_url")))
    else:
        context = open_services(base_overrides(tmp_path), request.getfixturevalue("migrated_instance"))
    with context as svc:
        yield svc
