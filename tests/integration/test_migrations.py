"""Alembic migrations build exactly the models' schema on SQLite and PostgreSQL, and unwind cleanly."""
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from app.models import Base


def test_migrations_match_models_and_downgrade(any_db_services):
    db = any_db_services.db
    assert db.current_revision() == db.head_revision()
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diffs == []
    db.downgrade("base")
    assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
    db.upgrade()
    assert set(Base.metadata.tables) <= set(sa.inspect(db.engine).get_table_names())


def test_upgrade_is_idempotent(services):
    revision = services.db.current_revision()
    services.db.upgrade()
    assert services.db.current_revision() == revision
