"""Hospital wards and units that locate a patient: "4 West", "3 NORTH", "7 Tower", "6EAST", "Pavilion C"."""
from __future__ import annotations

from ._base import Anchor, SpanPatternRecognizer

_SIDE = r"(?:North|South|East|West|Tower|Wing|NORTH|SOUTH|EAST|WEST|TOWER|WING)"
_BUILDING = r"(?:Pavilion|Tower|Wing|Building|Bldg|PAVILION|TOWER|WING|BUILDING|BLDG)"


class WardRecognizer(SpanPatternRecognizer):
    """Finds a floor number with a side or tower ("5 South") and a lettered building ("Pavilion C").

    Generic unit types (ICU, ED) identify nobody's hospital and are left alone; rooms and beds are
    not locations of an institution either.
    """

    ENTITY = "ORGANIZATION"
    PATTERNS = (
        ("floor_side", rf"(?<![\w/.,:-])\d{{1,2}}[ \t-]?{_SIDE}(?![\w-])", 0.6,
         Anchor(words="north south east west tower wing", at="near", before=4, after=0,
                regex=r"\d(?:north|south|east|west|tower|wing)\b")),
        ("building_letter", rf"(?<![\w-]){_BUILDING}[ \t]+[A-Z](?![\w-])", 0.6,
         Anchor(words="pavilion tower wing building bldg", at="start")),
    )
