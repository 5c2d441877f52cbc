"""Patient-level splits: shares per stratum, seeded, stable for a patient."""
from collections import Counter

from app.exports.splits import assign_splits


def test_each_stratum_is_split_by_the_shares():
    strata = {f"P{n:03d}": "present" if n < 20 else "absent" for n in range(100)}
    splits = assign_splits(strata, seed=7)
    by = Counter((strata[p], s) for p, s in splits.items())
    assert (by["present", "train"], by["present", "validation"], by["present", "test"]) == (14, 3, 3)
    assert (by["absent", "train"], by["absent", "validation"], by["absent", "test"]) == (56, 12, 12)


def test_the_seed_decides_and_the_same_seed_gives_the_same_splits():
    strata = {f"P{n:03d}": "" for n in range(50)}
    assert assign_splits(strata, 1) == assign_splits(dict(reversed(list(strata.items()))), 1)
    assert assign_splits(strata, 1) != assign_splits(strata, 2)
