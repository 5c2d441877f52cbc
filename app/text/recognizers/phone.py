"""Telephone, fax and pager numbers, with extensions."""
from __future__ import annotations

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer

# An extension, or a pager's own number after the line it is reached on ("(555) 356-7000 pgr 311").
# A pager's PIN or a phone tree's option after the line likewise ("pager (502) 852-0000 pin 4471", "..., option 3").
_EXT = r"(?:[ \t]*,?[ \t]*(?i:ext\.?|extn\.?|extension|x|#|pgr|pager|pin|option|opt\.?)[ \t]*\d{1,6}(?!\w))?"
# Digit groups with single separators; a blank only before a 3-4 digit group, so "555-1234 14:32"
# stops before the time.
_DIGIT_GROUPS = r"\+?(?:\(\d{1,4}\)[ ]?|\d{1,4})(?:[.-]?\d{1,4}|[ ]\d{3,4}(?![:\d])){0,4}"
# Whose line a bracketed letter or word says a number is, before it ("(h) 555-1234") or after it ("(office)").
_LINE_BEFORE = r"h|w|c|hm|wk|home|work|cell"
_LINE_AFTER = _LINE_BEFORE + "|office|mobile"
_LABEL = (
    r"(?i:pager|pgr|pg|beeper|bpr|phone|telephone|tel|fax|facsimile|cell(?:ular)?|mobile|cellphone|callback|call[ \t]*back"
    r"|contact|vocera|spectralink|spectra|voalte|ascom|reading[ \t]+room|hotline|direct[ \t]+line|ph\.|ph(?=[ \t]*:)|p:|f:|t:"
    r"|paged(?:[ \t]+(?:at|to))?|page[ \t]+(?:at|to)|beeped(?:[ \t]+at)?|reached[ \t]+at|call(?:ed)?[ \t]+(?:at|on)"
    r"|dial(?:ed|ing)?|bleep(?:ed)?|blp|mob|landline|home|whatsapp"
    # Where a number is only said to reach someone: "work # 555-0199", "office: 555-0182", "NUMBER FOR FAMILY IS ...".
    r"|work(?=[ \t]*[#:])|office(?=[ \t]*[#:])|number(?:[ \t]+for[ \t]+\p{L}+)?[ \t]+is"
    # "(h) 555-1234 (w) 555-9876"; "Ph 555 1234" with a phone's digit groups (a pH has a decimal point).
    rf"|\((?:{_LINE_BEFORE})\)|ph(?=[ \t]*#?[ \t]*(?:\(?\d{{3}}\)?[ \t.-]?)?\d{{3}}[ \t.-]\d{{4}}(?!\d)))"
)


_EXTENSION = regex.compile(r"(?i)[ \t]*,?[ \t]*(?:ext|extn|extension|x|#)")


