"""The instance folder and the SQLite database (password hashes inside) are owner-only, new or found looser."""
import stat

from app.services import Services
from tests.conftest import base_overrides


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _database_files(instance):
    return [p for p in instance.iterdir() if p.name.startswith("cleanroom.db")]


def test_new_instance_folder_and_database_are_owner_only(tmp_path):
    services = Services.load(base_overrides(tmp_path))  # made here: the `services` fixture copies a migrated one
    services.db.upgrade()
    services.db.engine.dispose()
    instance = services.settings.instance_path
    assert _mode(instance) == 0o700
    files = _database_files(instance)
    assert any(p.name == "cleanroom.db" for p in files)
    assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}


def test_looser_folder_and_database_are_tightened_on_start(tmp_path):
    overrides = base_overrides(tmp_path)
    first = Services.load(overrides)
    first.db.upgrade()
    first.db.engine.dispose()
    instance = first.settings.instance_path
    instance.chmod(0o755)
    for path in [*_database_files(instance), instance / "audit.key"]:
        path.chmod(0o644)
    second = Services.load(overrides)
    second.db.engine.dispose()
    assert _mode(instance) == 0o700
    assert {p.name: _mode(p) for p in [*_database_files(instance), instance / "audit.key"]} == {
        p.name: 0o600 for p in [*_database_files(instance), instance / "audit.key"]}
