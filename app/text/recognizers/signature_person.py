"""Names in signature, dictation and communication lines: "Electronically signed by ...", "Discussed with ..."."""
from __future__ import annotations

from typing import Any

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer
from ._names import (
    CREDENTIAL,
    FAMILY_INITIALS_LOOSE,
    GIVEN_INITIALS_FAMILY,
    INITIALS_FAMILY,
    NAME_ANY,
    NAME_LAST_FIRST,
    NAME_TITLE,
    NOT_INITIALS,
    SP,
    STRUCTURAL_WORDS,
    TITLE,
    TITLE_WORD,
    followed_by_eponym_noun,
    name_words,
    trim_name,
)

_BY = (
    r"(?:electronically[ \t]+signed|e-?signed|signed(?:[ \t]+(?:electronically|out))?|co-?signed|dictated|transcribed"
    r"|read|interpreted|reviewed|verified|approved|authenticated|reported|prepared|performed|attested|finalized"
    r"|edited|entered|ordered|referred|requested|seen|evaluated|examined|scanned|typed|confirmed|acknowledged"
    r"|read[ \t]+back|supervised|released|obtained|given|injected|administered|placed|completed|consented"
    r"|accompanied|escorted|brought|covered|witnessed|assisted|positioned|acquired|processed|created|drawn"
    r"|called[ \t]+in|answered|received|taken)"
    r"(?:[ \t]+and[ \t]+(?:signed|dictated|reviewed|interpreted|verified|approved|transcribed))?"
    r"[ \t]+by"
)
# Communication verbs, then up to eight words without sentence punctuation, then with/to:
# "discussed at the multidisciplinary conference on 5/4/2016 with ...".
_TO = (
    r"(?:(?:discussed|communicated|reviewed|conveyed|relayed|spoke|spoken|talked|d/w|conferred|consulted"
    r"|shared|left[ \t]+(?:a[ \t]+)?(?:voice[ \t]*)?(?:message|voicemail)|message[ \t]+left|scheduled|arranged"
    r"|coordinated|met|conference|discussion|consultation|read[ \t]+back|readback)"
    r"(?:[ \t]+[^\s.;:!?]+){0,8}?[ \t]+(?:with|to|for)"
    r"|(?:called|paged|notified|informed|telephoned|phoned|contacted|texted|messaged|alerted)"
    r"(?:[ \t]+(?:to|in|at))?"
    r"|d/w(?=[ \t]+\S)"  # "discussed with", abbreviated: the name follows at once
    r"|(?:released|sent|faxed|forwarded|given|routed|copied|reported|delivered|handed|emailed|e-mailed)[ \t]+to"
    r"|(?:results?|findings)[ \t]+(?:were[ \t]+|was[ \t]+)?(?:called|given|phoned|faxed|sent)[ \t]+to)"
)
_ROLE_LEAD = (
    r"(?:attending|staff|consulting|supervising|interpreting|reading|signing)[ \t]+(?:radiologist|physician)"
    r"|attending|radiologist|resident|fellow|technologist|sonographer"
)
# Family, carers and staff named in the history or technique: "accompanied by niece Crystal Mccarthy".
_RELATION = (
    r"(?:wife|husband|spouse|partner|son|daughter|mother|father|mom|dad|sister|brother|niece|nephew|grandson"
    r"|granddaughter|grandmother|grandfather|grandchild|aunt|uncle|cousin|friend|neighbou?r|caregiver|guardian"
    r"|fianc[ée]e?|boyfriend|girlfriend|roommate|nurse|technologist|tech|sonographer|resident|fellow|colleague"
    r"|therapist|interpreter|translator|chaplain|social[ \t]+worker|case[ \t]+manager|coordinator|scribe|student"
    r"|pa-c|pa|np|rn|charge[ \t]+nurse|paramedic|emt|officer|attorney|proxy|poa|contact|clinician|physician"
    r"|provider|doctor|surgeon|radiologist|oncologist|attending|pcp|hospitalist|intensivist|consultant|midwife"
    # Who finds, brings or looks into a patient outside a hospital ("found by home health aide Olga Tkachenko").
    r"|aide|deputy|trooper|detective|investigator|dispatcher|adjuster|advocate)"
)
# "the ordering provider", "the patient's nurse", "Dr."
_FILLER = (
    r"(?:(?:the|his|her|their|patient's)[ \t]+)?"
    r"(?:(?:ordering|referring|covering|on-call|on[ \t]+call|primary|treating|attending|consulting|requesting"
    r"|responsible|admitting|emergency|ED|ER|ICU|surgical|charge|bedside|floor)[ \t]+)*"
    r"(?:(?:physician|provider|clinician|doctor|team|nurse|practitioner|PA-C|PA|NP|resident|radiologist|surgeon"
    r"|service|attending|fellow|intern|hospitalist|RN|MD|technologist|tech|sonographer)[ \t,]+){0,2}"
)
_CREDS = rf"(?:[ \t]*,?[ \t]*{CREDENTIAL}(?!\p{{L}}))*"
_ONE = rf"(?:{TITLE}[ \t]*)?(?P<phi>{NAME_ANY}){_CREDS}"
_MORE = rf"(?:(?:[ \t]*[,;/&][ \t]*|{SP}and{SP})(?:{TITLE}[ \t]*)?(?P<phi>{NAME_ANY}){_CREDS})*"
# Name shapes distinctive enough to need no stronger cue than "with"/"by": "Moyer KL", "ROBINSON, STEPHANIE",
# "Jane A. Smith", "M. Rodgers".
_SHAPED = rf"(?P<phi>{NAME_LAST_FIRST}|{GIVEN_INITIALS_FAMILY}|{INITIALS_FAMILY}|{FAMILY_INITIALS_LOOSE})"


