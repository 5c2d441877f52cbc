"""Patient-level train/validation/test splits: seeded, stratified on the first label, never splitting a patient."""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping

SPLITS = (("train", 0.70), ("validation", 0.15), ("test", 0.15))


def assign_splits(strata: Mapping[str, str], seed: int) -> dict[str, str]:
    """Return each (pseudonymous) patient's split.

    Within each stratum (the patient's value of the first label), patients in keyed-hash order fill
    train, validation and test by their shares, so every split sees each label value in proportion.
    """
    by_stratum: dict[str, list[str]] = defaultdict(list)
    for patient, stratum in strata.items():
        by_stratum[stratum].append(patient)
    splits: dict[str, str] = {}
    for patients in by_stratum.values():
        patients.sort(key=lambda patient: hashlib.sha256(f"{seed}\x1f{patient}".encode()).digest())
        edges, total = [], 0.0
        for _, share in SPLITS:
            total += share
            edges.append(round(total * len(patients)))
        for index, patient in enumerate(patients):
            splits[patient] = next(name for (name, _), edge in zip(SPLITS, edges) if index < edge)
    return splits
