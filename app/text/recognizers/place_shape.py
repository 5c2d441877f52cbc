"""Places no list holds, known by their shape: "Saint-Ours-des-Pins", "Bras-d'Argent", "Coventry Flats", "Pike Hollow".

Quebec and Acadian places join their words with hyphens, with a particle inside ("Saint-Ours-des-Pins",
"Bras-d'Argent"), a saint's or a landform's word first ("Sainte-Mélusine", "Lac-Brochet") or a compass point last
("Grand-Sault-Ouest"): a compound of that shape is a place, while a double-barrelled name ("Marie-Ève",
"Lemieux-Harper") is not. Rural hamlets are named for a landform or a crossing after a capitalised word ("Coventry
Flats", "Brassard Corners", "Barrow Junction") when that word is a name or in no list, never vocabulary ("Trigger
Crossing", "Joint Landing").
"""
from __future__ import annotations

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer
from ._gazetteer import tagged_lines
from ._tokens import AMBIGUOUS, NAME, UNKNOWN, word_token


def _words_by_part() -> dict[str, tuple[str, ...]]:
    """Each word of data/place_shapes.txt under its part (lead, particle, compass, settlement), in the file's order."""
    parts: dict[str, list[str]] = {}
    for word, tags in tagged_lines("place_shapes.txt"):
        for part in tags:
            parts.setdefault(part, []).append(word)
    return {part: tuple(words) for part, words in parts.items()}


_WORDS = _words_by_part()
# Words that open a French place's compound, stand inside one, and the compass points that close one.
_FRENCH_LEADS = frozenset(_WORDS["lead"])
_FRENCH_PARTICLES = frozenset(_WORDS["particle"])
_COMPASS = frozenset(_WORDS["compass"])
# Settlement words that follow a hamlet's own name.
_SETTLEMENT = "(?:" + "|".join(_WORDS["settlement"]) + ")"
_PART = r"(?:\p{Lu}[\p{L}'’]*|d['’]\p{Lu}[\p{L}]*|\p{Ll}{2,4})"


class PlaceShapeRecognizer(SpanPatternRecognizer):
    """Finds French hyphenated place names and hamlets named for a landform, which no gazetteer lists."""

    ENTITY = "ADDRESS"
    PATTERNS = (
        ("french_compound", rf"(?<![\p{{L}}'’-])\p{{Lu}}[\p{{L}}'’]*(?:-{_PART})+(?![\p{{L}}'’-])", 0.6,
         Anchor(words=" ".join(sorted(_FRENCH_LEADS | _FRENCH_PARTICLES | _COMPASS)), at="near", before=40, after=40)),
        ("hamlet", rf"(?<![\p{{L}}'’-])\p{{Lu}}\p{{Ll}}+[ \t]+{_SETTLEMENT}(?![\p{{L}}'’-])", 0.6,
         Anchor(words=" ".join(word.lower() for word in _WORDS["settlement"]),
                at="near", before=30, after=0)),
    )

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """Keep compounds of a place's shape and hamlets after a word that is no clinical or report word."""
        if pattern == "hamlet":
            first = word_token(text, start, start + len(text[start:end].split()[0]))
            # Anatomy joins its parts at a junction ("Corticomedullary Junction"): there only a listed name says place.
            kinds = (NAME, AMBIGUOUS) if text[start:end].endswith("Junction") else (NAME, AMBIGUOUS, UNKNOWN)
            return (start, end) if first.kind in kinds and not first.clinical else None
        parts = [p.lower() for p in regex.split(r"-", text[start:end])]
        if text[end - 1] == "-" or any(p[-1:] in "'’" for p in parts):
            return None
        placed = (parts[0] in _FRENCH_LEADS or parts[-1] in _COMPASS
                  or any(p in _FRENCH_PARTICLES or p.startswith(("d'", "d’")) for p in parts[1:-1] + parts[-1:]))
        if parts[0] in ("st", "ste") and text[start:end].isupper():
            return None  # "ST-ATRIAL BIGEMINY", "ST-T CHANGES": notes in capitals write a rhythm or a segment so
        return (start, end) if placed and len(parts) >= 2 else None
