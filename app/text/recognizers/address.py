"""Street addresses ("1234 Oak Street", "12 W. Main St., Apt 4B", "PO Box 123") and "City, ST" places."""
from __future__ import annotations

import regex

from ._base import Anchor, Refined, SpanPatternRecognizer
from ._gazetteer import is_english, listed_place, misspells_english
from ._names import STRUCTURAL_WORDS, is_non_name_word
from ._places import (
    AU_STATE,
    CANADA_POSTCODE,
    DIRECTION,
    INDIA_PIN,
    POSTCODE_ABROAD,
    POSTCODE_BEFORE_TOWN,
    POSTCODE_CLOSES,
    RISKY_SUFFIX,
    STATE,
    STATE_ABBR,
    STATE_ABBRS_RE,
    STATE_NAME,
    STATE_NAMES_RE,
    STREET_SUFFIX,
    UK_POSTCODE,
    UNIT,
)
from ._postcodes import AFTER_TOWN_ANCHOR, BEFORE_TOWN_ANCHOR, postcode_after_town, postcode_before_town
from ._tokens import word_token

_WORD = r"(?:\p{Lu}[\p{L}'’]*(?:-\p{Lu}[\p{L}'’]*)?|\d{1,3}(?:st|nd|rd|th|ST|ND|RD|TH))"
_CITY_WORD = r"(?:\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?|\p{Lu}{2,}|St\.|Ft\.|Mt\.)"
_CITY = rf"{_CITY_WORD}(?:[ \t]{_CITY_WORD}){{0,3}}"
# "17", "17B", "120-4", and "3/17" (unit 3 at number 17, as Australian addresses write it).
_HOUSE_NUMBER = r"(?:\d{1,4}[A-Za-z]?/)?\d{1,6}(?:-?[A-Za-z](?!\p{L}))?(?:-\d{1,5})?"
_HOUSE = rf"(?<![\w.,/:-]){_HOUSE_NUMBER}"
# A unit written before the house number ("Apt 4B, 221 Elm Road", "Flat 2, 14 High Street", "Unit 5/12 Smith St").
_UNIT_FIRST = (r"(?<![\p{L}\d])(?:Apt|APT|Apartment|Unit|UNIT|Flat|FLAT|Suite|SUITE|Ste|Villa|Shop)\.?[ \t]*#?[ \t]*"
               r"[A-Za-z]?\d{1,5}[A-Za-z]?(?:[ \t]*,[ \t]*|[ \t]*/[ \t]*|[ \t]+)")
_NAME_PART = rf"(?:{DIRECTION}[ \t]+)?{_WORD}(?:[ \t]+{_WORD}){{0,3}}"
# After the street type: a road's number ("Farm Rd 1960 W, Ste 12", as Texas and rural routes write it) where a
# direction, a comma, a column's bar or the line's end follows it; then a direction and a unit.
_TAIL = (rf"(?:[ \t]+\d{{1,4}}(?=[ \t]+{DIRECTION}(?!\p{{L}})|[ \t]*[,|]|[ \t]*$))?"
         rf"(?:[ \t]+{DIRECTION}(?!\p{{L}}))?(?:[ \t]*,?[ \t]*{UNIT})?")
# Where an address clearly goes on: a unit, ", City, ST", or the end of a line or column.
_CONTINUES = rf"(?=[ \t]*,?[ \t]*{UNIT}|[ \t]*,[ \t]*{_CITY},?[ \t]+{STATE}|[ \t]*(?:\||$))"
# "Route 9", "Highway 101", "County Road 12"
_NUMBERED_ROAD = (rf"{_HOUSE}[ \t]+(?:{DIRECTION}[ \t]+)?(?:(?:State|County|US|U\.S\.)[ \t]+)?(?:Route|Rte|Highway|Hwy|Road|Rd)"
                  r"[ \t]+\d{1,4}")
# A numbered road written with its system's letters and a hyphen ("I-65", "US-42", "KY-44"); alone it may be an
# isotope ("I-131"), so it names a place only where a direction, a mile marker, an exit or a crossing road follows.
_LETTERED_ROAD = rf"(?:I|US|SR|{STATE_ABBR})-\d{{1,3}}[A-Z]?"
# Street types that two crossing streets are written with ("Dixie Hwy at Greenwood Rd", "4th St and Oak St"); never
# "Dr", which notes write for a doctor far more often than for a drive.
_CROSSING_TYPE = (r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Lane|Ln|Highway|Hwy|Pike|Parkway|Pkwy"
                  r"|Way)\.?(?![\p{L}\d])")
