"""Audit appends from several processes and threads at once all land, numbered once each, on SQLite and PostgreSQL."""
import multiprocessing
import threading

import sqlalchemy as sa
from sqlalchemy import event

from app import audit
from app.deid.versions import record_profile
from app.models import AuditEvent, ProfileVersion
from app.profiles import ProfileLibrary
from tests.conftest import base_overrides

PROCESSES, THREADS, APPENDS = 3, 2, 10


def append_from_threads(overrides: dict, process: int) -> list[str]:
    """In a fresh process: append from THREADS threads, each in its own transaction; return the errors seen."""
    from app.services import Services

    svc = Services.load(overrides)
    errors: list[str] = []

    def append(thread: int) -> None:
        for i in range(APPENDS):
            try:
                with svc.db.session() as session:
                    audit.record(session, actor=f"test:p{process}t{thread}", action="test.append", object_id=i)
            except Exception as exc:  # noqa: BLE001 -- the test reports every failure
                errors.append(type(exc).__name__)

    threads = [threading.Thread(target=append, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    svc.db.engine.dispose()
    return errors


def test_concurrent_processes_and_threads_lose_no_event(any_db_services, tmp_path):
    overrides = base_overrides(tmp_path, any_db_services.settings.database_url)
    # Spawned, not forked: each process opens its own connections, as separate servers and CLIs do.
    with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
        results = pool.starmap_async(append_from_threads, [(overrides, p) for p in range(PROCESSES)]).get(timeout=120)
    assert [error for errors in results for error in errors] == []
    with any_db_services.db.session() as session:
        ids = list(session.scalars(sa.select(AuditEvent.id).where(AuditEvent.action == "test.append")))
        assert sorted(ids) == list(range(1, PROCESSES * THREADS * APPENDS + 1))
        assert audit.verify(session) == []


def test_write_reruns_the_whole_transaction_when_another_writer_got_in_first(any_db_services):
    svc = any_db_services
    profile = ProfileLibrary(svc.settings.profiles_dir).get("basic")
    attempts = []

    def another_writer_records_it_first(session, _flush_context, _instances) -> None:
        # Between this transaction's "not recorded yet" check and its insert, another process records it.
        if len(attempts) == 1 and any(isinstance(o, ProfileVersion) for o in session.new):
            with svc.db.session() as other:
                record_profile(other, profile, actor="user:other")

    def work(session) -> None:
        attempts.append(1)
        event.listen(session, "before_flush", another_writer_records_it_first)
        record_profile(session, profile, actor="user:alice")

    svc.db.write(work)
    assert len(attempts) == 2
    with svc.db.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(ProfileVersion)) == 1
        actors = list(session.scalars(sa.select(AuditEvent.actor).where(AuditEvent.action == "profile.record")))
        assert actors == ["user:other"]
        assert audit.verify(session) == []
