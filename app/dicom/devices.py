"""The names a file's device goes by: a person name (outside the patient's) equal to one is the device signing."""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# A company signs with or without its legal form: "Lunit" as the creator of a "Lunit Inc." presentation state.
_LEGAL_FORM = re.compile(r"[\s,]+(?:inc|ltd|llc|gmbh|corp|corporation|co|ag|sa|bv|nv|plc|limited|company)\.?$")


def device_names(values: Iterable[str]) -> frozenset[str]:
    """Return the manufacturer and model names given, lower case, each also without a trailing legal form."""
    return _device_names(tuple(values))


@lru_cache(maxsize=256)  # a site's files come from a handful of devices
def _device_names(values: tuple[str, ...]) -> frozenset[str]:
    names = set()
    for value in values:
        name = value.strip().lower()
        while name and name not in names:
            names.add(name)
            name = _LEGAL_FORM.sub("", name).strip()
    return frozenset(names)
