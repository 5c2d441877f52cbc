"""Alembic environment: runs migrations on the engine handed over by app.db.Database."""
from alembic import context

from app.models import Base

config = context.config


def run_migrations_online() -> None:
    """Migrate using the engine passed in through the Alembic config."""
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            # SQLite cannot ALTER most things; batch mode copies tables instead.
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