_CROSSING_STREET = rf"(?:{_LETTERED_ROAD}|(?:{DIRECTION}[ \t]+)?(?P<street>{_WORD}(?:[ \t]+{_WORD}){{0,2}})[ \t]+{_CROSSING_TYPE})"
# Words that begin place names although they are common words elsewhere.
_PLACE_STARTS = frozenset(
    "new north south east west lake port fort mount saint st san santa los las el la upper lower grand great"
    " little old little green".split()
)


# A house number followed by a capitalised word: where every street line starts.
_HOUSE_ANCHOR = Anchor(r"(?:\d{1,4}[A-Za-z]?/)?\d{1,6}(?:-?[A-Za-z])?(?:-\d{1,5})?[ \t]+(?:[NSEW]\.?[ \t]+)?[A-Z0-9]",
                       case_sensitive=True)
# The town after a street line when the line, the sentence or the field ends there ("2205 Oak Leaf Dr, Independence",
# "214 Bayou Road, Thibodaux.", "... Suite 120, Pasadena 91101"), with its ZIP if one follows.
_TOWN_AT_LINE_END = (rf"(?:,[ \t]*(?P<town>{_CITY})(?:[ \t]+\d{{5}}(?:-\d{{4}})?(?![\w-]))?"
                     r"(?=[ \t]*(?:$|[;|]|\.(?:[ \t]|$))))?")
_TYPE_FIRST = r"(?:Calle|Avenida|Avda\.?|Camino|Carretera|Paseo|Rue|Via|Rua)"
# Most of the world writes the house number after the street: the street's type first ("Rua Augusta 210",
# "Via Nazionale 18", "ul. Mokotowska 5") or last, as its own word ("Karl Johans gate 1", "Nevsky Prospekt 28") or
# joined to its name ("Bahnhofstrasse 3", "Prinsengracht 220", "Drottninggatan 12", "Mannerheimintie 5").
_TYPE_BEFORE_NAME_WORDS = ("calle carrer avenida avda av camino carretera paseo passeig rua travessa largo rue via viale"
                           " corso piazza piazzale plaza praca ul ulica jl jalan boulevard bd")
_TYPE_BEFORE_NAME = (r"(?:Calle|Carrer|Avenida|Avda\.?|Av\.|Camino|Carretera|Paseo|Passeig|Rua|Travessa|Largo|Rue|Via"
                     r"|Viale|Corso|Piazza|Piazzale|Plaza|Praca|Ul\.|ul\.|Ulica|ulica|Jl\.|Jalan|Boulevard|Bd\.?)")
_TYPE_AFTER_NAME_WORDS = "gate gata gatan vei veien vej gade straat weg strasse straße str allee platz prospekt ulitsa"
_TYPE_AFTER_NAME = (r"(?:gate|gata|gatan|vei|veien|vej|gade|straat|weg|Weg|Strasse|Straße|Str\.|Allee|Platz|Prospekt"
                    r"|Ulitsa)")
_JOINED_TYPES = (r"strasse|straße|str\.|gasse|weg|platz|allee|gracht|gatan|gata|gade|vej|vagen|vägen|veien|tie|katu"
                 r"|laan|straat|plein|kade|damm|ufer|markt|steig")
_TYPE_JOINED = rf"(?i:{_JOINED_TYPES})"
# The small words inside such streets' names ("Rua das Flores", "Calle de la Paz", "Via della Scala").
_PARTICLE = r"(?:de|del|de[ \t]+la|de[ \t]+los|la|el|las|los|da|das|do|dos|di|della|delle|des|du|von|van|der|den)"
_NUMBER_AFTER = r",?[ \t]+(?:(?i:no)\.?[ \t]*)?\d{1,5}[A-Za-z]?(?![\w-]|[.,/]\d)"
_ARTICLE = r"(?:de|del|de[ \t]+la|de[ \t]+los|la|el|las|los)"
# Street types written out in full: abbreviations ("Dr", "St") say too little without a house number.
# Roads, and the named lakes, rivers and parks where an injury or a rescue happened ("fell through ice on Pelican
# Lake", "MVC near Keams Canyon").
_SPELLED_SUFFIX = (r"(?:Road|Street|Avenue|Lane|Drive|Boulevard|Highway|Parkway|Turnpike|Pike|Lake|River|Creek|Canyon"
                   r"|Reservoir|Pond|Wash|Mesa|Butte|Beach|Park|Trail)")
