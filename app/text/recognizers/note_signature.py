"""A note writer's or a colleague's name before a credential typed in lower case.

Nurses and therapists sign "k. brandvold rrt" or "tessa orlov rn" as often as "K. BRANDVOLD RRT" (which the credential
recognizer finds), and name a colleague the same way mid-line ("tessa orlov rn aware"): an initial or a given
name, a family name, and a credential. Credentials in lower case are ordinary words elsewhere ("weaned to 3 l np", "care
of pt."), so the name must still be one (no English or clinical word, judged as every cue-found name is), and
"pt" and "ot" count only closing a line.
"""
from __future__ import annotations

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer

_CREDENTIALS = ("rn", "rrt", "crt", "lpn", "np", "crnp", "pa-c", "md", "pt", "ot", "slp", "lcsw", "licsw", "msw")
_CREDENTIAL = f"(?:{'|'.join(_CREDENTIALS)})"
# Credentials that are also the notes' words for the patient and occupational therapy.
_LINE_END_ONLY = ("pt", "ot")
# Where to look: a credential, "pt" and "ot" only closing a line (case-sensitive, multi-line; opening on \b rather
# than a look-behind, so the fast standard engine scans the report).
_ANCHOR = Anchor(regex=rf"\b(?:{'|'.join(c for c in _CREDENTIALS if c not in _LINE_END_ONLY)})(?![a-z-])"
                       rf"|\b(?:{'|'.join(_LINE_END_ONLY)})\.?[ \t]*$",
                 case_sensitive=True, at="near", before=40, after=0)
_LINE_END = regex.compile(r"[ \t]*(?:\n|$)")


class NoteSignatureRecognizer(SpanPatternRecognizer):
    """Finds "initial. family credential" or "given family credential" before a credential in lower case."""

    ENTITY = "PERSON"
    PATTERNS = (
        ("name_credential",
         r"(?<![\p{L}\d.'’])(?P<phi>(?:\p{L}\.[ \t]?|\p{L}[\p{L}'’-]{2,}[ \t]+)\p{L}[\p{L}'’-]{2,})"
         rf"[ \t]*,?[ \t]+(?P<credential>{_CREDENTIAL})(?![\p{{L}}\d-])",
         0.6, _ANCHOR),
    )

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """"pt" and "ot" only where the line ends after them ("explained to pt" mid-line is no signature)."""
        if match.group("credential").lower() in _LINE_END_ONLY and not _LINE_END.match(text, match.end() + (
                text[match.end():match.end() + 1] == ".")):
            return None
        return start, end