_PREPOSITIONS = r"with|by|to|from|per|for|and|of|cc|via"


def _words(words: str, **options: Any) -> Anchor:
    """Anchor on any of these lower-case words (the first word of each lead phrase)."""
    return Anchor(words=words, **options)


# The first words of the lead phrases above, for anchoring.
_BY_FIRST = _words(
    "electronically e-signed esigned signed co-signed cosigned dictated transcribed read interpreted reviewed"
    " verified approved authenticated reported prepared performed attested finalized edited entered ordered referred"
    " requested seen evaluated examined scanned typed confirmed acknowledged supervised released obtained given"
    " injected administered placed completed consented accompanied escorted brought covered witnessed assisted"
    " positioned acquired processed created drawn called answered received taken"
)
_TO_FIRST = _words(
    "discussed communicated reviewed conveyed relayed spoke spoken talked d/w conferred consulted shared left message"
    " scheduled arranged coordinated met conference discussion consultation read readback called paged notified"
    " informed telephoned phoned contacted texted messaged alerted released sent faxed forwarded given routed copied"
    " reported delivered handed emailed e-mailed result results findings"
)
_ROLE_FIRST = _words(
    "attending staff consulting supervising interpreting reading signing radiologist resident fellow technologist"
    " sonographer"
)
_RELATION_FIRST = _words(
    "wife husband spouse partner son daughter mother father mom dad sister brother niece nephew grandson"
    " granddaughter grandmother grandfather grandchild aunt uncle cousin friend neighbor neighbour caregiver guardian"
    " fiance fiancee fiancé fiancée boyfriend girlfriend roommate nurse technologist tech sonographer resident fellow"
    " colleague therapist interpreter translator chaplain social case coordinator scribe student pa-c pa np rn charge"
    " paramedic emt officer attorney proxy poa contact clinician physician provider doctor surgeon radiologist"
    " oncologist attending pcp hospitalist intensivist consultant midwife aide deputy trooper detective investigator"
    " dispatcher adjuster advocate",
    capital_next=True,
)


