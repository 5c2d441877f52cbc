"""US state names and abbreviations, and street suffixes, as regex alternations."""
from __future__ import annotations

from ._alternation import by_first_letter

STATE_ABBRS = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR"
    " PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP FM MH PW AA AE AP"
).split()
STATE_NAMES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
    "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
    "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
    "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma",
    "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah",
    "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming", "Puerto Rico",
    "District of Columbia",
)
STATE_ABBR = by_first_letter(STATE_ABBRS) + r"(?![\p{L}\d])"
STATE_NAME = (by_first_letter(name.replace(" ", r"[ \t]+") for name in sorted(STATE_NAMES, key=len, reverse=True))
              + r"(?!\p{L})")
# Plain `re` forms, for anchoring.
STATE_ABBRS_RE = r"(?:" + "|".join(STATE_ABBRS) + r")(?![A-Za-z0-9])"
STATE_NAMES_RE = r"(?:" + "|".join(STATE_NAMES).replace(" ", r"[ \t]+") + r")(?![A-Za-z])"
# Postcodes in their own shapes. UK: outward code (area letters, district digit, optional letter or digit), inward
# code (a digit, two letters; never "3PM"). Canada: letter-digit-letter, digit-letter-digit. Australia: four
# digits after a state or territory ("Fitzroy VIC 3065"). India: a six-digit PIN ("560038", "411 001").
UK_POSTCODE = r"(?:[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d(?!AM|PM)[A-Z]{2})"
# A TNM stage written as one word ("T2N1M0") has a Canadian postcode's shape: only the spaced form is Alberta's.
CANADA_POSTCODE = r"(?:(?!T\dN\dM\d)[A-Z]\d[A-Z][ \t]?\d[A-Z]\d)"
AU_STATE = r"(?:NSW|VIC|Vic|QLD|Qld|SA|WA|TAS|Tas|NT|ACT)"
INDIA_PIN = r"(?:[1-9]\d{2}[ \t]?\d{3})"
# Postcodes abroad, written after the town: Brazil's CEP ("01310-100"), Japan's ("163-8001"), Ireland's Eircode
# ("D02 X285"), Sweden's and Greece's ("114 55"), and four to seven digits (New Zealand, South Africa, the
# Philippines, Singapore, Israel...). A bare number says nothing alone: only after a listed town.
POSTCODE_ABROAD = (r"(?:\d{5}-\d{3}|\d{3}-\d{4}|[AC-FHKNPRTV-Y]\d{2}[ \t]?[AC-FHKNPRTV-Y0-9]{4}"
                   r"|D6W[ \t]?[AC-FHKNPRTV-Y0-9]{4}|\d{3}[ \t]\d{2}|\d{4,7})(?![\w-])")
# Continental Europe writes the postcode before the town: "10115 Berlin", "D-80331 Munchen", "CH-8001 Zurich",
# "1016 HE Amsterdam", "00-950 Warszawa", "1100-053 Lisboa", "114 55 Stockholm". Such a code opens an address's
# last part (after its comma, a bracket or a bar, or at a line's start) unless a country's letters say what it is.
POSTCODE_BEFORE_TOWN = (r"(?:(?<=(?:^|[,(|;])[ \t]*)|(?=[A-Z]{1,2}-\d))"
                        r"(?P<code>(?:(?P<country>[A-Z]{1,2}-)?\d{4,5}|\d{4}[ \t]?(?P<letters>[A-Z]{2})|\d{2}-\d{3}"
                        r"|\d{4}-\d{3}|\d{3}[ \t]\d{2}))[ \t]+"
                        r"(?P<town>\p{Lu}\p{Ll}+"
                        r"(?:(?:[ \t-]|[ \t](?:de|del|am|an|der|sur|la|le)[ \t])\p{Lu}\p{Ll}+){0,2})"
                        r"(?=[ \t]*(?:[;,.|)]|$))")
