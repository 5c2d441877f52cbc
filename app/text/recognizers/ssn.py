"""US Social Security numbers: 123-45-6789 (and 123 45 6789 next to "SSN")."""
from __future__ import annotations

import regex

from ._base import Span, SpanPatternRecognizer


class SsnRecognizer(SpanPatternRecognizer):
    """Finds SSNs; the 3-2-4 dashed shape is distinctive, area/group/serial rules weed out non-SSNs."""

    ENTITY = "ID"
    PATTERNS = (
        ("dashed", r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])", 0.85),
        ("spaced", r"(?<![\w-])\d{3}[ .]\d{2}[ .]\d{4}(?![\w-])", 0.3),
        ("labelled", r"(?i:ssn|social[ \t]+security(?:[ \t]+(?:number|no\.?|#))?|ss#)[ \t]*[:#]?[ \t]*"
                     r"(?P<phi>\d{3}[- .]?\d{2}[- .]?\d{4})(?!\w)", 0.9),
    )
    CONTEXT = ("ssn", "social", "security")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Span | None:
        """Apply the issuing rules: no 000/666/9xx area, no 00 group, no 0000 serial."""
        digits = "".join(ch for ch in text[start:end] if ch.isdigit())
        area, group, serial = digits[:3], digits[3:5], digits[5:]
        if pattern != "labelled" and (area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000"):
            return None
        return start, end