class SignaturePersonRecognizer(SpanPatternRecognizer):
    """Finds the name after "signed by", "dictated by", "discussed with", "Attending radiologist:" and kin.

    These lines name the reader, transcriptionist, the clinician who received results and family
    or staff mentioned in the history, often without a title ("Electronically signed by Jane Smith
    on ..."). Only the name is reported.
    """

    ENTITY = "PERSON"
    PATTERNS = (
        ("signed_by", rf"(?<![\p{{L}}-])(?i:{_BY})[ \t]*:?[ \t]*{_FILLER}{_ONE}{_MORE}", 0.85, _BY_FIRST),
        ("told_to", rf"(?<![\p{{L}}-])(?i:{_TO})[ \t]*:?[ \t]+{_FILLER}{_ONE}{_MORE}", 0.75, _TO_FIRST),
        ("role_line", rf"(?<![\p{{L}}-])(?i:{_ROLE_LEAD})[ \t]*(?::|-)[ \t]*{_FILLER}{_ONE}{_MORE}", 0.8,
         _ROLE_FIRST),
        # "wife Dana Orley", "Father (Grant Marrow) reports ...": a relative's or helper's name, bracketed in Title case
        # or not ("SISTER (FROM CALIF)" in capitals is a remark).
        ("relation", rf"(?<![\p{{L}}-])(?i:{_RELATION})(?:[ \t]*,?[ \t]+|[ \t]*\([ \t]*(?=\p{{Lu}}\p{{Ll}}))(?:{TITLE}[ \t]*)?"
                     rf"(?P<phi>{NAME_ANY})", 0.7,
         _RELATION_FIRST),
        ("shaped_after_preposition", rf"(?<![\p{{L}}-])(?i:{_PREPOSITIONS})[ \t]+{_SHAPED}", 0.6,
         _words(_PREPOSITIONS.replace("|", " "), capital_next=True)),
        # "by Jane Smith": two or more Title-case name words after "by".
        ("by_full_name", rf"(?<![\p{{L}}-])by[ \t]+(?P<phi>{NAME_TITLE})", 0.5,
         _words("by", capital_next=True)),
        # Transcriptionist and copy-to initials at the end of a line or list item: "Transcribed by K.M.", "cc: J.S.;".
        ("lead_initials", r"(?<![\p{L}-])(?i:transcribed|dictated|typed|scribed|entered|cc|bcc)(?:[ \t]+(?i:by))?"
                          r"[ \t]*:?[ \t]*(?P<phi>\p{Lu}\.[ \t]?\p{Lu}\.(?:[ \t]?\p{Lu}\.)?|\p{Lu}{2,3}|\p{Ll}{2,3})"
                          r"(?=[ \t]*(?:[;,.]|$))", 0.6, _words("transcribed dictated typed scribed entered cc bcc")),
        # "per Ramaswamy, tender over ...": a lone family name reported as a source.
        ("per_family_name", rf"(?<![\p{{L}}-])(?:per|Per)[ \t]+(?P<phi>{TITLE_WORD})(?=[ \t]*,)", 0.5,
         _words("per", capital_next=True)),
    )
    CONTEXT = ("signed", "dictated", "transcribed", "discussed", "radiologist", "attending")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """Trim clinical or calendar words next to the name ("Smith Monday") and skip eponyms."""
        if pattern == "lead_initials":
            return _initials(text[start:end], start, end)
        span = trim_name(text, start, end, strict=pattern in ("relation", "by_full_name", "per_family_name"))
        if span is None or followed_by_eponym_noun(text, span[1]):
            return None
        if pattern == "by_full_name" and name_words(text[span[0]:span[1]]) < 2:
            return None
        return span


def _initials(value: str, start: int, end: int) -> Refined:
    """Keep initials, not credentials, acronyms or pronouns ("cc: PCP", "typed by me")."""
    if value.islower():
        return None if value in STRUCTURAL_WORDS else (start, end)
    if "." not in value and (NOT_INITIALS.fullmatch(value) or value.lower() in STRUCTURAL_WORDS):
        return None
    return start, end
