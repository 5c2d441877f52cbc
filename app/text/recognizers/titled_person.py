"""Names introduced by an honorific: "Dr. Smith", "Dr. Jane A. Smith", "Mrs. O'Brien", "Drs. Lee and Park"."""
from __future__ import annotations

import regex

from ._base import Anchor, Span, SpanPatternRecognizer
from ._names import NAME_TITLE, NAME_UPPER, SP, STRUCTURAL_WORDS, TITLE, trim_name
from ._tokens import VOCABULARY, word_token

_NAME = rf"(?:{NAME_TITLE}|{NAME_UPPER})"
_PLURAL_SEP = rf"(?:[ \t]*,[ \t]*|{SP}(?:and|AND|&){SP})"
# One lower-case surname, as notes type names after "dr." or "drs." ("drs. kimura & ferro").
_LOWER_NAME = r"\p{Ll}{3,}(?:-\p{Ll}+)?(?![\p{L}.])"
# Every match starts with a title word: only try there.
_TITLE_WORDS = Anchor(words="dr drs mr mrs ms miss mx prof professor doctor shri sri smt kumari")


class TitledPersonRecognizer(SpanPatternRecognizer):
    """Finds the name after Dr./Mr./Mrs./Ms./Miss/Prof.

    A title is the strongest cue a report has for a clinician's name (referrers, readers and people
    called with results are almost always "Dr. X"), and eponyms never carry one, so the score is high.
    """

    ENTITY = "PERSON"
    PATTERNS = (
        # "Drs. Smith and Jones": every name after a plural title.
        ("plural_title", rf"(?<!\p{{L}})(?:Drs\.?|DRS\.?){SP}(?P<phi>{_NAME})(?:{_PLURAL_SEP}(?P<phi>{_NAME}))+", 0.85,
         _TITLE_WORDS),
        # "drs. kimura & ferro": the same in hastily typed lower case.
        ("plural_title_lower",
         rf"(?<!\p{{L}})(?:drs|Drs)\.?{SP}(?P<phi>{_LOWER_NAME})(?:{_PLURAL_SEP}(?P<phi>{_LOWER_NAME}))+", 0.6,
         _TITLE_WORDS),
        ("title", rf"(?<!\p{{L}}){TITLE}[ \t]*(?P<phi>{_NAME})", 0.85, _TITLE_WORDS),
        # "Dr. smith", "dr j kowalski" in hastily typed text: one lower-case word (an initial before it) after "Dr".
        ("title_lower_name", rf"(?<!\p{{L}})(?:Dr\.|dr\.|DR\.|dr(?=[ \t]+\p{{Ll}}\.?[ \t]))[ \t]*"
                             rf"(?P<phi>(?:\p{{Ll}}\.?[ \t]+)?{_LOWER_NAME})", 0.4,
         _TITLE_WORDS),
    )
    CONTEXT = ("dr", "doctor", "physician", "discussed", "signed", "referring")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Span | None:
        """Keep the word right after the title even if it is an ordinary word ("Dr. May")."""
        if pattern == "title_lower_name":
            word = text[start:end].split()[-1]
            initialled = word != text[start:end]
            if word in _LOWER_NOT_NAMES or initialled and word_token(text, end - len(word), end).kind == VOCABULARY:
                return None  # "dr. s aware": after an initial only a word no dictionary holds is surely a surname
            return start, end
        if pattern == "plural_title_lower":
            # Without capitals only the lists tell a surname from prose ("drs. aware and updated").
            return None if word_token(text, start, end).kind == VOCABULARY else (start, end)
        first = _FIRST_WORD.match(text, start)
        if first is not None and _not_after_title(text, start, first.end()):
            return None
        if pattern == "title" and match.group().lower().startswith("drs"):
            # After a plural title each name stands alone ("DRS KELLER AND PETRAKIS AWARE"): `plural_title` lists them.
            joined = _CAPITAL_AND.search(text, start, end)
            end = joined.start() if joined else end
        return trim_name(text, start, end, keep_first=True)


def _not_after_title(text: str, start: int, end: int) -> bool:
    """Whether the word after a title is prose: "DR AND FAMILY", or in capitals "MS" and "MR" as mental status and
    mitral regurgitation ("monitor MS. Aspiration precautions", "4+ MR. PT HAS MRSA")."""
    if end - start == 1 and text[end:end + 1] == ".":
        return False  # an initial ("DR. W. BAKER"), never the shorthand "w" for "with"
    word = word_token(text, start, end)
    if word.word.lower() in STRUCTURAL_WORDS:
        return True
    return word.kind == VOCABULARY and _CAPITALS_MS_MR.search(text, max(0, start - 5), start) is not None


_FIRST_WORD = regex.compile(r"\p{L}+")
_CAPITAL_AND = regex.compile(r"[ \t]+AND[ \t]")
_CAPITALS_MS_MR = regex.compile(r"(?<!\p{L})M[SR]\.?[ \t]*$")
# After "dr." in lower case, words that are plainly not a surname.
_LOWER_NOT_NAMES = frozenset(
    "the and for with who was has had will not said says notes noted note recommends recommended ordered"
    " office on call covering".split()
)

