"""The PS3.15 vocabulary profiles are written in: the options of Table E.1-1 and the table edition they run on.

A profile names PS3.15 options; the header engine applies the action table with them. Both sides
take the names from here, and the engine refuses a table whose columns or edition differ, so a
profile's content hash (which covers the edition) always says which table its outputs were made with.
"""
from __future__ import annotations

# The edition of PS3.15 the shipped action table was generated from (app/dicom/data/annex_e_actions.json).
# A new edition changes every profile's hash: outputs made with it are traceably different.
ACTION_TABLE_EDITION = "2024b"

# The option columns of PS3.15 Table E.1-1, in the table's order.
OPTIONS: tuple[str, ...] = (
    "retain_safe_private",
    "retain_uids",
    "retain_device_identity",
    "retain_institution_identity",
    "retain_patient_characteristics",
    "retain_long_full_dates",
    "retain_long_modified_dates",
    "clean_descriptors",
    "clean_structured_content",
    "clean_graphics",
)

# PS3.15 E.3.6: dates are either retained unmodified or retained modified; the
# two Longitudinal Temporal Information options are alternatives, and their
# columns disagree (K versus C) on every date they list.
EXCLUSIVE_OPTIONS: tuple[frozenset[str], ...] = (
    frozenset({"retain_long_full_dates", "retain_long_modified_dates"}),
)
