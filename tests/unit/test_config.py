"""Bad configuration gives one clear line, never a traceback; the secret is created safely."""
import os
import stat

import pytest

from app.config import load_settings
from app.errors import ConfigError
from tests.conftest import base_overrides
from tests.support.cli import cleanroom


def test_key_file_is_created_owner_only_and_reused(tmp_path):
    overrides = {**base_overrides(tmp_path), "CLEANROOM_SECRET_KEY": None}
    env_backup = os.environ.pop("CLEANROOM_SECRET_KEY", None)
    try:
        first = load_settings(overrides)
        second = load_settings(overrides)
    finally:
        if env_backup is not None:
            os.environ["CLEANROOM_SECRET_KEY"] = env_backup
    key_file = tmp_path / "instance" / "secret.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first.secret == second.secret and len(first.secret) >= 32
    assert first.subkey("uids") != first.subkey("dates")


def test_audit_key_is_its_own_owner_only_file_unless_set_in_the_environment(tmp_path):
    overrides = {**base_overrides(tmp_path), "CLEANROOM_AUDIT_KEY": None}
    env_backup = os.environ.pop("CLEANROOM_AUDIT_KEY", None)
    try:
        from_file = load_settings(overrides)
        again = load_settings(overrides)
        from_env = load_settings({**overrides, "CLEANROOM_AUDIT_KEY": "audit-key-from-env-" + "7" * 20})
    finally:
        if env_backup is not None:
            os.environ["CLEANROOM_AUDIT_KEY"] = env_backup
    key_file = tmp_path / "instance" / "audit.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert from_file.audit_key == again.audit_key == key_file.read_text().strip().encode()
    assert from_file.audit_key != from_file.secret
    assert from_env.audit_key == b"audit-key-from-env-" + b"7" * 20


@pytest.mark.parametrize("change, message", [
    ({"CLEANROOM_SECRET_KEY": "too-short"}, "shorter than 32"),
    ({"CLEANROOM_AUDIT_KEY": "too-short"}, "CLEANROOM_AUDIT_KEY is set but shorter than 32"),
    ({"CLEANROOM_JOB_EXECUTOR": "threads"}, "CLEANROOM_JOB_EXECUTOR"),
    ({"CLEANROOM_JOB_EXECUTOR": "celery"}, "needs CELERY_BROKER_URL"),
    ({"CLEANROOM_MAX_UPLOAD_MB": "-3"}, "positive whole number"),
    ({"CLEANROOM_BEHIND_TLS": "maybe"}, "CLEANROOM_BEHIND_TLS"),
    ({"CLEANROOM_SESSION_HOURS": "0"}, "positive whole number"),
    ({"CLEANROOM_PROXY_HOPS": "-1"}, "at least 0"),
    ({"CLEANROOM_FILE_TIME_LIMIT": "two minutes"}, "CLEANROOM_FILE_TIME_LIMIT must be a number of seconds"),
    ({"CLEANROOM_FILE_TIME_LIMIT": "-1"}, "CLEANROOM_FILE_TIME_LIMIT must be a number of seconds"),
])
def test_bad_settings_raise_config_error(tmp_path, change, message):
    with pytest.raises(ConfigError, match=message):
        load_settings({**base_overrides(tmp_path), **change})


def test_empty_key_file_is_refused(tmp_path):
    overrides = {**base_overrides(tmp_path), "CLEANROOM_SECRET_KEY": None}
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "secret.key").write_text("\n")
    env_backup = os.environ.pop("CLEANROOM_SECRET_KEY", None)
    try:
        with pytest.raises(ConfigError, match="empty or too short"):
            load_settings(overrides)
    finally:
        if env_backup is not None:
            os.environ["CLEANROOM_SECRET_KEY"] = env_backup


@pytest.mark.parametrize("env, expected", [
    ({"DATABASE_URL": "postgresql://auditor:hunter2secret@127.0.0.1:5999/none"}, "cannot reach the database"),
    ({"DATABASE_URL": "not a url at all"}, "not a usable database URL"),
    ({"CLEANROOM_SECRET_KEY": "short"}, "shorter than 32 characters"),
])
def test_cli_reports_bad_configuration_in_one_line(tmp_path, env, expected):
    result = cleanroom("users", "list", env={**base_overrides(tmp_path), **env})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0]
    assert "Traceback" not in result.stderr and "hunter2secret" not in result.stderr


def test_shipped_folders_come_from_the_checkout_or_else_from_an_installed_wheel(tmp_path, monkeypatch):
    from app import config

    checkout, installed = tmp_path / "checkout", tmp_path / "prefix" / "share" / "cleanroom"
    (installed / "profiles").mkdir(parents=True)
    monkeypatch.setattr(config, "REPO_ROOT", checkout)
    monkeypatch.setattr(config, "INSTALLED_DATA", installed)
    assert config.shipped("profiles") == installed / "profiles"
    (checkout / "profiles").mkdir(parents=True)
    assert config.shipped("profiles") == checkout / "profiles"
    assert config.shipped("ontologies") == checkout / "ontologies"  # neither: the checkout's path, for its error