_PLACE_STOP = r"[^\p{L}\s.,'’-]"  # characters a city or state never contains


_STREET_LINE = rf"{_HOUSE_NUMBER}[ \t]+(?P<street>{_NAME_PART})[ \t]+{STREET_SUFFIX}{_TAIL}{_TOWN_AT_LINE_END}"
# Postcodes that show the capitalised words before them are a town ("Leeds LS1 3EX", "Fitzroy VIC 3065",
# "Bengaluru - 560038"); a US ZIP after a state is the city_state_zip pattern's.
_POSTCODE_AFTER_TOWN = (rf",?[ \t]*(?:(?:{AU_STATE}\.?,?[ \t]+\d{{4}}|{UK_POSTCODE}|(?:[A-Z]{{2}}[ \t]+)?{CANADA_POSTCODE})"
                        rf"(?![\w-])|[-–]?[ \t]*{INDIA_PIN}(?!\d){POSTCODE_CLOSES})")
# Indian addresses open with a plot, house or door number ("Plot No. 42", "H.No. 8-2-293/A", "Door No 14");
# their parts follow, joined by commas ("5th Cross, Indiranagar Layout").
_PLOT = (r"(?<![\p{L}\d])(?:(?i:plot|house|door|flat|shop|site|survey)(?:[ \t]*(?i:no)\.?)?|(?i:h|d)\.?[ \t]?(?i:no)\.?)"
         r"[ \t]*[:.#]?[ \t]*\d[\w/-]{0,12}")
_PART = r"(?:\d{1,3}(?:st|nd|rd|th|ST|ND|RD|TH)[ \t]+)?\p{Lu}[\p{L}'’.-]*(?:[ \t]+(?:\d{1,3}(?:st|nd|rd|th)?|\p{Lu}[\p{L}'’.-]*)){0,3}"


