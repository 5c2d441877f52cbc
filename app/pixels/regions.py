"""Known burned-in regions chosen from the header: deid's shipped recipe filters plus the profile's rules."""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydicom.dataset import Dataset

from ..profiles.schema import PixelPolicy, RegionRule
from .ink import Rect


def region_boxes(ds: Dataset, policy: PixelPolicy) -> tuple[Rect, ...]:
    """Boxes (x0, y0, x1, y1) to mask in every frame, from the profile's rules and (if enabled) deid's recipe."""
    boxes: list[Rect] = [box for rule in policy.regions if rule_matches(rule, ds) for box in rule.boxes]
    if policy.known_regions:
        boxes += _deid_boxes(ds)
    return tuple(dict.fromkeys(boxes))


def rule_matches(rule: RegionRule, header: Mapping[str, Any]) -> bool:
    """Whether every `when` keyword of a profile's rule has the given value (strings compare case-insensitively)."""
    for keyword, wanted in rule.when.items():
        value = header.get(keyword)
        if value is None:
            return False
        if isinstance(wanted, int) and not isinstance(wanted, bool):
            try:
                if int(value) != wanted:
                    return False
            except (TypeError, ValueError):
                return False
        elif str(value).strip().casefold() != str(wanted).strip().casefold():
            return False
    return True


DEID_MEMO_SIZE = 4096  # distinct device headers remembered (a few hundred bytes each)
_DEID_BOXES: dict[tuple[Any, ...], tuple[Rect, ...]] = {}


def _deid_boxes(ds: Dataset) -> tuple[Rect, ...]:
    """The rectangles of deid's recipe entries this header meets, remembered per device header.

    Evaluating the hundred-odd entries costs tens of milliseconds, for every file a pixel-cleaning
    profile sees (text-free CTs included); they read only a few top-level attributes, whose values
    repeat across an archive's files (one device, one model, one matrix size).
    """
    header = _Header(ds, {keyword: ds.get(keyword) for keyword in _deid_keywords()})
    key = tuple(_value_key(value) for value in header.seen.values())
    boxes = _DEID_BOXES.get(key)
    if boxes is None:
        if len(_DEID_BOXES) >= DEID_MEMO_SIZE:
            _DEID_BOXES.clear()
        tests: dict[tuple[str, str, Any], bool] = {}
        boxes = _DEID_BOXES[key] = tuple(box for criteria, rects in _deid_criteria()
                                         if _flagged(header, criteria, tests) for box in rects)
    return boxes


class _Header(Dataset):
    """The attributes deid's filters read, each looked up once: the filters call `get` for every test, and
    pydicom's lookup by keyword cost more than the tests themselves (deid's two filters, contains and
    equals, read a data set through `get` alone)."""

    def __init__(self, source: Dataset, values: dict[str, Any]) -> None:
        super().__init__()
        self.source, self.seen = source, values

    def get(self, key: Any, default: Any = None) -> Any:
        """The value deid's filters see for `key` (a tag given as a number is read from the data set itself)."""
        return self.seen[key] if key in self.seen else self.source.get(key, default)


@lru_cache(maxsize=1)
def _deid_keywords() -> tuple[str, ...]:
    """Every attribute deid's entries test (their filters read the data set's top level by keyword)."""
    return tuple(sorted({field for criteria, _ in _deid_criteria() for group in criteria for field in group["field"]}))


def _value_key(value: Any) -> Any:
    """What deid's filters see of a value: None, or its text (each item's, for a list): they compare str()."""
    if value is None:
        return None
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    return str(value)


@lru_cache(maxsize=1)
def _deid_criteria() -> tuple[tuple[Any, tuple[Rect, ...]], ...]:
    """deid's graylist entries that both test the header and name fixed rectangles to clean."""
    from deid import data
    from deid.config import DeidRecipe
    from deid.logger import bot

    bot.level = -3  # deid prints progress to stdout by default; only its errors are wanted
    recipe = DeidRecipe(deid=str(Path(data.__file__).parent / "deid.dicom"), base=False)
    entries = []
    for item in (recipe.get_filters() or {}).get("graylist", []):
        # "coordinates all" and "keepcoordinates from:..." are not burned-in text locations.
        rects = tuple(_rect(raw) for value, raw in item.get("coordinates", [])
                      if value == 0 and isinstance(raw, str) and _rect(raw))
        if item.get("filters") and rects:
            entries.append((item["filters"], rects))
    return tuple(entries)


def _rect(raw: str) -> Rect | None:
    """Parse deid's "x0,y0,x1,y1" (already converted from CTP's x,y,w,h by deid's parser)."""
    try:
        x0, y0, x1, y1 = (int(v) for v in raw.replace(" ", "").split(","))
    except ValueError:
        return None
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def _flagged(header: _Header, groups: list[dict[str, Any]], done: dict[tuple[str, str, Any], bool]) -> bool:
    """Evaluate one deid criteria entry: each line's tests joined by its inner operators, lines by +/||.

    `done` holds the outcome of every test already run on this header: entries share most of their tests
    (430 tests, 164 distinct).
    """
    from deid.dicom.pixels.detect import evaluate_group

    flags: list[Any] = []
    for group in groups:
        tests: list[Any] = []
        for i, (action, field) in enumerate(zip(group["action"], group["field"])):
            test = (field, action, group["value"][i] if i < len(group["value"]) else None)
            if test not in done:
                done[test] = _passes(header, *test)
            tests.append(done[test])
            if i < len(group["InnerOperators"]):
                tests.append(group["InnerOperators"][i])
        if flags and group.get("operator"):
            flags.append(group["operator"])
        flags.append(evaluate_group(tests))
    return bool(evaluate_group(flags))


def _passes(header: _Header, field: str, action: str, value: Any) -> bool:
    """One deid filter test on the header."""
    from deid.dicom.filter import apply_filter

    try:
        return bool(apply_filter(dicom=header, field=field, filter_name=action, value=value or None))
    except Exception:  # a filter on an odd value type: the entry does not apply
        return False
