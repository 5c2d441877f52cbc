"""A relative's or a carer's telephone number jotted in a note with no phone label before it.

Notes write a family member's number right after who it reaches ("son Eli 555-2391", "daughter's # is
410/555-2391", "call wife at home (555-2391)") and ask to be paged without the word "pager" ("page me at
41233"). Seven digits alone are ranges in notes ("SVR 870-1240", "TV 450-1100"), so a local number counts only
within a few words after a relative or a request to page or call; a ten-digit number in any punctuation
("410/555-2391", "301-5552391") counts there too.
"""
from __future__ import annotations

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer
from ._names import NOT_INITIALS, STRUCTURAL_WORDS
from .gazetteer_person import RELATIVES

# Asking to be paged: after these words alone may a number be five digits ("page me at 41233").
_PAGE_WORDS = frozenset({"page", "paged", "beep"})
# "sister Joan can be reached @ 555 0182": being reached says what the number is.
_WHO_WORDS = RELATIVES | _PAGE_WORDS | {"call", "reached"}
_WHO = "|".join(sorted(_WHO_WORDS, key=len, reverse=True))
# Up to five words between who and the number ("daughter Meg's home #", "son Eli can be reached at"): no digit, and
# no full stop, so the number is in the same sentence ("niece came by. SVR 870-1240" is no phone).
# A word is taken whole (possessive): a word split in two never leads to a number the whole word does not, and
# without it the engine tried every split of every word before giving up.
_WORDS_BETWEEN = r"(?:['’]s)?(?:[ \t]*[,:(-]?[ \t]*[\p{L}#][\p{L}'’#]*+\)?){0,5}"
# Ten digits in any of the notes' punctuations, or a local number of seven; a unit or a slash after it is a range.
# An internal number is an exchange's digit and four ("page 2-2345").
_NUMBER = (r"(?:\(?[2-9]\d{2}\)?[ \t]?[./-]?[ \t]?\d{3}[ \t.-]?\d{4}|[2-9]\d{2}[ .-]\d{4}|\d{5}|\d-\d{4})"
           r"(?![\w/-]|[.,]\d|[ \t]*(?i:cc|ml|mg|mcg|units?|%))")


# Bedside measures a number may follow in the same clause ("son in room, TV 450-1100"): the number is their range.
_MEASURES = frozenset("tv vt ve bp sbp dbp map hr rr svr pvr cvp co ci pad pap uo uop plt wbc fs bs output".split())
_WORD = regex.compile(r"\p{L}+")


class ContactNumberRecognizer(SpanPatternRecognizer):
    """Finds a telephone or pager number within a few words after a relative or a request to page or call."""

    ENTITY = "PHONE"
    PATTERNS = (
        ("relative_number",
         rf"(?<![\p{{L}}])(?i:{_WHO})\)?{_WORDS_BETWEEN}[ \t]*[:#=(@-]*[ \t]*(?P<phi>{_NUMBER})", 0.6,
         Anchor(words=" ".join(sorted(_WHO_WORDS)))),
    )

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """No measure between who and the number; five digits alone only after a request to page ("page me at 41233")."""
        lead = text[match.start():start]
        for word in _WORD.findall(lead)[1:]:
            if word.lower() in _MEASURES or (NOT_INITIALS.fullmatch(word.upper()) and word.lower() not in STRUCTURAL_WORDS):
                return None
        if end - start == 5 and lead.split()[0].lower() not in _PAGE_WORDS:
            return None
        return start, end