class AddressRecognizer(SpanPatternRecognizer):
    """Finds street lines, PO boxes, military addresses and "City, ST" (with or without ZIP).

    A street line needs a house number, Title-case street words and a USPS suffix; suffixes that
    are also anatomy ("Neck", "Crest", "Junction") count only where the address visibly goes on.
    "City, ST" is ambiguous ("Chest, PA"), so without a ZIP it needs a city made of name-like words.
    """

    ENTITY = "ADDRESS"
    PATTERNS = (
        ("street", rf"(?<![\w.,/:-]){_STREET_LINE}", 0.85, _HOUSE_ANCHOR),
        ("unit_first_street", rf"{_UNIT_FIRST}{_STREET_LINE}", 0.85,
         # The unit word, its number and the house number right after it.
         Anchor(r"\b(?:apt|apartment|unit|flat|suite|ste|villa|shop)\.?[ \t]*#?[ \t]*[a-z]?\d{1,5}[a-z]?"
                r"(?:[ \t]*[,/][ \t]*|[ \t]+)\d")),
        ("plot_address", rf"{_PLOT}(?:[ \t]*,[ \t]*{_PART}){{1,6}}", 0.8,
         Anchor(r"(?<![a-z0-9])(?:(?:plot|house|door|flat|shop|site|survey)(?:[ \t]*no)?|[hd]\.?[ \t]?no)\.?"
                r"[ \t]*[:.#]?[ \t]*\d")),
        ("town_before_postcode", rf"(?<![\p{{L}}])(?P<phi>{_CITY})(?={_POSTCODE_AFTER_TOWN})", 0.6,
         Anchor(rf"[ \t,-](?:(?:{AU_STATE}|[A-Z]{{2}})\.?,?[ \t]+)?(?:\d{{4}}|{UK_POSTCODE}|{CANADA_POSTCODE}|{INDIA_PIN})"
                r"(?![A-Za-z0-9-])", at="near", before=50, after=20, case_sensitive=True, stop=_PLACE_STOP)),
        # "Tel Aviv 6688101", "Quezon City 1108": a listed town before a postcode abroad (checked in `refine`).
        ("town_before_postcode_abroad", rf"(?<![\p{{L}}])(?P<phi>\p{{Lu}}\p{{Ll}}+(?:[ \t]\p{{Lu}}\p{{Ll}}+)?)"
                                        rf",?[ \t]+"
                                        rf"(?P<code>{POSTCODE_ABROAD})(?=[ \t]*(?:[;,.|)]|$))", 0.6,
         AFTER_TOWN_ANCHOR),
        # "10115 Berlin", "00-950 Warszawa": the town after its postcode, as continental Europe writes it.
        ("town_after_postcode", rf"(?<![\w.,/:-]){POSTCODE_BEFORE_TOWN}", 0.6,
         BEFORE_TOWN_ANCHOR),
        ("street_risky_suffix", rf"{_HOUSE}[ \t]+(?P<street>{_NAME_PART})[ \t]+{RISKY_SUFFIX}{_CONTINUES}{_TAIL}", 0.75,
         _HOUSE_ANCHOR),
        ("numbered_road", _NUMBERED_ROAD, 0.75, _HOUSE_ANCHOR),
        # "55 Calle Sol", "120 Avenida de la Playa", "8 Rue Cler": the street type first (Spanish, French).
        ("street_type_first", rf"{_HOUSE}[ \t]+{_TYPE_FIRST}[ \t]+(?:{_ARTICLE}[ \t]+)?{_WORD}(?:[ \t]+{_WORD}){{0,2}}"
                              rf"(?:[ \t]*,?[ \t]*{UNIT})?",
         0.8, _HOUSE_ANCHOR),
        ("street_type_before_name", rf"(?<![\p{{L}}\d-]){_TYPE_BEFORE_NAME}[ \t]+(?:{_PARTICLE}[ \t]+)?"
                                    rf"(?P<street>{_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_WORD}){{0,2}})"
                                    rf"{_NUMBER_AFTER}", 0.7,
         Anchor(words=_TYPE_BEFORE_NAME_WORDS)),
        ("street_type_after_name", rf"(?<![\p{{L}}\d-])(?P<street>{_WORD}(?:[ \t]+{_WORD}){{0,2}})"
                                   rf"[ \t]+{_TYPE_AFTER_NAME}{_NUMBER_AFTER}", 0.7,
         Anchor(words=_TYPE_AFTER_NAME_WORDS, at="near", before=50, after=14, stop=r"[^\p{L}\s.'’-]")),
        ("street_type_joined", rf"(?<![\p{{L}}\d-])(?P<street>\p{{Lu}}[\p{{L}}-]+{_TYPE_JOINED}){_NUMBER_AFTER}",
         0.7, Anchor(rf"(?:{_JOINED_TYPES})[ \t]+(?:no\.?[ \t]*)?\d", at="near", before=40, after=14,
                     stop=r"[^\p{L}\s.'’-]")),
        # "found down on Loreauville Road", "the 400 block of Tamsin Avenue", "at Elm Street and Quarry Lane": a
        # street named without a house number, after a preposition or another street.
        ("street_without_number", rf"(?<!\p{{L}})(?:on|off|at|along|near|from|of|onto|into|down|across|crossing"
                                  rf"|past|toward|towards|via|and|&)[ \t]+(?P<phi>(?P<street>{_WORD}"
                                  rf"(?:[ \t]+{_WORD}){{0,2}})[ \t]+{_SPELLED_SUFFIX})(?![\p{{L}}\d])", 0.6,
         Anchor(_SPELLED_SUFFIX.lower(), at="near", before=60, after=0)),
        # "Address: 4876 William Fall, Patrickside, ME": whatever street line an address label introduces.
        ("labelled_street", r"(?<!\p{L})(?i:address|addr|home[ \t]+address|mailing[ \t]+address|residence)"
                            r"[ \t]*[:#][ \t]*(?P<phi>\d{1,6}[ \t]+\p{Lu}[^\n,;|]{1,50}?"
                            rf"(?:[ \t]*,?[ \t]*{UNIT})?)(?=[ \t]*(?:[,;|]|$))", 0.8,
         Anchor(words="address addr home mailing residence")),
        # Boxes and bags as the US, Australia and New Zealand write them ("GPO Box 2471", "Locked Bag 1797",
        # "Private Bag 92019"), and rural routes ("Rural Route 3").
        ("po_box", r"(?<!\w)(?:P\.?[ \t]?O\.?[ \t]*Box|PO[ \t]*BOX|P\.O\.[ \t]*BOX|Post[ \t]+Office[ \t]+Box|POB"
                   r"|GPO[ \t]*(?:Box|BOX)|(?:Locked|LOCKED|Private|PRIVATE)[ \t]+(?:Bag|BAG)"
                   r"|(?:Rural|RURAL)[ \t]+(?:Route|ROUTE))"
                   r"[ \t]*#?[ \t]*\d{1,7}(?:[ \t]*,?[ \t]*(?:Box|BOX)[ \t]*\d{1,6})?(?!\w)", 0.85),
        # "RR 2 Box 41", "HC 61 Box 2207": a rural route or highway contract route is a box's (alone, "RR 22" is a
        # respiratory rate).
        ("route_box", r"(?<![\w.])(?:RR|R\.R\.|HCR?|H\.C\.)[ \t]*\d{1,4}[ \t]*,?[ \t]*(?:Box|BOX)[ \t]*\d{1,6}[A-Z]?(?!\w)",
         0.85,
         Anchor(words="box", at="near", before=16, after=8)),
        # "on Highway 264", "lives on County Road 17", "Township Road 118", "Route 66": a numbered road without a house
        # number.
        ("road_number", r"(?<![\w-])(?:(?:State|County|Township|US|U\.S\.|STATE|COUNTY|TOWNSHIP)[ \t]+"
                        r"(?:Route|Rte|Highway|Hwy|Road|Rd|ROUTE|HIGHWAY|ROAD)"
                        r"|Route|Highway|Hwy|Interstate|ROUTE|HIGHWAY)[ \t]+\d{1,4}[A-Z]?(?![\w-]|[.,]\d)", 0.6,
         Anchor(words="route rte highway hwy road rd interstate", at="near", before=12, after=16)),
        # "the 2700 block of W Broadway": a street by its block, as police and EMS place a scene.
        ("street_block", rf"(?<![\w.,/:-])\d{{1,3}}00[ \t]+(?:block|BLOCK)[ \t]+(?:of|OF)[ \t]+(?:{DIRECTION}[ \t]+)?"
                         rf"(?P<street>{_WORD}(?:[ \t]+{_WORD}){{0,2}})", 0.7, Anchor(words="block", at="near", before=8,
                                                                                   after=40)),
        # "I-65 southbound near mile marker 116", "US-42 near the Prospect exit": a scene on a highway.
        ("highway_scene", rf"(?<![\w-]){_LETTERED_ROAD}(?:[ \t]+(?i:north|south|east|west)bound)?[ \t]+(?:near|at|by)"
                          r"[ \t]+(?:(?i:mile[ \t]+marker|MM)[ \t]+\d{1,4}(?:\.\d)?|exit[ \t]+\d{1,4}[A-Z]?"
                          r"|the[ \t]+(?:\p{Lu}\p{Ll}+[ \t]+){1,3}exit)(?![\p{L}\d])", 0.7,
         Anchor(r"(?<![a-z0-9-])(?:i|us|sr|[a-z]{2})-\d")),
        # "Dixie Hwy at Greenwood Rd", "KY-44 at Taylorsville Lake Rd": two streets crossing name one place.
        ("street_crossing", rf"(?<![\p{{L}}\d-]){_CROSSING_STREET}[ \t]+(?:at|and|&|/)[ \t]+{_CROSSING_STREET}", 0.7,
         Anchor(r"(?:st|ave|rd|blvd|ln|hwy|pike|pkwy|way|street|avenue|road|boulevard|drive|lane|highway|parkway|\d)"
                r"\.?[ \t]+(?:at|and|&|/)[ \t]+[a-z0-9]", at="near", before=40, after=50)),
        # "Marlowe Township", "HARRISON TWP": a township, whatever its name.
        ("township", r"(?<![\w-])(?!(?:The|This|That|Each|Every|Our|Your|Its)[ \t])(?:\p{Lu}\p{Ll}+[ \t]){1,2}"
                     r"(?:Township|Twp\.?)(?!\w)|(?:\p{Lu}{3,}[ \t]){1,2}(?:TOWNSHIP|TWP)(?!\w)",
         0.6, Anchor(words="township twp", at="near", before=40, after=4)),
        # "FORT HOOD", "Fort Campbell": an Army post.
        ("fort", r"(?<![\w-])(?:Fort|FORT)[ \t]+(?:\p{Lu}\p{Ll}+|\p{Lu}{3,})(?:[ \t-](?:\p{Lu}\p{Ll}+|\p{Lu}{3,}))?(?![\w-])",
         0.6, Anchor(words="fort", at="start")),
        # "Box 4471, Millbrook": a box alone where an address line starts, its town after a comma.
        ("bare_box", r"(?:(?<=^)|(?<=,[ \t]?))[ \t]*(?P<phi>(?:Box|BOX)[ \t]+\d{1,6})"
                     r"(?=[ \t]*,[ \t]*(?P<town>\p{Lu}\p{L}+))", 0.7,
         Anchor(words="box")),
        ("military", r"(?<!\w)(?:PSC|CMR|Unit|UNIT|USNS|USS|USCGC|USNV)[ \t]+[\w ,]{1,40}?[ \t]*(?:[APD]PO)[ \t]+A[AEP]"
                     r"(?![\p{L}])", 0.85, Anchor(words="psc cmr unit usns uss uscgc usnv")),
        ("city_state_zip", rf"(?<![\p{{L}}])(?P<phi>{_CITY},?[ \t]+{STATE})(?=\.?,?[ \t]+\d{{5}}(?:-\d{{4}})?(?!\d))",
         0.85, Anchor(r"[ \t]\d{5}(?![0-9])", at="near", before=70, after=12, case_sensitive=True, stop=_PLACE_STOP)),
        ("city_state_name", rf"(?<![\p{{L}}])(?P<phi>{_CITY},[ \t]*{STATE_NAME})", 0.6,
         Anchor(rf",[ \t]*{STATE_NAMES_RE}", at="near", before=60, after=30, case_sensitive=True, stop=_PLACE_STOP)),
        ("city_state", rf"(?<![\p{{L}}])(?P<phi>{_CITY},[ \t]*{STATE_ABBR})(?![ \t]*[\p{{L}}(\d])", 0.3,
         Anchor(rf",[ \t]*{STATE_ABBRS_RE}", at="near", before=60, after=10, case_sensitive=True, stop=_PLACE_STOP)),
    )
    CONTEXT = ("address", "street", "lives", "resides", "residence", "home", "city", "located", "mail", "addr")

    def refine(self, text: str, start: int, end: int, pattern: str, match: regex.Match) -> Refined:
        """Trim words before a city; check street words and bare "City, ST" for clinical vocabulary."""
        if pattern in ("street_block", "street_crossing"):
            words = [w for street in match.captures("street") for w in _LETTERS.findall(street)]
            return None if any(is_non_name_word(w.lower()) for w in words) else (start, end)
        if pattern.startswith("street"):
            if pattern in ("street_risky_suffix", "street_without_number", "street_type_before_name",
                           "street_type_after_name", "street_type_joined"):
                words = _LETTERS.findall(match.group("street"))
                if any(is_non_name_word(w.lower()) for w in words):
                    return None  # "2 Iliac Crest": anatomy, not a street
            if pattern == "street" and match.group("street").isupper() and any(
                    _not_street_word(text, m.start(), m.end()) for m in _LETTERS.finditer(text, *match.span("street"))):
                return None  # "7 TRACH IN PLACE", "140 PER DR", "2 EPISDOES ST": a note in capitals, not a street
            if pattern == "street" and match.group("town") is not None:
                # "12 Elm Street, Radiology" holds no town; "19 Cottonwood Loop, Normal" does, as GeoNames lists it.
                town = match.group("town")
                if any(is_non_name_word(w.lower()) for w in _LETTERS.findall(town)) and not listed_place(town):
                    return start, text.rfind(",", start, match.start("town"))
            return start, end
        if pattern == "bare_box":
            return None if is_non_name_word(match.group("town").lower()) else (start, end)
        if pattern == "town_before_postcode_abroad":
            return (start, end) if postcode_after_town(match.group("phi"), match.group("code")) else None
        if pattern == "town_after_postcode":
            return match.span("town") if postcode_before_town(text, match) else None
        if pattern == "plot_address":
            return _plot_extent(text, start, end)
        if pattern == "town_before_postcode":
            words = [(m.start(), m.group()) for m in _WORDS.finditer(text, start, end)]
            while words and _lead_word(words[0][1]):
                words.pop(0)
            if len(words) > 1 and _PROVINCE.fullmatch(words[-1][1]):
                words.pop()  # "Montreal QC H2X 3K8": the province's letters are no part of the town
                end = words[-1][0] + len(words[-1][1])
            if not words or any(is_non_name_word(w.lower().strip(".,")) for _, w in words) or _acronym(words[-1][1]):
                return None
            if len(words) == 1 and is_english(words[0][1].lower()) and text[end:end + 4].lstrip(" \t,-–")[:1].isdigit():
                return None  # "Platelets 150000": a count after an English word is no PIN after a town
            return words[0][0], end
        if not pattern.startswith("city_state"):
            return start, end
        comma = text.find(",", start, end)
        city_end = comma if comma >= 0 else text.rfind(" ", start, end)
        words = [(m.start(), m.group()) for m in _WORDS.finditer(text, start, city_end)]
        while words and _lead_word(words[0][1]):
            words.pop(0)
        if not words:
            return None
        start = words[0][0]
        if pattern == "city_state":
            if text[end - 2:end] in _CREDENTIAL_STATES and text[:start].rstrip()[-1:] not in ("(", ","):
                # "Jane Ward, MD." is a signature; "(Lake Nancy, MA)" or "..., Boston, MA" is a place.
                return None
            city = [w.lower().strip(".") for _, w in words]
            if any(is_non_name_word(w) for w in city if w not in _PLACE_STARTS):
                return None
            # A Title-case city followed by sentence punctuation or a bracket is a place.
            if not words[0][1].isupper() and _CLAUSE_END.match(text, end):
                return start, end, 0.5
        return start, end


