"""Everything a copy of the database alone shows: the raw SQLite files, or every column of every table."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from app.db import Database


def database_dump(db: Database) -> bytes:
    """Return the SQLite file's bytes (with its WAL), or a SELECT of every column of every table on PostgreSQL."""
    if db.engine.dialect.name == "sqlite":
        path = Path(db.engine.url.database)
        return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    chunks = []
    with db.engine.connect() as conn:
        for table in sa.inspect(conn).get_table_names():
            for row in conn.execute(sa.text(f'SELECT * FROM "{table}"')):
                chunks.extend(bytes(v) if isinstance(v, (bytes, memoryview)) else str(v).encode() for v in row)
    return b"\n".join(chunks)
