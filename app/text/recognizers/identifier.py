"""Record numbers and other identifiers: MRN, accession, order, encounter, FIN, account, and ID-shaped tokens."""
from __future__ import annotations

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer

# Labels that announce an identifier. Case-insensitive; the value must contain digits.
_LABEL = (
    r"(?i:mrn|mr[ \t]*#|mr[ \t]+(?:no|num|number)|med(?:ical)?[ \t]*rec(?:ord)?s?(?:[ \t]+(?:no|num|number|#))?"
    r"|medical[ \t]+record|unit[ \t]+(?:no|number)|patient[ \t]+(?:id|identifier|no|number|#)|pt[ \t]*(?:id|#|no)"
    r"|pid|emr|ehr|chart|accession|accn?|acsn|acc[ \t]*no|order(?:[ \t]+(?:id|no|number|#))?|ord"
    r"|requisition|req|encounter|enc|visit|fin|csn|har|account|acct|billing|study[ \t]+id"
    # A film library's and a study's own numbers, when a number word follows ("Exam no.", "Film #", "Jacket number").
    r"|(?:exam(?:ination)?|film|folder|file|jacket|x-?ray|scan|slide|block|run|incident|pcr)"
    r"(?=[ \t]*(?:no\b|no\.|number|num\b|nbr|#|id\b))"
    r"|procedure[ \t]+id|case|specimen|claim|member|subscriber|policy|insurance|group"
    r"|ssn|social[ \t]+security|health[ \t]+card|hcn|nhs|medicare|medicaid|mbi|reference|ref|id|identifier"
    r"|record|registration|admission|adm|episode|tracking|request|referral|authorization|auth|ticket"
    r"|serial|device[ \t]+id|licen[cs]e[ \t]+plate|license|licence|dl|passport|job|dictation|barcode|bar[ \t]+code"
    # Other countries' record and registry numbers: Australian UR numbers and Medicare, Indian UHID, IP/OP, CR and
    # MRD numbers, Aadhaar and ABHA, British NHS, Scottish CHI and GMC numbers, NZ NHI, Australian IHI.
    r"|urn?|ur[ \t]+(?:no|number)|uhid|[io]p[ \t]*(?:no|number)|hosp(?:ital)?[ \t]*(?:no|number)|cr[ \t]*no|mrd"
    r"|reg(?:istration)?\.?[ \t]*(?:no|number)|aadhaa?r|abha|chi|gmc|nhi|ihi|ahpra|npi|provider[ \t]+(?:no|number)"
    r"|lab[ \t]*(?:no|number)"
    # Canadian provinces' health insurance numbers (Quebec's RAMQ/NAM, Ontario's OHIP, British Columbia's PHN,
    # Alberta's AHCIP, a HIN) and a court's index number.
    r"|ramq|nam|ohip|phn|ahcip|hin|health[ \t]+insurance[ \t]+(?:no|number)|carte[ \t]+(?:sant[ée]|d['’]assurance[ \t]+maladie)"
    r"|index(?=[ \t]*(?:no\b|no\.|number|#))"
    # Veterans', prisons' and research records: the claim file, the DoD and VA numbers, an inmate's or a booking's
    # number, a badge, a study subject, a service number, a licence plate.
    r"|c-?file|edipi|dod[ \t]+id|icn|inmate|booking|badge|(?:study[ \t]+)?subject|plate"
    # An immigrant's alien registration number ("Alien No. A 219 554 803", "A-Number: A219554803").
    r"|alien(?:[ \t]+registration)?|a-number"
    r"|service(?=[ \t]*(?:no\b|no\.|number|num\b|#))"
    # A VA station's number, three digits and the letters of its clinic ("Station 605GC", "STA #612A4").
    r"|sta(?:tion)?(?=[ \t]*(?:no\.?|number|#)?[ \t]*:?[ \t]*\d{3})"
    # A bed's or a room's own code, which places the patient ("NICU bed C-11", "PICU bed PICU-08", "rm 7W-714").
    r"|(?:bed|rm|room)(?=[ \t]*[:#]?[ \t]*(?:[A-Z]{1,5}-?)?\d[\w-]*(?![\w-])))"
)
_LABEL_TAIL = r"\.?(?P<tail>[ \t]*(?i:number|num|nbr|no\.?|#|id|identifier|code))?"
# Registry numbers are often written in groups ("943 476 5919", "C-28 441 902", "2123 45670 1/2" with a card's
# position), never before a unit, and may close with a card's version letters ("6607 331 920 KB", never a
# modality: "MRN 4471 2290 CT head"). A site's prefix in capitals apart from the number ("QMC 00481", "FIN
# 5512093318") belongs to the value. A number read out digit by digit ("4 4 7 1 9 2 3") is one value.
_VERSION = r"(?:[ ](?!(?:CT|MR|US|XR|NM|PT|AP|PA|IR|MG|CR|DX|RF)(?!\w))[A-Z]{1,2}(?![\w-]))"
_VALUE = (r"(?:(?:[A-Z]{1,3}-)?\d{2,5}(?:[ ]\d{3,5})+(?:[ ]\d(?:[ ]?/[ ]?\d(?!\d))?)?(?![\w]|[ \t]*(?i:mm|cm|ml|cc|mg|kg|g|hu|%|x\b))"
          rf"{_VERSION}?"
          r"|\d(?:[ ]\d){4,}(?![\w]|[ \t]*(?i:mm|cm|ml|cc|mg|kg|g|hu|%|x\b))"
          r"|[A-Z]{1,5}[ ]\d{2,}(?:[ -]\d{2,})*"
          r"|[A-Za-z0-9](?:[A-Za-z0-9_./-]*[A-Za-z0-9])?)")