class PhoneRecognizer(SpanPatternRecognizer):
    """Finds phone, fax and pager numbers: (555) 123-4567, 555.123.4567, +1 555 123 4567 ext. 12, pager 4567.

    Ten-digit North American numbers in their usual punctuations are phones anywhere; shorter
    numbers (seven-digit local, four/five-digit pager or extension) only right after a label.
    """

    ENTITY = "PHONE"
    PATTERNS = (
        # A dash before the number only as a dash run ("DAUGHTER-KRISSY---301 944-5032"), never "12-301 ...".
        ("nanp", rf"(?<![\w+.])(?<![^-]-)(?:\+?1[ \t.-]?)?"
                 rf"(?:\([ \t]?\d{{3}}[ \t]?\)[ \t.-]?|\d{{3}}[ \t]?[.-][ \t]?|\d{{3}}[ \t])"
                 rf"\d{{3}}[ \t]?[.-][ \t]?\d{{4}}(?![\w-]|\.\d){_EXT}", 0.75),
        ("nanp_spaced", rf"(?<![\w+.-])(?:\+?1[ \t])?\d{{3}}[ \t]\d{{3}}[ \t]\d{{4}}(?![\w-]|\.\d){_EXT}", 0.5),
        # "410 5551234", "(410)5551234": an area code, then the local number's seven digits run together.
        ("nanp_run", rf"(?<![\w+.-])(?:\([2-9]\d{{2}}\)[ \t]?|[2-9]\d{{2}}[ \t-])[2-9]\d{{6}}(?![\w-]|\.\d){_EXT}", 0.5),
        ("international", rf"(?<![\w+])\+[1-9]\d{{0,2}}(?:[ \t.-]?\(?\d{{1,4}}\)?){{2,5}}(?![\w]){_EXT}", 0.6),
        ("labelled", rf"(?<!\p{{L}}){_LABEL}(?:[ \t]*(?i:number|no\.?|#|num))?[ \t]*[:#.]?[ \t]*(?i:at[ \t]+)?"
                     rf"(?P<phi>{_DIGIT_GROUPS}(?![\w]){_EXT})", 0.7,
         Anchor(words="pager pgr pg beeper beeped bpr phone telephone tel fax facsimile cell cellular cellphone mobile"
                      " callback call called contact vocera spectralink spectra voalte ascom hotline direct ph paged page"
                      " reached dial dialed dialing bleep bleeped blp mob landline home whatsapp work office number",
                regex=rf"reading[ \t]+room|\b[pft]:|\((?:{_LINE_BEFORE})\)")),
        # "ext. 6229", "ext 6-2291": a dash may part an exchange's digit from the line's.
        ("extension", r"(?<!\p{L})(?i:ext\.?|extn\.?|extension)[ \t]*(?P<phi>\d{3,6}|\d{1,2}-\d{3,5})(?![\w-])", 0.6),
        # "555-1234 (home) 555-9876 (work)": a number followed by whose line it is.
        ("labelled_after", r"(?<![\w.-])(?:\(?\d{3}\)?[ .-]?)?\d{3}[ .-]\d{4}"
                           rf"(?=[ \t]*\((?i:{_LINE_AFTER})\))", 0.6,
         Anchor(regex=rf"\((?:{_LINE_AFTER})\)", at="near", before=20, after=0)),
        # "(x4417)": an extension alone in brackets (never "500x12", a dose, which has digits before the x).
        ("bracketed_extension", r"(?<=\()(?P<phi>[xX][ \t]?\d{3,6})(?=\))", 0.6),
        # "reading room x4417", "call x52210": four or five digits glued to an x after a word are an extension
        # (a count or dose has digits before its x: "500x12"). One look-behind per width of the blanks, so the
        # standard engine reads it too.
        ("glued_extension", r"(?:(?<=\p{L}[ \t])|(?<=\p{L}[ \t]{2}))(?P<phi>[xX]\d{4,5})(?!\w|[.,]\d)", 0.5),
        ("local", r"(?<![\w.-])\d{3}-\d{4}(?![\w-]|\.\d)", 0.35),
        # A relative's number jotted in brackets with its groups run together or a digit too many ("(410555-0199)",
        # "(410 555 01991)"): ten or eleven digits after an area code, the brackets holding nothing else.
        ("bracketed_run", r"(?<=\()[2-9]\d{2}[ -]?\d{3}[ -]?\d{4,5}(?=\))", 0.5,
         Anchor(r"(?<=\()[2-9][0-9]{2}[ -]?[0-9]{3}[ -]?[0-9]{4}")),
        # Numbers dialled with a trunk zero, as Britain, Australia and India write them ("020 7946 0958", "01632
        # 960123", "0412 345 678", "(02) 9876 5432", "098765 43210"), and Australian 1300/1800 numbers: 10 or 11
        # digits in two or three groups (`refine` counts them).
        ("trunk_zero", rf"(?<![\w+.,/:-])(?:\(0\d{{1,4}}\)|0\d{{1,5}}|1[38]00)(?:[ -]\d{{3,6}}){{1,2}}(?![\w-]|[.,/:]\d){_EXT}",
         0.6, Anchor(r"(?<![0-9.,/:-])(?:\(0[0-9]{1,4}\)|0[0-9]{1,5}|1[38]00)[ -][0-9]{3}")),
        # Numbers spelt in letters, as hotlines and scheduling lines advertise them ("1-800-RADIOLOGY", "(555)
        # 412-SCAN"): a toll-free code or an area code and exchange, then a dash and four to ten capitals.
        ("vanity", r"(?<![\w+.-])(?:1-)?(?:8(?:00|88|77|66|55|44|33)-(?:\d{3}-)?|\(\d{3}\)[ ]?\d{3}-|\d{3}-\d{3}-)"
                   r"[A-Z]{4,10}(?![\w-])", 0.6,
         Anchor(r"[0-9]-[A-Z]{4}", at="near", before=16, after=10, case_sensitive=True)),
        ("trunk_zero_run", rf"(?<![\w+.,/:-])0[1-9]\d{{8,9}}(?![\w-]|[.,/:]\d)", 0.45,
         Anchor(r"(?<![0-9])0[1-9][0-9]{8,9}(?![0-9])", at="near", before=1, after=0)),
    )
    CONTEXT = ("phone", "tel", "telephone", "fax", "pager", "call", "callback", "contact", "cell", "beeper", "ext",
               "number", "reached")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """Require enough digits for the pattern (an international or labelled number)."""
        digits = sum(ch.isdigit() for ch in text[start:end])
        if pattern == "international" and digits < 8:
            return None
        if pattern == "labelled" and digits < 4:
            return None
        if pattern == "trunk_zero" and not 10 <= sum(ch.isdigit() for ch in _EXTENSION.split(text[start:end])[0]) <= 11:
            return None
        return start, end
