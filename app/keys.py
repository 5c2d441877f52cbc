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
MIN_KEY_LENGTH = 32


def load_or_create_secret(env_value: str | None, instance_path: Path) -> bytes:
    """Return the secret from the environment, or from the instance key file (created owner-only)."""
    if env_value is not None:
        if len(env_value.strip()) < MIN_KEY_LENGTH:
            raise ConfigError(
                f"CLEANROOM_SECRET_KEY is set but shorter than {MIN_KEY_LENGTH} characters; "
                "use a long random value (e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`)"
            )
        return env_value.strip().encode()
    key_path = instance_path / KEY_FILE_NAME
    if key_path.exists():
        try:
            value = key_path.read_text().strip()
        except OSError as exc:
            raise ConfigError(f"cannot read the secret key file {key_path}: {exc.strerror}") from None
        if len(value) < MIN_KEY_LENGTH:
            raise ConfigError(f"the secret key file {key_path} is empty or too short; restore it from backup")
        return value.encode()
    return _create_key_file(key_path)


def _create_key_file(key_path: Path) -> bytes:
    value = secrets.token_hex(32)
    try:
        key_path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once must not each write a different key.
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_path.read_text().strip().encode()
    except OSError as exc:
        raise ConfigError(
            f"no CLEANROOM_SECRET_KEY set and cannot create the key file {key_path}: {exc.strerror}"
        ) from None
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value.encode()


def derive_key(secret: bytes, purpose: str) -> bytes:
    """Return a subkey bound to one purpose, so one use cannot be replayed as another."""
    return hmac.new(secret, b"cleanroom/" + purpose.encode(), hashlib.sha256).digest()
