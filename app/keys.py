"""The service secret, the audit key and the index key: loaded or created once, then split into subkeys.

Pseudonyms, UIDs, date shifts and web sessions all derive from one key with
HMAC, so the same patient maps the same way in every batch and nothing can be
reversed without the key. The audit chain has a key of its own, so an auditor
can be handed it to verify the log without being able to re-identify anyone.
The index key encrypts the archive index's identifying columns; it is kept apart
from the database, so a copy of the database alone reveals no name, ID or report text.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError
from .permissions import private_dir, restrict_if_present

MIN_KEY_LENGTH = 32


@dataclass(frozen=True)
class KeySource:
    """Where one key lives: an environment variable, else a file in the instance folder."""

    env_name: str
    file_name: str
    what: str


SERVICE_SECRET = KeySource("CLEANROOM_SECRET_KEY", "secret.key", "secret key")
AUDIT_KEY = KeySource("CLEANROOM_AUDIT_KEY", "audit.key", "audit key")
INDEX_KEY = KeySource("CLEANROOM_INDEX_KEY", "index.key", "index key")


def load_or_create_secret(env_value: str | None, instance_path: Path, source: KeySource = SERVICE_SECRET) -> bytes:
    """Return the key from the environment, or from its instance key file (created owner-only)."""
    if env_value is not None:
        if len(env_value.strip()) < MIN_KEY_LENGTH:
            raise ConfigError(
                f"{source.env_name} is set but shorter than {MIN_KEY_LENGTH} characters; "
                "use a long random value (e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`)"
            )
        return env_value.strip().encode()
    key_path = instance_path / source.file_name
    if not key_path.exists():
        _create_key_file(key_path, source)
    restrict_if_present(key_path)
    try:
        value = key_path.read_text().strip()
    except OSError as exc:
        raise ConfigError(f"cannot read the {source.what} file {key_path}: {exc.strerror}") from None
    if len(value) < MIN_KEY_LENGTH:
        raise ConfigError(f"the {source.what} file {key_path} is empty or too short; restore it from backup")
    return value.encode()


def _create_key_file(key_path: Path, source: KeySource) -> None:
    # Written whole under a private name, then linked into place: a process starting at the same
    # moment either wins the link or reads the complete key the winner wrote, never half a file.
    private_dir(key_path.parent)
    staging = key_path.with_name(f".{key_path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
        os.link(staging, key_path)
    except FileExistsError:
        pass
    except OSError as exc:
        raise ConfigError(
            f"no {source.env_name} set and cannot create the {source.what} file {key_path}: {exc.strerror}"
        ) from None
    finally:
        staging.unlink(missing_ok=True)


def derive_key(secret: bytes, purpose: str) -> bytes:
    """Return a subkey bound to one purpose, so one use cannot be replayed as another."""
    return hmac.new(secret, b"cleanroom/" + purpose.encode(), hashlib.sha256).digest()
