"""Dummy values for PS3.15 action D: valid for their VR, obviously not real, and free of PHI."""
from __future__ import annotations

DUMMY_BY_VR = {
    "AE": "ANONYMIZED", "AS": "000Y", "CS": "ANONYMIZED", "DA": "19000101", "DS": "0",
    "DT": "19000101000000", "IS": "0", "LO": "ANONYMIZED", "LT": "ANONYMIZED", "PN": "ANONYMIZED",
    "SH": "ANONYMIZED", "ST": "ANONYMIZED", "TM": "000000", "UC": "ANONYMIZED", "UT": "ANONYMIZED",
    "UR": "urn:cleanroom:anonymized",
    "FL": 0.0, "FD": 0.0, "SL": 0, "SS": 0, "UL": 0, "US": 0, "SV": 0, "UV": 0,
    "OB": b"\x00\x00", "OW": b"\x00\x00", "OD": b"\x00" * 8, "OF": b"\x00" * 4, "OL": b"\x00" * 4,
    "OV": b"\x00" * 8, "UN": b"\x00\x00",
}


def dummy_for(vr: str):
    """Return a dummy value for the VR (UIDs are remapped, never dummied; sequences are recursed)."""
    return DUMMY_BY_VR.get(vr, b"\x00\x00")
