"""Identifying index columns sealed at rest (AES-GCM) and looked up by keyed hash (HMAC-SHA256).

The index holds identified data; a copy of the database alone must reveal no
name, patient ID, accession number, file location or report text. Each value is
sealed with a fresh nonce and the column's name as associated data, so a sealed
value moved into another column does not open. Equality lookups (a patient by
ID, a report's study by accession) use a keyed hash instead of the value.
"""
from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .errors import ConfigError
from .keys import derive_key

NONCE_BYTES = 12


class Sealer:
    """Seals and opens column values with the index key; derives lookup hashes from it."""

    def __init__(self, index_key: bytes):
        if not index_key:
            raise ConfigError("no index key is configured")
        self._aead = AESGCM(derive_key(index_key, "index/aes-gcm"))
        self._lookup = derive_key(index_key, "index/lookup")

    def seal(self, value: str, column: str) -> bytes:
        """Return nonce + ciphertext of `value`, bound to `column`."""
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, value.encode("utf-8"), column.encode())

    def seal_optional(self, value: str | None, column: str) -> bytes | None:
        """Seal a value that may be missing (None or empty stays None)."""
        return self.seal(value, column) if value else None

    def open(self, sealed: bytes, column: str) -> str:
        """Return the value sealed for `column`; ConfigError when the index key does not fit."""
        try:
            return self._aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], column.encode()).decode("utf-8")
        except InvalidTag:
            raise ConfigError("an index value does not open with this index key (was index.key replaced?)") from None

    def lookup_key(self, kind: str, value: str) -> str:
        """Return the keyed hash that finds `value` of `kind` (patient_id, accession, ...) without storing it."""
        return hmac.new(self._lookup, f"{kind}\0{value.strip()}".encode("utf-8"), hashlib.sha256).hexdigest()
