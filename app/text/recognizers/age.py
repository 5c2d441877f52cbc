"""Ages over 89 (HIPAA Safe Harbor aggregates them), in digits or words; never ages of 89 or under."""
from __future__ import annotations

from ._base import Anchor, SpanPatternRecognizer

# 90-139, optionally zero-padded as in DICOM "092Y", optionally with a decimal ("90.5").
_WHOLE = r"(?:0?9\d|1[0-3]\d)"
_NUM = rf"{_WHOLE}(?:\.\d)?"
_UNITS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
    "|eighteen|nineteen|twenty"
)
_WORDS = (
    rf"(?i:ninety(?:[ \t-]+(?:one|two|three|four|five|six|seven|eight|nine))?"
    rf"|(?:one|a)[ \t-]+hundred(?:[ \t-]+(?:and[ \t-]+)?(?:{_UNITS}|(?:twenty|thirty)(?:[ \t-]+(?:one|two|three|four"
    rf"|five|six|seven|eight|nine))?))?)"
)
_YEAR_OLD = r"(?:[ \t]*-[ \t]*|[ \t]+|)(?i:years?|yrs?\.?|y)(?:[ \t]*-[ \t]*|[ \t]+|)(?i:old|o\.?)(?!\w)"
# The sex (and in older notes the race) may be glued on: "93 YOM", "93yoF", "93 yowf".
_SHORT = r"[ \t]?(?i:yo(?:[wbh]?[mf])?|y/o|y\.o\.?|yr\.?|yrs\.?|y)(?!\w)"
_OF_AGE = r"[ \t]*-?[ \t]*(?i:years?|yrs?\.?)[ \t]+(?i:of[ \t]+age|old|of[ \t]+life)"
_AGE_LABEL = (
    r"(?i:age[ \t]*/[ \t]*(?:sex|gender)[ \t]*:?|age[ \t]*[:=]|age[ \t]+(?:at|on)[ \t]+\p{L}+(?:[ \t]+\p{L}+)?[ \t]*:"
    r"|aged?|age[ \t]+(?:is|of)|at[ \t]+(?:the[ \t]+)?age"
    r"[ \t]+of|pt[ \t]+age[ \t]*:?)"
)


# Words for the patient that a number of years may follow ("man, 95, from home").
_PERSON_WORDS = "man|woman|male|female|gentleman|lady|patient|pt|veteran|resident|widow|widower"


# Every numeric pattern holds a number from 90 to 139, every spelled one "ninety" or "hundred".
_NUMBER_ANCHOR = Anchor(r"(?:9[0-9]|1[0-3][0-9])(?![0-9])", at="near", before=40, after=40)
_WORDS_ANCHOR = Anchor(words="ninety hundred", at="near", before=40, after=60)


