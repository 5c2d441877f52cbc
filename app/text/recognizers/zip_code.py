"""US ZIP codes (5 or 9 digits) where something shows they are ZIP codes."""
from __future__ import annotations

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer
from ._gazetteer import places
from ._places import STATE

_ZIP = r"\d{5}(?:-\d{4})?(?![\w-]|\.\d)"


class ZipCodeRecognizer(SpanPatternRecognizer):
    """Finds ZIP codes after a state ("IL 62704", "Illinois 62704-1234") or a ZIP label.

    A bare five-digit number is more often a dose, a count or a code than a ZIP, so it is only a
    ZIP in those positions; ZIP+4 ("62704-1234") is distinctive enough alone.
    """

    ENTITY = "ZIP"
    PATTERNS = (
        ("after_state", rf"(?<![\p{{L}}]){STATE}\.?,?[ \t]{{1,3}}(?P<phi>{_ZIP})", 0.85,
         Anchor(r"[ \t]\d{5}(?![0-9])", at="near", before=30, after=12, case_sensitive=True, stop=r"[^\p{L}\s.,]")),
        ("labelled", rf"(?i:zip(?:[ \t]*code)?|postal[ \t]*code|zipcode)[ \t]*[:#]?[ \t]*(?P<phi>{_ZIP})", 0.9,
         Anchor(r"zip|postal")),
        ("zip_plus_four", r"(?<![\w.-])\d{5}-\d{4}(?![\w-]|\.\d)", 0.45),
        # "Pasadena 91101", "Dallas 75240;", "Salem (01970)": five digits closing an address after a town's
        # name (checked against the place list in `refine`).
        ("after_place", rf"(?P<place>\p{{Lu}}\p{{Ll}}+(?:[ \t]\p{{Lu}}\p{{Ll}}+)?),?[ \t]+(?P<o>\()?(?P<phi>{_ZIP})"
                        r"(?(o)\))(?=[ \t]*(?:[;,.|)]|$))", 0.6,
         Anchor(r"[ \t(]\d{5}(?![0-9])", at="near", before=30, after=12, case_sensitive=True, stop=r"[^\p{L}\s,(]")),
    )
    CONTEXT = ("zip", "postal", "address", "mail")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """Keep a number after a capitalised word only if that word is a town's name."""
        if pattern != "after_place":
            return start, end
        words = tuple(match.group("place").lower().split())
        return (start, end) if words in places().get(words[0], ()) or words[-1:] in places().get(words[-1], ()) \
            else None
