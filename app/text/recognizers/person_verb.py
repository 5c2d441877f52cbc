"""Names used as the subject of a reporting verb: "Campbell WJ requests comparison", "RUSSELL, JACOB requests"."""
from __future__ import annotations

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer
from ._names import (
    FAMILY_INITIALS,
    NAME_LAST_FIRST,
    NAME_TITLE,
    NAME_UPPER,
    name_words,
    NOT_INITIALS,
    ROMAN_NUMERAL,
    followed_by_eponym_noun,
    trim_name,
)

# What a clinician named in a report sentence does. After these only roman numerals are vetoed.
_HUMAN_VERBS = (
    r"requests?|requested|recommends?|recommended|notes?|noted|reports?|reported|agrees?|agreed|asks?|asked"
    r"|wants?|wanted|states?|stated|called|paged|saw|sees|ordered|orders|referred|refers|reviewed|dictated|signed"
    r"|performed|interpreted|confirmed|approved|suspects?|suspected|spoke|discussed"
)
# Verbs only people take, strong enough to mark a plain "Given Family" as a name ("Jane Smith was notified").
_PEOPLE_VERBS = (
    r"requests?|requested|asks?|asked|wants?|wanted|agrees?|agreed|states?|stated|spoke|recommends?|recommended"
    r"|verbali[sz]ed|acknowledged|(?:was|were|has[ \t]+been)[ \t]+(?:notified|informed|called|paged|contacted"
    r"|made[ \t]+aware|updated|told)|is[ \t]+aware"
    r"|aware"  # notes drop the verb: "ODA KASPRZAK AWARE", "Jane Smith aware"
)
# Verbs that also follow devices and grades ("Total DLP was"): the full acronym veto applies.
_OTHER_VERBS = r"is|was|will|would|has|had|were|and"


def _verb_anchor(verbs: str) -> Anchor:
    # The verb right after a capitalised word or a capital initial: where such a name can end.
    return Anchor(words=regex.sub(r"s\?", "", verbs).replace("|", " ") + " " + regex.sub(r"(\w+)s\?", r"\1s", verbs)
                  .replace("|", " "), capital_before=True, at="near", before=50, after=30, stop=r"[^\p{L}\s.,'’-]")


class PersonVerbRecognizer(SpanPatternRecognizer):
    """Finds "Family XY" and "FAMILY, GIVEN" names followed by a reporting verb.

    Many reporting systems print clinicians as family name plus initials ("Campbell WJ") or
    last-first. The shapes alone also fit devices and doses ("Total DLP", "Fujifilm FDR"), so a verb
    must follow, and grades, roman numerals and common acronyms are never initials. After
    prepositions and signature words the other person recognizers catch these shapes.
    """

    ENTITY = "PERSON"
    PATTERNS = (
        ("name_human_verb",
         rf"(?<![\p{{L}}\d'’.-])(?P<phi>{NAME_LAST_FIRST}|{FAMILY_INITIALS})(?=[ \t]+(?i:{_HUMAN_VERBS})\b)", 0.6,
         _verb_anchor(_HUMAN_VERBS)),
        ("full_name_people_verb",
         rf"(?<![\p{{L}}\d'’.-])(?P<phi>{NAME_TITLE}|{NAME_UPPER})(?=[ \t]+(?i:{_PEOPLE_VERBS})\b)", 0.55,
         Anchor(words="request requests requested ask asks asked want wants wanted agree agrees agreed state states"
                      " stated spoke recommend recommends recommended verbalized verbalised acknowledged was were"
                      " has is aware",
                capital_before=True, at="near", before=50, after=30, stop=r"[^\p{L}\s.,'’-]")),
        ("name_other_verb",
         rf"(?<![\p{{L}}\d'’.-])(?P<phi>{NAME_LAST_FIRST}|{FAMILY_INITIALS})(?=[ \t]+(?i:{_OTHER_VERBS})\b)", 0.5,
         _verb_anchor(_OTHER_VERBS)),
    )
    CONTEXT = ("dr", "by", "with", "per", "cc", "physician", "signed", "requests", "discussed")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """Drop grades, acronyms and clinical words."""
        value = text[start:end]
        if pattern == "full_name_people_verb":
            span = trim_name(text, start, end, strict=True)
            if span is None or name_words(text[span[0]:span[1]]) < 2 or followed_by_eponym_noun(text, span[1]):
                return None
            return span
        if "," not in value:
            veto = NOT_INITIALS if pattern == "name_other_verb" else ROMAN_NUMERAL
            if veto.fullmatch(value.rpartition(" ")[2]):
                return None
        span = trim_name(text, start, end, strict=True)
        if span is None or followed_by_eponym_noun(text, span[1]):
            return None
        return span
