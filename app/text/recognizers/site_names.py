"""The site's own institution and ward names, listed in recognizers.yaml (none by default).

A hospital's notes name it by abbreviations no public list holds ("GH") and its wards by local
names ("Pellworth 2", "transfer to PELLWORTH3"); the site knows them, so it lists them. Matched
whole-word in any case, with a ward number after the name taken too.
"""
from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult

from ._base import tagged_result

SCORE = 0.85


class SiteNameRecognizer(EntityRecognizer):
    """Finds the names a site lists as its own institutions and wards."""

    def __init__(self, names: list[str] | None = None, score: float = SCORE, supported_language: str = "en",
                 name: str | None = None):
        self.score = score
        words = sorted({n.strip() for n in names or [] if n.strip()}, key=len, reverse=True)
        alternation = "|".join(regex.escape(w).replace(r"\ ", r"[ \t]+") for w in words)
        self._pattern = (regex.compile(rf"(?<![\p{{L}}\d])(?i:{alternation})(?:[ \t]?\d{{1,2}}[A-Za-z]?(?![/\d:]|\.\d))?(?![\p{{L}}\d])")
                         if words else None)
        super().__init__(supported_entities=["ORGANIZATION"], name=name or type(self).__name__,
                         supported_language=supported_language)

    def load(self) -> None:
        """Nothing to load: the names come from the configuration."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Return one result per occurrence of a listed name."""
        if self._pattern is None:
            return []
        return [tagged_result(self, "ORGANIZATION", m.start(), m.end(), self.score) for m in self._pattern.finditer(text)]