# First words of the labels, for anchoring.
_LABEL_ANCHOR = Anchor(
    words="mrn mr med medical unit patient pt pid emr ehr chart accession acc accn acsn order ord requisition req"
    " encounter enc visit fin csn har account acct billing study exam examination film folder file jacket x-ray xray"
    " scan barcode bar slide block procedure case specimen claim member run incident pcr"
    " subscriber policy insurance group ssn social health hcn nhs medicare medicaid mbi reference ref id"
    " identifier record registration admission adm episode tracking request referral authorization auth ticket"
    " serial device license licence dl passport job dictation ur urn uhid ip op hosp hospital cr mrd reg"
    " registration aadhaar aadhar abha chi gmc nhi ihi ahpra npi provider lab edipi dod icn inmate booking badge"
    " subject plate service sta station alien a-number ramq nam ohip phn ahcip hin index bed rm room carte",
    # Labels written as one word in exports: "AccessionNumber=", "PatientID:".
    regex=r"(?:accession|patient|order|visit|encounter|study|record|account|exam)(?:number|num|nbr|no|id)\b|\bc-?file\b",
)


class IdentifierRecognizer(SpanPatternRecognizer):
    """Finds identifiers next to their labels, ID-shaped tokens anywhere, and UIDs.

    A label ("MRN:", "Acc#", "Encounter No.") makes any following token with digits an
    identifier. Without a label, tokens mixing letters and five or more digits
    ("RAD-2021-00123", "KQ482913X"), or four after a code of capitals ("KZB7741"), or long digit runs are still
    identifiers: clinical text
    writes numbers as measurements, never like that; shorter runs need a label nearby.
    """

    ENTITY = "ID"
    PATTERNS = (
        # Not a unit's denominator: "1.1 mg/dL. 12 mCi" holds no driving licence.
        # A label ends where its word does: "Acct" is no "Acc" before a value "t".
        ("labelled", rf"(?<![\p{{L}}]|\d[ \t]*\p{{L}}{{1,4}}/){_LABEL}{_LABEL_TAIL}(?!\p{{L}})"
                     r"[ \t]*(?:[:#=.]|is|-)?[ \t]*"
                     rf"(?:#[ \t]*)?(?P<phi>{_VALUE})(?![\w])", 0.85, _LABEL_ANCHOR),
        # "plate ND 7HR 227", "licence plate QX 2KF-449": a vehicle's plate after its state's or country's letters.
        ("licence_plate", r"(?<![\p{L}])(?i:plate)(?:[ \t]*(?i:no\.?|number|#))?[ \t]*:?[ \t]*"
                          r"(?P<phi>[A-Z]{2}[ \t](?=[A-Z]{0,3}\d)[A-Z0-9]{3,4}(?:[ \t-][A-Z0-9]{2,4})?)"
                          r"(?![\w-]|[ \t]*(?i:mm|cm|ml|mg|kg|hu|%|x\b|views?|holes?|screws?))", 0.7,
         Anchor(words="plate")),
        # "Job #: 439678", "#12345678": a number sign before a long number marks it as an identifier.
        # "run #2026-11832": the number's hyphenated parts too.
        ("hash_number", r"(?<![\w&])#[ \t]*:?[ \t]*(?P<phi>[A-Za-z]{0,3}\d{4,}(?:-\d{2,})*[A-Za-z]?)(?!\w|-\d)", 0.6),
        # Letters and digits, optionally hyphenated (RAD-2021-00123, AB12345678, 1234567-XY).
        ("mixed_token", r"(?<![\w.-])(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*"
                        r"(?![\w]|[.-]\w)", 0.6,
         # Such a token has letters next to a run of three or more digits somewhere in it.
         Anchor(r"\b(?=[a-z0-9-]*\d{3})(?=[a-z0-9-]*[a-z])[a-z0-9]")),
        # "|  HEND 31877  |": capitals and a number of five or more digits alone in a header's column.
        ("column_code", r"(?:(?<=^|\n)|(?<=[ \t]{2})|(?<=\|[ \t]{0,3}))[A-Z]{2,5}[ ]\d{5,}(?=[ \t]*(?:$|\n|\||[ \t]{2}))",
         0.6, Anchor(r"[A-Z]{2,5} [0-9]{5}", case_sensitive=True)),
        # "Mojave River VA Clinic (605GC)": a VA station's number in brackets after its clinic, three digits and the
        # clinic's letters.
        ("station_after_clinic", r"(?<=(?<!\p{L})(?i:clinic|cboc|vamc|va|hcs|vahcs|center)[ \t]*\()"
                                 r"\d{3}(?!(?:HU|MG|ML|CC|MM|CM|KG|MCG)\))[A-Z]{1,3}\d?(?=\))", 0.6,
         Anchor(r"\([0-9]{3}[a-z]{1,3}[0-9]?\)", at="near", before=0, after=8)),
        ("long_digit_run", r"(?<![\w.,/:-])\d{7,}(?![\w]|[.,/:-]\d)", 0.5),
        ("digit_run", r"(?<![\w.,/:-])\d{6}(?![\w]|[.,/:-]\d)", 0.35),
        ("uid", r"(?<![\w.])[12](?:\.\d+){4,}(?![\w]|\.\d)", 0.6),
    )
    CONTEXT = ("mrn", "accession", "record", "encounter", "account", "fin", "csn", "order", "identifier", "visit",
               "acct", "acc", "id")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """Keep only values that look like identifiers rather than words, sizes or codes."""
        value = text[start:end]
        digits = sum(ch.isdigit() for ch in value)
        if pattern == "labelled":
            # Three characters are enough after a number word ("Case no. 881"); groups need four digits ("RQ 55-10").
            if (digits < 2 or len(value) < (3 if match.group("tail") else 4) or " " in value and digits < 4
                    or _looks_like_measure(text, end) or _DATE.fullmatch(value)):
                return None
            return start, end
        if pattern == "mixed_token":
            letters = sum(ch.isalpha() for ch in value)
            if digits < 4 or letters > 12 or _QUANTITY.fullmatch(value) or _readings(value):
                return None
            if digits == 4 and (not _CODE_OF_FOUR.fullmatch(value)
                                or _DEVICE_LABEL_BEFORE.search(text, max(0, start - 12), start)):
                return None
            return start, end
        return start, end


