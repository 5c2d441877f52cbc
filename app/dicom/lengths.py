"""Fit a rewritten text value into its VR's maximum length (PS3.5 Table 6.2-1)."""
from __future__ import annotations

from pydicom.valuerep import MAX_VALUE_LEN

# Multi-valued text VRs: each value separated by a backslash has its own limit. ST and LT hold one value,
# in which a backslash is an ordinary character.
_MULTI_VALUED = frozenset({"SH", "LO"})


def fit_to_vr(vr: str, text: str) -> str:
    """Return `text` with each value cut to the longest its VR allows (unchanged for VRs without a limit)."""
    limit = MAX_VALUE_LEN.get(vr)
    if limit is None:
        return text
    if vr not in _MULTI_VALUED:
        return text[:limit].rstrip()
    return "\\".join(value[:limit].rstrip() for value in text.split("\\"))
