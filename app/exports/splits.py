"""Patient-level train/validation/test splits: deterministic for a seed, never splitting a patient."""
from __future__ import annotations

import hashlib

SPLITS = (("train", 0.70), ("validation", 0.15), ("test", 0.15))


def split_of(patient: str, seed: int) -> str:
    """Return the split of a (pseudonymous) patient: the same for the same seed, in every export."""
    digest = hashlib.sha256(f"{seed}\x1f{patient}".encode()).digest()
    point = int.from_bytes(digest[:8], "big") / 2 ** 64
    edge = 0.0
    for name, share in SPLITS:
        edge += share
        if point < edge:
            return name
    return SPLITS[-1][0]