class AgeOver89Recognizer(SpanPatternRecognizer):
    """Finds ages of 90 and above: "92-year-old", "92 yo", "92y/o", "aged 94", "Age: 091Y", "ninety-three year old".

    The number is reported with the unit written onto it ("92-year-old", "92 yo", "93y", "97 years"): a reader
    (and a labeller) takes the two as one age, and "[AGE>89]-year-old" says no more than "[AGE>89]". A label
    before it ("aged", "Age:") is left. The number range itself (90-139) keeps "67-year-old" and "age 45" out.
    """

    ENTITY = "AGE"
    PATTERNS = (
        ("year_old", rf"(?<![\w.])(?P<phi>{_NUM}{_YEAR_OLD})", 0.9, _NUMBER_ANCHOR),
        ("short_form", rf"(?<![\w.])(?P<phi>{_NUM}{_SHORT})", 0.85, _NUMBER_ANCHOR),
        ("of_age", rf"(?<![\w.])(?P<phi>{_NUM}{_OF_AGE})", 0.9, _NUMBER_ANCHOR),
        ("labelled", rf"(?<!\w){_AGE_LABEL}[ \t]*(?P<phi>{_NUM}(?:[ \t]*(?i:y|yrs?|years?|yo))?)(?:[ \t]*[MFUO])?"
                     r"(?!\w|\.\d|[ \t]*(?i:mm|cm|kg|lb|%|days?|weeks?|months?))", 0.85, _NUMBER_ANCHOR),
        # Demographic tokens: "(F, 93)", "F/93", "| 98 M |", "96M |".
        ("sex_then_age", rf"(?<![\w])(?:M|F|[Mm]ale|[Ff]emale)[ \t]*[,/][ \t]*(?P<phi>{_NUM}"
                         r"(?:[ \t]*(?i:y|yo|y/o|yrs?|years?))?)"
                         r"(?![\w.]|[ \t]*(?i:mm|cm|kg|lb|%))", 0.75, _NUMBER_ANCHOR),
        ("age_then_sex", rf"(?<![\w./-]|(?i:temp|temperature)[ \t:]{{1,3}})(?P<phi>{_NUM})[ \t]?(?:/[ \t]?)?(?:M|F)"
                         r"(?![\w.])(?=[ \t]*(?:[|,;)]|$))", 0.7, _NUMBER_ANCHOR),
        # "(F, 97 years)", "97 years", "94 ans", "91 años": nobody's anything else lasts 90+ years in a report.
        ("years", rf"(?<![\w.])(?P<phi>{_NUM}[ \t]*-?[ \t]*(?i:years?|yrs?\.?|ans|a[ñn]os))(?!\w)(?![ \t]+(?i:ago|prior|earlier"
                  r"|before|after|later|since|of[ \t]+(?:follow|smok|use|exposure|history)))", 0.6, _NUMBER_ANCHOR),
        ("words_year_old", rf"(?<![\w-])(?P<phi>{_WORDS}(?:{_YEAR_OLD}|{_OF_AGE}|{_SHORT}|[ \t]+years?(?!\w)))", 0.85,
         _WORDS_ANCHOR),
        # "her 90th birthday": a birthday's ordinal is the age.
        ("birthday", rf"(?<![\w.])(?P<phi>{_WHOLE}(?i:st|nd|rd|th))(?=[ \t]+(?i:birthday|bday|b-day)(?!\w))", 0.8,
         _NUMBER_ANCHOR),
        ("words_labelled", rf"(?<!\w){_AGE_LABEL}[ \t]*(?P<phi>{_WORDS})(?!\w)", 0.85, _WORDS_ANCHOR),
        # "92M with chest pain", "92 y F": age then sex at the start of a history.
        ("age_sex", rf"(?<![\w.])(?P<phi>{_NUM})[ \t]?(?:M|F|m|f)(?=[ \t]+(?i:with|w/|presents|presenting|s/p|h/o|hx"
                    r"|history|who|c/o|complaining|here|for)\b)", 0.7, _NUMBER_ANCHOR),
        # "Gwendolyn Ashby-Okoye, 91, severe AS", "man, 95, from home": a number of years right after a name or a
        # word for the patient, and a comma.
        ("after_name", rf"(?:\p{{Lu}}[\p{{L}}'’-]+|(?i:{_PERSON_WORDS})),[ \t]+(?P<phi>{_NUM})(?=[ \t]*[,;](?![ \t]*\d))",
         0.6, _NUMBER_ANCHOR),
        # "Orrin, Ilse 91F MRN ...", "QUARRIE^MAREK 90M fall": the age with the sex written onto it right after a
        # name (a temperature's "101F" follows a measure's label, not a name).
        ("after_name_sex", rf"(?<=(?:\p{{Lu}}[\p{{L}}'’-]+|\^\p{{Lu}}+)[ \t]+)(?<!(?i:temp|temperature|tmax|t)[ \t]+)"
                           rf"(?P<phi>{_NUM}[MF])(?![\w.])", 0.6, _NUMBER_ANCHOR),
        # "Orrin, Walter E -- 92 -- 12/3/2026", "Duskmoor, Wilma / 95": a number of years alone in the cell after
        # a name on a line of columns.
        ("name_cell", rf"(?<=\p{{Lu}}\p{{Ll}}+(?:[ \t]+\p{{Lu}}\.?)?[ \t]*(?:--|/|\|)[ \t]*)(?P<phi>{_WHOLE})"
                      r"(?=[ \t]*(?:--|/|\||$))", 0.6, _NUMBER_ANCHOR),
        # "Pt is 93, lives alone", "she was 91.": a number of years said of the patient, closing its clause.
        ("is_age", rf"(?<!\w)(?i:pt|patient|he|she)[ \t]+(?i:is|was)[ \t]+(?P<phi>{_WHOLE})(?=[ \t]*(?:[,;]|\.(?!\d)|$))", 0.6,
         _NUMBER_ANCHOR),
        # "96y 2m", "91 yrs 4 mo": years and months.
        ("years_months", rf"(?<![\w.])(?P<phi>{_NUM}[ \t]?(?i:y|yrs?|years?)[ \t]*\d{{1,2}}[ \t]?(?i:m|mo|mos|months?))(?!\w)",
         0.8, _NUMBER_ANCHOR),
        # "in her 90s", never "in the 90's": that is a heart rate, a saturation or a blood pressure.
        ("decade", r"(?i:in[ \t]+(?:his|her|their)[ \t]+(?:early[ \t]+|mid[ \t-]*|late[ \t]+)?)"
                   r"(?P<phi>90s|90's|nineties)"
                   r"(?!\w)", 0.7),
        ("nonagenarian", r"(?<!\w)(?i:nonagenarian|centenarian|supercentenarian)s?(?!\w)", 0.6,
         Anchor(words="nonagenarian nonagenarians centenarian centenarians supercentenarian supercentenarians")),
    )
    CONTEXT = ("age", "aged", "old", "year", "yo")
