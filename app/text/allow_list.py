"""The allow-list of clinical terms that look like names: loaded from data, matched as whole words."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

ALLOW_LIST_PATH = Path(__file__).resolve().parent / "data" / "allow_list.yaml"

# Vertebral levels, measurements, series/image references and scores are clinical, whatever a pattern thinks.
# Spaces only, never line breaks: a number ending one line and "cc" opening the next is no volume.
CLINICAL_PATTERNS = (
    r"\b[CTLS]\d{1,2}(?:[ \t]*[-/][ \t]*[CTLS]?\d{1,2})?\b",                        # L4-L5, C5/6, T12
    r"\b\d+(?:\.\d+)?(?:[ \t]*x[ \t]*\d+(?:\.\d+)?){0,2}[ \t]*(?:mm|cm|ml|mL|cc|HU|mGy|mSv|mGy-cm)\b",  # 3.2 x 2.1 cm
    r"\b(?:series|se|image|im|img)[ \t]*#?[ \t]*\d+(?:[ \t]*[,/][ \t]*(?:image|im|img)?[ \t]*#?[ \t]*\d+)?",  # series 3, image 45
    r"\([ \t]*\d+[ \t]*:[ \t]*\d+[ \t]*\)",                                               # (4:112)
    r"\b(?:BI|LI|TI|PI|O|C|NI|CAD)-RADS[ \t]*(?:TR)?[ \t]*\d[A-Ca-c]?\b",            # BI-RADS 4A, TI-RADS TR4
    r"\bLung-RADS[ \t]*\d[A-Xa-x]?\b",
)


class AllowList:
    """Finds the stretches of a text that are clinical language, so detections inside them are dropped."""

    def __init__(self, terms: list[str]):
        escaped = sorted((re.escape(t) for t in terms), key=len, reverse=True)
        self._terms = re.compile(r"(?<![\w-])(?:" + "|".join(escaped) + r")(?![\w-])", re.IGNORECASE)
        self._patterns = [re.compile(p, re.IGNORECASE) for p in CLINICAL_PATTERNS]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Return the (start, end) spans of clinical terms in `text`."""
        found = [m.span() for m in self._terms.finditer(text)]
        for pattern in self._patterns:
            found.extend(m.span() for m in pattern.finditer(text))
        return found

    @staticmethod
    def covers(spans: list[tuple[int, int]], start: int, end: int) -> bool:
        """Return whether [start, end) lies inside one of `spans`."""
        return any(s <= start and end <= e for s, e in spans)


@lru_cache(maxsize=4)
def load_allow_list(path: Path = ALLOW_LIST_PATH) -> AllowList:
    """Load the allow-list data file (cached)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    terms = [str(term) for group in data.values() for term in (group or [])]
    return AllowList(terms)
