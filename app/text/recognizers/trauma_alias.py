"""Trauma aliases: the placeholder name a trauma bay gives a patient not yet identified ("Yankee Tango Trauma 4")."""
from __future__ import annotations

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer
from ._names import is_non_name_word
from ._vocabulary import looks_clinical

_WORD = r"(?:\p{Lu}\p{Ll}+|\p{Lu}{3,})"
# Words that say what kind of trauma it was or how serious, never which patient ("Blunt Trauma 2", "Level Trauma 1").
_KINDS_OF_TRAUMA = frozenset("blunt penetrating major minor multiple poly level head chest pelvic abdominal facial "
                             "spinal birth acoustic sports pediatric adult activation alert code".split())


class TraumaAliasRecognizer(SpanPatternRecognizer):
    """Finds a trauma alias: words, "Trauma" and a number ("Yankee Tango Trauma 4", "OCELOT TRAUMA 12").

    The alias stands for the patient's name until registration merges the record, so it identifies them as a
    name does. Words that describe the trauma itself ("Blunt Trauma 2", "HEAD TRAUMA 2") are no alias.
    """

    ENTITY = "PERSON"
    PATTERNS = (
        ("words_then_number", rf"(?<![\w-])(?P<words>{_WORD}(?:[ \t]{_WORD}){{0,2}})[ \t]+(?:Trauma|TRAUMA)[ \t]+\d{{1,4}}"
                              r"(?![\w-]|[ \t]*(?i:days?|weeks?|months?|years?|hours?|hrs?|d|wk|mo|y)\b)", 0.6,
         Anchor(words="trauma", at="near", before=40, after=24)),
    )

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """Drop words that describe a trauma or a report rather than name a patient."""
        words = match.group("words").lower().split()
        if any(w in _KINDS_OF_TRAUMA or looks_clinical(w) or is_non_name_word(w) for w in words):
            return None
        return start, end
