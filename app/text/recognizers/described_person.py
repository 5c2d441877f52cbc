"""Names introduced by an age statement ("Melissa Williamson is a 30-year-old woman", "Cameron, Kayla, age 33") or
as the name someone goes by ('goes by "Tuck"', 'nickname "Dee"')."""
from __future__ import annotations

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer
from ._names import NAME_LAST_FIRST, NAME_TITLE, TITLE, followed_by_eponym_noun, name_words, trim_name

# What follows a patient's name in a history: an age statement.
_AGE_WORDS = r"(?i:[\w-]*(?:year|yr|y/o|y\.o|yo|month|mo|week|wk|day)s?(?![\p{L}]))"
_DESCRIPTION = (
    r"(?=,?[ \t]+(?:is|was)[ \t]+(?:an?|the)[ \t]+(?:[\w.-]+[ \t-]+){0,3}?" + _AGE_WORDS
    + r"|,?[ \t]+(?:is[ \t]+)?(?i:aged?|age[ \t]*:)[ \t]*\d"
    r"|,[ \t]*(?:[\w-]+[ \t-]+){0,2}?" + _AGE_WORDS
    + r"|[ \t]*\([ \t]*\d{1,3}[ \t]*(?:y|yo|y/o|years?|yrs?|[MF])\b)"
)


class DescribedPersonRecognizer(SpanPatternRecognizer):
    """Finds a name that a history describes by age ("X is a 62-year-old man", "X, age 33").

    Histories often open with the patient's name in place of "the patient"; the age statement
    after it is a reliable cue even when the name has no title or label.
    """

    ENTITY = "PERSON"
    PATTERNS = (
        ("described", rf"(?<![\p{{L}}-])(?:{TITLE}[ \t]*)?(?P<phi>{NAME_LAST_FIRST}|{NAME_TITLE}){_DESCRIPTION}", 0.7,
         Anchor(r"(?:[A-Z][a-z]+|[A-Z]\.?)(?:,?[ \t]+(?:is|was)[ \t]+(?:an?|the)[ \t]"
                r"|,[ \t]*(?:[Aa]ged?|[Aa]ge:?)[ \t]*\d"
                r"|,[ \t]*[\w-]+[ \t-]+(?:[Yy]ears?|[Yy]rs?|[Yy]/?[Oo]|[Mm]onths?|[Ww]eeks?|[Dd]ays?)"
                r"|[ \t]*\([ \t]*\d)",
                at="near", before=70, after=60, case_sensitive=True, stop=r"[^\p{L}\s.,'’-]")),
        # 'Tucker Bramwell (goes by "Tuck")', '(nickname "Dee")': the quoted name after the words that give one.
        ("nickname", r"(?<=(?<![\p{L}])(?i:goes[ \t]+by|nick[ \t-]?name[ \t]*:?|known[ \t]+as|a\.?k\.?a\.?|prefers)[ \t]+)"
                     r"[\"“'‘](?P<phi>\p{Lu}[\p{L}'’-]{1,15})[\"”'’]", 0.7,
         Anchor(words="goes nickname nick known aka prefers", at="near", before=0, after=24)),
    )
    CONTEXT = ("patient", "history", "indication", "year", "old")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """Require two name words free of clinical vocabulary ("Chest pain is a ..." is not a name)."""
        if pattern == "nickname":
            return start, end
        span = trim_name(text, start, end, strict=True)
        if span is None or followed_by_eponym_noun(text, span[1]):
            return None
        if name_words(text[span[0]:span[1]]) < 2:
            return None
        return span
