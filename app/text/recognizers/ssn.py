"""US Social Security numbers: 123-45-6789 (and 123 45 6789 next to "SSN"), the last four shown behind a mask
("xxx-xx-4412"), and the veterans' short identifier, the surname's initial and the last four ("DOE, JOHN  D4412")."""
from __future__ import annotations

import regex

from ._base import Anchor, Span, SpanPatternRecognizer


class SsnRecognizer(SpanPatternRecognizer):
    """Finds SSNs; the 3-2-4 dashed shape is distinctive, area/group/serial rules weed out non-SSNs."""

    ENTITY = "ID"
    PATTERNS = (
        ("dashed", r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])", 0.85),
        ("spaced", r"(?<![\w-])\d{3}[ .]\d{2}[ .]\d{4}(?![\w-])", 0.3),
        ("labelled", r"(?i:ssn|social[ \t]+security(?:[ \t]+(?:number|no\.?|#))?|ss#)[ \t]*[:#]?[ \t]*"
                     r"(?P<phi>\d{3}[- .]?\d{2}[- .]?\d{4})(?!\w)", 0.9),
        # A number masked but for its last four keeps its 3-2-4 shape ("XXX-XX-4412", "***-**-4412").
        ("masked", r"(?<![\w*#-])(?:[xX]{3}|\*{3}|#{3})[- ](?:[xX]{2}|\*{2}|#{2})[- ]\d{4}(?![\w-])", 0.85,
         Anchor(regex=r"(?:xxx|\*\*\*|###)[- ]")),
        # The veterans' record writes the surname's initial and the last four after the name ("DOE, JOHN  D4412").
        ("initial_last_four", r"(?<![\p{L}'’-])(?P<initial>\p{Lu})[\p{L}'’-]+,[ \t]*\p{Lu}[\p{L}'’-]+"
                              r"(?:[ \t]+\p{Lu}\.?)?[ \t]+\(?(?P<phi>(?P=initial)\d{4})(?![\w-])", 0.7,
         Anchor(regex=r"\b[a-z][0-9]{4}\b", at="near", before=60, after=8)),
    )
    CONTEXT = ("ssn", "social", "security")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Span | None:
        """Apply the issuing rules: no 000/666/9xx area, no 00 group, no 0000 serial."""
        digits = "".join(ch for ch in text[start:end] if ch.isdigit())
        area, group, serial = digits[:3], digits[3:5], digits[5:]
        if pattern in ("masked", "initial_last_four"):
            return start, end
        if pattern != "labelled" and (area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000"):
            return None
        return start, end