# Where a bare postcode ends: punctuation, a field separator, a country or the line's end.
POSTCODE_CLOSES = (r"(?=[ \t]*(?:[;,.|)^]|$|(?i:UK|U\.K\.|United[ \t]+Kingdom|Australia|India|Canada)(?!\p{L})))")

# Dotted forms too ("Ill.", "Mass.") are rare in reports and left out.
STATE = rf"(?:{STATE_ABBR}|{STATE_NAME})"

# USPS street suffixes (full and abbreviated) that are not also anatomy or clinical nouns: these
# make a street line anywhere. The others (Neck, Crest, Ridge, Junction, View...) are in
# RISKY_SUFFIXES and only count where an address clearly continues (", City" or a unit).
_SUFFIXES = """
Street St Avenue Ave Av Road Rd Boulevard Blvd Drive Dr Lane Ln Wy Court Ct Place Pl Terrace Ter Terr Circle
Cir Parkway Pkwy Highway Hwy Expressway Expy Freeway Fwy Turnpike Tpke Sq Trail Trl Rte Pike Alley Aly Plaza
Plz Loop Run Xing Row Path Mews Crescent Cres Grove Grv Hts Holw Jct Knoll Knolls Landing Lndg Mnr Mdws
Motorway Mountain Mountains Mtn Shoals Shores Skyway Stravenue Smt Trafficway Valleys Vly Viaduct Village
Villages Vlg Ville Vis Bypass Byp Canyon Causeway Cswy Cliff Cliffs Cor Coves Creek Crk Ests Fords Ft Gdns
Glens Harbors Hbr Islands Manors Overpass Parkways Roads Squares Streets Throughway Underpass Via Burgs Bluff
Bluffs Brook Brooks Burg Camp Club Corner Corners Courts Cove Dale Dam Estate Estates Ferry Ford Forest Fort
Garden Gardens Gateway Glen Green Greens Harbor Haven Heights Hill Hills Hollow Island Lake Lakes Lodge Mall
Manor Meadow Meadows Mill Mills Orchard Park Parks Pine Pines Prairie Ranch Rapids River Route Rue Shore
Spring Springs Square Stream Summit Tunnel Valley Vista Walk Walks Way Ways Parade Pde Esplanade Esp Promenade
Circuit Cct Quay Wharf
"""
_RISKY = """
Light Lights Bottom Rest Ramp Track Course Common Commons Key Keys Wall Close Land Lock Locks Loaf Union Unions
Radial Station Sta Passage Field Fields Neck Crest Ridge Ridges Rdg Bridge Brg Branch Spur Spurs Inlet Junction
Junctions Trace Curve Plain Plains Well Wells Divide Bend Flat Flats Extension Extensions Crossing Pass Forge Forges
Fork Forks Point Points Pt View Views Center Centers Ctr Oval Falls Fall Port Ports Mission Mount Cape Shoal Isle Key
Rapid Rise
"""


def _alternation(words: str) -> str:
    # Full words may take a plural ("Doris Drives"); abbreviations take an optional period.
    forms = {w for w in words.split()} | {w.upper() for w in words.split()}
    alts = [f + ("(?:s|S)?" if len(f) > 3 and not f.endswith(("s", "S")) else "") for f in forms]
    return by_first_letter(sorted(alts, key=len, reverse=True)) + r"\.?(?!\p{L})"


STREET_SUFFIX = _alternation(_SUFFIXES)
RISKY_SUFFIX = _alternation(_RISKY)
DIRECTION = (
    r"(?:North|South|East|West|Northeast|Northwest|Southeast|Southwest|NORTH|SOUTH|EAST|WEST|N|S|E|W|NE|NW|SE|SW)\.?"
)
UNIT = (
    r"(?:Apt|APT|Apartment|Suite|SUITE|Ste|STE|Unit|UNIT|Bldg|Building|Floor|Fl|Room|Rm|Lot|Space|Spc|Dept|Box|#)"
    r"\.?[ \t]*#?[ \t]*[A-Za-z0-9-]{1,6}(?![\p{L}\d])"
)
