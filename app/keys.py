"""The service secret: loaded or created once, then split into purpose-bound subkeys.

Pseudonyms, UIDs, date shifts and web sessions all derive from one key with
HMAC, so the same patient maps the same way in every batch and nothing can be
reversed without the key.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from .errors import ConfigError

KEY_FILE_NAME = "secret.key"
INDEX_KEY_FILE_NAME = "index.key"
MIN_KEY_LENGTH = 32


def load_or_create_secret(env_value: str | None, instance_path: Path) -> bytes:
    """Return the secret from the environment, or from the instance key file (created owner-only)."""
    return load_or_create_key("CLEANROOM_SECRET_KEY", env_value, instance_path / KEY_FILE_NAME, "secret key")


def load_or_create_index_key(env_value: str | None, instance_path: Path) -> bytes:
    """Return the key that encrypts the index's identifying columns: from the environment or its own key file.

    It is kept apart from the database (and from the HMAC secret), so a copy of the database alone
    reveals no name, ID or report text.
    """
    return load_or_create_key("CLEANROOM_INDEX_KEY", env_value, instance_path / INDEX_KEY_FILE_NAME, "index key")


def load_or_create_key(env_name: str, env_value: str | None, key_path: Path, what: str) -> bytes:
    """Return a key from the environment variable `env_name`, else from `key_path` (created owner-only)."""
    if env_value is not None:
        if len(env_value.strip()) < MIN_KEY_LENGTH:
            raise ConfigError(
                f"{env_name} is set but shorter than {MIN_KEY_LENGTH} characters; "
                "use a long random value (e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`)"
            )
        return env_value.strip().encode()
    if key_path.exists():
        try:
            value = key_path.read_text().strip()
        except OSError as exc:
            raise ConfigError(f"cannot read the {what} file {key_path}: {exc.strerror}") from None
        if len(value) < MIN_KEY_LENGTH:
            raise ConfigError(f"the {what} file {key_path} is empty or too short; restore it from backup")
        return value.encode()
    return _create_key_file(key_path, env_name)


def _create_key_file(key_path: Path, env_name: str) -> bytes:
    value = secrets.token_hex(32)
    try:
        key_path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once must not each write a different key.
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_path.read_text().strip().encode()
    except OSError as exc:
        raise ConfigError(
            f"no {env_name} set and cannot create the key file {key_path}: {exc.strerror}"
        ) from None
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value.encode()


def derive_key(secret: bytes, purpose: str) -> bytes:
    """Return a subkey bound to one purpose, so one use cannot be replayed as another."""
    return hmac.new(secret, b"cleanroom/" + purpose.encode(), hashlib.sha256).digest()
