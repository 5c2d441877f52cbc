"""Names written as family name plus initials anywhere in the text: "Campbell WJ requests comparison"."""
from __future__ import annotations

import regex

from ._base import Refined, SpanPatternRecognizer
from ._names import FAMILY_INITIALS, NON_NAME_WORDS, followed_by_eponym_noun

# Roman numerals and grades ("Bosniak IIF", "Stage IV", "Salter-Harris II") and common clinical
# acronyms that can follow a capitalised word ("Gadavist IV", "Chest PA").
_NOT_INITIALS = regex.compile(
    r"(?:[IVX]+[A-F]?|[A-F]\d?|IV|IM|PO|SC|SQ|CT|MR|MRI|US|PA|AP|PET|NM|XR|CR|DX|RF|HU|SUV|ADC|DWI|FS|TSE|FSE|GRE"
    r"|SWI|MIP|MPR|VR|HBP|ED|ER|ICU|OR|IR|PT|OT|LLQ|RLQ|RUQ|LUQ|LUL|LLL|RUL|RML|RLL|ROI|ICA|MCA|ACA|PCA|SMA|IMA"
    r"|IVC|SVC|CBD|PD|GB|GE|GI|GU|CC|MLO|CM|MM|ML|LT|RT|BI|NOS|NAD|WNL|CXR|KUB|AAA|DVT|PE|MD|DO|RN|NP|PHD|BID|TID"
    r"|QD|PRN|NPO|AM|PM|HR|BP|EF|LV|RV|LA|RA|AV|MV|TV|PV|CSF|CNS|PNS|TB|HIV|HCV|HBV|COPD|CHF|CAD|MI|CVA|TIA|UTI"
    r"|OK|NO|ON|AT|IN|OF|TO|BY|IS|AS|AN|OR|IF|UP|SO|DX|TX|RX|HX|SX|FX)"
)


# What a clinician named this way does in a report sentence ("Campbell WJ requests comparison").
_VERBS = (
    r"requests?|requested|recommends?|recommended|notes?|noted|reports?|reported|agrees?|agreed|asks?|asked"
    r"|wants?|wanted|states?|stated|called|paged|saw|sees|ordered|orders|referred|refers|reviewed|dictated|signed"
    r"|performed|interpreted|confirmed|approved|suspects?|suspected|is|was|will|would|has|had|was|were|and"
)


class FamilyInitialsRecognizer(SpanPatternRecognizer):
    """Finds "Family XY" names (a capitalised surname and two or three capital initials) used as a subject.

    Many reporting systems print clinicians this way ("Campbell WJ", "Moyer KL"). The shape alone
    also fits devices and doses ("Total DLP", "Fujifilm FDR"), so a verb must follow, and grades,
    roman numerals and common acronyms are never initials. After prepositions and signature words
    the other person recognizers catch the shape.
    """

    ENTITY = "PERSON"
    PATTERNS = (("family_initials", rf"(?<![\p{{L}}\d'’.-]){FAMILY_INITIALS}(?=[ \t]+(?i:{_VERBS})\b)", 0.6),)
    CONTEXT = ("dr", "by", "with", "per", "cc", "physician", "signed", "requests", "discussed")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """Drop grades, acronyms and clinical words; need two or three initials."""
        family, _, initials = text[start:end].rpartition(" ")
        if len(initials) < 2 or _NOT_INITIALS.fullmatch(initials):
            return None
        if family.lower() in NON_NAME_WORDS or followed_by_eponym_noun(text, end):
            return None
        return start, end