# Doses, volumes, drips and ventilator settings written as one token: "500x12", "50-100cc", "120s-140s", "2300-6L".
_UNIT = r"(?:s|cc|ml|l|mg|mcg|meq|u|units?|hrs?|h|min|k|mm|cm|kg|g|fr|bpm)"
_AMOUNT = rf"(?:\d+(?:\.\d+)?(?:x\d+(?:\.\d+)?)?{_UNIT}?|peep)"
_QUANTITY = regex.compile(rf"(?i){_AMOUNT}(?:-{_AMOUNT})*")
_DIGIT_RUN = regex.compile(r"\d+")


def _readings(value: str) -> bool:
    """Whether a token is settings or a range of readings ("AC550x16x40", "Vt300-400", "MAP-75-100").

    Such numbers have at most three digits each; an identifier holds a longer run ("RAD-2021-00123").
    """
    runs = _DIGIT_RUN.findall(value)
    return len(runs) >= 2 and all(len(run) <= 3 for run in runs) and any(ch in "xX-" for ch in value)


# Four digits make an identifier after a code of capitals that no unit or dose writes ("KZB7741", "QAD-3318",
# "VT-CSR-0612"): a single letter or two joined to the number are a unit, a lead or a level ("HU1200", "T1000").
# A device's lot or catalogue number is the device's, not the patient's ("LOT REGC0419").
_CODE_OF_FOUR = regex.compile(r"[A-Z]{3,5}\d{4}|[A-Z]{2,5}(?:-[A-Z]{2,5})*-\d{4}")
_DEVICE_LABEL_BEFORE = regex.compile(r"(?<![\p{L}])(?i:lot|ref|model|cat|catalog|catalogue|kit)[ \t]*[#:.]?[ \t]*$")
# A labelled value with slashes that is a date ("Visit: 3/4/2024") is the date recognizer's.
_DATE = regex.compile(r"\d{1,2}/\d{1,2}(?:/\d{2}|/\d{4})?|\d{4}/\d{1,2}/\d{1,2}")
_MEASURE = regex.compile(r"[ \t]*(?i:mm|cm|ml|cc|mg|kg|g|mgy|msv|hu|%|x\b)")


def _looks_like_measure(text: str, end: int) -> bool:
    return _MEASURE.match(text, end) is not None