def _not_street_word(text: str, start: int, end: int) -> bool:
    """Whether a word in capitals is report language, clinical shorthand or a misspelt English word."""
    word = text[start:end].lower()
    return (word not in _PLACE_STARTS and is_non_name_word(word) or word_token(text, start, end).clinical
            or len(word) >= 5 and misspells_english(word))


_LETTERS = regex.compile(r"\p{L}+")
# Two capitals between a town and its postcode: a province's or state's letters ("QC", "ON", "BC").
_PROVINCE = regex.compile(r"[A-Z]{2}")
_WORDS = regex.compile(r"\S+")
_CLAUSE_END = regex.compile(r"[ \t]*(?:[.,;)\]|]|$)", regex.MULTILINE)


# Words an Indian address's parts are made of although they are English or report words too.
_ADDRESS_PART_WORDS = frozenset(
    "main cross road street lane block stage phase sector layout nagar colony extension circle marg cross no near"
    " opp opposite behind beside post village district taluk mandal ward floor hills garden gardens park residency"
    " residence apartments apartment towers tower enclave society complex".split())


def _acronym(word: str) -> bool:
    """Whether a word is a short acronym ("URN", "ACC"), a label rather than a town before a postcode."""
    return word.isupper() and len(word.strip(".,")) <= 4


def _plot_extent(text: str, start: int, end: int) -> Refined:
    """A plot address up to its last part that is no report wording ("Plot 3, Figure 2" is none)."""
    parts = text[start:end].split(",")
    kept = 1
    for part in parts[1:]:
        words = [w.lower() for w in _LETTERS.findall(part)]
        if not words or all((is_non_name_word(w) or is_english(w)) and w not in _ADDRESS_PART_WORDS for w in words):
            break
        kept += 1
    if kept == 1:
        return None
    end = start + len(",".join(parts[:kept]))
    return start, end - (text[end - 1] == ".")


_CREDENTIAL_STATES = frozenset({"MD", "PA", "MA", "MS", "DC"})


def _lead_word(word: str) -> bool:
    core = word.lower().strip(".:")
    return core not in _PLACE_STARTS and (core in STRUCTURAL_WORDS or core in _NOT_CITY)


# Capitalised words that start sentences or headers before a "City, ST"; not part of the city.
_NOT_CITY = frozenset("in at from of to near lives resides moved address home located".split())
