"""Every command works on a fresh instance: the embedded SQLite database is created and migrated on first use."""
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.db import Database
from tests.conftest import base_overrides
from tests.support.cli import cleanroom

REPORT = "Patient: QUILLFEATHER, MARISOL  MRN: QX7730941\nFINDINGS: No pneumothorax. Small left pleural effusion."


def _jsonl(tmp_path: Path) -> Path:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "r1", "text": REPORT}) + "\n")
    return source


COMMANDS = {
    "deid text": lambda tmp: (["deid", "text", "--profile", "basic"], REPORT),
    "deid reports": lambda tmp: (["deid", "reports", _jsonl(tmp), tmp / "out.jsonl", "--profile", "basic"], None),
    "annotate": lambda tmp: (["annotate", _jsonl(tmp), tmp / "out.jsonl"], None),
    "profiles list": lambda tmp: (["profiles", "list"], None),
    "users list": lambda tmp: (["users", "list"], None),
    "audit verify": lambda tmp: (["audit", "verify"], None),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_works_without_db_upgrade(command, tmp_path):
    overrides = base_overrides(tmp_path)
    assert not (tmp_path / "instance").exists()
    args, stdin = COMMANDS[command](tmp_path)
    result = cleanroom(*args, env=overrides, stdin=stdin)
    assert result.returncode == 0, result.stderr
    db = Database(overrides["DATABASE_URL"])
    assert db.current_revision() == db.head_revision()
    assert "QUILLFEATHER" not in result.stdout + result.stderr


AUDIT_KEY = b"a" * 32


def test_two_first_uses_at_once_both_succeed(tmp_path):
    url = f"sqlite:///{tmp_path / 'cleanroom.db'}"
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: Database(url, audit_key=AUDIT_KEY).ensure_current(), range(4)))
    db = Database(url, audit_key=AUDIT_KEY)
    assert db.current_revision() == db.head_revision()


def test_postgresql_is_migrated_only_by_an_explicit_upgrade(tmp_path, postgres_url):
    overrides = base_overrides(tmp_path, postgres_url)
    refused = cleanroom("users", "list", env=overrides)
    assert refused.returncode == 2 and refused.stderr.strip() == (
        "error: the database is not at the current schema; run `cleanroom db upgrade` first")
    engine = sa.create_engine(postgres_url)
    assert sa.inspect(engine).get_table_names() == []
    engine.dispose()
    assert cleanroom("db", "upgrade", env=overrides).returncode == 0
    assert cleanroom("users", "list", env=overrides).returncode == 0


def test_console_script_smoke(tmp_path):
    """The one run of the installed `cleanroom` script itself: entry point, exit code and streams, fresh instance."""
    script = Path(sys.executable).with_name("cleanroom")
    assert script.is_file(), "the cleanroom console script is not installed (run scripts/setup)"
    result = subprocess.run([str(script), "audit", "verify"], capture_output=True, text=True, timeout=120,
                            env={**os.environ, **base_overrides(tmp_path)})
    assert (result.returncode, result.stdout, result.stderr) == (0, "audit chain intact: 0 events, keyed with the audit key\n", "")
