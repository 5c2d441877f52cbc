"""Keyed, deterministic identity: patient keys, pseudonyms, UIDs and per-patient date shifts.

Everything derives from the service secret with HMAC-SHA256, so the same input
maps the same way in every file, run and batch, and nothing is reversible
without the key (or the honest broker's linkage file). Shared ground: the header
engine and the report-text engine both key on it, so a patient's pseudonym and
date shift agree between images and reports.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache

UID_ROOT = "2.25."


@dataclass(frozen=True)
class IdentityKeys:
    """The purpose-bound subkeys the engines need; built from the service secret."""

    uids: bytes
    pseudonyms: bytes
    dates: bytes

    @classmethod
    def from_subkey(cls, subkey) -> IdentityKeys:
        """Build keys from a `purpose -> bytes` function such as Settings.subkey."""
        return cls(subkey("dicom-uids"), subkey("patient-pseudonyms"), subkey("date-shifts"))

    def fingerprint(self) -> str:
        """Return a one-way check value of the keys: equal for the same keys, revealing nothing of them."""
        return _digest(self.uids + self.pseudonyms + self.dates, "fingerprint").hex()[:32]


def patient_key(patient_id: str, issuer: str = "") -> str:
    """Return the canonical identity string of a patient: issuer and ID, whitespace-trimmed."""
    return f"{issuer.strip()}\x1f{patient_id.strip()}"


def _digest(key: bytes, message: str) -> bytes:
    """Return HMAC-SHA256(key, message) (RFC 2104), from the key's padded hash states computed once."""
    inner, outer = _hmac_states(key)
    inner = inner.copy()
    inner.update(message.encode("utf-8"))
    outer = outer.copy()
    outer.update(inner.digest())
    return outer.digest()


@lru_cache(maxsize=16)
def _hmac_states(key: bytes) -> tuple:
    """Return SHA-256 states that have hashed the key XOR ipad and XOR opad: hmac.new redoes both per message."""
    block = hashlib.sha256().block_size
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\0")
    return hashlib.sha256(bytes(b ^ 0x36 for b in key)), hashlib.sha256(bytes(b ^ 0x5C for b in key))


@lru_cache(maxsize=4096)  # every file of a patient asks again
def pseudonym_for_patient(key: bytes, patient: str, prefix: str = "CR") -> str:
    """Return the patient's pseudonym: prefix + 12 digits (digits only, so no name can hide in it)."""
    number = int.from_bytes(_digest(key, "pseudonym\x1f" + patient)[:8], "big") % 10**12
    return f"{prefix}{number:012d}"


def remap_uid(key: bytes, uid: str) -> str:
    """Return `2.25.` + a 128-bit integer from HMAC(key, uid): stable, unique, at most 44 characters."""
    return _remap_uid_cached(key, uid.strip().rstrip("\x00"))


@lru_cache(maxsize=65536)
def _remap_uid_cached(key: bytes, uid: str) -> str:
    return UID_ROOT + str(int.from_bytes(_digest(key, "uid\x1f" + uid)[:16], "big"))


@lru_cache(maxsize=4096)
def shift_for_patient(key: bytes, patient: str, low: int, high: int) -> int:
    """Return the patient's date shift in whole days, uniform in [low, high]."""
    span = high - low + 1
    return low + int.from_bytes(_digest(key, "date-shift\x1f" + patient)[:8], "big") % span
